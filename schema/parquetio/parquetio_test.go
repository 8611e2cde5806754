package parquetio

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/metadata"
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

// arrowLeakPerChunk is what Arrow Go v15.0.2 keeps of each column chunk it
// writes: one 256-byte encoder buffer (BufferWriter.Finish) that is never
// released. The Go allocator lets the GC reclaim it; the tests pin that the
// leftover is this constant per column chunk (a column in a row group),
// never growing with the rows of a row group.
const arrowLeakPerChunk = 256

func write(t *testing.T, tbl *schema.Table, rows []schema.Row) []byte {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	var buf bytes.Buffer
	w, err := NewWriter(&buf, tbl, mem)
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, w.Append(r))
	}
	require.NoError(t, w.Close())
	pf, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer pf.Close()
	assert.LessOrEqual(t, mem.CurrentAlloc(), arrowLeakPerChunk*len(tbl.Columns)*pf.NumRowGroups(),
		"Arrow buffers left after writing %d rows in %d row group(s)", len(rows), pf.NumRowGroups())
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

// TestDictionaryNeverFallsBack writes a table whose dictionary-encoded
// columns hold more distinct bytes than Arrow's default 1 MiB dictionary
// page limit. A chunk that fell back to plain encoding had its
// page-encoding statistics written in map order, so repeated writes of the
// same rows gave different footers.
func TestDictionaryNeverFallsBack(t *testing.T) {
	var rows []schema.Row
	for i := 0; i < 30000; i++ {
		u := fmt.Sprintf("%08d-%s", i, strings.Repeat("distinct value ", 4))
		rows = append(rows, schema.Row{"src_" + u, "name " + u, nil, "platform " + u, "lang " + u, "country " + u, int32(i)})
	}
	first := write(t, schema.Sources, rows)
	for run := 0; run < 10; run++ {
		require.Equal(t, first, write(t, schema.Sources, rows), "write %d", run+2)
	}

	pf, err := file.NewParquetReader(bytes.NewReader(first))
	require.NoError(t, err)
	defer pf.Close()
	for g := 0; g < pf.NumRowGroups(); g++ {
		for c := 0; c < len(schema.Sources.Columns); c++ {
			cc, err := pf.MetaData().RowGroup(g).ColumnChunk(c)
			require.NoError(t, err)
			var data []parquet.Encoding
			for _, s := range cc.EncodingStats() {
				if s.PageType.String() == "DATA_PAGE" {
					data = append(data, s.Encoding)
				}
			}
			assert.Len(t, data, 1, "row group %d, %s: one data page encoding, got %v", g, cc.PathInSchema(), data)
		}
	}
}

// peakAllocator records the most memory held at once.
type peakAllocator struct {
	memory.Allocator
	cur, peak int
}

func (a *peakAllocator) Allocate(n int) []byte {
	a.add(n)
	return a.Allocator.Allocate(n)
}

func (a *peakAllocator) Reallocate(n int, b []byte) []byte {
	a.add(n - len(b))
	return a.Allocator.Reallocate(n, b)
}

func (a *peakAllocator) Free(b []byte) {
	a.add(-len(b))
	a.Allocator.Free(b)
}

func (a *peakAllocator) add(n int) {
	a.cur += n
	a.peak = max(a.peak, a.cur)
}

// TestRowGroupsBoundMemory writes tables of long texts several row groups
// long and checks that the rows are split into row groups of about
// rowGroupBytes, that they read back, and that the writer's memory is
// bounded by a row group, not by the table.
func TestRowGroupsBoundMemory(t *testing.T) {
	peaks := map[int]int{}
	for _, groups := range []int{3, 6} {
		const textBytes = 4000
		n := groups * rowGroupBytes / textBytes
		rows := make([]schema.Row, n)
		for i := range rows {
			text := fmt.Sprintf("%08d %s", i, strings.Repeat("long comment text ", textBytes/18))
			c := schema.Comment{CommentID: fmt.Sprintf("cmt_%016x", i), ArticleID: "art_1", RootID: "cmt_r", Position: int32(i), Text: &text}
			rows[i] = c.Row(schema.Comments)
		}
		mem := &peakAllocator{Allocator: memory.NewGoAllocator()}
		var buf bytes.Buffer
		w, err := NewWriter(&buf, schema.Comments, mem)
		require.NoError(t, err)
		for _, r := range rows {
			require.NoError(t, w.Append(r))
		}
		require.NoError(t, w.Close())
		peaks[groups] = mem.peak

		pf, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, pf.NumRowGroups(), groups, "%d rows of %d bytes", n, textBytes)
		for g := 0; g < pf.NumRowGroups(); g++ {
			rg := pf.MetaData().RowGroup(g)
			assert.LessOrEqual(t, rg.TotalByteSize(), int64(2*rowGroupBytes), "row group %d: uncompressed bytes", g)
		}
		require.NoError(t, pf.Close())

		read := 0
		require.NoError(t, ReadRows(bytes.NewReader(buf.Bytes()), schema.Comments, memory.NewGoAllocator(), func(r schema.Row) error {
			assert.Equal(t, rows[read][0], r[0])
			read++
			return nil
		}))
		assert.Equal(t, n, read)
	}
	t.Logf("peak writer memory: %v", peaks)
	assert.Less(t, peaks[3], 4*rowGroupBytes, "3 row groups")
	assert.Less(t, peaks[6], 4*rowGroupBytes, "6 row groups: memory must not grow with the table")
}

// TestDamagedPagesAreErrors zeroes eight bytes at each place of the first
// data page of a column: some of these make Arrow panic (a corrupt snappy
// block, a misread page header), which must reach the caller as an error.
func TestDamagedPagesAreErrors(t *testing.T) {
	data := write(t, schema.Comments, sampleComments(300))
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	require.NoError(t, err)
	cc, err := pf.MetaData().RowGroup(0).ColumnChunk(schema.Comments.Index("text"))
	require.NoError(t, err)
	require.NoError(t, pf.Close())
	off := cc.DataPageOffset()
	damaged := 0
	for k := int64(0); k < 40; k++ {
		d := append([]byte(nil), data...)
		copy(d[off+k:off+k+8], make([]byte, 8))
		var errRows, errAny error
		require.NotPanics(t, func() {
			errRows = ReadRows(bytes.NewReader(d), schema.Comments, memory.NewGoAllocator(), func(schema.Row) error { return nil })
			_, errAny = ReadAny(bytes.NewReader(d), memory.NewGoAllocator(), func(map[string]string) error { return nil })
		}, "zeroes at data page offset +%d", k)
		if errRows != nil {
			damaged++
			assert.ErrorContains(t, errRows, "malformed Parquet file")
			assert.Error(t, errAny)
		}
	}
	assert.Greater(t, damaged, 0, "no damage was detected: the test no longer reaches Arrow's panics")

	// A panic in the caller's function is the caller's: not turned into
	// an error.
	assert.Panics(t, func() {
		_ = ReadRows(bytes.NewReader(data), schema.Comments, memory.NewGoAllocator(), func(schema.Row) error { panic("caller") })
	})
}

// BenchmarkWriteComments writes 20,000 comments of distinct text, IDs and
// authors: the writer's share of a build. Run with -bench WriteComments.
func BenchmarkWriteComments(b *testing.B) {
	rows := make([]schema.Row, 20000)
	for i := range rows {
		text := fmt.Sprintf("comment %d: %s", i, strings.Repeat(fmt.Sprintf("word%d ", i%977), 40))
		author, authorID, parent := fmt.Sprintf("Reader %d", i%3000), fmt.Sprintf("aut_%016x", i%3000), fmt.Sprintf("cmt_%016x", i-1)
		c := schema.Comment{CommentID: fmt.Sprintf("cmt_%016x", i), ArticleID: fmt.Sprintf("art_%016x", i/10), RootID: fmt.Sprintf("cmt_%016x", i/10*10),
			Depth: int32(i % 4), Position: int32(i % 10), Author: &author, AuthorID: &authorID, Text: &text}
		if i%10 != 0 {
			c.ParentID = &parent
		}
		rows[i] = c.Row(schema.Comments)
	}
	b.ResetTimer()
	var size int
	for n := 0; n < b.N; n++ {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, schema.Comments, memory.NewGoAllocator())
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rows {
			if err := w.Append(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "file-MB")
}

// withFooter returns data, a Parquet file, with its footer changed by
// edit: the footer is decoded, edited and encoded again.
func withFooter(t *testing.T, data []byte, edit func(md *metadata.FileMetaData)) []byte {
	t.Helper()
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer pf.Close()
	md := pf.MetaData()
	edit(md)
	var footer bytes.Buffer
	_, err = md.WriteTo(&footer, nil)
	require.NoError(t, err)
	n := int(binary.LittleEndian.Uint32(data[len(data)-8:]))
	out := append([]byte(nil), data[:len(data)-8-n]...)
	out = append(out, footer.Bytes()...)
	out = binary.LittleEndian.AppendUint32(out, uint32(footer.Len()))
	return append(out, "PAR1"...)
}

// TestDamagedFootersAreErrors: a footer is input too. Arrow v15 trusts it
// in ways no recover can catch: a column chunk's length sizes a buffer in
// a goroutine of its own (negative: a panic that kills the process; huge:
// out of memory), and the stored Arrow schema is decoded without bounds
// (a damaged one once asked for a 112 GB slice).
func TestDamagedFootersAreErrors(t *testing.T) {
	rows := sampleComments(300)
	data := write(t, schema.Comments, rows)
	read := func(d []byte) (int, error, error) {
		n := 0
		errRows := ReadRows(bytes.NewReader(d), schema.Comments, memory.NewGoAllocator(), func(schema.Row) error { n++; return nil })
		_, errAny := ReadAny(bytes.NewReader(d), memory.NewGoAllocator(), func(map[string]string) error { return nil })
		return n, errRows, errAny
	}
	n, errRows, errAny := read(withFooter(t, data, func(*metadata.FileMetaData) {}))
	require.NoError(t, errRows, "the footer round trip itself")
	require.NoError(t, errAny)
	require.Equal(t, len(rows), n)

	for _, tc := range []struct {
		name string
		edit func(md *metadata.FileMetaData)
	}{
		{"negative chunk length", func(md *metadata.FileMetaData) { md.RowGroups[0].Columns[1].MetaData.TotalCompressedSize = -160 }},
		{"chunk longer than the file", func(md *metadata.FileMetaData) { md.RowGroups[0].Columns[1].MetaData.TotalCompressedSize = 100 << 30 }},
		{"chunk before the file", func(md *metadata.FileMetaData) { md.RowGroups[0].Columns[2].MetaData.DataPageOffset = -5 }},
		{"negative row count", func(md *metadata.FileMetaData) { md.RowGroups[0].NumRows = -1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errRows, errAny := read(withFooter(t, data, tc.edit))
			assert.ErrorContains(t, errRows, "malformed Parquet file")
			assert.ErrorContains(t, errAny, "malformed Parquet file")
		})
	}

	t.Run("damaged stored Arrow schema", func(t *testing.T) {
		// Every byte of the base64 flatbuffer becomes 0xff: the names and
		// types are in the Parquet schema, so the rows still read.
		d := withFooter(t, data, func(md *metadata.FileMetaData) {
			for _, kv := range md.KeyValueMetadata() {
				if kv.Key == arrowSchemaKey {
					garbage := strings.Repeat("/", len(*kv.Value))
					kv.Value = &garbage
				}
			}
		})
		n, errRows, errAny := read(d)
		assert.NoError(t, errRows)
		assert.NoError(t, errAny)
		assert.Equal(t, len(rows), n)
	})
}

// failAfter is a file that fails once n bytes are written.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, fmt.Errorf("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteErrorsReachTheCaller checks that an error met while a batch is
// encoded (on the writer's goroutine) is returned by a later Append or by
// Close (Arrow's own buffers are not all released after a failed write,
// as the checked allocator shows, so they are not asserted here).
func TestWriteErrorsReachTheCaller(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	w, err := NewWriter(&failAfter{n: 4096}, schema.Comments, mem)
	require.NoError(t, err)
	var appendErr error
	for _, r := range sampleComments(100000) {
		if appendErr = w.Append(r); appendErr != nil {
			break
		}
	}
	closeErr := w.Close()
	if appendErr == nil {
		appendErr = closeErr
	}
	require.Error(t, appendErr)
	assert.Contains(t, appendErr.Error(), "disk full")
}

// TestCloseRightAfterNewWriter closes writers before their encoder
// goroutine has had a chance to run (one P), and closes one twice: every
// Close returns, the second with an error.
func TestCloseRightAfterNewWriter(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	done := make(chan error, 1)
	go func() {
		for i := 0; i < 100; i++ {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, schema.Comments, memory.NewGoAllocator())
			if err != nil {
				done <- err
				return
			}
			if err := w.Append(sampleComments(1)[0]); err != nil {
				done <- err
				return
			}
			if err := w.Close(); err != nil {
				done <- err
				return
			}
			if err := w.Close(); err == nil {
				done <- fmt.Errorf("a second Close returned no error")
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("Close did not return")
	}
}
