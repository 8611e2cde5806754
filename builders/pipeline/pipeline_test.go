package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/schema/dataset"
)

// corpus writes n distinct pages, cycling through the seed pages with a
// numbered headline so that no two have the same bytes.
func corpus(tb testing.TB, n int) (dir string, bytes int64) {
	tb.Helper()
	seeds, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input", "*.txt"))
	require.NoError(tb, err)
	var pages []string
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		require.NoError(tb, err)
		pages = append(pages, string(data))
	}
	dir = tb.TempDir()
	for i := 0; i < n; i++ {
		p := pages[i%len(pages)]
		nl := strings.IndexByte(p, '\n')
		page := fmt.Sprintf("%s (copy %d)%s", p[:nl], i, p[nl:])
		name := filepath.Join(dir, fmt.Sprintf("d%02d", i%50), fmt.Sprintf("page-%06d.txt", i))
		require.NoError(tb, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(tb, os.WriteFile(name, []byte(page), 0o644))
		bytes += int64(len(page))
	}
	return dir, bytes
}

func TestWorkersDoNotChangeOutput(t *testing.T) {
	in, _ := corpus(t, 120)
	var listings []string
	for _, workers := range []int{1, 2, 7} {
		out := filepath.Join(t.TempDir(), "ds")
		m, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: workers, Out: out})
		require.NoError(t, err)
		require.Equal(t, int64(120), m.Table("articles").Rows)
		require.NoError(t, dataset.Validate(out))
		var b strings.Builder
		for _, tf := range m.Tables {
			for _, f := range tf.Files {
				fmt.Fprintf(&b, "%s %s\n", f.Path, f.SHA256)
			}
		}
		listings = append(listings, b.String())
	}
	require.Equal(t, listings[0], listings[1])
	require.Equal(t, listings[0], listings[2])
}

// BenchmarkBuild builds a corpus of text pages end to end: discovery,
// hashing, parsing, Parquet writing, manifest, card (which re-reads every
// table) . Run with -bench Build -benchmem.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000} {
		in, size := corpus(b, n)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("pages=%d/workers=%d", n, workers), func(b *testing.B) {
				b.SetBytes(size)
				for i := 0; i < b.N; i++ {
					out := filepath.Join(b.TempDir(), "ds")
					_, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: workers, Out: out})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "pages/s")
			})
		}
	}
}
