package dataset

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
)

// Summary is a researcher's first look at a dataset; `threadset inspect`
// prints it and the card quotes it.
type Summary struct {
	Tables               []TableRows  `json:"tables"`
	ArticlesWithComments int          `json:"articles_with_comments"`
	ReplyStructures      []NameCount  `json:"reply_structures"`
	CommentsPerArticle   Distribution `json:"comments_per_article"`
	DepthHistogram       []int64      `json:"depth_histogram"`
	// ImpossibleDepths counts comments whose depth no reply tree of this
	// size can have (negative, or not below the number of comments): a
	// damaged dataset, left out of the histogram.
	ImpossibleDepths    int64           `json:"impossible_depths,omitempty"`
	AnonymousComments   int64           `json:"anonymous_comments"`
	AnonymousShare      float64         `json:"anonymous_share"`
	TopAuthors          []AuthorCount   `json:"top_authors"`
	Sources             []SourceSummary `json:"sources"`
	DeletedComments     int64           `json:"deleted_comments"`
	Anomalies           []NameCount     `json:"anomalies"`
	LabelFill           []LabelFill     `json:"label_fill"`
	Annotations         int64           `json:"annotations"`
	OrphanedAnnotations int64           `json:"orphaned_annotations"`
	Annotators          []NameCount     `json:"annotators"`
	// Agreement is per label column, when two or more annotators labelled
	// the same items.
	Agreement []ColumnAgreement `json:"agreement"`
}

// TableRows is a table's row count.
type TableRows struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
}

// NameCount is a value and how often it occurs.
type NameCount struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// Distribution summarises a count over articles.
type Distribution struct {
	Min    int64   `json:"min"`
	Median float64 `json:"median"`
	Mean   float64 `json:"mean"`
	Max    int64   `json:"max"`
}

// AuthorCount is a commenter and their number of comments.
type AuthorCount struct {
	Name     string `json:"name"`
	Source   string `json:"source"`
	Comments int32  `json:"comments"`
}

// SourceSummary is one source in the summary.
type SourceSummary struct {
	Name     string `json:"name"`
	Platform string `json:"platform"`
	Articles int32  `json:"articles"`
}

// LabelFill is how many rows of a label column are filled.
type LabelFill struct {
	Table  string `json:"table"`
	Column string `json:"column"`
	Filled int64  `json:"filled"`
	Rows   int64  `json:"rows"`
}

const topAuthors = 10

// Summarize reads a dataset's tables once and summarises them.
func Summarize(dir string) (*Summary, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	ls := m.Labels()
	sz := newSummarizer(ls)
	if err := ReadTableColumns(dir, sz.articlesT, labelsAnd(sz.articlesT, schema.ColCommentCount, schema.ColReplyStruct), func(r schema.Row) error {
		sz.article(r)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := ReadTableColumns(dir, sz.commentsT, labelsAnd(sz.commentsT, schema.ColDepth, schema.ColAuthor, schema.ColDeleted), func(r schema.Row) error {
		sz.comment(r)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, t := range []struct {
		table *schema.Table
		add   func(schema.Row)
	}{
		{schema.Sources, sz.source},
		{schema.Authors, sz.author},
		{schema.Anomalies, sz.anomaly},
		{schema.Annotations, sz.annotation},
		{schema.OrphanedAnnotations, sz.orphan},
	} {
		if err := ReadTable(dir, t.table, func(r schema.Row) error {
			t.add(r)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return sz.summary(dir)
}

// summarizer computes a Summary from rows, fed in table order: by
// Summarize as it reads a dataset, or by the Writer as it writes one, so
// that a build need not read its tables back for the card.
type summarizer struct {
	articlesT, commentsT *schema.Table
	s                    *Summary
	fills                map[string]*LabelFill
	fillOrder            []*LabelFill
	perArticle           []int64
	structs              map[string]int64
	comments             int64
	// Depths are counted in a map and checked before the histogram is
	// laid out: a damaged file's depth (-1, or 2,000,000,000) must neither
	// index out of range nor size an allocation.
	depths                      map[int32]int64
	srcNames                    map[string]string
	sources, authors            int64
	kinds                       map[string]int64
	anomalies                   int64
	byAnnotator                 map[string]int64
	depthCol, authorCol, delCol int
}

func newSummarizer(ls *schema.LabelSet) *summarizer {
	sz := &summarizer{
		articlesT: ls.Table(schema.Articles.Name), commentsT: ls.Table(schema.Comments.Name),
		s: &Summary{}, fills: map[string]*LabelFill{}, structs: map[string]int64{}, depths: map[int32]int64{},
		srcNames: map[string]string{}, kinds: map[string]int64{}, byAnnotator: map[string]int64{},
		depthCol: schema.Comments.Index(schema.ColDepth), authorCol: schema.Comments.Index(schema.ColAuthor), delCol: schema.Comments.Index(schema.ColDeleted),
	}
	for _, t := range ls.Tables() {
		for _, c := range t.Columns {
			if c.Label {
				lf := &LabelFill{Table: t.Name, Column: c.Name}
				sz.fills[t.Name+"."+c.Name] = lf
				sz.fillOrder = append(sz.fillOrder, lf)
			}
		}
	}
	return sz
}

func (sz *summarizer) countFills(t *schema.Table, r schema.Row) {
	for i, c := range t.Columns {
		if c.Label {
			lf := sz.fills[t.Name+"."+c.Name]
			lf.Rows++
			if r[i] != nil {
				lf.Filled++
			}
		}
	}
}

func (sz *summarizer) article(r schema.Row) {
	n := int64(I32(r[schema.Articles.Index(schema.ColCommentCount)]))
	sz.perArticle = append(sz.perArticle, n)
	if n > 0 {
		sz.s.ArticlesWithComments++
	}
	sz.structs[Str(r[schema.Articles.Index(schema.ColReplyStruct)])]++
	sz.countFills(sz.articlesT, r)
}

func (sz *summarizer) comment(r schema.Row) {
	s := sz.s
	sz.comments++
	if d := I32(r[sz.depthCol]); d < 0 {
		s.ImpossibleDepths++
	} else {
		sz.depths[d]++
	}
	if r[sz.authorCol] == nil {
		s.AnonymousComments++
	}
	if r[sz.delCol] == true {
		s.DeletedComments++
	}
	sz.countFills(sz.commentsT, r)
}

func (sz *summarizer) source(r schema.Row) {
	sz.sources++
	col := func(name string) any { return r[schema.Sources.Index(name)] }
	sz.srcNames[Str(col(schema.ColSourceID))] = Str(col(schema.ColName))
	sz.s.Sources = append(sz.s.Sources, SourceSummary{Name: Str(col(schema.ColName)), Platform: Str(col("platform")), Articles: I32(col(schema.ColArticleCount))})
}

func (sz *summarizer) author(r schema.Row) {
	sz.authors++
	col := func(name string) any { return r[schema.Authors.Index(name)] }
	sz.s.TopAuthors = append(sz.s.TopAuthors, AuthorCount{Name: Str(col(schema.ColName)), Source: Str(col(schema.ColSourceID)), Comments: I32(col(schema.ColCommentCount))})
}

func (sz *summarizer) anomaly(r schema.Row) {
	sz.anomalies++
	sz.kinds[Str(r[schema.Anomalies.Index(schema.ColKind)])]++
}

func (sz *summarizer) annotation(r schema.Row) {
	sz.s.Annotations++
	sz.byAnnotator[Str(r[schema.Annotations.Index(schema.ColAnnotator)])]++
}

func (sz *summarizer) orphan(schema.Row) { sz.s.OrphanedAnnotations++ }

// summary finishes the figures; dir is read only for the agreement of
// two or more annotators.
func (sz *summarizer) summary(dir string) (*Summary, error) {
	s, comments, depths := sz.s, sz.comments, sz.depths
	// A comment at depth d has d ancestors, so the depths of n comments
	// are below n, and the histogram is never longer than the table.
	maxDepth := int32(-1)
	for d, n := range depths {
		if int64(d) >= comments {
			s.ImpossibleDepths += n
			delete(depths, d)
		} else {
			maxDepth = max(maxDepth, d)
		}
	}
	s.DepthHistogram = make([]int64, maxDepth+1)
	for d, n := range depths {
		s.DepthHistogram[d] = n
	}
	s.Annotators = []NameCount{}
	for name, n := range sz.byAnnotator {
		s.Annotators = append(s.Annotators, NameCount{name, n})
	}
	sort.Slice(s.Annotators, func(i, j int) bool { return s.Annotators[i].Name < s.Annotators[j].Name })
	s.Agreement = []ColumnAgreement{}
	if len(s.Annotators) >= 2 {
		ag, err := Agreement(dir)
		if err != nil {
			return nil, err
		}
		for _, a := range ag {
			if a.Items > 0 {
				s.Agreement = append(s.Agreement, a)
			}
		}
	}
	s.Anomalies = []NameCount{}
	for _, k := range schema.AnomalyKinds {
		if sz.kinds[k.Value] > 0 {
			s.Anomalies = append(s.Anomalies, NameCount{k.Value, sz.kinds[k.Value]})
		}
	}
	for i := range s.TopAuthors {
		s.TopAuthors[i].Source = sz.srcNames[s.TopAuthors[i].Source]
	}
	s.TopAuthors = topN(s.TopAuthors, topAuthors)
	sort.SliceStable(s.Sources, func(i, j int) bool { return s.Sources[i].Name < s.Sources[j].Name })

	s.Tables = []TableRows{
		{schema.Articles.Name, int64(len(sz.perArticle))},
		{schema.Comments.Name, comments},
		{schema.Sources.Name, sz.sources},
		{schema.Authors.Name, sz.authors},
		{schema.Anomalies.Name, sz.anomalies},
		{schema.Annotations.Name, s.Annotations},
		{schema.OrphanedAnnotations.Name, s.OrphanedAnnotations},
	}
	for _, rs := range []string{schema.ReplyNested, schema.ReplyFlat, schema.ReplyNone} {
		s.ReplyStructures = append(s.ReplyStructures, NameCount{rs, sz.structs[rs]})
	}
	s.CommentsPerArticle = distribution(sz.perArticle)
	if comments > 0 {
		s.AnonymousShare = float64(s.AnonymousComments) / float64(comments)
	}
	for _, lf := range sz.fillOrder {
		s.LabelFill = append(s.LabelFill, *lf)
	}
	return s, nil
}

// authorBefore orders the top authors: most comments first, then by name
// and source, so that ties read the same in every build.
func authorBefore(a, b AuthorCount) bool {
	if a.Comments != b.Comments {
		return a.Comments > b.Comments
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.Source < b.Source
}

// topN returns the n first authors in authorBefore's order, sorted,
// without sorting them all: a month of Reddit has a million authors.
func topN(as []AuthorCount, n int) []AuthorCount {
	var top []AuthorCount
	for _, a := range as {
		if len(top) == n && !authorBefore(a, top[n-1]) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return authorBefore(a, top[i]) })
		if len(top) < n {
			top = append(top, AuthorCount{})
		}
		copy(top[i+1:], top[i:len(top)-1])
		top[i] = a
	}
	if top == nil {
		return as[:0:0]
	}
	return top
}

// labelsAnd lists t's label columns and the named ones.
func labelsAnd(t *schema.Table, names ...string) []string {
	for _, c := range t.Columns {
		if c.Label {
			names = append(names, c.Name)
		}
	}
	return names
}

func distribution(xs []int64) Distribution {
	if len(xs) == 0 {
		return Distribution{}
	}
	sorted := append([]int64(nil), xs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var sum int64
	for _, x := range sorted {
		sum += x
	}
	n := len(sorted)
	med := float64(sorted[n/2])
	if n%2 == 0 {
		med = float64(sorted[n/2-1]+sorted[n/2]) / 2
	}
	return Distribution{Min: sorted[0], Median: med, Mean: float64(sum) / float64(n), Max: sorted[n-1]}
}

// WriteText prints the summary for a terminal.
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintln(&b, "rows per table:")
	for _, t := range s.Tables {
		fmt.Fprintf(&b, "  %-10s %8d\n", t.Name, t.Rows)
	}
	d := s.CommentsPerArticle
	fmt.Fprintf(&b, "comments per article: min %d, median %g, mean %.1f, max %d (%d of %d articles have comments)\n",
		d.Min, d.Median, d.Mean, d.Max, s.ArticlesWithComments, s.Tables[0].Rows)
	fmt.Fprint(&b, "reply structure:")
	for _, rs := range s.ReplyStructures {
		fmt.Fprintf(&b, " %s %d", rs.Name, rs.Count)
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "depth histogram:")
	for depth, n := range s.DepthHistogram {
		fmt.Fprintf(&b, "  depth %-3d %8d\n", depth, n)
	}
	if s.ImpossibleDepths > 0 {
		fmt.Fprintf(&b, "  impossible depth (negative, or deeper than the table allows) %d: the dataset is damaged, threadset validate lists the problems\n", s.ImpossibleDepths)
	}
	fmt.Fprintf(&b, "anonymous comments: %d (%.1f%%)\n", s.AnonymousComments, 100*s.AnonymousShare)
	fmt.Fprintf(&b, "deleted comments kept as placeholders: %d\n", s.DeletedComments)
	fmt.Fprint(&b, "anomalies:")
	if len(s.Anomalies) == 0 {
		fmt.Fprint(&b, " none")
	}
	for _, a := range s.Anomalies {
		fmt.Fprintf(&b, " %s %d", a.Name, a.Count)
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "top authors:")
	for _, a := range s.TopAuthors {
		fmt.Fprintf(&b, "  %6d  %s (%s)\n", a.Comments, a.Name, a.Source)
	}
	fmt.Fprintf(&b, "annotations: %d (orphaned: %d)", s.Annotations, s.OrphanedAnnotations)
	for _, a := range s.Annotators {
		fmt.Fprintf(&b, "; %s %d", a.Name, a.Count)
	}
	fmt.Fprintln(&b)
	fmt.Fprintln(&b, "label fill rates:")
	for _, lf := range s.LabelFill {
		fmt.Fprintf(&b, "  %-24s %d/%d (%.1f%%)\n", lf.Table+"."+lf.Column, lf.Filled, lf.Rows, pct(lf.Filled, lf.Rows))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pct(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}
