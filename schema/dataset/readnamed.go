package dataset

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/threadset/threadset/schema/parquetio"
)

// ReadFiles calls fn for every row of the named table of the dataset (or
// release) in dir, reading the files its manifest lists with their own
// columns, whatever the schema version that wrote them: fn gets the file's
// column names and the row's values (see parquetio.ReadNamed). It is how
// datasets of earlier versions are read (diff, --labels-from); a table the
// manifest does not list has no rows.
func ReadFiles(dir string, m *Manifest, table string, fn func(names []string, row []any) error) error {
	tf := m.Table(table)
	if tf == nil {
		return nil
	}
	mem := memory.NewGoAllocator()
	for _, f := range tf.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("%s: %s lists %q, which is outside the dataset", dir, ManifestName, f.Path)
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		fh, err := os.Open(path)
		if err != nil {
			return err
		}
		err = parquetio.ReadNamed(fh, mem, fn)
		_ = fh.Close() // read only; the Parquet reader may have closed it already
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// ReadNamed is ReadFiles handing fn the values of cols, in that order, nil
// for a column the file does not have.
func ReadNamed(dir string, m *Manifest, table string, cols []string, fn func(vals []any) error) error {
	vals := make([]any, len(cols))
	var idx []int
	var seen []string
	return ReadFiles(dir, m, table, func(names []string, row []any) error {
		// names is one slice per file: map the columns again when it changes.
		if len(seen) != len(names) || (len(names) > 0 && &seen[0] != &names[0]) {
			seen, idx = names, make([]int, len(cols))
			for i, c := range cols {
				idx[i] = -1
				for j, n := range names {
					if n == c {
						idx[i] = j
					}
				}
			}
		}
		for i, j := range idx {
			vals[i] = nil
			if j >= 0 {
				vals[i] = row[j]
			}
		}
		return fn(vals)
	})
}
