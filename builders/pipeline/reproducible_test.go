package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pqfile "github.com/apache/arrow/go/v15/parquet/file"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/schema/dataset"
)

// Sizes of the generated corpus: big enough that the articles and comments
// tables each get several row groups (a row group closes at 8 MB of text)
// and that a dictionary on their text columns would outgrow Arrow's 1 MB
// dictionary page limit and fall back to plain encoding in every row group,
// the case whose footer bytes once came out in map order.
const (
	scalePages           = 4000
	scaleBodyParagraphs  = 12
	scaleCommentsPerPage = 10
)

// scaleWords is the vocabulary of the generated texts; the pseudo-random
// order of words makes nearly every paragraph and comment unique.
var scaleWords = strings.Fields(`the a of and to in that is was for on with as by at from
	town army offensive ceasefire front village road river bridge council minister
	report claim source witness convoy shelling drone talks border refugees aid
	said says told believe think doubt agree deny whether because although while
	never always often rarely yesterday today tomorrow north south east west
	government rebels coalition militia observers journalists readers comment`)

// scaleCorpus writes n generated text pages into a new directory: each a
// headline, a body of unique paragraphs, and a reply tree of comments
// nested up to three levels, as the textpage builder reads them.
func scaleCorpus(tb testing.TB, n int) (dir string, bytes int64) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	sentence := func(words int) string {
		var b strings.Builder
		for i := 0; i < words; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(scaleWords[rng.IntN(len(scaleWords))])
		}
		b.WriteByte('.')
		return b.String()
	}
	dir = tb.TempDir()
	for i := 0; i < n; i++ {
		var p strings.Builder
		fmt.Fprintf(&p, "Generated Report Number %d: %s\n\n", i, sentence(6))
		for k := 0; k < scaleBodyParagraphs; k++ {
			fmt.Fprintf(&p, "%s %s %s\n\n", sentence(25), sentence(30), sentence(20))
		}
		fmt.Fprintf(&p, "%d Comments\n", scaleCommentsPerPage)
		depth := 0
		for c := 0; c < scaleCommentsPerPage; c++ {
			// Alternate between a new thread and a reply one level down.
			if c%3 == 0 {
				depth = 0
			} else if depth < 3 {
				depth++
			}
			indent := strings.Repeat("  ", depth+1)
			fmt.Fprintf(&p, "%s1. Reader%d says\n\n", indent, rng.IntN(500))
			fmt.Fprintf(&p, "%s  %s %s\n\n", indent, sentence(30), sentence(25))
		}
		p.WriteString("Cancel Reply\n\nYour email address will not be published.\n\nGenerated Times")
		name := filepath.Join(dir, fmt.Sprintf("d%02d", i%40), fmt.Sprintf("page-%06d.txt", i))
		require.NoError(tb, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(tb, os.WriteFile(name, []byte(p.String()), 0o644))
		bytes += int64(p.Len())
	}
	return dir, bytes
}

// TestReproducibleAtScale builds a generated corpus three times, with one
// and two workers, and requires every output file to be byte-identical.
// Small fixtures cannot catch nondeterminism that only appears with
// several row groups or with large dictionaries, so the test also checks
// that the corpus reaches both.
func TestReproducibleAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 4,000-page corpus three times")
	}
	in, size := scaleCorpus(t, scalePages)
	t.Logf("corpus: %d pages, %.1f MB", scalePages, float64(size)/1e6)

	var listings []string
	var first string
	for _, workers := range []int{1, 2, 1} {
		out := filepath.Join(t.TempDir(), "ds")
		m, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: workers, Out: out})
		require.NoError(t, err)
		require.Equal(t, int64(scalePages), m.Table("articles").Rows)
		require.Equal(t, int64(scalePages*scaleCommentsPerPage), m.Table("comments").Rows)
		var b strings.Builder
		for _, tf := range m.Tables {
			for _, f := range tf.Files {
				fmt.Fprintf(&b, "%s %d %s\n", f.Path, f.Bytes, f.SHA256)
			}
		}
		listings = append(listings, b.String())
		if first == "" {
			first = out
			require.NoError(t, dataset.Validate(out))
		}
	}
	assert.Equal(t, listings[0], listings[1], "1 and 2 workers")
	assert.Equal(t, listings[0], listings[2], "two runs with 1 worker")

	// The corpus must stay big enough to test what it is meant to test.
	for _, tc := range []struct{ table, column string }{
		{"articles", "body"},
		{"comments", "text"},
	} {
		groups, biggest := rowGroups(t, filepath.Join(first, tc.table, "part-00000.parquet"), tc.column)
		t.Logf("%s: %d row groups, largest %s chunk %.1f MB", tc.table, groups, tc.column, float64(biggest)/1e6)
		assert.GreaterOrEqual(t, groups, 2, "%s: row groups", tc.table)
		assert.Greater(t, biggest, int64(1<<20), "%s.%s: largest column chunk, uncompressed (Arrow's default dictionary page limit is 1 MiB)", tc.table, tc.column)
	}
}

// rowGroups returns the number of row groups of a Parquet file and the
// largest uncompressed size of the named column's chunks.
func rowGroups(t *testing.T, path, column string) (int, int64) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	pf, err := pqfile.NewParquetReader(f)
	require.NoError(t, err)
	defer pf.Close()
	md := pf.MetaData()
	col := md.Schema.ColumnIndexByName(column)
	require.GreaterOrEqual(t, col, 0, column)
	var biggest int64
	for i := 0; i < pf.NumRowGroups(); i++ {
		cc, err := md.RowGroup(i).ColumnChunk(col)
		require.NoError(t, err)
		biggest = max(biggest, cc.TotalUncompressedSize())
	}
	return pf.NumRowGroups(), biggest
}

// BenchmarkBuildAtScale builds the generated corpus of
// TestReproducibleAtScale: run with -bench BuildAtScale -benchtime 3x to
// compare writer settings.
func BenchmarkBuildAtScale(b *testing.B) {
	in, size := scaleCorpus(b, scalePages)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(size)
			var written int64
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "ds")
				m, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: workers, Out: out})
				if err != nil {
					b.Fatal(err)
				}
				written = 0
				for _, tf := range m.Tables {
					for _, f := range tf.Files {
						written += f.Bytes
					}
				}
			}
			b.ReportMetric(float64(written)/1e6, "parquet-MB")
		})
	}
}
