// Package labels is the annotation round trip: export items as tasks for
// annotators, import their filled files (CSV, JSON Lines, Label Studio,
// doccano, Parquet from pandas, polars or DuckDB) into a new version of
// the dataset, carry labels across rebuilds, and measure agreement.
//
// Every imported value is checked against the dataset's label set; by
// default one bad row stops the whole import and the dataset is left as it
// was. The dataset is never edited in place (see dataset.Rewrite).
package labels

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/parquetio"
)

// Import formats.
const (
	FormatCSV         = "csv"
	FormatJSONL       = "jsonl"
	FormatLabelStudio = "labelstudio"
	FormatDoccano     = "doccano"
	FormatParquet     = "parquet"
)

// cell is one label value found in a file, before it is checked.
type cell struct {
	row   int // 1-based row or record of the file (CSV: data rows after the header)
	table string
	id    string
	label string
	value string
	raw   map[string]string // the row as read, for the rejected-rows file
}

// Problem is one bad row of an import.
type Problem struct {
	File string
	Row  int
	Msg  string
}

func (p Problem) String() string {
	if p.Row == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s: row %d: %s", p.File, p.Row, p.Msg)
}

// ImportError lists every problem of an import that imported nothing.
type ImportError struct{ Problems []Problem }

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s); nothing was imported:", len(e.Problems))
	for i, p := range e.Problems {
		if i == 50 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(e.Problems)-50)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// ImportOptions are the settings of an import.
type ImportOptions struct {
	Annotator string
	// Format forces a format; empty picks it from the file name and content.
	Format string
	// SkipInvalid imports the good rows and writes the rejected ones to
	// FILE.rejected.jsonl instead of importing nothing.
	SkipInvalid bool
	// Info documents the build in the rewritten card.
	Info dataset.CardInfo
}

// ImportResult says what an import did.
type ImportResult struct {
	Imported int
	Replaced int // labels the same annotator had given before
	Rejected int
	// RejectedFiles are the files the rejected rows were written to.
	RejectedFiles []string
	Ties          int
	Manifest      *dataset.Manifest
}

// Import reads filled label files and writes a new version of the dataset
// with their labels added.
func Import(dir string, files []string, opts ImportOptions) (*ImportResult, error) {
	if strings.TrimSpace(opts.Annotator) == "" {
		return nil, fmt.Errorf("an import needs --annotator NAME: labels are kept per annotator")
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	ls := m.Labels()
	items, err := itemIDs(dir, ls)
	if err != nil {
		return nil, err
	}
	annotations, orphans, err := dataset.ReadAnnotations(dir)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{}
	var (
		problems []Problem
		fresh    []schema.Annotation
		imports  = append([]dataset.Import(nil), m.Imports...)
	)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		format := opts.Format
		if format == "" {
			format = detectFormat(f, data)
		}
		cells, fileProblems := readCells(f, data, format, ls)
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		good, bad := check(f, cells, ls, items)
		bad = append(fileProblems, bad...)
		if len(cells) == 0 && len(bad) == 0 {
			bad = append(bad, Problem{File: filepath.Base(f), Msg: "no labels in the file: every label column is empty"})
		}
		if len(bad) > 0 && opts.SkipInvalid {
			rejected, err := writeRejected(f, cells, bad)
			if err != nil {
				return nil, err
			}
			res.RejectedFiles = append(res.RejectedFiles, rejected)
			res.Rejected += len(bad)
		} else {
			problems = append(problems, bad...)
		}
		for _, c := range good {
			fresh = append(fresh, schema.Annotation{ItemTable: c.table, ItemID: c.id, Label: c.label, Annotator: opts.Annotator,
				Value: c.value, SourceFile: filepath.Base(f), SourceSHA256: sha, SourceRow: int32(c.row)})
		}
		imports = append(imports, dataset.Import{File: filepath.Base(f), SHA256: sha, Format: format, Annotator: opts.Annotator, Labels: len(good)})
	}
	if len(problems) > 0 {
		return nil, &ImportError{Problems: problems}
	}
	// One label per item, column and annotator: a newer import replaces.
	type key struct{ table, id, label, who string }
	at := map[key]int{}
	for i, a := range annotations {
		at[key{a.ItemTable, a.ItemID, a.Label, a.Annotator}] = i
	}
	for _, a := range fresh {
		k := key{a.ItemTable, a.ItemID, a.Label, a.Annotator}
		if i, ok := at[k]; ok {
			annotations[i] = a
			res.Replaced++
			continue
		}
		at[k] = len(annotations)
		annotations = append(annotations, a)
	}
	res.Imported = len(fresh)
	rw, err := dataset.Rewrite(dir, dataset.RewriteOptions{Annotations: annotations, Orphans: orphans, Imports: imports, Info: opts.Info})
	if err != nil {
		return nil, err
	}
	res.Ties, res.Manifest = rw.Ties, rw.Manifest
	return res, nil
}

// itemIDs lists the IDs of every article and comment.
func itemIDs(dir string, ls *schema.LabelSet) (map[string]string, error) {
	ids := map[string]string{}
	for _, name := range schema.ItemTables {
		t := ls.Table(name)
		col := t.Index(schema.IDColumn(name))
		if err := dataset.ReadTable(dir, t, func(r schema.Row) error {
			ids[dataset.Str(r[col])] = name
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func detectFormat(path string, data []byte) string {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".parquet"):
		return FormatParquet
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".tsv"):
		return FormatCSV
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return FormatLabelStudio
	}
	if bytes.Contains(data, []byte(`"label_column"`)) && bytes.Contains(data, []byte(`"label"`)) {
		return FormatDoccano
	}
	return FormatJSONL
}

// readCells reads a file into label cells. A problem with the file as a
// whole (no ID column, unreadable) is returned as a problem without a row.
func readCells(path string, data []byte, format string, ls *schema.LabelSet) ([]cell, []Problem) {
	name := filepath.Base(path)
	switch format {
	case FormatCSV:
		return readCSV(name, data, ls)
	case FormatJSONL:
		return readJSONL(name, data, ls)
	case FormatLabelStudio:
		return readLabelStudio(name, data, ls)
	case FormatDoccano:
		return readDoccano(name, data, ls)
	case FormatParquet:
		return readParquet(path, ls)
	}
	return nil, []Problem{{File: name, Msg: fmt.Sprintf("unknown format %q, must be one of [csv jsonl labelstudio doccano parquet]", format)}}
}

// idColumns are the column names an ID may come under.
var idColumns = []string{"item_id", "comment_id", "article_id"}

// rowCells turns one flat record (CSV row, JSON object, Parquet row) into
// cells: its ID column, and every label column of the item's table that
// has a value. Other columns (text, context) are ignored.
func rowCells(file string, n int, rec map[string]string, ls *schema.LabelSet) ([]cell, *Problem) {
	id := ""
	for _, c := range idColumns {
		if v := strings.TrimSpace(rec[c]); v != "" {
			id = v
			break
		}
	}
	if id == "" {
		return nil, &Problem{File: file, Row: n, Msg: "empty item_id"}
	}
	table := tableOf(id, rec["item_table"])
	var out []cell
	for _, lc := range ls.ColumnsOf(table) {
		if v, ok := rec[lc.Name]; ok && strings.TrimSpace(v) != "" {
			out = append(out, cell{row: n, table: table, id: id, label: lc.Name, value: v, raw: rec})
		}
	}
	for _, lc := range ls.Columns {
		if v := strings.TrimSpace(rec[lc.Name]); v != "" && lc.Table != table && ls.Column(table, lc.Name) == nil {
			return nil, &Problem{File: file, Row: n, Msg: fmt.Sprintf("%s is in %s, which has no label column %q", id, table, lc.Name)}
		}
	}
	return out, nil
}

func tableOf(id, declared string) string {
	if declared != "" {
		return declared
	}
	if strings.HasPrefix(id, "art_") {
		return "articles"
	}
	return "comments"
}

func missingID(file string, columns []string) []Problem {
	return []Problem{{File: file, Msg: fmt.Sprintf("no item_id column (or comment_id, article_id); the columns are [%s]", strings.Join(columns, " "))}}
}

func hasAny(cols []string, want []string) bool {
	for _, c := range cols {
		for _, w := range want {
			if c == w {
				return true
			}
		}
	}
	return false
}

func readCSV(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	if strings.HasSuffix(strings.ToLower(file), ".tsv") {
		r.Comma = '\t'
	}
	header, err := r.Read()
	if err != nil {
		return nil, []Problem{{File: file, Msg: "no header row: " + err.Error()}}
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if !hasAny(header, idColumns) {
		return nil, missingID(file, header)
	}
	var (
		out      []cell
		problems []Problem
	)
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			problems = append(problems, Problem{File: file, Row: n, Msg: err.Error()})
			break
		}
		m := map[string]string{}
		for i, h := range header {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		cs, p := rowCells(file, n, m, ls)
		if p != nil {
			problems = append(problems, *p)
			continue
		}
		out = append(out, cs...)
	}
	return out, problems
}

func readJSONL(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	var (
		out      []cell
		problems []Problem
		sawID    bool
		keys     []string
	)
	eachLine(data, func(n int, line []byte) {
		var raw map[string]any
		if err := json.Unmarshal(line, &raw); err != nil {
			problems = append(problems, Problem{File: file, Row: n, Msg: "not a JSON object: " + err.Error()})
			return
		}
		m := flatten(raw)
		if keys == nil {
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
		}
		if !hasAny(mapKeys(m), idColumns) {
			return
		}
		sawID = true
		cs, p := rowCells(file, n, m, ls)
		if p != nil {
			problems = append(problems, *p)
			return
		}
		out = append(out, cs...)
	})
	if !sawID && len(problems) == 0 {
		return nil, missingID(file, keys)
	}
	return out, problems
}

// flatten keeps a record's string values (and the values of a "labels"
// object) as strings; null is absent.
func flatten(raw map[string]any) map[string]string {
	m := map[string]string{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			m[k] = v
		case float64, bool:
			m[k] = fmt.Sprint(v)
		case []any:
			var parts []string
			for _, x := range v {
				parts = append(parts, fmt.Sprint(x))
			}
			m[k] = strings.Join(parts, ";")
		case map[string]any:
			if k == "labels" {
				for lk, lv := range flatten(v) {
					m[lk] = lv
				}
			}
		}
	}
	return m
}

func mapKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// readLabelStudio reads a Label Studio JSON export: tasks with their data
// (item_id, item_table) and annotations whose results name the label
// column (from_name) and hold choices or text.
func readLabelStudio(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	var tasks []struct {
		ID          int64          `json:"id"`
		Data        map[string]any `json:"data"`
		Annotations []struct {
			WasCancelled bool `json:"was_cancelled"`
			Result       []struct {
				FromName string `json:"from_name"`
				Value    struct {
					Choices []string `json:"choices"`
					Text    []string `json:"text"`
				} `json:"value"`
			} `json:"result"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(data, &tasks); err != nil {
		return nil, []Problem{{File: file, Msg: "not a Label Studio JSON export: " + err.Error()}}
	}
	var (
		out      []cell
		problems []Problem
	)
	for i, t := range tasks {
		n := i + 1
		d := flatten(t.Data)
		id := d["item_id"]
		if id == "" {
			problems = append(problems, Problem{File: file, Row: n, Msg: fmt.Sprintf("task %d has no data.item_id (was it exported by threadset labels export --format labelstudio?)", t.ID)})
			continue
		}
		table := tableOf(id, d["item_table"])
		// The last annotation that was not cancelled is the annotator's.
		for j := len(t.Annotations) - 1; j >= 0; j-- {
			a := t.Annotations[j]
			if a.WasCancelled {
				continue
			}
			for _, r := range a.Result {
				vals := r.Value.Choices
				if len(vals) == 0 {
					vals = r.Value.Text
				}
				if len(vals) == 0 {
					continue
				}
				out = append(out, cell{row: n, table: table, id: id, label: r.FromName, value: strings.Join(vals, ";"),
					raw: map[string]string{"item_id": id, r.FromName: strings.Join(vals, ";")}})
			}
			break
		}
	}
	return out, problems
}

// readDoccano reads a doccano text-classification export (JSON Lines with
// a label list); each record carries the item_id and label_column that
// labels export wrote.
func readDoccano(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	var (
		out      []cell
		problems []Problem
	)
	eachLine(data, func(n int, line []byte) {
		var rec struct {
			ItemID      string   `json:"item_id"`
			ItemTable   string   `json:"item_table"`
			LabelColumn string   `json:"label_column"`
			Label       []string `json:"label"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			problems = append(problems, Problem{File: file, Row: n, Msg: "not a doccano record: " + err.Error()})
			return
		}
		if rec.ItemID == "" || rec.LabelColumn == "" {
			problems = append(problems, Problem{File: file, Row: n, Msg: "missing item_id or label_column (was it exported by threadset labels export --format doccano?)"})
			return
		}
		if len(rec.Label) == 0 {
			return
		}
		v := strings.Join(rec.Label, ";")
		out = append(out, cell{row: n, table: tableOf(rec.ItemID, rec.ItemTable), id: rec.ItemID, label: rec.LabelColumn, value: v,
			raw: map[string]string{"item_id": rec.ItemID, rec.LabelColumn: v}})
	})
	return out, problems
}

// eachLine calls fn with every non-blank line of JSON Lines data and its
// 1-based line number.
func eachLine(data []byte, fn func(n int, line []byte)) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			fn(n, line)
		}
	}
}

// readParquet reads a table written by pandas, polars or DuckDB: an ID
// column and label columns, whatever else it holds.
func readParquet(path string, ls *schema.LabelSet) ([]cell, []Problem) {
	file := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, []Problem{{File: file, Msg: err.Error()}}
	}
	defer f.Close()
	var (
		out      []cell
		problems []Problem
		n        int
	)
	cols, err := parquetio.ReadAny(f, memory.NewGoAllocator(), func(rec map[string]string) error {
		n++
		cs, p := rowCells(file, n, rec, ls)
		if p != nil {
			problems = append(problems, *p)
			return nil
		}
		out = append(out, cs...)
		return nil
	})
	if err != nil {
		return nil, []Problem{{File: file, Msg: "not a readable Parquet file: " + err.Error()}}
	}
	if !hasAny(cols, idColumns) {
		return nil, missingID(file, cols)
	}
	return out, problems
}

// check validates cells against the label set and the dataset's items.
func check(path string, cells []cell, ls *schema.LabelSet, items map[string]string) (good []cell, bad []Problem) {
	file := filepath.Base(path)
	type key struct{ id, label string }
	first := map[key]int{}
	for _, c := range cells {
		if table, ok := items[c.id]; !ok {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("no article or comment with ID %q in the dataset", c.id)})
			continue
		} else if table != c.table {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("%s is in %s, not %s", c.id, table, c.table)})
			continue
		}
		lc := ls.Column(c.table, c.label)
		if lc == nil {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("%s has no label column %q", c.table, c.label)})
			continue
		}
		v, err := lc.Check(c.value)
		if err != nil {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: err.Error()})
			continue
		}
		k := key{c.id, c.label}
		if r, dup := first[k]; dup {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("%s %s is labelled twice in this file (rows %d and %d)", c.id, c.label, r, c.row)})
			continue
		}
		first[k] = c.row
		c.value = v
		good = append(good, c)
	}
	// A row with one bad value is rejected whole.
	badRows := map[int]bool{}
	for _, p := range bad {
		badRows[p.Row] = true
	}
	kept := good[:0]
	for _, c := range good {
		if !badRows[c.row] {
			kept = append(kept, c)
		}
	}
	return kept, bad
}

// writeRejected writes the rows of a file that were rejected, with why, to
// FILE.rejected.jsonl beside it (the input itself is never changed).
func writeRejected(path string, cells []cell, bad []Problem) (string, error) {
	out := path + ".rejected.jsonl"
	var b bytes.Buffer
	byRow := map[int]map[string]string{}
	for _, c := range cells {
		byRow[c.row] = c.raw
	}
	for _, p := range bad {
		rec := map[string]any{"row": p.Row, "error": p.Msg}
		if raw, ok := byRow[p.Row]; ok {
			rec["record"] = raw
		}
		line, err := json.Marshal(rec)
		if err != nil {
			return "", err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return out, os.WriteFile(out, b.Bytes(), 0o644)
}
