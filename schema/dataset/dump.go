package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/threadset/threadset/schema"
)

// Dump writes table t of the dataset in dir as JSON Lines: one row per
// line, keys in column order, timestamps in RFC 3339. It is the readable
// twin of the Parquet bytes that golden tests and reviewers diff.
func Dump(dir string, t *schema.Table, w io.Writer) error {
	bw := bufio.NewWriter(w)
	err := ReadTable(dir, t, func(r schema.Row) error {
		bw.WriteByte('{')
		for i, c := range t.Columns {
			if i > 0 {
				bw.WriteByte(',')
			}
			writeJSON(bw, c.Name)
			bw.WriteByte(':')
			v := r[i]
			if ts, ok := v.(time.Time); ok {
				v = ts.UTC().Format(time.RFC3339Nano)
			}
			if err := writeJSON(bw, v); err != nil {
				return err
			}
		}
		bw.WriteString("}\n")
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeJSON writes v as compact JSON without HTML escaping, so that text
// with <, > and & stays readable in diffs.
func writeJSON(w *bufio.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}
