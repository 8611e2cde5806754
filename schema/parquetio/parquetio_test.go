package parquetio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

func sampleComments(n int) []schema.Row {
	ts := time.Date(2020, 3, 15, 12, 30, 0, 123000, time.FixedZone("X", 3*3600))
	var rows []schema.Row
	for i := 0; i < n; i++ {
		c := schema.Comment{
			CommentID: "cmt_" + strings.Repeat("a", i%7), ArticleID: "art_1", RootID: "cmt_r",
			Depth: int32(i % 4), Position: int32(i), Links: []string{"https://example.org/" + strings.Repeat("y", i%3)},
		}
		if i%11 == 0 {
			c.Deleted = true
		} else {
			text := "Ünïcödé « text » 🙂 " + strings.Repeat("x", i%13)
			c.Text = &text
		}
		if i%3 == 0 {
			name := "Kerd Siken"
			c.Author = &name
			c.AuthorID = &name
			c.PublishedAt = &ts
		}
		if i%5 == 0 {
			c.Labels = map[string]string{schema.ColStance: "favor"}
		}
		rows = append(rows, c.Row(schema.Comments))
	}
	return rows
}

// arrowLeakPerColumn is what Arrow Go v15.0.2 keeps of each column chunk it
// writes: one 256-byte encoder buffer (BufferWriter.Finish) that is never
// released. The Go allocator lets the GC reclaim it; the tests pin that the
// leftover is this constant per column, never growing with rows.
const arrowLeakPerColumn = 256

func write(t *testing.T, tbl *schema.Table, rows []schema.Row) []byte {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer func() {
		assert.LessOrEqual(t, mem.CurrentAlloc(), arrowLeakPerColumn*len(tbl.Columns),
			"Arrow buffers left after writing %d rows", len(rows))
	}()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, tbl, mem)
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, w.Append(r))
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	rows := sampleComments(10000) // several batches and more than one page
	data := write(t, schema.Comments, rows)

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var got []schema.Row
	require.NoError(t, ReadRows(bytes.NewReader(data), schema.Comments, mem, func(r schema.Row) error {
		got = append(got, r)
		return nil
	}))
	require.Len(t, got, len(rows))
	for i := range rows {
		want := rows[i]
		for j, v := range want {
			if ts, ok := v.(time.Time); ok {
				assert.True(t, ts.Equal(got[i][j].(time.Time)), "row %d col %d", i, j)
				assert.Equal(t, time.UTC, got[i][j].(time.Time).Location())
				continue
			}
			assert.Equal(t, v, got[i][j], "row %d col %d", i, j)
		}
	}
}

func TestDeterministicBytes(t *testing.T) {
	rows := sampleComments(5000)
	a := write(t, schema.Comments, rows)
	b := write(t, schema.Comments, rows)
	assert.Equal(t, a, b)

	pf, err := file.NewParquetReader(bytes.NewReader(a))
	require.NoError(t, err)
	defer pf.Close()
	md := pf.MetaData()
	assert.Equal(t, "threadset "+schema.ToolVersion, md.GetCreatedBy(), "created_by is pinned, not the Arrow library's version string")
	kv := md.KeyValueMetadata()
	assert.Equal(t, "comments", *kv.FindValue(MetaTable))
	assert.Equal(t, schema.Version, *kv.FindValue(MetaSchemaVersion))
	assert.Contains(t, *kv.FindValue(MetaColumns), "The top-level comment of this comment's thread")
}

func TestFieldMetadata(t *testing.T) {
	sc := ArrowSchema(schema.Comments)
	f, ok := sc.FieldsByName(schema.ColDiscourseAct)
	require.True(t, ok)
	v, ok := f[0].Metadata.GetValue(MetaVocabulary)
	require.True(t, ok)
	assert.Equal(t, strings.Join(schema.DiscourseAct.ValueNames(), ","), v)
	d, _ := f[0].Metadata.GetValue(MetaDescription)
	assert.Contains(t, d, "discourse act")
}

func TestAppendRejectsBadRows(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, schema.Authors, mem)
	require.NoError(t, err)
	assert.ErrorContains(t, w.Append(schema.Row{nil, "s", "n", int32(1)}), "authors.author_id: null in a non-nullable column")
	assert.ErrorContains(t, w.Append(schema.Row{"a", "s", "n", "1"}), "authors.comment_count: want int32, got string")
	assert.ErrorContains(t, w.Append(schema.Row{"a"}), "row has 1 values, table has 4 columns")
	require.NoError(t, w.Close())
	w, err = NewWriter(&buf, schema.Comments, mem)
	require.NoError(t, err)
	c := schema.Comment{CommentID: "c", ArticleID: "a", RootID: "c"}
	row := c.Row(schema.Comments)
	row[schema.Comments.Index(schema.ColDeleted)] = "yes"
	assert.ErrorContains(t, w.Append(row), "comments.deleted: want bool, got string")
	row = c.Row(schema.Comments)
	row[schema.Comments.Index(schema.ColLinks)] = "x"
	assert.ErrorContains(t, w.Append(row), "comments.links: want []string, got string")
	require.NoError(t, w.Close())
}

func TestReadRowsChecksSchema(t *testing.T) {
	data := write(t, schema.Authors, []schema.Row{{"a", "s", "n", int32(1)}})
	err := ReadRows(bytes.NewReader(data), schema.Sources, memory.NewGoAllocator(), func(schema.Row) error { return nil })
	assert.ErrorContains(t, err, "has 4 columns, the sources table has 7")
	err = ReadRows(bytes.NewReader([]byte("not parquet at all")), schema.Sources, memory.NewGoAllocator(), func(schema.Row) error { return nil })
	assert.ErrorContains(t, err, "not a readable Parquet file")
}
