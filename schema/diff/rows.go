package diff

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/parquetio"
)

// WriteRows writes the rows the report found added, changed or removed
// as Parquet, for a notebook to look at: OUT/<table>/added.parquet and
// changed.parquet hold the new dataset's rows, removed.parquet the old
// one's, each with the columns of its dataset's label set (a column the
// file lacks is null). Tables matched by content (anomalies) are left out.
// OUT must not exist.
func (r *Report) WriteRows(out string) error {
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("%s exists: give a new directory for the changed rows", out)
	}
	for _, t := range r.Tables {
		ch := r.changes[t.Name]
		if len(ch) == 0 {
			continue
		}
		for _, what := range []string{"added", "changed", "removed"} {
			dir, m := r.New.Dir, r.nm
			if what == "removed" {
				dir, m = r.Old.Dir, r.om
			}
			st := m.Labels().Table(t.Name)
			if st == nil {
				st = tableByName(t.Name)
			}
			if st == nil {
				continue
			}
			if err := writeRows(filepath.Join(out, t.Name, what+".parquet"), dir, m, st, keyColumns[t.Name], ch, what); err != nil {
				return err
			}
		}
	}
	return nil
}

func tableByName(name string) *schema.Table {
	for _, t := range schema.Tables() {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func writeRows(path, dir string, m *dataset.Manifest, t *schema.Table, keys []string, ch map[string]string, what string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	w, err := parquetio.NewWriter(bw, t, memory.NewGoAllocator())
	if err != nil {
		_ = f.Close()
		return err
	}
	err = dataset.ReadFiles(dir, m, t.Name, func(names []string, vals []any) error {
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = str(vals, names, k)
		}
		if ch[strings.Join(parts, "\x00")] != what {
			return nil
		}
		row := make(schema.Row, len(t.Columns))
		for i, c := range t.Columns {
			if j := indexOf(names, c.Name); j >= 0 {
				row[i] = clone(vals[j])
			} else if c.Kind == schema.StringList {
				row[i] = []string{}
			}
		}
		return w.Append(row)
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// clone copies strings out of Arrow's buffers.
func clone(v any) any {
	switch v := v.(type) {
	case string:
		return strings.Clone(v)
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = strings.Clone(s)
		}
		return out
	}
	return v
}
