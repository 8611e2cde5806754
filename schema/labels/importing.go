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
	"errors"
	"fmt"
	"io"
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
	row   int // 1-based row as a spreadsheet shows it (CSV: the header is row 1), or record
	table string
	// who names the annotator when the file does (Label Studio's
	// completed_by, an annotator column): the name or e-mail first, then
	// the user ID; empty when the file names none.
	who   []string
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
	// Encoding says the problem is text that is not valid UTF-8.
	Encoding bool
	raw      map[string]string // the row as read, when it was read
}

func (p Problem) String() string {
	if p.Row == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s: row %d: %s", p.File, p.Row, p.Msg)
}

// ImportError lists every problem of an import that imported nothing.
type ImportError struct{ Problems []Problem }

// Encoding says whether some problem is text that is not valid UTF-8.
func (e *ImportError) Encoding() bool {
	for _, p := range e.Problems {
		if p.Encoding {
			return true
		}
	}
	return false
}

func (e *ImportError) Error() string {
	if len(e.Problems) == 1 {
		return "nothing was imported: " + e.Problems[0].String()
	}
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
	// Annotator names the labels of files that name no annotator of
	// their own, or only one that Annotators does not map (a Label Studio
	// export names its annotators by e-mail or user ID).
	Annotator string
	// Annotators maps a name, e-mail or user ID found in a file (or given
	// as Annotator), normalised, to the annotator's name (ReadAnnotatorMap).
	Annotators map[string]string
	// Adjudicator marks the annotators of this import as adjudicators:
	// their label decides an item's label column.
	Adjudicator bool
	// Again imports a file whose labels (same sha256) are in the dataset
	// already; otherwise that is refused.
	Again bool
	// Format forces a format; empty picks it from the file name and content.
	Format string
	// Encoding is the text encoding of the files (a WHATWG name such as
	// latin1, windows-1252 or utf-16); empty for UTF-8, or UTF-16 with a
	// byte order mark.
	Encoding string
	// SkipInvalid imports the good rows and writes the rejected ones, one
	// record per row with all its errors, to FILE.rejected.jsonl (or, when
	// that exists, the first free FILE.rejected-N.jsonl) instead of
	// importing nothing.
	SkipInvalid bool
	// Info documents the build in the rewritten card.
	Info dataset.CardInfo
}

// ImportResult says what an import did.
type ImportResult struct {
	Imported int
	Replaced int // labels the same annotator had given before
	// Rejected counts the rejected rows (a problem with a whole file
	// counts as one).
	Rejected int
	// RejectedFiles are the files the rejected rows were written to.
	RejectedFiles []string
	Ties          int
	Manifest      *dataset.Manifest
}

// Import reads filled label files and writes a new version of the dataset
// with their labels added.
func Import(dir string, files []string, opts ImportOptions) (*ImportResult, error) {
	if opts.Encoding != "" {
		if _, err := decodeText(nil, opts.Encoding); err != nil {
			return nil, err
		}
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
		had      = map[string]int{} // sha256 -> labels in the dataset from that file
	)
	for _, as := range [][]schema.Annotation{annotations, orphans} {
		for _, a := range as {
			had[a.SourceSHA256]++
		}
	}
	fallback := ""
	if strings.TrimSpace(opts.Annotator) != "" {
		fallback = resolveAnnotator(opts.Annotators, opts.Annotator)
	}
	seen := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		if prev, dup := seen[sha]; dup {
			return nil, &AlreadyImportedError{File: f, SHA256: sha, Same: prev}
		}
		seen[sha] = f
		if n := had[sha]; n > 0 && !opts.Again {
			return nil, &AlreadyImportedError{File: f, SHA256: sha, Labels: n}
		}
		format := opts.Format
		if format == "" && (strings.HasSuffix(strings.ToLower(f), ".parquet") || bytes.HasPrefix(data, xlsxMagic)) {
			format = detectFormat(f, data)
		}
		var (
			cells        []cell
			fileProblems []Problem
		)
		text, err := data, error(nil)
		switch {
		case format != FormatParquet && format != FormatXLSX:
			text, err = decodeText(data, opts.Encoding)
		case opts.Encoding != "":
			err = fmt.Errorf("a %s file has no text encoding to name", format)
		}
		if err != nil {
			fileProblems = []Problem{{File: filepath.Base(f), Msg: err.Error()}}
		} else {
			if format == "" {
				format = detectFormat(f, text)
			}
			cells, fileProblems = readCells(f, text, format, ls)
		}
		good, bad := check(dir, f, cells, ls, items)
		bad = append(fileProblems, bad...)
		if len(cells) == 0 && len(bad) == 0 {
			bad = append(bad, Problem{File: filepath.Base(f), Msg: "no labels in the file: every label column is empty"})
		}
		if len(bad) > 0 && opts.SkipInvalid {
			rejected, rows, err := writeRejected(f, cells, bad)
			if err != nil {
				return nil, err
			}
			res.RejectedFiles = append(res.RejectedFiles, rejected)
			res.Rejected += rows
		} else {
			problems = append(problems, bad...)
		}
		// A file that names one annotator whom --annotators does not map
		// is the given annotator's (a one-person Label Studio project).
		named, mapped := map[string]bool{}, false
		for _, c := range good {
			if len(c.who) > 0 {
				named[resolveAnnotator(opts.Annotators, c.who...)] = true
				mapped = mapped || isMapped(opts.Annotators, c.who...)
			}
		}
		if fallback != "" && len(named) == 1 && !mapped {
			named = map[string]bool{}
		}
		for _, c := range good {
			who := fallback
			if len(c.who) > 0 && len(named) > 0 {
				who = resolveAnnotator(opts.Annotators, c.who...)
			}
			if who == "" {
				return nil, fmt.Errorf("%w: %s, row %d, names no annotator", ErrNoAnnotator, filepath.Base(f), c.row)
			}
			fresh = append(fresh, schema.Annotation{ItemTable: c.table, ItemID: c.id, Label: c.label, Annotator: who,
				Value: c.value, SourceFile: filepath.Base(f), SourceSHA256: sha, SourceRow: int32(c.row)})
		}
		entry := dataset.Import{File: filepath.Base(f), SHA256: sha, Format: format, Annotator: fallback, Labels: len(good), Adjudicator: opts.Adjudicator}
		if len(named) > 0 {
			entry.Annotators = sortedSet(named)
		}
		imports = append(imports, entry)
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
	case bytes.HasPrefix(data, xlsxMagic):
		return FormatXLSX
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
		return readParquet(name, data, ls)
	case FormatXLSX:
		return readXLSX(name, data, ls)
	}
	return nil, []Problem{{File: name, Msg: fmt.Sprintf("unknown format %q, must be one of [csv xlsx jsonl labelstudio doccano parquet]", format)}}
}

// idColumns are the column names an ID may come under.
var idColumns = []string{"item_id", "comment_id", "article_id"}

// rowCells turns one flat record (CSV row, JSON object, Parquet row) into
// cells: its ID column, and every label column of the item's table that
// has a value. Other columns (text, context) are ignored.
func rowCells(file string, n int, rec map[string]string, ls *schema.LabelSet) ([]cell, *Problem) {
	for _, k := range sortedKeys(rec) {
		if i := invalidUTF8(rec[k]); i >= 0 {
			return nil, &Problem{File: file, Row: n, Msg: "column " + safeName(k) + ": " + notUTF8(rec[k], i), Encoding: true, raw: validRecord(rec)}
		}
		if i := invalidUTF8(k); i >= 0 {
			return nil, &Problem{File: file, Row: n, Msg: "a column name is " + notUTF8(k, i), Encoding: true}
		}
	}
	id := ""
	for _, c := range idColumns {
		if v := strings.TrimSpace(rec[c]); v != "" {
			id = v
			break
		}
	}
	if id == "" {
		return nil, &Problem{File: file, Row: n, Msg: "empty item_id", raw: rec}
	}
	table := tableOf(id, rec["item_table"])
	// Label Studio's CSV and JSON-MIN exports name the annotator of each
	// row (an e-mail, or a user ID).
	var who []string
	if a := strings.TrimSpace(rec["annotator"]); a != "" {
		who = []string{a}
	}
	var out []cell
	for _, lc := range ls.ColumnsOf(table) {
		if v, ok := rec[lc.Name]; ok && strings.TrimSpace(v) != "" {
			out = append(out, cell{row: n, table: table, id: id, label: lc.Name, value: choicesCell(v), who: who, raw: rec})
		}
	}
	for _, lc := range ls.Columns {
		if v := strings.TrimSpace(rec[lc.Name]); v != "" && lc.Table != table && ls.Column(table, lc.Name) == nil {
			return nil, &Problem{File: file, Row: n, Msg: fmt.Sprintf("%s is in %s, which has no label column %q", id, table, lc.Name), raw: rec}
		}
	}
	return out, nil
}

// sortedKeys lists a record's columns in order, so that the first problem
// found in a row is the same on every run.
func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// safeName quotes a column name that is not valid UTF-8.
func safeName(k string) string {
	if invalidUTF8(k) >= 0 {
		return fmt.Sprintf("%q", k)
	}
	return k
}

// validRecord is rec with invalid UTF-8 spelled out as Go escapes, so that
// the rejected-rows file stays valid UTF-8 and shows the bytes.
func validRecord(rec map[string]string) map[string]string {
	out := make(map[string]string, len(rec))
	for k, v := range rec {
		if invalidUTF8(v) >= 0 {
			v = strings.Trim(fmt.Sprintf("%q", v), `"`)
		}
		out[strings.ToValidUTF8(k, "\uFFFD")] = v
	}
	return out
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
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
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
	// Rows are numbered as a spreadsheet shows them: the header is row 1.
	for n := 2; ; n++ {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			problems = append(problems, Problem{File: file, Row: n, Msg: err.Error()})
			break
		}
		m := map[string]string{}
		for i, h := range header {
			if i < len(rec) {
				// Export put a ' before a cell a spreadsheet would run as
				// a formula; take it off.
				m[h] = UnescapeCell(rec[i])
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
	err := eachLine(data, func(n int, line []byte) {
		if i := invalidUTF8(string(line)); i >= 0 {
			problems = append(problems, Problem{File: file, Row: n, Msg: fmt.Sprintf("byte %d: %s", i+1, notUTF8(string(line), i)), Encoding: true})
			return
		}
		var raw map[string]any
		if err := json.Unmarshal(line, &raw); err != nil {
			problems = append(problems, Problem{File: file, Row: n, Msg: "not a JSON object: " + err.Error()})
			return
		}
		m := flatten(raw)
		if keys == nil {
			keys = sortedKeys(m)
		}
		if !hasAny(mapKeys(m), idColumns) {
			// A line with no ID is skipped only when it has no label
			// either (a comment or metadata line).
			for _, lc := range ls.Columns {
				if strings.TrimSpace(m[lc.Name]) != "" {
					problems = append(problems, Problem{File: file, Row: n, Msg: fmt.Sprintf("a %s label but no item_id (or comment_id, article_id)", lc.Name), raw: m})
					return
				}
			}
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
	if err != nil {
		problems = append(problems, Problem{File: file, Row: err.line, Msg: err.Error()})
	}
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
			switch {
			case k == "labels":
				for lk, lv := range flatten(v) {
					m[lk] = lv
				}
			case v["choices"] != nil || v["text"] != nil:
				// Label Studio JSON-MIN: {"choices": [...]} for a
				// multiple choice, {"text": [...]} for a text area.
				for _, key := range []string{"choices", "text"} {
					if x, ok := flatten(map[string]any{key: v[key]})[key]; ok {
						m[k] = x
						break
					}
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
// column (from_name) and hold choices or text. Every annotation is its
// annotator's (completed_by: a user ID, or a user with an e-mail); an
// annotation without one stands for the import's annotator, of whom the
// last one not cancelled counts. A JSON-MIN export (flat records, one per
// annotation, with an annotator field) is read as well.
func readLabelStudio(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	type annotation struct {
		WasCancelled bool            `json:"was_cancelled"`
		CompletedBy  json.RawMessage `json:"completed_by"`
		Result       []struct {
			FromName string `json:"from_name"`
			Value    struct {
				Choices []string `json:"choices"`
				Text    []string `json:"text"`
			} `json:"value"`
		} `json:"result"`
	}
	var tasks []struct {
		ID          int64          `json:"id"`
		Data        map[string]any `json:"data"`
		Annotations []annotation   `json:"annotations"`
	}
	if i := invalidUTF8(string(data)); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte("\n"))
		col := i - bytes.LastIndexByte(data[:i], '\n')
		return nil, []Problem{{File: file, Msg: fmt.Sprintf("line %d, byte %d: %s", line, col, notUTF8(string(data), i)), Encoding: true}}
	}
	var records []map[string]any
	if err := json.Unmarshal(data, &records); err != nil {
		return nil, []Problem{{File: file, Msg: "not a Label Studio JSON export: " + err.Error()}}
	}
	if len(records) > 0 && records[0]["data"] == nil && records[0]["annotations"] == nil {
		return readLabelStudioMin(file, records, ls)
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
		// Each annotator's last annotation that was not cancelled counts.
		done := map[string]bool{}
		for j := len(t.Annotations) - 1; j >= 0; j-- {
			a := t.Annotations[j]
			if a.WasCancelled {
				continue
			}
			who := completedBy(a.CompletedBy)
			key := strings.Join(who, "\x00")
			if done[key] {
				continue
			}
			done[key] = true
			for _, r := range a.Result {
				vals := r.Value.Choices
				if len(vals) == 0 {
					vals = r.Value.Text
				}
				if len(vals) == 0 {
					continue
				}
				out = append(out, cell{row: n, table: table, id: id, label: r.FromName, value: strings.Join(vals, ManySeparator), who: who,
					raw: map[string]string{"item_id": id, r.FromName: strings.Join(vals, ManySeparator)}})
			}
		}
	}
	return out, problems
}

// completedBy is who a Label Studio annotation names: a user ID (42), or
// a user object with an e-mail, a user name and an ID; nil for none.
func completedBy(raw json.RawMessage) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var id json.Number
	if err := json.Unmarshal(raw, &id); err == nil {
		return []string{id.String()}
	}
	var u struct {
		ID        json.Number `json:"id"`
		Email     string      `json:"email"`
		Username  string      `json:"username"`
		FirstName string      `json:"first_name"`
		LastName  string      `json:"last_name"`
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return nil
	}
	var out []string
	for _, s := range []string{u.Email, u.Username, strings.TrimSpace(u.FirstName + " " + u.LastName), u.ID.String()} {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// readLabelStudioMin reads Label Studio's JSON-MIN export: one flat record
// per annotation with the task's data, each label column's value (a
// string, or {"choices": [...]}) and the annotator.
func readLabelStudioMin(file string, records []map[string]any, ls *schema.LabelSet) ([]cell, []Problem) {
	var (
		out      []cell
		problems []Problem
		keys     []string
		sawID    bool
	)
	for i, raw := range records {
		m := flatten(raw)
		if keys == nil {
			keys = sortedKeys(m)
		}
		if !hasAny(mapKeys(m), idColumns) {
			problems = append(problems, Problem{File: file, Row: i + 1, Msg: fmt.Sprintf("record %d has no item_id (was it exported by threadset labels export --format labelstudio?)", i+1)})
			continue
		}
		sawID = true
		cs, p := rowCells(file, i+1, m, ls)
		if p != nil {
			problems = append(problems, *p)
			continue
		}
		out = append(out, cs...)
	}
	if !sawID && len(problems) == 0 {
		return nil, missingID(file, keys)
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
	err := eachLine(data, func(n int, line []byte) {
		if i := invalidUTF8(string(line)); i >= 0 {
			problems = append(problems, Problem{File: file, Row: n, Msg: fmt.Sprintf("byte %d: %s", i+1, notUTF8(string(line), i)), Encoding: true})
			return
		}
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
	if err != nil {
		problems = append(problems, Problem{File: file, Row: err.line, Msg: err.Error()})
	}
	return out, problems
}

// maxLine is the longest JSON Lines record read; a variable so that tests
// can lower it.
var maxLine = 64 << 20

// lineError is a line eachLine could not read.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string {
	if errors.Is(e.err, bufio.ErrTooLong) {
		return fmt.Sprintf("longer than %d MiB, the limit of a JSON Lines record; the rest of the file was not read", maxLine>>20)
	}
	return e.err.Error()
}

// eachLine calls fn with every non-blank line of JSON Lines data and its
// 1-based line number. A line it cannot read is returned as an error,
// never taken for the end of the file.
func eachLine(data []byte, fn func(n int, line []byte)) *lineError {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, min(1<<20, maxLine)), maxLine)
	n := 1
	for ; sc.Scan(); n++ {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			fn(n, line)
		}
	}
	if err := sc.Err(); err != nil {
		return &lineError{line: n, err: err}
	}
	return nil
}

// readParquet reads a table written by pandas, polars or DuckDB: an ID
// column and label columns, whatever else it holds.
func readParquet(file string, data []byte, ls *schema.LabelSet) ([]cell, []Problem) {
	var (
		out      []cell
		problems []Problem
		n        int
	)
	cols, err := parquetio.ReadAny(bytes.NewReader(data), memory.NewGoAllocator(), func(rec map[string]string) error {
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
func check(dir, path string, cells []cell, ls *schema.LabelSet, items map[string]string) (good []cell, bad []Problem) {
	file := filepath.Base(path)
	// A file of another dataset: one line, not one per row.
	ids := map[string]bool{}
	known := false
	for _, c := range cells {
		ids[c.id] = true
		_, ok := items[c.id]
		known = known || ok
	}
	if len(ids) > 0 && !known {
		return nil, []Problem{{File: file, Msg: fmt.Sprintf("none of the %d IDs in %s are in %s; was it exported from another dataset?", len(ids), file, dir)}}
	}
	type key struct{ id, label, who string }
	first := map[key]int{}
	for _, c := range cells {
		if table, ok := items[c.id]; !ok {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("no article or comment with ID %q in the dataset", c.id), raw: c.raw})
			continue
		} else if table != c.table {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("%s is in %s, not %s", c.id, table, c.table), raw: c.raw})
			continue
		}
		lc := ls.Column(c.table, c.label)
		if lc == nil {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("%s has no label column %q", c.table, c.label), raw: c.raw})
			continue
		}
		v, err := lc.Check(c.value)
		if err != nil {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: err.Error() + hint(lc, c.value), raw: c.raw})
			continue
		}
		k := key{c.id, c.label, strings.Join(c.who, "\x00")}
		if r, dup := first[k]; dup {
			bad = append(bad, Problem{File: file, Row: c.row, Msg: fmt.Sprintf("%s %s is labelled twice in this file (rows %d and %d)", c.id, c.label, r, c.row), raw: c.raw})
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

// writeRejected writes the rows of a file that were rejected to a new
// file beside it, one JSON record per row with all its errors, and
// returns its name and the number of rows. The file is
// FILE.rejected.jsonl, or FILE.rejected-2.jsonl, -3, ... when that name
// is taken: an existing file (or a symbolic link) of that name is never
// replaced or followed. The input itself is never changed.
func writeRejected(path string, cells []cell, bad []Problem) (string, int, error) {
	type record struct {
		Row    int               `json:"row"`
		Errors []string          `json:"errors"`
		Record map[string]string `json:"record,omitempty"`
	}
	var recs []*record
	byRow := map[int]*record{}
	for _, p := range bad {
		r, ok := byRow[p.Row]
		if !ok {
			r = &record{Row: p.Row}
			byRow[p.Row], recs = r, append(recs, r)
		}
		r.Errors = append(r.Errors, p.Msg)
		if r.Record == nil && p.raw != nil {
			r.Record = p.raw
		}
	}
	for _, c := range cells {
		if r, ok := byRow[c.row]; ok && r.Record == nil {
			r.Record = c.raw
		}
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Row < recs[j].Row })
	var b bytes.Buffer
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			return "", 0, err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	out, err := writeNew(path, ".rejected", ".jsonl", b.Bytes())
	return out, len(recs), err
}

// writeNew writes data to the first free name of base+suffix+ext,
// base+suffix+"-2"+ext, ...: it writes a temporary file, syncs it, and
// links it to the name, which fails rather than replace anything there.
func writeNew(base, suffix, ext string, data []byte) (string, error) {
	tmp, err := createTemp(base+suffix+ext, 0o666)
	if err != nil {
		return "", err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	for i := 1; i <= 1000; i++ {
		name := base + suffix + ext
		if i > 1 {
			name = fmt.Sprintf("%s%s-%d%s", base, suffix, i, ext)
		}
		err := os.Link(tmp.Name(), name)
		if err == nil {
			return name, dataset.SyncDir(filepath.Dir(name))
		}
		if !os.IsExist(err) {
			return "", err
		}
	}
	return "", fmt.Errorf("%s%s%s and the next 999 names are taken", base, suffix, ext)
}
