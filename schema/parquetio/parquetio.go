// Package parquetio writes and reads the tables of schema as Parquet files.
//
// Every setting that could change a byte of the output is pinned here and
// nowhere else: the created_by string, compression, row-group and page
// sizes, dictionary and statistics settings, and the order of key-value
// metadata. Two writes of the same rows give the same bytes on any machine.
package parquetio

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"github.com/threadset/threadset/schema"
)

// Field metadata keys. The Arrow schema is stored in the file, so pandas,
// polars and pyarrow see these on each field.
const (
	MetaDescription = "description"
	MetaVocabulary  = "vocabulary"
	MetaLabel       = "label"
)

// File-level key-value metadata keys, readable from DuckDB with
// parquet_kv_metadata().
const (
	MetaTable         = "threadset.table"
	MetaSchemaVersion = "threadset.schema_version"
	MetaColumns       = "threadset.columns"
)

const (
	batchRows    = 4096
	rowGroupRows = 64 * 1024
	// rowGroupBytes closes a row group once this much text is buffered,
	// so that memory is bounded by it, not by a table of long bodies. It
	// depends only on the rows, so row groups are the same in every build.
	rowGroupBytes  = 8 << 20
	dataPageBytes  = 1 << 20
	createdByValue = schema.ToolName + " " + schema.ToolVersion
)

// ArrowSchema is the Arrow schema of t. Each field carries its description,
// and label fields their vocabulary, as field metadata.
func ArrowSchema(t *schema.Table) *arrow.Schema {
	fields := make([]arrow.Field, len(t.Columns))
	for i, c := range t.Columns {
		keys := []string{MetaDescription}
		vals := []string{c.Doc}
		if c.Label {
			keys = append(keys, MetaLabel)
			vals = append(vals, "true")
		}
		if c.Vocabulary != nil {
			keys = append(keys, MetaVocabulary)
			vals = append(vals, strings.Join(c.Vocabulary.ValueNames(), ","))
		}
		fields[i] = arrow.Field{
			Name:     c.Name,
			Type:     arrowType(c.Kind),
			Nullable: c.Nullable,
			Metadata: arrow.NewMetadata(keys, vals),
		}
	}
	return arrow.NewSchema(fields, nil)
}

func arrowType(k schema.Kind) arrow.DataType {
	switch k {
	case schema.Int32:
		return arrow.PrimitiveTypes.Int32
	case schema.Timestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	case schema.Bool:
		return arrow.FixedWidthTypes.Boolean
	case schema.StringList:
		// Elements are never null; the list itself never is either.
		return arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.BinaryTypes.String, Nullable: false})
	default:
		return arrow.BinaryTypes.String
	}
}

// dictionaryColumns are the columns whose values repeat by design (sites,
// kinds, builder names, annotators, label values, small counts); they and
// the label columns are dictionary-encoded. Every other column (IDs,
// texts, titles, URLs, paths, hashes, timestamps, positions) is written
// plain: its values are mostly distinct, so a dictionary only costs time.
var dictionaryColumns = map[string]bool{
	schema.ColSourceID: true, schema.ColKind: true, schema.ColReplyStruct: true,
	"builder": true, schema.ColStatus: true, "platform": true, "language": true,
	"country": true, "section": true, "byline": true, "categories": true, "tags": true,
	schema.ColItemTable: true, schema.ColLabel: true, schema.ColAnnotator: true,
	schema.ColValue: true, "source_file": true, "source_sha256": true, "reason": true,
	schema.ColDepth: true, schema.ColReplyCount: true, schema.ColCommentCount: true,
	schema.ColDeclaredCount: true, schema.ColArticleCount: true,
}

// writerProperties pins every setting that reaches the bytes of a file of
// table t.
//
// Dictionaries never fall back to plain encoding (the page size limit is
// unreachable): a chunk that falls back has two data-page encodings, and
// Arrow v15 writes their page-encoding statistics in map order
// (metadata.ColumnChunkMetaDataBuilder.Finish ranges over the maps of
// file.pageWriter), so the footer's bytes would vary from run to run. With
// no fallback each of those maps has at most one entry. A dictionary's
// memory is bounded by its row group, which is buffered anyway.
func writerProperties(t *schema.Table, mem memory.Allocator) *parquet.WriterProperties {
	props := []parquet.WriterProperty{
		parquet.WithAllocator(mem),
		parquet.WithCreatedBy(createdByValue),
		parquet.WithVersion(parquet.V2_6),
		parquet.WithDataPageVersion(parquet.DataPageV1),
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithDictionaryDefault(false),
		parquet.WithDictionaryPageSizeLimit(math.MaxInt64),
		parquet.WithStats(true),
		parquet.WithMaxRowGroupLength(rowGroupRows),
		parquet.WithDataPageSize(dataPageBytes),
		parquet.WithBatchSize(1024),
	}
	for _, c := range t.Columns {
		if c.Label || dictionaryColumns[c.Name] {
			props = append(props, parquet.WithDictionaryFor(columnPath(c), true))
		}
	}
	return parquet.NewWriterProperties(props...)
}

// columnPath is the Parquet path of c's leaf column, as pqarrow names it.
func columnPath(c schema.Column) string {
	if c.Kind == schema.StringList {
		return c.Name + ".list.element"
	}
	return c.Name
}

// Writer streams rows of one table into a Parquet file. Memory is bounded
// by one row group, never by the whole table.
type Writer struct {
	table *schema.Table
	fw    *pqarrow.FileWriter
	b     *array.RecordBuilder
	n     int
	rows  int64
	// bytes approximates the data buffered in the current row group.
	bytes int
	// Batches are encoded and compressed on a goroutine of the writer's
	// own (see encode), in the order they were made, so that a build
	// writing several tables uses every core and the bytes stay the same.
	ops    chan writeOp
	done   chan error
	failed atomic.Pointer[error] // the encoder's first error
	closed bool
}

// writeOp is a batch to encode, or the start of a new row group.
type writeOp struct {
	rec         arrow.Record
	newRowGroup bool
}

// encode runs the writer's Parquet encoding: it stops at the first error,
// releasing the batches still queued, and reports it on done.
func (w *Writer) encode(ops <-chan writeOp) {
	var err error
	for op := range ops {
		switch {
		case err != nil:
		case op.newRowGroup:
			w.fw.NewBufferedRowGroup()
		default:
			if err = w.fw.WriteBuffered(op.rec); err != nil {
				w.failed.Store(&err)
			}
		}
		if op.rec != nil {
			op.rec.Release()
		}
	}
	w.done <- err
}

// send queues an operation for the encoder; once the encoder has failed,
// it returns the encoder's error instead.
func (w *Writer) send(op writeOp) error {
	if err := w.failed.Load(); err != nil {
		if op.rec != nil {
			op.rec.Release()
		}
		return *err
	}
	w.ops <- op
	return nil
}

// NewWriter starts a Parquet file for t on w.
func NewWriter(w io.Writer, t *schema.Table, mem memory.Allocator) (*Writer, error) {
	sc := ArrowSchema(t)
	fw, err := pqarrow.NewFileWriter(sc, w, writerProperties(t, mem),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		return nil, fmt.Errorf("parquet writer for %s: %w", t.Name, err)
	}
	docs := make(map[string]string, len(t.Columns))
	for _, c := range t.Columns {
		docs[c.Name] = c.Doc
	}
	colsJSON, err := json.Marshal(docs) // encoding/json sorts map keys
	if err != nil {
		return nil, err
	}
	for _, kv := range [][2]string{
		{MetaTable, t.Name},
		{MetaSchemaVersion, schema.Version},
		{MetaColumns, string(colsJSON)},
	} {
		if err := fw.AppendKeyValueMetadata(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	pw := &Writer{table: t, fw: fw, b: array.NewRecordBuilder(mem, sc), ops: make(chan writeOp, 2), done: make(chan error, 1)}
	go pw.encode(pw.ops)
	return pw, nil
}

// Append adds one row. Values must match the column kinds (see schema.Row).
func (w *Writer) Append(r schema.Row) error {
	if len(r) != len(w.table.Columns) {
		return fmt.Errorf("%s: row has %d values, table has %d columns", w.table.Name, len(r), len(w.table.Columns))
	}
	for i, c := range w.table.Columns {
		if err := appendValue(w.b.Field(i), c, r[i]); err != nil {
			return fmt.Errorf("%s.%s: %w", w.table.Name, c.Name, err)
		}
		w.bytes += size(r[i])
	}
	w.n++
	w.rows++
	if w.bytes >= rowGroupBytes {
		if err := w.flush(); err != nil {
			return err
		}
		w.bytes = 0
		return w.send(writeOp{newRowGroup: true})
	}
	if w.n >= batchRows {
		return w.flush()
	}
	return nil
}

func size(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case []string:
		n := 0
		for _, s := range v {
			n += len(s)
		}
		return n
	}
	return 8
}

func appendValue(b array.Builder, c schema.Column, v any) error {
	if v == nil {
		if !c.Nullable {
			return fmt.Errorf("null in a non-nullable column")
		}
		b.AppendNull()
		return nil
	}
	switch c.Kind {
	case schema.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want string, got %T", v)
		}
		b.(*array.StringBuilder).Append(s)
	case schema.Int32:
		n, ok := v.(int32)
		if !ok {
			return fmt.Errorf("want int32, got %T", v)
		}
		b.(*array.Int32Builder).Append(n)
	case schema.Timestamp:
		t, ok := v.(time.Time)
		if !ok {
			return fmt.Errorf("want time.Time, got %T", v)
		}
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
	case schema.Bool:
		x, ok := v.(bool)
		if !ok {
			return fmt.Errorf("want bool, got %T", v)
		}
		b.(*array.BooleanBuilder).Append(x)
	case schema.StringList:
		xs, ok := v.([]string)
		if !ok {
			return fmt.Errorf("want []string, got %T", v)
		}
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		vb := lb.ValueBuilder().(*array.StringBuilder)
		for _, x := range xs {
			vb.Append(x)
		}
	}
	return nil
}

func (w *Writer) flush() error {
	if w.n == 0 {
		return nil
	}
	w.n = 0
	return w.send(writeOp{rec: w.b.NewRecord()})
}

// Rows is the number of rows appended so far.
func (w *Writer) Rows() int64 { return w.rows }

// Close writes the remaining rows and the footer. It does not close the
// underlying io.Writer.
func (w *Writer) Close() error {
	if w.closed {
		return fmt.Errorf("%s: parquet writer closed twice", w.table.Name)
	}
	w.closed = true
	err := w.flush()
	w.b.Release()
	close(w.ops)
	if eerr := <-w.done; err == nil {
		err = eerr
	}
	if cerr := w.fw.Close(); err == nil {
		err = cerr
	}
	return err
}

// ReadRows reads a Parquet file of table t, checks that its columns are
// t's (names, types, nullability, in order) and calls fn for each row, one
// record batch at a time.
func ReadRows(r parquet.ReaderAtSeeker, t *schema.Table, mem memory.Allocator, fn func(schema.Row) error) error {
	return ReadColumns(r, t, mem, nil, fn)
}

// ReadColumns is ReadRows reading only the named columns (all when names
// is nil); the others are nil in every row. Reading less is what keeps
// summaries of large tables small.
//
// A damaged file is an error, never a crash: Arrow v15 panics on some
// corrupt pages (a bad snappy block, a page header it misreads), and those
// panics are returned as errors. A panic in fn is not caught.
func ReadColumns(r parquet.ReaderAtSeeker, t *schema.Table, mem memory.Allocator, names []string, fn func(schema.Row) error) (err error) {
	inFn := false
	defer arrowPanic(&err, &inFn)
	pf, err := file.NewParquetReader(r)
	if err != nil {
		return fmt.Errorf("not a readable Parquet file: %w", err)
	}
	defer pf.Close()
	ignoreStoredArrowSchema(pf)
	if err := checkChunks(r, pf); err != nil {
		return err
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, mem)
	if err != nil {
		return err
	}
	got, err := fr.Schema()
	if err != nil {
		return err
	}
	if err := CheckSchema(got, t); err != nil {
		return err
	}
	var indices []int
	for _, n := range names {
		if i := t.Index(n); i >= 0 {
			indices = append(indices, i)
		}
	}
	if names == nil {
		for i := range t.Columns {
			indices = append(indices, i)
		}
	}
	rr, err := fr.GetRecordReader(context.Background(), indices, nil)
	if err != nil {
		return err
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.Record()
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make(schema.Row, len(t.Columns))
			for k, j := range indices {
				row[j] = value(rec.Column(k), i)
			}
			inFn = true
			err := fn(row)
			inFn = false
			if err != nil {
				return err
			}
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// arrowSchemaKey is the key-value metadata under which Arrow writers
// store their schema, a base64 flatbuffer.
const arrowSchemaKey = "ARROW:schema"

// ignoreStoredArrowSchema makes pqarrow derive the Arrow schema from the
// Parquet schema alone. Arrow v15 decodes the stored flatbuffer without
// bounds: a damaged one sized a slice from a garbage length (a 112 GB
// make, a fatal out-of-memory that no recover catches). The readers need
// only names and types, which the Parquet schema has.
func ignoreStoredArrowSchema(pf *file.Reader) {
	for _, kv := range pf.MetaData().KeyValueMetadata() {
		if kv.Key == arrowSchemaKey {
			kv.Key = "threadset.ignored." + arrowSchemaKey
		}
	}
}

// checkChunks rejects a file whose footer places a column chunk outside
// the file: Arrow v15 sizes a buffer by the chunk's length before reading
// it (a negative one panics in a goroutine, where no recover reaches; a
// huge one exhausts memory).
func checkChunks(r io.Seeker, pf *file.Reader) error {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	md := pf.MetaData()
	for g := 0; g < pf.NumRowGroups(); g++ {
		rg := md.RowGroup(g)
		if rg.NumRows() < 0 {
			return fmt.Errorf("malformed Parquet file: row group %d has %d rows", g, rg.NumRows())
		}
		for c := 0; c < rg.NumColumns(); c++ {
			cc, err := rg.ColumnChunk(c)
			if err != nil {
				return fmt.Errorf("malformed Parquet file: row group %d, column %d: %w", g, c, err)
			}
			start := cc.DataPageOffset()
			if cc.HasDictionaryPage() && cc.DictionaryPageOffset() > 0 && start > cc.DictionaryPageOffset() {
				start = cc.DictionaryPageOffset()
			}
			n := cc.TotalCompressedSize()
			if start < 4 || n < 0 || start > size || n > size-start || cc.NumValues() < 0 {
				return fmt.Errorf("malformed Parquet file: row group %d, column %s: %d values in %d bytes at offset %d, in a file of %d bytes",
					g, cc.PathInSchema(), cc.NumValues(), n, start, size)
			}
		}
	}
	return nil
}

// arrowPanic, deferred by a reader, turns a panic raised by Arrow while it
// decodes a damaged file into *err; a panic raised while the caller's
// function runs (*inFn) is not Arrow's and goes on.
func arrowPanic(err *error, inFn *bool) {
	if p := recover(); p != nil {
		if *inFn {
			panic(p)
		}
		*err = fmt.Errorf("malformed Parquet file: %v", p)
	}
}

// CheckSchema reports the first way got differs from the documented
// columns of t.
func CheckSchema(got *arrow.Schema, t *schema.Table) error {
	want := ArrowSchema(t)
	if got.NumFields() != want.NumFields() {
		return fmt.Errorf("has %d columns, the %s table has %d", got.NumFields(), t.Name, want.NumFields())
	}
	for i, w := range want.Fields() {
		g := got.Field(i)
		switch {
		case g.Name != w.Name:
			return fmt.Errorf("column %d is %q, want %q", i, g.Name, w.Name)
		case !sameType(g.Type, w.Type):
			return fmt.Errorf("column %q has type %s, want %s", g.Name, g.Type, w.Type)
		case g.Nullable != w.Nullable:
			return fmt.Errorf("column %q nullable=%t, want %t", g.Name, g.Nullable, w.Nullable)
		}
	}
	return nil
}

// sameType compares types as a reader sees them: a list read back from
// Parquet names its element "list" and marks it nullable, whatever was
// written, so lists compare by element type only.
func sameType(got, want arrow.DataType) bool {
	gl, ok1 := got.(*arrow.ListType)
	wl, ok2 := want.(*arrow.ListType)
	if ok1 && ok2 {
		return arrow.TypeEqual(gl.Elem(), wl.Elem())
	}
	return arrow.TypeEqual(got, want)
}

func value(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Timestamp:
		return time.UnixMicro(int64(a.Value(i))).UTC()
	case *array.Boolean:
		return a.Value(i)
	case *array.List:
		start, end := a.ValueOffsets(i)
		out := make([]string, 0, end-start)
		for k := start; k < end; k++ {
			out = append(out, a.ListValues().ValueStr(int(k)))
		}
		return out
	case *array.LargeString:
		return a.Value(i)
	}
	return fmt.Sprintf("<%s>", a.DataType())
}

// ReadAny reads a Parquet file of any schema (one written by pandas,
// polars or DuckDB) and calls fn with each row as strings: numbers and
// booleans formatted, lists joined by ";", nulls absent. It returns the
// column names.
//
// As in ReadColumns, Arrow's panics on a damaged file are returned as
// errors.
func ReadAny(r parquet.ReaderAtSeeker, mem memory.Allocator, fn func(map[string]string) error) (names []string, err error) {
	inFn := false
	defer arrowPanic(&err, &inFn)
	pf, err := file.NewParquetReader(r)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	ignoreStoredArrowSchema(pf)
	if err := checkChunks(r, pf); err != nil {
		return nil, err
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, mem)
	if err != nil {
		return nil, err
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, err
	}
	names = make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		names[i] = f.Name
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return nil, err
	}
	defer rr.Release()
	for rr.Next() {
		rec := rr.Record()
		for i := 0; i < int(rec.NumRows()); i++ {
			row := map[string]string{}
			for j := range names {
				col := rec.Column(j)
				if col.IsNull(i) {
					continue
				}
				switch v := value(col, i).(type) {
				case []string:
					row[names[j]] = strings.Join(v, ";")
				case time.Time:
					row[names[j]] = v.Format(time.RFC3339Nano)
				case string:
					row[names[j]] = v
				default:
					row[names[j]] = col.ValueStr(i)
				}
			}
			inFn = true
			err := fn(row)
			inFn = false
			if err != nil {
				return names, err
			}
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return names, err
	}
	return names, nil
}
