package dataset

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dslock"
	"github.com/threadset/threadset/schema/parquetio"
)

// PartName is the file name of a table's first (and, for now, only) part.
const PartName = "part-00000.parquet"

// ErrExists is returned by Create when the output directory exists and
// replacing it was not asked for.
var ErrExists = errors.New("already exists")

// ErrRefused is returned by Create when --force would replace something
// that is not a threadset dataset.
var ErrRefused = errors.New("refusing to replace it")

// Writer writes a dataset into a temporary directory beside its final
// place (.NAME.tmp-N), syncs it and renames it there on Commit, so a
// failed build leaves nothing behind and an existing dataset stays
// readable until it is replaced. It holds the dataset's lock (dslock)
// from Create to Commit or Abort, so temporaries of a dataset whose lock
// nobody holds are a dead command's leftovers (see Recover).
type Writer struct {
	filter   *Filter
	dir, tmp string
	replace  bool
	lock     *dslock.Lock
	mem      memory.Allocator
	ls       *schema.LabelSet

	annotations, orphans []schema.Annotation
	imports              []Import
	// copied holds the rows of the small tables when a dataset is
	// rewritten rather than built (see Rewrite).
	copied map[string][]schema.Row

	articles, comments, anomalies *part
	replyPairs, threads           *part // derived as comments are added, or at the end (see conversations)
	conv                          *conversations
	// sum computes the card's figures from the rows as they are written;
	// a rewrite, which copies rows past it, reads them back instead.
	sum        *summarizer
	summary    *Summary // what Commit summarised
	sources    map[string]*schema.Source
	authors    map[string]*schema.Author
	articleIDs map[string]string // article ID -> input path
	inputs     []Input
	warnings   []schema.Warning
	builders   map[string]string
}

type part struct {
	table *schema.Table
	f     *os.File
	bw    *bufio.Writer
	pw    *parquetio.Writer
}

// CreateOptions are the settings of Create.
type CreateOptions struct {
	// Force replaces an existing dataset at the output directory.
	Force bool
	// Allocator is used for Arrow buffers; nil means the Go allocator.
	Allocator memory.Allocator
	// LabelSet fixes the label columns; nil means the default set.
	LabelSet *schema.LabelSet
	// Log receives the notes of a recovery (see Recover); nil discards them.
	Log io.Writer
}

// Create starts a dataset that Commit will put at dir. It takes the lock
// on dir unless this process holds it already (then it waits silently:
// commands lock first, with a message, see Lock), and recovers what an
// interrupted command left there.
func Create(dir string, opts CreateOptions) (*Writer, error) {
	lock, err := dslock.Acquire(context.Background(), dir, dslock.Options{})
	if err != nil {
		return nil, err
	}
	w, err := create(dir, lock, opts)
	if err != nil {
		_ = lock.Release()
		return nil, err
	}
	return w, nil
}

func create(dir string, lock *dslock.Lock, opts CreateOptions) (*Writer, error) {
	notes, err := Recover(dir)
	logNotes(opts.Log, notes)
	if err != nil {
		return nil, err
	}
	replace, err := checkTarget(dir, opts.Force)
	if err != nil {
		return nil, err
	}
	return newWriter(dir, replace, lock, opts)
}

// newWriter makes the temporary directory and opens the streamed parts.
func newWriter(dir string, replace bool, lock *dslock.Lock, opts CreateOptions) (*Writer, error) {
	parent, base := splitDir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+tmpInfix)
	if err != nil {
		return nil, err
	}
	mem := opts.Allocator
	if mem == nil {
		mem = memory.NewGoAllocator()
	}
	ls := opts.LabelSet
	if ls == nil {
		ls = schema.DefaultLabelSet()
	}
	w := &Writer{
		dir: dir, tmp: tmp, replace: replace, lock: lock, mem: mem, ls: ls,
		sources:    map[string]*schema.Source{},
		authors:    map[string]*schema.Author{},
		articleIDs: map[string]string{},
		builders:   map[string]string{},
		sum:        newSummarizer(ls),
	}
	if w.articles, err = w.openPart(ls.Table("articles")); err == nil {
		if w.comments, err = w.openPart(ls.Table("comments")); err == nil {
			w.anomalies, err = w.openPart(schema.Anomalies)
		}
	}
	if err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// CheckTarget returns the error Create would give for the output dir:
// ErrExists, or ErrRefused for anything but a dataset holding only what
// its manifest lists. A command checks first to fail before locking.
func CheckTarget(dir string, force bool) error {
	_, err := checkTarget(dir, force)
	return err
}

// checkTarget refuses to touch anything at dir that is not a dataset
// holding only what its manifest lists: --force must never delete a
// user's files.
func checkTarget(dir string, force bool) (replace bool, err error) {
	fi, err := os.Lstat(dir)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !force {
		return false, fmt.Errorf("output directory %s %w; pass --force to replace it", dir, ErrExists)
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return false, fmt.Errorf("output %s is a symbolic link; %w", dir, ErrRefused)
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("output %s exists and is not a directory; %w", dir, ErrRefused)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return true, nil
	}
	m, err := ReadManifest(dir)
	if err != nil {
		return false, fmt.Errorf("output directory %s exists and is not a threadset dataset (%v); %w", dir, err, ErrRefused)
	}
	if m.Tool.Name != schema.ToolName {
		return false, fmt.Errorf("output directory %s exists and is not a threadset dataset (its %s names no tool %q); %w", dir, ManifestName, schema.ToolName, ErrRefused)
	}
	extra, err := Unlisted(dir, m)
	if err != nil {
		return false, err
	}
	if len(extra) > 0 {
		return false, fmt.Errorf("output directory %s holds %s, which its %s does not list; move %s out of the dataset first; %w",
			dir, list(extra, 10), ManifestName, pronoun(len(extra)), ErrRefused)
	}
	return true, nil
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// list quotes up to max names, then says how many more.
func list(names []string, max int) string {
	var b strings.Builder
	for i, n := range names {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(names)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
	return b.String()
}

// Unlisted returns, sorted, what dir holds beyond its manifest, its card
// and the files the manifest lists (with the directories holding them):
// the files a user kept in the dataset. A directory with nothing listed
// in it is named once, with a trailing slash.
func Unlisted(dir string, m *Manifest) ([]string, error) {
	listed := map[string]bool{ManifestName: true, CardName: true}
	dirs := map[string]bool{}
	for _, t := range m.Tables {
		for _, f := range t.Files {
			p := path.Clean(f.Path)
			listed[p] = true
			for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
				dirs[d] = true
			}
		}
	}
	var extra []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && dirs[rel]:
			return nil
		case d.IsDir():
			extra = append(extra, rel+"/")
			return filepath.SkipDir
		case d.Type().IsRegular() && listed[rel]:
			return nil
		}
		extra = append(extra, rel)
		return nil
	})
	sort.Strings(extra)
	return extra, err
}

func (w *Writer) openPart(t *schema.Table) (*part, error) {
	if err := os.Mkdir(filepath.Join(w.tmp, t.Name), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(w.tmp, t.Name, PartName))
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	pw, err := parquetio.NewWriter(bw, t, w.mem)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &part{table: t, f: f, bw: bw, pw: pw}, nil
}

func (p *part) close() error {
	err := p.pw.Close()
	if ferr := p.bw.Flush(); err == nil {
		err = ferr
	}
	if serr := p.f.Sync(); err == nil {
		err = serr
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	p.f = nil
	return err
}

// AddInput records an input file in the manifest.
func (w *Writer) AddInput(in Input) { w.inputs = append(w.inputs, in) }

// SetFilter records the build's read-time filter in the manifest.
func (w *Writer) SetFilter(f *Filter) { w.filter = f }

// AddWarning records a warning in the manifest.
func (w *Writer) AddWarning(wn schema.Warning) { w.warnings = append(w.warnings, wn) }

// AddBuilder records a builder that contributed rows.
func (w *Writer) AddBuilder(name, version string) { w.builders[name] = version }

// DuplicateArticleError says two inputs produced the same article ID.
type DuplicateArticleError struct{ ID, First string }

func (e *DuplicateArticleError) Error() string {
	return fmt.Sprintf("article %s was already built from %s", e.ID, e.First)
}

// AddArticle writes one article, its comments and the anomalies found in
// it. Articles are written in the order they are added; the caller fixes
// that order.
func (w *Writer) AddArticle(a *schema.Article, comments []schema.Comment, src schema.Source, anomalies []schema.Anomaly) error {
	if first, dup := w.articleIDs[a.ArticleID]; dup {
		return &DuplicateArticleError{ID: a.ArticleID, First: first}
	}
	w.articleIDs[a.ArticleID] = a.InputPath
	s, ok := w.sources[src.SourceID]
	if !ok {
		s = &src
		s.ArticleCount = 0
		w.sources[src.SourceID] = s
	} else {
		mergeSource(s, &src)
	}
	s.ArticleCount++
	if w.conv == nil {
		cv, err := w.openConversations()
		if err != nil {
			return err
		}
		w.conv, w.replyPairs, w.threads = cv, cv.pairs, cv.threads
	}
	artRow := a.Row(w.articles.table)
	if err := w.articles.pw.Append(artRow); err != nil {
		return err
	}
	w.sum.article(artRow)
	rows := make([]schema.Row, len(comments))
	for i := range comments {
		c := &comments[i]
		if c.AuthorID != nil {
			au, ok := w.authors[*c.AuthorID]
			if !ok {
				au = &schema.Author{AuthorID: *c.AuthorID, SourceID: a.SourceID, Name: *c.Author}
				w.authors[*c.AuthorID] = au
			}
			au.CommentCount++
		}
		rows[i] = c.Row(w.comments.table)
		if err := w.comments.pw.Append(rows[i]); err != nil {
			return err
		}
		w.sum.comment(rows[i])
	}
	// The conversation tables are derived now, from the rows in hand,
	// rather than by reading the comments back at the end.
	if err := w.conv.add(a.ArticleID, w.conv.article(artRow), rows); err != nil {
		return err
	}
	for i := range anomalies {
		r := anomalies[i].Row()
		if err := w.anomalies.pw.Append(r); err != nil {
			return err
		}
		w.sum.anomaly(r)
	}
	return nil
}

// mergeSource fills what one page left unknown about a source from another.
func mergeSource(dst, src *schema.Source) {
	if dst.Homepage == nil {
		dst.Homepage = src.Homepage
	}
	if dst.Platform == nil {
		dst.Platform = src.Platform
	}
	if dst.Language == "und" && src.Language != "" {
		dst.Language = src.Language
	}
	if dst.Country == nil {
		dst.Country = src.Country
	}
}

// TempDir is the directory the dataset is written in before Commit
// renames it into place. A caller may keep scratch files in a directory
// of its own inside it, and must remove that before Commit; Abort removes
// everything.
func (w *Writer) TempDir() string { return w.tmp }

// Summary is the summary of the dataset Commit wrote (what Summarize
// would read from it), nil before.
func (w *Writer) Summary() *Summary { return w.summary }

// Articles is the number of articles added so far.
func (w *Writer) Articles() int { return len(w.articleIDs) }

// Commit finishes every file, writes the manifest and the card, and puts
// the dataset in place.
func (w *Writer) Commit(info CardInfo) (*Manifest, error) {
	m, err := w.finish(info)
	if err != nil {
		w.Abort()
		return nil, err
	}
	if err := w.rename(); err != nil {
		w.Abort()
		return nil, err
	}
	_ = w.lock.Release()
	return m, nil
}

func (w *Writer) finish(info CardInfo) (*Manifest, error) {
	if err := w.articles.close(); err != nil {
		return nil, err
	}
	if err := w.comments.close(); err != nil {
		return nil, err
	}
	if err := w.anomalies.close(); err != nil {
		return nil, err
	}
	if w.conv != nil {
		if err := w.conv.close(); err != nil {
			return nil, err
		}
	} else if err := w.writeConversations(); err != nil {
		return nil, err
	}
	if err := w.writeSmallTables(); err != nil {
		return nil, err
	}
	m := &Manifest{
		Tool:          Tool{Name: schema.ToolName, Version: schema.ToolVersion},
		SchemaVersion: schema.Version,
		Inputs:        w.inputs,
		Warnings:      w.warnings,
		LabelSet:      w.ls,
		Imports:       w.imports,
		About:         info.About,
		Metadata:      info.Metadata,
		Filter:        w.filter,
	}
	for name, v := range w.builders {
		m.Builders = append(m.Builders, BuilderVersion{Name: name, Version: v})
	}
	sort.Slice(m.Builders, func(i, j int) bool { return m.Builders[i].Name < m.Builders[j].Name })
	SortWarnings(m.Warnings)
	for _, t := range w.ls.Tables() {
		rel := path.Join(t.Name, PartName)
		f, err := describeFile(w.tmp, rel)
		if err != nil {
			return nil, err
		}
		f.Rows = w.rows(t)
		m.Tables = append(m.Tables, TableFiles{Name: t.Name, Rows: f.Rows, Files: []File{f}})
	}
	data, err := marshalManifest(m)
	if err != nil {
		return nil, err
	}
	if err := WriteFileSync(filepath.Join(w.tmp, ManifestName), data); err != nil {
		return nil, err
	}
	var sum *Summary
	if w.copied == nil {
		sum, err = w.sum.summary(w.tmp)
	} else if sum, err = Summarize(w.tmp); err != nil {
		err = fmt.Errorf("reading back the new dataset: %w", err)
	}
	if err != nil {
		return nil, err
	}
	w.summary = sum
	card, err := RenderCard(m, sum, info)
	if err != nil {
		return nil, err
	}
	if err := WriteFileSync(filepath.Join(w.tmp, CardName), card); err != nil {
		return nil, err
	}
	// The manifest records the card's checksum, so that a card edited by
	// hand is found: write it again, now with the card.
	m.Card = cardFile(card)
	if data, err = marshalManifest(m); err != nil {
		return nil, err
	}
	tmpManifest := filepath.Join(w.tmp, ManifestName+".card")
	if err := WriteFileSync(tmpManifest, data); err != nil {
		return nil, err
	}
	if err := os.Rename(tmpManifest, filepath.Join(w.tmp, ManifestName)); err != nil {
		return nil, err
	}
	if err := os.Chmod(w.tmp, 0o755); err != nil {
		return nil, err
	}
	// The directories too: a rename must never publish entries a crash
	// could still lose.
	for _, t := range w.ls.Tables() {
		if err := SyncDir(filepath.Join(w.tmp, t.Name)); err != nil {
			return nil, err
		}
	}
	return m, SyncDir(w.tmp)
}

func (w *Writer) rows(t *schema.Table) int64 {
	switch t.Name {
	case schema.Articles.Name:
		return w.articles.pw.Rows()
	case schema.Comments.Name:
		return w.comments.pw.Rows()
	case schema.Anomalies.Name:
		return w.anomalies.pw.Rows()
	case schema.ReplyPairsName:
		return w.replyPairs.pw.Rows()
	case schema.ThreadsName:
		return w.threads.pw.Rows()
	case schema.Sources.Name:
		if w.copied != nil {
			return int64(len(w.copied[t.Name]))
		}
		return int64(len(w.sources))
	case schema.Authors.Name:
		if w.copied != nil {
			return int64(len(w.copied[t.Name]))
		}
		return int64(len(w.authors))
	case schema.Annotations.Name:
		return int64(len(w.annotations))
	case schema.OrphanedAnnotations.Name:
		return int64(len(w.orphans))
	}
	return 0
}

// SetAnnotations sets the annotations, orphaned annotations and imports
// the dataset records. They are written sorted, whatever their order.
func (w *Writer) SetAnnotations(annotations, orphans []schema.Annotation, imports []Import) {
	w.annotations, w.orphans, w.imports = annotations, orphans, imports
	SortAnnotations(w.annotations)
	SortAnnotations(w.orphans)
}

// SortAnnotations orders annotations by item, label, annotator, source.
func SortAnnotations(as []schema.Annotation) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := &as[i], &as[j]
		for _, p := range [][2]string{{a.ItemTable, b.ItemTable}, {a.ItemID, b.ItemID}, {a.Label, b.Label}, {a.Annotator, b.Annotator}, {a.SourceFile, b.SourceFile}} {
			if p[0] != p[1] {
				return p[0] < p[1]
			}
		}
		return a.SourceRow < b.SourceRow
	})
}

// writeSmallTables writes sources and authors, which are aggregated over
// the whole build, sorted so that input order cannot show.
func (w *Writer) writeSmallTables() error {
	if w.copied != nil {
		return w.writeCopied()
	}
	srcs := make([]*schema.Source, 0, len(w.sources))
	for _, s := range w.sources {
		srcs = append(srcs, s)
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].SourceID < srcs[j].SourceID })
	auths := make([]*schema.Author, 0, len(w.authors))
	for _, a := range w.authors {
		auths = append(auths, a)
	}
	sort.Slice(auths, func(i, j int) bool { return auths[i].AuthorID < auths[j].AuthorID })

	var srcRows, authRows, annRows, orphRows []schema.Row
	for _, s := range srcs {
		srcRows = append(srcRows, s.Row())
	}
	for _, a := range auths {
		authRows = append(authRows, a.Row())
	}
	for i := range w.annotations {
		annRows = append(annRows, w.annotations[i].Row())
	}
	for i := range w.orphans {
		orphRows = append(orphRows, w.orphans[i].OrphanRow())
	}
	for _, t := range []struct {
		table *schema.Table
		rows  []schema.Row
		sum   func(schema.Row)
	}{{schema.Sources, srcRows, w.sum.source}, {schema.Authors, authRows, w.sum.author}, {schema.Annotations, annRows, w.sum.annotation}, {schema.OrphanedAnnotations, orphRows, w.sum.orphan}} {
		if err := w.writeRows(t.table, t.rows); err != nil {
			return err
		}
		for _, r := range t.rows {
			t.sum(r)
		}
	}
	return nil
}

// writeRows writes a whole small table.
func (w *Writer) writeRows(t *schema.Table, rows []schema.Row) error {
	p, err := w.openPart(t)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := p.pw.Append(r); err != nil {
			_ = p.close()
			return err
		}
	}
	return p.close()
}

func describeFile(root, rel string) (File, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	return File{Path: rel, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// rename publishes the finished temporary directory with one rename. To
// replace a dataset it first moves the old one aside under the paired
// name .NAME.old-N (N from .NAME.tmp-N): a crash between the two renames
// leaves both, and Recover then knows the temporary is complete.
func (w *Writer) rename() error {
	parent, base := splitDir(w.dir)
	if !w.replace {
		if err := os.Rename(w.tmp, w.dir); err != nil {
			if errors.Is(err, syscall.EEXIST) || errors.Is(err, syscall.ENOTEMPTY) {
				return fmt.Errorf("output directory %s %w (made while this command ran)", w.dir, ErrExists)
			}
			return err
		}
		return SyncDir(parent)
	}
	old := filepath.Join(parent, "."+base+oldInfix+strings.TrimPrefix(filepath.Base(w.tmp), "."+base+tmpInfix))
	if err := os.Rename(w.dir, old); err != nil {
		return err
	}
	if err := SyncDir(parent); err != nil {
		return w.putBack(old, err)
	}
	if err := os.Rename(w.tmp, w.dir); err != nil {
		return w.putBack(old, err)
	}
	if err := SyncDir(parent); err != nil {
		return err
	}
	// The new version is published; an old copy that cannot be removed
	// now is removed by the next command on this path (Recover).
	_ = os.RemoveAll(old)
	return nil
}

// putBack undoes the first rename of a replace after the second failed.
func (w *Writer) putBack(old string, err error) error {
	if _, serr := os.Lstat(w.dir); os.IsNotExist(serr) {
		if rerr := os.Rename(old, w.dir); rerr != nil {
			return fmt.Errorf("%w; the old dataset is at %s (putting it back failed: %v)", err, old, rerr)
		}
	}
	return err
}

// Abort removes everything written so far and releases the lock. It is
// safe after Commit.
func (w *Writer) Abort() {
	for _, p := range []*part{w.articles, w.comments, w.anomalies, w.replyPairs, w.threads} {
		if p != nil && p.f != nil {
			_ = p.f.Close()
		}
	}
	_ = os.RemoveAll(w.tmp)
	_ = w.lock.Release()
}

// SortWarnings puts warnings in a stable order: by input, line, kind, text.
func SortWarnings(ws []schema.Warning) {
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if a.Input != b.Input {
			return a.Input < b.Input
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Message < b.Message
	})
}
