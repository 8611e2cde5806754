package parquetio

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
)

// ReadNamed reads every row of a Parquet file whatever its columns, for
// tools that compare datasets written by different schema versions. fn
// gets the file's column names (the same slice for every row) and the
// row's values, typed as in ReadColumns (nil for null); the row slice is
// reused between calls.
func ReadNamed(r parquet.ReaderAtSeeker, mem memory.Allocator, fn func(names []string, row []any) error) error {
	pf, err := file.NewParquetReader(r)
	if err != nil {
		return fmt.Errorf("not a readable Parquet file: %w", err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, mem)
	if err != nil {
		return err
	}
	sc, err := fr.Schema()
	if err != nil {
		return err
	}
	names := make([]string, sc.NumFields())
	for i, f := range sc.Fields() {
		names[i] = f.Name
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return err
	}
	defer rr.Release()
	row := make([]any, len(names))
	for rr.Next() {
		rec := rr.Record()
		for i := 0; i < int(rec.NumRows()); i++ {
			for j := range names {
				row[j] = value(rec.Column(j), i)
			}
			if err := fn(names, row); err != nil {
				return err
			}
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return err
	}
	return nil
}
