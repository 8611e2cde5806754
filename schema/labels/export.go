package labels

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// ExportOptions choose the items to export and their format.
type ExportOptions struct {
	Table  string // articles or comments
	Format string // csv, jsonl, labelstudio, doccano
	// Source keeps items of this source (name or source_id).
	Source string
	// Article keeps items of this article_id.
	Article string
	// MaxDepth keeps comments at most this deep; negative for any.
	MaxDepth int
	// Unlabelled keeps items whose label columns are all null.
	Unlabelled bool
	// Sample keeps a random sample of this many items (0: all), chosen by
	// Seed: the same seed gives the same sample, whatever the order.
	Sample int
	Seed   int64
	// Column is the label column of a doccano export (doccano labels one
	// column per project); empty for the table's first.
	Column string
	// Prefill puts labels already given into a Label Studio export as
	// predictions (pre-annotations), so that a second round or an
	// adjudicator starts from them: PrefillMajority for the label columns
	// (the majority, or the adjudicator's label), or an annotator's name
	// for that annotator's labels; empty for none.
	Prefill string
}

// PrefillMajority prefills the label columns' values.
const PrefillMajority = "majority"

// Task is one item to label, with its context.
type Task struct {
	ItemID       string `json:"item_id"`
	ItemTable    string `json:"item_table"`
	ArticleID    string `json:"article_id"`
	ArticleTitle string `json:"article_title"`
	// ArticleLead is the article's first paragraphs (at most LeadChars),
	// what a top-level comment's reply_stance is about.
	ArticleLead string    `json:"article_lead"`
	Context     []Message `json:"context"`
	Author      string    `json:"author"`
	Text        string    `json:"text"`
	// prefill are the labels to offer as predictions, by label column.
	prefill map[string]string
}

// Message is one turn of a thread: the article or a parent comment.
type Message struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

// CheckExportOptions checks the options against the dataset's label set
// (table, format, doccano column) and fills in the defaults, before any
// row is read or any file written.
func CheckExportOptions(dir string, opts *ExportOptions) error {
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return err
	}
	ls := m.Labels()
	if opts.Table == "" {
		opts.Table = "comments"
	}
	if opts.Format == "" {
		opts.Format = FormatCSV
	}
	if opts.Table != "articles" && opts.Table != "comments" {
		return fmt.Errorf("unknown table %q, must be one of [articles comments]", opts.Table)
	}
	switch opts.Format {
	case FormatCSV, FormatXLSX, FormatJSONL, FormatLabelStudio, FormatDoccano:
	default:
		return fmt.Errorf("unknown format %q, must be one of [csv xlsx jsonl labelstudio doccano]", opts.Format)
	}
	cols := ls.ColumnsOf(opts.Table)
	if len(cols) == 0 {
		return fmt.Errorf("the label set %s has no label columns for %s", ls.Name, opts.Table)
	}
	if opts.Prefill != "" && opts.Format != FormatLabelStudio {
		return fmt.Errorf("prefilled labels go into a Label Studio export only (as predictions), not into %s", opts.Format)
	}
	if opts.Column != "" {
		if opts.Format != FormatDoccano {
			return fmt.Errorf("a label column is chosen for a doccano export only, not for %s", opts.Format)
		}
		if ls.Column(opts.Table, opts.Column) == nil {
			return fmt.Errorf("%s has no label column %q", opts.Table, opts.Column)
		}
	}
	return nil
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Tasks int
	// Matched is how many items passed the filters, before --sample.
	Matched int
}

// FilterError is an export whose filters match nothing: it names the
// filter and the values that would match.
type FilterError struct{ Msg string }

func (e *FilterError) Error() string { return e.Msg }

// Export writes the chosen items as tasks; for Label Studio it also writes
// the labelling config to config (nil for other formats).
func Export(dir string, opts ExportOptions, w, config io.Writer) (ExportResult, error) {
	if err := CheckExportOptions(dir, &opts); err != nil {
		return ExportResult{}, err
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return ExportResult{}, err
	}
	ls := m.Labels()
	cols := ls.ColumnsOf(opts.Table)
	tasks, matched, err := collect(dir, ls, opts)
	if err != nil {
		return ExportResult{}, err
	}
	switch opts.Format {
	case FormatCSV:
		err = writeCSV(w, tasks, cols)
	case FormatXLSX:
		err = writeXLSX(w, tasks, cols)
	case FormatJSONL:
		err = writeJSONL(w, tasks, cols)
	case FormatLabelStudio:
		if err = writeLabelStudio(w, tasks, cols, opts.Prefill); err == nil && config != nil {
			_, err = io.WriteString(config, LabelStudioConfig(opts.Table, cols))
		}
	case FormatDoccano:
		col := cols[0]
		if opts.Column != "" {
			col = ls.Column(opts.Table, opts.Column)
		}
		err = writeDoccano(w, tasks, col)
	}
	return ExportResult{Tasks: len(tasks), Matched: matched}, err
}

// collect reads the items that pass the filters, with their thread
// context, and says how many passed before sampling.
func collect(dir string, ls *schema.LabelSet, opts ExportOptions) ([]Task, int, error) {
	sources := map[string]string{} // source_id -> name
	if err := dataset.ReadTable(dir, schema.Sources, func(r schema.Row) error {
		sources[dataset.Str(r[schema.Sources.Index(schema.ColSourceID)])] = dataset.Str(r[schema.Sources.Index(schema.ColName)])
		return nil
	}); err != nil {
		return nil, 0, err
	}
	if err := checkSource(opts.Source, sources); err != nil {
		return nil, 0, err
	}
	byAnnotator, err := annotatorLabels(dir, opts.Prefill)
	if err != nil {
		return nil, 0, err
	}
	// prefill is what an item's task offers as predictions.
	prefill := func(t *schema.Table, id string, r schema.Row) map[string]string {
		if opts.Prefill == "" {
			return nil
		}
		if byAnnotator != nil {
			return byAnnotator[id]
		}
		out := map[string]string{}
		for j, c := range t.Columns {
			if c.Label && r[j] != nil {
				out[c.Name] = dataset.Str(r[j])
			}
		}
		return out
	}
	at := ls.Table("articles")
	type art struct{ title, body, lead, source string }
	arts := map[string]art{}
	var tasks []Task
	keepSource := func(src string) bool {
		return opts.Source == "" || opts.Source == src || opts.Source == sources[src]
	}
	unlabelled := func(t *schema.Table, r schema.Row) bool {
		for j, c := range t.Columns {
			if c.Label && r[j] != nil {
				return false
			}
		}
		return true
	}
	var articleIDs []string
	if err := dataset.ReadTable(dir, at, func(r schema.Row) error {
		id, src := dataset.Str(r[at.Index(schema.ColArticleID)]), dataset.Str(r[at.Index(schema.ColSourceID)])
		a := art{title: dataset.Str(r[at.Index("title")]), body: dataset.Str(r[at.Index("body")]), source: src}
		if opts.Table == "comments" {
			a.lead = articleLead(a.body)
		}
		arts[id] = a
		articleIDs = append(articleIDs, id)
		if opts.Table == "articles" && keepSource(src) && (opts.Article == "" || opts.Article == id) && (!opts.Unlabelled || unlabelled(at, r)) {
			tasks = append(tasks, Task{ItemID: id, ItemTable: "articles", ArticleID: id, ArticleTitle: a.title, Text: a.body, prefill: prefill(at, id, r)})
		}
		return nil
	}); err != nil {
		return nil, 0, err
	}
	if _, ok := arts[opts.Article]; opts.Article != "" && !ok {
		return nil, 0, &FilterError{fmt.Sprintf("no article %q in %s; its %d article(s) are [%s]", opts.Article, dir, len(articleIDs), listSome(articleIDs, 20))}
	}
	if opts.Table == "comments" {
		ct := ls.Table("comments")
		col := func(n string) int { return ct.Index(n) }
		var (
			current string
			byID    map[string]threadComment
		)
		if err := dataset.ReadTable(dir, ct, func(r schema.Row) error {
			id, artID := dataset.Str(r[col(schema.ColCommentID)]), dataset.Str(r[col(schema.ColArticleID)])
			if artID != current { // comments are grouped by article
				current, byID = artID, map[string]threadComment{}
			}
			c := threadComment{parent: dataset.Str(r[col(schema.ColParentID)]), author: dataset.Str(r[col(schema.ColAuthor)]), text: dataset.Str(r[col("text")])}
			if pc, ok := byID[c.parent]; ok && c.parent != "" {
				c.above, c.root = pc.above+1, pc.root
				if pc.above == 0 {
					c.root = c.parent
				}
			}
			byID[id] = c
			a := arts[artID]
			depth := int(dataset.I32(r[col(schema.ColDepth)]))
			if !keepSource(a.source) || (opts.Article != "" && opts.Article != artID) ||
				(opts.MaxDepth >= 0 && depth > opts.MaxDepth) || (opts.Unlabelled && !unlabelled(ct, r)) {
				return nil
			}
			tasks = append(tasks, Task{ItemID: id, ItemTable: "comments", ArticleID: artID, ArticleTitle: a.title, ArticleLead: a.lead,
				Context: threadContext(byID, c, a.title, a.lead), Author: c.author, Text: c.text, prefill: prefill(ct, id, r)})
			return nil
		}); err != nil {
			return nil, 0, err
		}
	}
	matched := len(tasks)
	if matched == 0 {
		return nil, 0, &FilterError{fmt.Sprintf("no %s in %s match the filters%s", opts.Table, dir, describeFilters(opts))}
	}
	if opts.Sample > 0 && opts.Sample < len(tasks) {
		tasks = sample(tasks, opts.Sample, opts.Seed)
	}
	return tasks, matched, nil
}

// checkSource refuses a --source that names no source, listing the names.
func checkSource(want string, sources map[string]string) error {
	if want == "" {
		return nil
	}
	var names []string
	for id, name := range sources {
		if want == id || want == name {
			return nil
		}
		names = append(names, name)
	}
	sort.Strings(names)
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	msg := fmt.Sprintf("no source %q; the sources are [%s] (or their source_id)", want, strings.Join(quoted, " "))
	for _, n := range names {
		if fold(n) == fold(want) {
			msg += fmt.Sprintf("; did you mean %q?", n)
			break
		}
	}
	return &FilterError{msg}
}

// fold is a name without case, spaces or punctuation, to recognise
// "Anti Empire" as "Anti-Empire".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func listSome(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, " ")
	}
	return strings.Join(ids[:n], " ") + fmt.Sprintf(" ... and %d more", len(ids)-n)
}

func describeFilters(opts ExportOptions) string {
	var f []string
	if opts.Source != "" {
		f = append(f, fmt.Sprintf("--source %q", opts.Source))
	}
	if opts.Article != "" {
		f = append(f, "--article "+opts.Article)
	}
	if opts.MaxDepth >= 0 && opts.Table == "comments" {
		f = append(f, fmt.Sprintf("--max-depth %d", opts.MaxDepth))
	}
	if opts.Unlabelled {
		f = append(f, "--unlabelled")
	}
	if len(f) == 0 {
		return " (the dataset has none)"
	}
	return ": " + strings.Join(f, ", ")
}

// LeadChars caps the article lead a comment's task shows; ContextChars
// caps every message of the context (the parent comment above all), so
// that a task stays readable and its size bounded.
const (
	LeadChars    = 600
	ContextChars = 1500
)

// articleLead is the article's first paragraphs, as many as fit in
// LeadChars (the first one capped if it alone is longer).
func articleLead(body string) string {
	var lead []string
	n := 0
	for _, p := range strings.Split(strings.TrimSpace(body), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if len(lead) > 0 && n+len([]rune(p)) > LeadChars {
			break
		}
		lead = append(lead, capText(p, LeadChars))
		n += len([]rune(p))
	}
	return strings.Join(lead, "\n\n")
}

// capText cuts text longer than n runes at a word boundary and says how
// much was left out.
func capText(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	cut := n
	for i := n; i > n*3/4; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(r[:cut])) + fmt.Sprintf(" [... %d more characters]", len(r)-cut)
}

// annotatorLabels are the labels of the annotator named by prefill, by
// item and label column; nil when prefill is empty or the majority.
func annotatorLabels(dir, prefill string) (map[string]map[string]string, error) {
	if prefill == "" || prefill == PrefillMajority {
		return nil, nil
	}
	who := NormaliseAnnotator(prefill)
	annotations, _, err := dataset.ReadAnnotations(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	names := map[string]bool{}
	for _, a := range annotations {
		names[a.Annotator] = true
		if a.Annotator != who {
			continue
		}
		if out[a.ItemID] == nil {
			out[a.ItemID] = map[string]string{}
		}
		out[a.ItemID][a.Label] = a.Value
	}
	if len(out) == 0 {
		return nil, &FilterError{fmt.Sprintf("no labels by annotator %q to prefill; give %q or one of the annotators [%s]", who, PrefillMajority, strings.Join(sortedSet(names), " "))}
	}
	return out, nil
}

// ContextParents is how many of the nearest parents of a comment its
// context shows in full; above them only the thread's first comment (the
// root) is shown, and a marker says how many comments were left out.
const ContextParents = 3

// threadComment is what the context of a later comment needs of a comment:
// its parent, its text, and how many ancestors it has in the dataset
// (above) with the topmost of them (root), so that a context is built in
// a few steps whatever the depth of the thread.
type threadComment struct {
	parent, author, text string
	above                int
	root                 string
}

// threadContext is the context of comment c: the article title and lead,
// the root of its thread, "[N earlier comments]" for the ancestors left
// out, then its ContextParents nearest parents, oldest first; every text
// capped at ContextChars.
func threadContext(byID map[string]threadComment, c threadComment, title, lead string) []Message {
	article := title
	if lead != "" {
		article += "\n\n" + lead
	}
	ctx := []Message{{Author: "article", Text: article}}
	near := make([]Message, min(c.above, ContextParents))
	p := c.parent
	for i := len(near) - 1; i >= 0; i-- {
		pc := byID[p]
		near[i] = Message{Author: pc.author, Text: capText(pc.text, ContextChars)}
		p = pc.parent
	}
	if c.above > len(near) {
		r := byID[c.root]
		ctx = append(ctx, Message{Author: r.author, Text: capText(r.text, ContextChars)})
		if skipped := c.above - len(near) - 1; skipped > 0 {
			ctx = append(ctx, Message{Text: fmt.Sprintf("[%d earlier comments]", skipped)})
		}
	}
	return append(ctx, near...)
}

// sample keeps the n tasks whose IDs hash lowest under the seed, in their
// dataset order: reproducible, and independent of the order items come in.
func sample(tasks []Task, n int, seed int64) []Task {
	type ranked struct {
		i int
		h string
	}
	rs := make([]ranked, len(tasks))
	for i, t := range tasks {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s", seed, t.ItemID)))
		rs[i] = ranked{i, hex.EncodeToString(sum[:])}
	}
	sort.Slice(rs, func(a, b int) bool { return rs[a].h < rs[b].h })
	keep := make([]int, n)
	for k := 0; k < n; k++ {
		keep[k] = rs[k].i
	}
	sort.Ints(keep)
	out := make([]Task, n)
	for k, i := range keep {
		out[k] = tasks[i]
	}
	return out
}

func contextText(ctx []Message) string {
	parts := make([]string, 0, len(ctx))
	for _, m := range ctx {
		if m.Author == "" { // the marker of left-out comments
			parts = append(parts, m.Text)
			continue
		}
		parts = append(parts, m.Author+": "+m.Text)
	}
	return strings.Join(parts, "\n\n---\n\n")
}

func writeCSV(w io.Writer, tasks []Task, cols []*schema.LabelColumn) error {
	cw := csv.NewWriter(w)
	header := []string{"item_id", "item_table", "article_title", "context", "author", "text"}
	for _, c := range cols {
		header = append(header, c.Name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, t := range tasks {
		rec := []string{t.ItemID, t.ItemTable, t.ArticleTitle, contextText(t.Context), t.Author, t.Text}
		for i := range rec {
			rec[i] = EscapeCell(rec[i])
		}
		for range cols {
			rec = append(rec, "")
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSONL(w io.Writer, tasks []Task, cols []*schema.LabelColumn) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, t := range tasks {
		labels := map[string]any{}
		for _, c := range cols {
			labels[c.Name] = nil
		}
		if err := enc.Encode(struct {
			Task
			Labels map[string]any `json:"labels"`
		}{t, labels}); err != nil {
			return err
		}
	}
	return nil
}

func writeLabelStudio(w io.Writer, tasks []Task, cols []*schema.LabelColumn, prefill string) error {
	type data struct {
		Task
		Dialogue []Message `json:"dialogue"`
	}
	type prediction struct {
		ModelVersion string           `json:"model_version"`
		Result       []map[string]any `json:"result"`
	}
	type task struct {
		Data        data         `json:"data"`
		Predictions []prediction `json:"predictions,omitempty"`
	}
	out := make([]task, len(tasks))
	for i, t := range tasks {
		out[i] = task{Data: data{Task: t, Dialogue: t.Context}}
		var result []map[string]any
		for _, c := range cols {
			v, ok := t.prefill[c.Name]
			if !ok {
				continue
			}
			r := map[string]any{"from_name": c.Name, "to_name": "text", "type": "choices", "value": map[string]any{"choices": strings.Split(v, ManySeparator)}}
			if c.Type == schema.LabelText {
				r["type"], r["value"] = "textarea", map[string]any{"text": []string{v}}
			}
			result = append(result, r)
		}
		if len(result) > 0 {
			out[i].Predictions = []prediction{{ModelVersion: "threadset " + prefill, Result: result}}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// LabelStudioConfig is a labelling interface for the label set: the
// article title, the thread as a dialogue, the item, then one control per
// label column with each value's definition as its hint.
func LabelStudioConfig(table string, cols []*schema.LabelColumn) string {
	var b strings.Builder
	b.WriteString("<View>\n  <Header value=\"$article_title\"/>\n")
	if table == "comments" {
		b.WriteString("  <Paragraphs name=\"thread\" value=\"$dialogue\" layout=\"dialogue\" nameKey=\"author\" textKey=\"text\"/>\n")
	}
	b.WriteString("  <Text name=\"text\" value=\"$text\"/>\n")
	for _, c := range cols {
		fmt.Fprintf(&b, "  <Header value=\"%s: %s\"/>\n", html.EscapeString(c.Name), html.EscapeString(c.Definition))
		switch c.Type {
		case schema.LabelText:
			fmt.Fprintf(&b, "  <TextArea name=\"%s\" toName=\"text\" maxSubmissions=\"1\" editable=\"true\"/>\n", html.EscapeString(c.Name))
		default:
			choice := "single"
			if c.Type == schema.LabelMany {
				choice = "multiple"
			}
			fmt.Fprintf(&b, "  <Choices name=\"%s\" toName=\"text\" choice=\"%s\">\n", html.EscapeString(c.Name), choice)
			for _, v := range c.Values {
				fmt.Fprintf(&b, "    <Choice value=\"%s\" hint=\"%s\"/>\n", html.EscapeString(v.Value), html.EscapeString(v.Definition))
			}
			b.WriteString("  </Choices>\n")
		}
	}
	b.WriteString("</View>\n")
	return b.String()
}

func writeDoccano(w io.Writer, tasks []Task, col *schema.LabelColumn) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, t := range tasks {
		text := t.Text
		if len(t.Context) > 0 {
			text = contextText(t.Context) + "\n\n=== label this ===\n\n" + t.Text
		}
		if err := enc.Encode(map[string]any{
			"text": text, "label": []string{}, "item_id": t.ItemID, "item_table": t.ItemTable, "label_column": col.Name,
		}); err != nil {
			return err
		}
	}
	return nil
}
