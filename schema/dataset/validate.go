package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/threadset/threadset/schema"
)

// maxViolations bounds the report; a broken dataset is usually broken in
// one way many times.
const maxViolations = 50

// ValidationError lists what is wrong with a dataset: the first
// maxViolations problems in a fixed order (by file or table, row, then
// message), whatever order they were found in, and how many there are.
type ValidationError struct {
	Dir        string
	Violations []string
	// Total counts every problem found, shown or not.
	Total int
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s):", e.Dir, e.Total)
	for _, v := range e.Violations {
		b.WriteString("\n  ")
		b.WriteString(v)
	}
	if hidden := e.Total - len(e.Violations); hidden > 0 {
		fmt.Fprintf(&b, "\n  (%d more not shown)", hidden)
	}
	return b.String()
}

// violation is one problem and where it is, for sorting.
type violation struct {
	where string // the table or file
	row   int    // -1 when the problem is not in one row
	msg   string
}

func (a violation) less(b violation) bool {
	if a.where != b.where {
		return a.where < b.where
	}
	if a.row != b.row {
		return a.row < b.row
	}
	return a.msg < b.msg
}

type validator struct {
	dir   string
	ls    *schema.LabelSet
	found []violation
	total int
}

// addf records a problem in table or file where, at row (or -1). Only
// the first maxViolations in sort order are kept, so memory stays bounded
// however broken the dataset is.
func (v *validator) addf(where string, row int, format string, args ...any) {
	v.total++
	v.found = append(v.found, violation{where, row, fmt.Sprintf(format, args...)})
	if len(v.found) >= 4*maxViolations {
		v.keepFirst()
	}
}

func (v *validator) keepFirst() {
	sort.Slice(v.found, func(i, j int) bool { return v.found[i].less(v.found[j]) })
	if len(v.found) > maxViolations {
		v.found = v.found[:maxViolations]
	}
}

// result is the ValidationError for what was found, or nil.
func (v *validator) result() error {
	if v.total == 0 {
		return nil
	}
	v.keepFirst()
	e := &ValidationError{Dir: v.dir, Total: v.total}
	for _, f := range v.found {
		e.Violations = append(e.Violations, f.msg)
	}
	return e
}

type articleInfo struct {
	source   string
	comments int32
	seen     int32
}

type commentInfo struct {
	id      string
	row     int
	parent  string
	root    string
	depth   int32
	replies int32
	author  string
}

// Validate re-reads the dataset in dir and checks everything a reader
// relies on: the manifest's checksums and row counts, every table's
// columns, ID uniqueness, references between tables, the reply tree
// (parents in the same article, depth, root, no cycles) and label values.
// It returns a *ValidationError listing the violations.
func Validate(dir string) error {
	v := &validator{dir: dir}
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	if m.SchemaVersion != schema.Version {
		v.addf(ManifestName, -1, "%s: schema version %q, this threadset reads %q", ManifestName, m.SchemaVersion, schema.Version)
		return v.result()
	}
	v.checkFiles(m)
	if err := CheckCard(dir, m); err != nil {
		v.addf(CardName, -1, "%s", strings.TrimPrefix(err.Error(), dir+": "))
	}
	if v.total > 0 {
		return v.result() // do not read files whose bytes are not the manifest's
	}
	ls := m.Labels()
	v.ls = ls
	articlesT, commentsT := ls.Table(schema.Articles.Name), ls.Table(schema.Comments.Name)
	// Annotations first: the label columns must hold their majority.
	type annKey struct{ table, id, label string }
	annotated := map[annKey][]string{}
	adjudicated := map[annKey][]string{} // an adjudicator's label decides
	adjudicators := Adjudicators(m.Imports)
	annRows := map[annKey][]int{}
	anCol := func(name string) int { return schema.Annotations.Index(name) }
	seenAnn := map[[4]string]int{}
	v.read(m, schema.Annotations, func(i int, r schema.Row) {
		k := annKey{Str(r[anCol(schema.ColItemTable)]), Str(r[anCol(schema.ColItemID)]), Str(r[anCol(schema.ColLabel)])}
		who, val := Str(r[anCol(schema.ColAnnotator)]), Str(r[anCol(schema.ColValue)])
		lc := ls.Column(k.table, k.label)
		if lc == nil {
			v.addf("annotations", i, "annotations: row %d: %s has no label column %q in label set %s %s", i, k.table, k.label, ls.Name, ls.Version)
			return
		}
		if canon, err := lc.Check(val); err != nil || canon != val {
			v.addf("annotations", i, "annotations: row %d (%s %s): %v", i, k.table, k.id, errOr(err, fmt.Errorf("%s %q is not in canonical form %q", k.label, val, canon)))
		}
		dk := [4]string{k.table, k.id, k.label, who}
		if j, dup := seenAnn[dk]; dup {
			v.addf("annotations", i, "annotations: row %d: annotator %s labelled %s %s %s already on row %d", i, who, k.table, k.id, k.label, j)
		}
		seenAnn[dk] = i
		annotated[k] = append(annotated[k], val)
		if adjudicators[who] {
			adjudicated[k] = append(adjudicated[k], val)
		}
		annRows[k] = append(annRows[k], i)
	})
	checkAggregate := func(t *schema.Table, i int, id string, r schema.Row) {
		for j, c := range t.Columns {
			if !c.Label {
				continue
			}
			k := annKey{t.Name, id, c.Name}
			vals := annotated[k]
			if len(adjudicated[k]) > 0 {
				vals = adjudicated[k]
			}
			want, ok := schema.Majority(vals)
			switch {
			case ok && r[j] != want:
				v.addf(t.Name, i, "%s: row %d (%s): %s is %v, but the majority of its %d annotations is %q", t.Name, i, id, c.Name, r[j], len(annotated[k]), want)
			case !ok && r[j] != nil:
				v.addf(t.Name, i, "%s: row %d (%s): %s is %q without an annotation majority", t.Name, i, id, c.Name, Str(r[j]))
			}
			delete(annRows, k)
		}
	}
	sources := map[string]int32{}
	authors := map[string]*[2]int32{} // author ID -> {comments stated, comments seen}
	authorSource := map[string]string{}
	v.read(m, schema.Sources, func(i int, r schema.Row) {
		id := Str(r[0])
		if _, dup := sources[id]; dup {
			v.addf("sources", i, "sources: row %d: duplicate source_id %s", i, id)
		}
		sources[id] = I32(r[schema.Sources.Index(schema.ColArticleCount)])
	})
	v.read(m, schema.Authors, func(i int, r schema.Row) {
		id, src := Str(r[0]), Str(r[1])
		if _, dup := authors[id]; dup {
			v.addf("authors", i, "authors: row %d: duplicate author_id %s", i, id)
		}
		if _, ok := sources[src]; !ok {
			v.addf("authors", i, "authors: row %d (author %s): source_id %s is not in sources", i, id, src)
		}
		authors[id] = &[2]int32{I32(r[3]), 0}
		authorSource[id] = src
	})
	articles := map[string]*articleInfo{}
	perSource := map[string]int32{}
	ccol, rcol := schema.Articles.Index(schema.ColCommentCount), schema.Articles.Index(schema.ColReplyStruct)
	v.read(m, articlesT, func(i int, r schema.Row) {
		id, src := Str(r[0]), Str(r[1])
		if _, dup := articles[id]; dup {
			v.addf("articles", i, "articles: row %d: duplicate article_id %s", i, id)
		}
		if _, ok := sources[src]; !ok {
			v.addf("articles", i, "articles: row %d (article %s): source_id %s is not in sources", i, id, src)
		}
		switch rs := Str(r[rcol]); rs {
		case schema.ReplyNested, schema.ReplyFlat, schema.ReplyNone:
		default:
			v.addf("articles", i, "articles: row %d (article %s): reply_structure %q is not nested, flat or none", i, id, rs)
		}
		perSource[src]++
		articles[id] = &articleInfo{source: src, comments: I32(r[ccol])}
		v.labels(articlesT, i, id, r)
		checkAggregate(articlesT, i, id, r)
	})
	for id, n := range sources {
		if perSource[id] != n {
			v.addf("sources", -1, "sources: source %s states article_count %d, articles has %d", id, n, perSource[id])
		}
	}

	var (
		group     []commentInfo
		groupIDs  map[string]int
		groupArt  string
		doneArts  = map[string]bool{}
		commentID = map[string]bool{}
	)
	flush := func() {
		if groupArt != "" {
			v.tree(groupArt, group, groupIDs, articles[groupArt])
			doneArts[groupArt] = true
		}
		group, groupIDs = nil, map[string]int{}
	}
	col := func(name string) int { return schema.Comments.Index(name) }
	cID, cArt, cPar, cRoot, cDepth, cPos := col(schema.ColCommentID), col(schema.ColArticleID), col(schema.ColParentID), col(schema.ColRootID), col(schema.ColDepth), col(schema.ColPosition)
	cAuthor, cAuthorID, cReplies := col(schema.ColAuthor), col(schema.ColAuthorID), col(schema.ColReplyCount)
	cText, cDeleted, cNativeParent := col("text"), col(schema.ColDeleted), col(schema.ColNativeParent)
	commentArticle := map[string]string{}
	needsAnomaly := map[string]int{} // row of each comment whose native parent is not its parent
	v.read(m, commentsT, func(i int, r schema.Row) {
		id, art := Str(r[cID]), Str(r[cArt])
		if commentID[id] {
			v.addf("comments", i, "comments: row %d: duplicate comment_id %s", i, id)
		}
		commentID[id] = true
		commentArticle[id] = art
		if deleted := r[cDeleted] == true; deleted != (r[cText] == nil) {
			v.addf("comments", i, "comments: row %d (comment %s): text must be null exactly when deleted is true", i, id)
		}
		if r[cNativeParent] != nil && r[cPar] == nil {
			needsAnomaly[id] = i
		}
		if art != groupArt {
			flush()
			groupArt = art
			if doneArts[art] {
				v.addf("comments", i, "comments: row %d (comment %s): comments of article %s are not contiguous", i, id, art)
			}
		}
		a, ok := articles[art]
		if !ok {
			v.addf("comments", i, "comments: row %d (comment %s): article_id %s is not in articles", i, id, art)
		} else {
			if got := I32(r[cPos]); got != a.seen {
				v.addf("comments", i, "comments: row %d (comment %s): position %d, want %d (positions run 0, 1, ... within an article)", i, id, got, a.seen)
			}
			a.seen++
		}
		switch aid := r[cAuthorID]; {
		case (r[cAuthor] == nil) != (aid == nil):
			v.addf("comments", i, "comments: row %d (comment %s): author and author_id must be null together", i, id)
		case aid != nil:
			au, ok := authors[Str(aid)]
			if !ok {
				v.addf("comments", i, "comments: row %d (comment %s): author_id %s is not in authors", i, id, Str(aid))
			} else {
				au[1]++
				if a != nil && authorSource[Str(aid)] != a.source {
					v.addf("comments", i, "comments: row %d (comment %s): author %s belongs to source %s, the article to %s", i, id, Str(aid), authorSource[Str(aid)], a.source)
				}
			}
		}
		groupIDs[id] = len(group)
		group = append(group, commentInfo{id: id, row: i, parent: Str(r[cPar]), root: Str(r[cRoot]), depth: I32(r[cDepth]), replies: I32(r[cReplies]), author: Str(r[cAuthorID])})
		v.labels(commentsT, i, id, r)
		checkAggregate(commentsT, i, id, r)
	})
	flush()
	for id, a := range articles {
		if a.seen != a.comments {
			v.addf("articles", -1, "articles: article %s states comment_count %d, comments has %d", id, a.comments, a.seen)
		}
	}
	for id, au := range authors {
		if au[0] != au[1] {
			v.addf("authors", -1, "authors: author %s states comment_count %d, comments has %d", id, au[0], au[1])
		}
	}
	kinds := map[string]bool{}
	for _, k := range schema.AnomalyKinds {
		kinds[k.Value] = true
	}
	aCol := func(name string) int { return schema.Anomalies.Index(name) }
	v.read(m, schema.Anomalies, func(i int, r schema.Row) {
		art, kind := Str(r[aCol(schema.ColArticleID)]), Str(r[aCol(schema.ColKind)])
		if _, ok := articles[art]; !ok {
			v.addf("anomalies", i, "anomalies: row %d: article_id %s is not in articles", i, art)
		}
		if !kinds[kind] {
			v.addf("anomalies", i, "anomalies: row %d: unknown kind %q", i, kind)
		}
		if c := r[aCol(schema.ColCommentID)]; c != nil {
			switch ca, ok := commentArticle[Str(c)]; {
			case !ok:
				v.addf("anomalies", i, "anomalies: row %d: comment_id %s is not in comments", i, Str(c))
			case ca != art:
				v.addf("anomalies", i, "anomalies: row %d: comment %s belongs to article %s, not %s", i, Str(c), ca, art)
			}
			switch kind {
			case schema.AnomalyOrphan, schema.AnomalySelfReply, schema.AnomalyCycle:
				delete(needsAnomaly, Str(c))
			}
		}
	})
	for k, rows := range annRows {
		v.addf("annotations", rows[0], "annotations: row %d: %s %s is not in the dataset (labels of removed items belong in orphaned_annotations)", rows[0], k.table, k.id)
	}
	v.read(m, schema.OrphanedAnnotations, func(i int, r schema.Row) {
		if Str(r[len(r)-1]) == "" {
			v.addf("orphaned_annotations", i, "orphaned_annotations: row %d: no reason given", i)
		}
	})
	for id, row := range needsAnomaly {
		v.addf("comments", row, "comments: row %d: comment %s has a native_parent_id but no parent_id, and no orphan, self_reply or cycle anomaly says why", row, id)
	}
	if rp, c := m.Table(schema.ReplyPairsName), m.Table(schema.Comments.Name); rp != nil && c != nil && rp.Rows != c.Rows {
		v.addf(ManifestName, -1, "%s: reply_pairs lists %d rows, comments %d: one pair per comment", ManifestName, rp.Rows, c.Rows)
	}
	return v.result()
}

// CheckFiles is the first step of Validate alone: every file the
// manifest lists is inside the dataset and has its size and SHA-256, and
// no part is unlisted. Commands that read a dataset without validating it
// (inspect) run it first, so that they never parse bytes the manifest does
// not vouch for.
func CheckFiles(dir string) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	v := &validator{dir: dir}
	v.checkFiles(m)
	return v.result()
}

// tree checks one article's reply tree.
func (v *validator) tree(art string, cs []commentInfo, ids map[string]int, a *articleInfo) {
	replies := make([]int32, len(cs))
	for _, c := range cs {
		if c.parent == "" {
			if c.depth != 0 {
				v.addf("comments", c.row, "comments: row %d: top-level comment has depth %d, want 0", c.row, c.depth)
			}
			continue
		}
		p, ok := ids[c.parent]
		if !ok {
			v.addf("comments", c.row, "comments: row %d: parent_id %s is not a comment of article %s", c.row, c.parent, art)
			continue
		}
		replies[p]++
		if c.depth != cs[p].depth+1 {
			v.addf("comments", c.row, "comments: row %d: depth %d, want parent's depth %d + 1", c.row, c.depth, cs[p].depth)
		}
		if c.root != cs[p].root {
			v.addf("comments", c.row, "comments: row %d: root_id %s differs from its parent's root_id %s", c.row, c.root, cs[p].root)
		}
	}
	// Walking up from each comment must reach a top-level comment.
	state := make([]byte, len(cs)) // 0 unvisited, 1 on path, 2 done
	for i := range cs {
		var path []int
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			path = append(path, j)
			p, ok := ids[cs[j].parent]
			if cs[j].parent == "" || !ok {
				j = -1
				break
			}
			j = p
		}
		if j >= 0 && state[j] == 1 {
			v.addf("comments", cs[j].row, "comments: row %d: reply chain of article %s has a cycle", cs[j].row, art)
		}
		for _, k := range path {
			state[k] = 2
		}
	}
	for i, c := range cs {
		if c.parent == "" {
			if c.root != c.id {
				v.addf("comments", c.row, "comments: row %d: top-level comment's root_id %s is not its own ID %s", c.row, c.root, c.id)
			}
		}
		if replies[i] != c.replies {
			v.addf("comments", c.row, "comments: row %d: reply_count %d, but %d comments reply to it", c.row, c.replies, replies[i])
		}
	}
}

func (v *validator) labels(t *schema.Table, i int, id string, r schema.Row) {
	for j, c := range t.Columns {
		if !c.Label || r[j] == nil {
			continue
		}
		lc := v.ls.Column(t.Name, c.Name)
		if canon, err := lc.Check(Str(r[j])); err != nil {
			v.addf(t.Name, i, "%s: row %d (%s): %v", t.Name, i, id, err)
		} else if canon != Str(r[j]) {
			v.addf(t.Name, i, "%s: row %d (%s): %s %q is not in canonical form %q", t.Name, i, id, c.Name, Str(r[j]), canon)
		}
	}
}

func errOr(err, other error) error {
	if err != nil {
		return err
	}
	return other
}

// utf8 checks that every string of row i of t is valid UTF-8, as the
// Parquet format requires of a STRING column: DuckDB refuses to read a
// file that holds one invalid byte.
func (v *validator) utf8(t *schema.Table, i int, r schema.Row) {
	check := func(c schema.Column, s string, elem int) {
		if utf8.ValidString(s) {
			return
		}
		at := 0
		for at < len(s) {
			ru, n := utf8.DecodeRuneInString(s[at:])
			if ru == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		col := c.Name
		if elem >= 0 {
			col = fmt.Sprintf("%s[%d]", c.Name, elem)
		}
		v.addf(t.Name, i, "%s: row %d: %s is not valid UTF-8: byte 0x%02X at offset %d in %q", t.Name, i, col, s[at], at, clip(s, at))
	}
	for j, c := range t.Columns {
		switch x := r[j].(type) {
		case string:
			check(c, x, -1)
		case []string:
			for k, e := range x {
				check(c, e, k)
			}
		}
	}
}

// clip is the part of s around offset at, for quoting in a message.
func clip(s string, at int) string {
	from, to := max(0, at-20), min(len(s), at+20)
	return s[from:to]
}

// read calls fn for each row of t and checks the row count against the
// manifest's.
func (v *validator) read(m *Manifest, t *schema.Table, fn func(int, schema.Row)) {
	i := 0
	if err := ReadTable(v.dir, t, func(r schema.Row) error {
		v.utf8(t, i, r)
		fn(i, r)
		i++
		return nil
	}); err != nil {
		v.addf(t.Name, -1, "%s", err)
		return
	}
	if tf := m.Table(t.Name); tf != nil && int64(i) != tf.Rows {
		v.addf(t.Name, -1, "%s: has %d rows, %s says %d", t.Name, i, ManifestName, tf.Rows)
	}
}

// checkFiles compares every table file with the manifest: present, same
// size, same SHA-256, no unlisted parts.
func (v *validator) checkFiles(m *Manifest) {
	for _, t := range m.SchemaTables() {
		tf := m.Table(t.Name)
		if tf == nil && schema.Older(m.SchemaVersion, schema.Since[t.Name]) {
			continue // a table added after the dataset was written
		}
		if tf == nil {
			v.addf(ManifestName, -1, "%s: table %s is not listed", ManifestName, t.Name)
			continue
		}
		listed := map[string]bool{}
		var rows int64
		for _, f := range tf.Files {
			listed[f.Path] = true
			rows += f.Rows
			if err := insideDataset(v.dir, f.Path); err != nil {
				v.addf(ManifestName, -1, "%s: file %q: %v", ManifestName, f.Path, err)
				continue
			}
			got, err := describeFile(v.dir, f.Path)
			if err != nil {
				v.addf(f.Path, -1, "%s: %v", f.Path, err)
				continue
			}
			if got.Bytes != f.Bytes || got.SHA256 != f.SHA256 {
				v.addf(f.Path, -1, "%s: %d bytes, sha256 %s; the manifest says %d bytes, sha256 %s", f.Path, got.Bytes, got.SHA256, f.Bytes, f.SHA256)
			}
		}
		if rows != tf.Rows {
			v.addf(ManifestName, -1, "%s: table %s states %d rows, its files %d", ManifestName, t.Name, tf.Rows, rows)
		}
		parts, _ := Parts(v.dir, t)
		for _, p := range parts {
			rel, _ := filepath.Rel(v.dir, p)
			if rel = filepath.ToSlash(rel); !listed[rel] {
				v.addf(rel, -1, "%s: not listed in %s", rel, ManifestName)
			}
		}
	}
}

// insideDataset checks that rel, a file path read from a manifest, names a
// file inside the dataset in dir: relative, '/'-separated, without ".."
// and not resolving, through symbolic links, to a place outside dir. A
// manifest is input like any other; validate must not read (or vouch for)
// files elsewhere on the disk.
func insideDataset(dir, rel string) error {
	if rel == "" {
		return fmt.Errorf("empty path")
	}
	if path.IsAbs(rel) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return fmt.Errorf("absolute path; paths in a manifest are relative to the dataset")
	}
	for _, el := range strings.Split(rel, "/") {
		if el == ".." {
			return fmt.Errorf("path contains \"..\"; paths in a manifest stay inside the dataset")
		}
	}
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("not a path inside the dataset")
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no such file")
		}
		return err
	}
	if r, err := filepath.Rel(root, real); err != nil || !filepath.IsLocal(r) {
		return fmt.Errorf("resolves through a symbolic link to %s, outside the dataset", real)
	}
	return nil
}
