package diff

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// Level is how much a dataset changed, in semantic-versioning terms.
type Level int

const (
	None  Level = iota // byte-identical tables and manifest
	Patch              // same records; packaging, provenance or derived values differ
	Minor              // records, columns, tables or labels added; old records unchanged
	Major              // records removed or changed, columns removed or retyped, labels changed or removed
)

func (l Level) String() string {
	return [...]string{"none", "patch", "minor", "major"}[l]
}

// MarshalText writes the level by name in JSON.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Report is the difference between two datasets. Every list is sorted, so
// the same two datasets always give the same report.
type Report struct {
	Old       Side            `json:"old"`
	New       Side            `json:"new"`
	Change    Level           `json:"change"`
	Reasons   []string        `json:"reasons"`
	Schema    SchemaChanges   `json:"schema"`
	Tables    []Table         `json:"tables"`
	Labels    []LabelChanges  `json:"labels"`
	BySource  []SourceChanges `json:"by_source"`
	Reparent  int64           `json:"comments_reparented"`
	Reshaped  int64           `json:"threads_reshaped"`
	Identical bool            `json:"identical_files"`

	// changes holds, per table with IDs, the key of every row added,
	// changed or removed, for WriteRows.
	changes map[string]map[string]string
	om, nm  *dataset.Manifest
}

// Side describes one of the two datasets.
type Side struct {
	Dir           string `json:"dir"`
	Tool          string `json:"tool"`
	SchemaVersion string `json:"schema_version"`
	LabelSet      string `json:"label_set"`
}

// SchemaChanges lists tables and columns ("table.column") that appeared,
// disappeared or changed type.
type SchemaChanges struct {
	TablesAdded     []string `json:"tables_added"`
	TablesRemoved   []string `json:"tables_removed"`
	ColumnsAdded    []string `json:"columns_added"`
	ColumnsRemoved  []string `json:"columns_removed"`
	ColumnsRetyped  []string `json:"columns_retyped"`
	LabelSetChanged bool     `json:"label_set_changed"`
}

// Table counts the rows of one table by what happened to them. Rows are
// matched by ID (by their whole content for tables without one). Changed
// counts rows whose content differs; DerivedOnly those where only derived
// or provenance columns differ (a comment count, a position, the input
// file's checksum).
type Table struct {
	Name        string         `json:"name"`
	OldRows     int64          `json:"old_rows"`
	NewRows     int64          `json:"new_rows"`
	Added       int64          `json:"added"`
	Removed     int64          `json:"removed"`
	Changed     int64          `json:"changed"`
	DerivedOnly int64          `json:"derived_only"`
	Columns     []ColumnChange `json:"changed_columns"`
}

// ColumnChange counts the matched rows in which one column differs.
type ColumnChange struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // content, derived or provenance
	Rows int64  `json:"rows"`
}

// LabelChanges counts one annotator's labels of one label column.
type LabelChanges struct {
	Table     string `json:"table"`
	Label     string `json:"label"`
	Annotator string `json:"annotator"`
	Added     int64  `json:"added"`
	Changed   int64  `json:"changed"`
	Removed   int64  `json:"removed"`
}

// SourceChanges summarises the records of one source.
type SourceChanges struct {
	SourceID        string `json:"source_id"`
	Name            string `json:"name"`
	ArticlesAdded   int64  `json:"articles_added"`
	ArticlesRemoved int64  `json:"articles_removed"`
	ArticlesChanged int64  `json:"articles_changed"`
	CommentsAdded   int64  `json:"comments_added"`
	CommentsRemoved int64  `json:"comments_removed"`
	CommentsChanged int64  `json:"comments_changed"`
}

// Column kinds that do not make a record "changed".
var (
	derivedColumns = map[string]bool{
		schema.ColCommentCount: true, schema.ColReplyCount: true, schema.ColArticleCount: true,
		schema.ColPosition: true, schema.ColRootID: true, schema.ColDepth: true, schema.ColAuthorID: true,
	}
	provenanceColumns = map[string]bool{
		schema.ColInputPath: true, "input_sha256": true, "builder": true,
		schema.ColCommentRule: true, schema.ColCommentEvid: true, "source_file": true,
		"source_sha256": true, "source_row": true, "rematched_from": true,
	}
)

// keyColumns names the columns that identify a row of each table; a table
// not listed is matched by its whole content.
var keyColumns = map[string][]string{
	"articles":             {schema.ColArticleID},
	"comments":             {schema.ColCommentID},
	"sources":              {schema.ColSourceID},
	"authors":              {schema.ColAuthorID},
	"annotations":          {schema.ColItemTable, schema.ColItemID, schema.ColLabel, schema.ColAnnotator},
	"orphaned_annotations": {schema.ColItemTable, schema.ColItemID, schema.ColLabel, schema.ColAnnotator},
}

// Compare reads the datasets in oldDir and newDir and reports what
// changed. Memory grows with the number of rows of the larger dataset
// (its keys and one 8-byte hash per column), not with their text.
func Compare(oldDir, newDir string) (*Report, error) {
	om, err := dataset.ReadManifest(oldDir)
	if err != nil {
		return nil, err
	}
	nm, err := dataset.ReadManifest(newDir)
	if err != nil {
		return nil, err
	}
	r := &Report{
		Old: side(oldDir, om), New: side(newDir, nm),
		Tables: []Table{}, Labels: []LabelChanges{}, BySource: []SourceChanges{}, Reasons: []string{},
	}
	r.Identical = sameFiles(om, nm)
	c := &comparer{r: r, om: om, nm: nm, oldDir: oldDir, newDir: newDir,
		artSrc: [2]map[string]string{{}, {}}, reshaped: map[string]bool{}, bySource: map[string]*SourceChanges{}, srcName: map[string]string{}}
	r.changes, r.om, r.nm = map[string]map[string]string{}, om, nm
	c.schemaChanges()
	for _, name := range tableOrder(om, nm) {
		if err := c.table(name); err != nil {
			return nil, err
		}
	}
	r.Reshaped = int64(len(c.reshaped))
	c.finish()
	return r, nil
}

func side(dir string, m *dataset.Manifest) Side {
	ls := m.Labels()
	return Side{Dir: dir, Tool: m.Tool.Name + " " + m.Tool.Version, SchemaVersion: m.SchemaVersion, LabelSet: ls.Name + " " + ls.Version}
}

// sameFiles reports whether both manifests list the same files with the
// same checksums.
func sameFiles(a, b *dataset.Manifest) bool {
	files := func(m *dataset.Manifest) []string {
		var out []string
		for _, t := range m.Tables {
			for _, f := range t.Files {
				out = append(out, f.Path+" "+f.SHA256)
			}
		}
		sort.Strings(out)
		return out
	}
	x, y := files(a), files(b)
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// tableOrder lists the tables of either dataset: the schema's order
// first, then any other, by name.
func tableOrder(a, b *dataset.Manifest) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range schema.Tables() {
		seen[t.Name] = true
		if a.Table(t.Name) != nil || b.Table(t.Name) != nil {
			out = append(out, t.Name)
		}
	}
	var rest []string
	for _, m := range []*dataset.Manifest{a, b} {
		for _, t := range m.Tables {
			if !seen[t.Name] {
				seen[t.Name] = true
				rest = append(rest, t.Name)
			}
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

type comparer struct {
	r              *Report
	om, nm         *dataset.Manifest
	oldDir, newDir string
	// artSrc maps article IDs to source IDs in the old [0] and new [1] dataset.
	artSrc   [2]map[string]string
	reshaped map[string]bool
	bySource map[string]*SourceChanges
	srcName  map[string]string
	labels   map[[3]string]*LabelChanges
}

func (c *comparer) schemaChanges() {
	s := &c.r.Schema
	cols := func(m *dataset.Manifest) map[string]string {
		out := map[string]string{}
		for _, t := range m.SchemaTables() {
			for _, col := range t.Columns {
				out[t.Name+"."+col.Name] = col.Kind.String()
			}
		}
		return out
	}
	oc, nc := cols(c.om), cols(c.nm)
	tables := func(m *dataset.Manifest) map[string]bool {
		out := map[string]bool{}
		for _, t := range m.Tables {
			out[t.Name] = true
		}
		return out
	}
	ot, nt := tables(c.om), tables(c.nm)
	for name := range nt {
		if !ot[name] {
			s.TablesAdded = append(s.TablesAdded, name)
		}
	}
	for name := range ot {
		if !nt[name] {
			s.TablesRemoved = append(s.TablesRemoved, name)
		}
	}
	if c.om.SchemaVersion != c.nm.SchemaVersion || c.om.Labels().Name != c.nm.Labels().Name || c.om.Labels().Version != c.nm.Labels().Version {
		for name, k := range nc {
			if ok, found := oc[name]; !found {
				s.ColumnsAdded = append(s.ColumnsAdded, name)
			} else if ok != k {
				s.ColumnsRetyped = append(s.ColumnsRetyped, name+": "+ok+" -> "+k)
			}
		}
		for name := range oc {
			if _, found := nc[name]; !found {
				s.ColumnsRemoved = append(s.ColumnsRemoved, name)
			}
		}
	}
	s.LabelSetChanged = labelSetKey(c.om) != labelSetKey(c.nm)
	for _, l := range []*[]string{&s.TablesAdded, &s.TablesRemoved, &s.ColumnsAdded, &s.ColumnsRemoved, &s.ColumnsRetyped} {
		if *l == nil {
			*l = []string{}
		}
		sort.Strings(*l)
	}
}

// labelSetKey is the label set's columns and vocabularies as text.
func labelSetKey(m *dataset.Manifest) string {
	var b strings.Builder
	ls := m.Labels()
	for _, t := range []string{"articles", "comments"} {
		for _, col := range ls.ColumnsOf(t) {
			fmt.Fprintf(&b, "%s.%s:%s:", t, col.Name, col.Type)
			for _, v := range col.Values {
				b.WriteString(v.Value + ",")
			}
			b.WriteByte(';')
		}
	}
	return b.String()
}

// row is what is kept of one row of the old dataset.
type row struct {
	cols    []uint64 // one hash per column, in the table's column order
	article string   // article_id, for articles and comments
	parent  string   // parent_id, for comments
	value   string   // value, for annotations
	count   int      // multiplicity, for tables matched by content
}

func (c *comparer) table(name string) error {
	t := Table{Name: name, Columns: []ColumnChange{}}
	keys := keyColumns[name]
	labelCols := map[string]bool{}
	for _, m := range []*dataset.Manifest{c.om, c.nm} {
		for _, col := range m.Labels().ColumnsOf(name) {
			labelCols[col.Name] = true
		}
	}
	old := map[string]*row{}
	var oldNames []string
	err := readTable(c.oldDir, c.om, name, func(names []string, vals []any) error {
		oldNames = names
		t.OldRows++
		k, rw := c.keyed(name, keys, names, vals)
		if keys == nil {
			if e := old[k]; e != nil {
				e.count++
				return nil
			}
		} else if _, dup := old[k]; dup {
			return fmt.Errorf("%s: table %s: two rows have the key %q", c.oldDir, name, k)
		}
		old[k] = rw
		if name == "articles" {
			c.artSrc[0][rw.article] = str(vals, names, schema.ColSourceID)
		}
		if name == "sources" {
			c.srcName[k] = str(vals, names, schema.ColName)
		}
		return nil
	})
	if err != nil {
		return err
	}
	changedCols := map[string]int64{}
	seen := map[string]bool{}
	err = readTable(c.newDir, c.nm, name, func(names []string, vals []any) error {
		t.NewRows++
		k, nr := c.keyed(name, keys, names, vals)
		if name == "articles" {
			c.artSrc[1][nr.article] = str(vals, names, schema.ColSourceID)
		}
		if name == "sources" {
			c.srcName[k] = str(vals, names, schema.ColName)
		}
		orow := old[k]
		if keys == nil {
			if orow != nil && orow.count > 0 {
				orow.count--
				return nil
			}
			t.Added++
			return nil
		}
		if seen[k] {
			return fmt.Errorf("%s: table %s: two rows have the key %q", c.newDir, name, k)
		}
		seen[k] = true
		if orow == nil {
			t.Added++
			c.record(name, nr, 1, "added")
			c.change(name, k, "added")
			return nil
		}
		content, other := false, false
		for i, n := range names {
			j := indexOf(oldNames, n)
			if j < 0 || orow.cols[j] == nr.cols[i] || labelCols[n] {
				continue
			}
			kind := columnKind(n)
			changedCols[n]++
			if kind == "content" {
				content = true
			} else {
				other = true
			}
			if n == schema.ColParentID && name == "comments" {
				c.r.Reparent++
				c.reshaped[nr.article] = true
			}
		}
		if name == "annotations" && orow.value != nr.value {
			c.label(k, func(l *LabelChanges) { l.Changed++ })
		}
		switch {
		case content:
			t.Changed++
			c.record(name, nr, 1, "changed")
			c.change(name, k, "changed")
		case other:
			t.DerivedOnly++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, orow := range old {
		if keys == nil {
			t.Removed += int64(orow.count)
			continue
		}
		if !seen[k] {
			t.Removed++
			c.record(name, orow, 0, "removed")
			c.change(name, k, "removed")
			if name == "annotations" {
				c.label(k, func(l *LabelChanges) { l.Removed++ })
			}
		}
	}
	if name == "annotations" {
		for k := range seen {
			if old[k] == nil {
				c.label(k, func(l *LabelChanges) { l.Added++ })
			}
		}
	}
	if keys == nil {
		// Rows matched by content: every new row without an old twin was
		// counted as added, every old row without a new twin as removed.
		for _, orow := range old {
			orow.count = 0
		}
	}
	for n, rows := range changedCols {
		t.Columns = append(t.Columns, ColumnChange{Name: n, Kind: columnKind(n), Rows: rows})
	}
	sort.Slice(t.Columns, func(i, j int) bool { return t.Columns[i].Name < t.Columns[j].Name })
	c.r.Tables = append(c.r.Tables, t)
	return nil
}

// keyed hashes a row and returns its key.
func (c *comparer) keyed(table string, keys, names []string, vals []any) (string, *row) {
	rw := &row{cols: make([]uint64, len(names)), count: 1}
	for i := range names {
		rw.cols[i] = hashValue(vals[i])
	}
	var k string
	if keys == nil {
		h := fnv.New64a()
		for i, n := range names {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], rw.cols[i])
			h.Write([]byte(n))
			h.Write(b[:])
		}
		k = fmt.Sprintf("%016x", h.Sum64())
	} else {
		parts := make([]string, len(keys))
		for i, kc := range keys {
			parts[i] = str(vals, names, kc)
		}
		k = strings.Join(parts, "\x00")
	}
	switch table {
	case "articles":
		rw.article = str(vals, names, schema.ColArticleID)
	case "comments":
		rw.article = str(vals, names, schema.ColArticleID)
		rw.parent = str(vals, names, schema.ColParentID)
	case "annotations":
		rw.value = str(vals, names, schema.ColValue)
	}
	return k, rw
}

// change remembers a row's key and what happened to it.
func (c *comparer) change(table, key, what string) {
	m := c.r.changes[table]
	if m == nil {
		m = map[string]string{}
		c.r.changes[table] = m
	}
	m[key] = what
}

// record counts an added, removed or changed article or comment for its
// source; side is 0 for a row of the old dataset, 1 for the new one.
func (c *comparer) record(table string, rw *row, side int, what string) {
	if table != "articles" && table != "comments" {
		return
	}
	src := c.artSrc[side][rw.article]
	if src == "" {
		src = c.artSrc[1-side][rw.article]
	}
	s := c.bySource[src]
	if s == nil {
		s = &SourceChanges{SourceID: src}
		c.bySource[src] = s
	}
	if table == "comments" {
		c.reshapedIfKept(rw.article, what)
	}
	var n *int64
	switch table + "/" + what {
	case "articles/added":
		n = &s.ArticlesAdded
	case "articles/removed":
		n = &s.ArticlesRemoved
	case "articles/changed":
		n = &s.ArticlesChanged
	case "comments/added":
		n = &s.CommentsAdded
	case "comments/removed":
		n = &s.CommentsRemoved
	case "comments/changed":
		n = &s.CommentsChanged
	}
	*n++
}

// reshapedIfKept marks an article present in both datasets whose thread
// gained or lost a comment.
func (c *comparer) reshapedIfKept(article, what string) {
	if what == "changed" {
		return
	}
	_, inOld := c.artSrc[0][article]
	_, inNew := c.artSrc[1][article]
	if inOld && inNew {
		c.reshaped[article] = true
	}
}

func (c *comparer) label(key string, fn func(*LabelChanges)) {
	p := strings.Split(key, "\x00")
	k := [3]string{p[0], p[2], p[3]}
	if c.labels == nil {
		c.labels = map[[3]string]*LabelChanges{}
	}
	l := c.labels[k]
	if l == nil {
		l = &LabelChanges{Table: p[0], Label: p[2], Annotator: p[3]}
		c.labels[k] = l
	}
	fn(l)
}

// finish sorts the lists and decides the level of change.
func (c *comparer) finish() {
	r := c.r
	for _, l := range c.labels {
		r.Labels = append(r.Labels, *l)
	}
	sort.Slice(r.Labels, func(i, j int) bool {
		a, b := r.Labels[i], r.Labels[j]
		return a.Table+"\x00"+a.Label+"\x00"+a.Annotator < b.Table+"\x00"+b.Label+"\x00"+b.Annotator
	})
	for id, s := range c.bySource {
		s.Name = c.srcName[id]
		r.BySource = append(r.BySource, *s)
	}
	sort.Slice(r.BySource, func(i, j int) bool {
		if r.BySource[i].Name != r.BySource[j].Name {
			return r.BySource[i].Name < r.BySource[j].Name
		}
		return r.BySource[i].SourceID < r.BySource[j].SourceID
	})

	var major, minor []string
	for _, t := range r.Tables {
		switch t.Name {
		case "articles", "comments", "sources", "authors":
			if t.Removed > 0 {
				major = append(major, fmt.Sprintf("%d %s removed", t.Removed, t.Name))
			}
			if t.Changed > 0 {
				major = append(major, fmt.Sprintf("%d %s changed (%s)", t.Changed, t.Name, contentColumns(t)))
			}
			if t.Added > 0 {
				minor = append(minor, fmt.Sprintf("%d %s added", t.Added, t.Name))
			}
		}
	}
	var added, changed, removed int64
	for _, l := range r.Labels {
		added += l.Added
		changed += l.Changed
		removed += l.Removed
	}
	if changed > 0 || removed > 0 {
		major = append(major, fmt.Sprintf("labels changed: %d, removed: %d", changed, removed))
	}
	if added > 0 {
		minor = append(minor, fmt.Sprintf("%d labels added", added))
	}
	s := r.Schema
	if len(s.ColumnsRemoved) > 0 {
		major = append(major, "columns removed: "+strings.Join(s.ColumnsRemoved, ", "))
	}
	if len(s.ColumnsRetyped) > 0 {
		major = append(major, "columns retyped: "+strings.Join(s.ColumnsRetyped, ", "))
	}
	if len(s.TablesRemoved) > 0 {
		major = append(major, "tables removed: "+strings.Join(s.TablesRemoved, ", "))
	}
	if len(s.ColumnsAdded) > 0 {
		minor = append(minor, "columns added: "+strings.Join(s.ColumnsAdded, ", "))
	}
	if len(s.TablesAdded) > 0 {
		minor = append(minor, "tables added: "+strings.Join(s.TablesAdded, ", "))
	}
	if s.LabelSetChanged && len(s.ColumnsRemoved) == 0 && len(s.ColumnsAdded) == 0 {
		major = append(major, "label set vocabularies changed")
	}
	switch {
	case len(major) > 0:
		r.Change, r.Reasons = Major, major
	case len(minor) > 0:
		r.Change, r.Reasons = Minor, minor
	case len(c.patchReasons()) > 0:
		r.Change, r.Reasons = Patch, c.patchReasons()
	default:
		r.Change = None
	}
}

// patchReasons lists what differs when the records do not: derived or
// provenance values, the inputs, the builders, the metadata.
func (c *comparer) patchReasons() []string {
	var out []string
	for _, t := range c.r.Tables {
		if t.DerivedOnly > 0 {
			out = append(out, fmt.Sprintf("%d %s with derived or provenance values changed", t.DerivedOnly, t.Name))
		}
		if t.Added+t.Removed > 0 && keyColumns[t.Name] == nil {
			out = append(out, fmt.Sprintf("%s: %d rows added, %d removed", t.Name, t.Added, t.Removed))
		}
	}
	same := func(a, b any) bool {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return bytes.Equal(x, y)
	}
	if c.om.SchemaVersion != c.nm.SchemaVersion {
		out = append(out, "schema version "+c.om.SchemaVersion+" -> "+c.nm.SchemaVersion)
	}
	if !same(c.om.Inputs, c.nm.Inputs) {
		out = append(out, "the inputs differ")
	}
	if !same(c.om.Builders, c.nm.Builders) || c.om.Tool != c.nm.Tool {
		out = append(out, "built by other builder or tool versions")
	}
	if !same(c.om.Metadata, c.nm.Metadata) {
		out = append(out, "the dataset metadata changed")
	}
	return out
}

func contentColumns(t Table) string {
	var out []string
	for _, c := range t.Columns {
		if c.Kind == "content" {
			out = append(out, c.Name)
		}
	}
	return strings.Join(out, ", ")
}

func columnKind(name string) string {
	switch {
	case derivedColumns[name]:
		return "derived"
	case provenanceColumns[name]:
		return "provenance"
	}
	return "content"
}

// readTable calls fn for every row of the named table in dir.
func readTable(dir string, m *dataset.Manifest, name string, fn func([]string, []any) error) error {
	return dataset.ReadFiles(dir, m, name, fn)
}

func indexOf(names []string, n string) int {
	for i, x := range names {
		if x == n {
			return i
		}
	}
	return -1
}

// str returns the named string cell, copied out of Arrow's buffers, or "".
func str(vals []any, names []string, col string) string {
	i := indexOf(names, col)
	if i < 0 {
		return ""
	}
	s, _ := vals[i].(string)
	return strings.Clone(s)
}

// hashValue hashes a cell with its type, so that null, "" and [] differ.
func hashValue(v any) uint64 {
	h := fnv.New64a()
	var b [8]byte
	put := func(tag byte, n uint64) {
		h.Write([]byte{tag})
		binary.LittleEndian.PutUint64(b[:], n)
		h.Write(b[:])
	}
	switch v := v.(type) {
	case nil:
		h.Write([]byte{0})
	case string:
		put('s', uint64(len(v)))
		h.Write([]byte(v))
	case int32:
		put('i', uint64(int64(v)))
	case bool:
		if v {
			put('b', 1)
		} else {
			put('b', 0)
		}
	case time.Time:
		put('t', uint64(v.UnixMicro()))
	case []string:
		put('l', uint64(len(v)))
		for _, s := range v {
			put('s', uint64(len(s)))
			h.Write([]byte(s))
		}
	case float64:
		put('f', math.Float64bits(v))
	default:
		fmt.Fprintf(h, "?%v", v)
	}
	return h.Sum64()
}
