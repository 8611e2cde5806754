package schema

import "time"

// Row is one table row: one value per column, in column order. A value is
// nil (null), a string, an int32, a bool, a time.Time (UTC) or a []string.
type Row []any

// Article is one row of the articles table.
type Article struct {
	ArticleID            string
	SourceID             string
	NativeID             *string
	InputPath            string
	InputSHA256          string
	URL                  *string
	Title                string
	Subtitle             *string
	Byline               *string
	Section              *string
	Categories           []string
	Tags                 []string
	PublishedAt          *time.Time
	Body                 string
	Links                []string
	CommentCount         int32
	DeclaredCommentCount *int32
	ReplyStructure       string
	CommentRule          string
	Language             string
	CommentEvidence      *string
	Builder              string
	Labels               map[string]string
}

// Row returns the article in the column order of t, an articles table
// with some label set's columns.
func (a *Article) Row(t *Table) Row {
	return withLabels(t, a.Labels, Row{
		a.ArticleID, a.SourceID, optStr(a.NativeID), a.InputPath, a.InputSHA256, optStr(a.URL),
		a.Title, optStr(a.Subtitle), optStr(a.Byline), optStr(a.Section), list(a.Categories), list(a.Tags),
		optTime(a.PublishedAt), a.Body, list(a.Links), a.CommentCount, optI32(a.DeclaredCommentCount), a.ReplyStructure,
		a.CommentRule, a.Language, optStr(a.CommentEvidence), a.Builder,
	})
}

// Comment is one row of the comments table.
type Comment struct {
	CommentID    string
	ArticleID    string
	ParentID     *string
	RootID       string
	Depth        int32
	Position     int32
	NativeID     *string
	NativeParent *string
	Author       *string
	AuthorID     *string
	PublishedAt  *time.Time
	Text         *string
	Language     string
	Deleted      bool
	Status       *string
	Links        []string
	ReplyCount   int32
	InputPath    string
	Labels       map[string]string
}

// Row returns the comment in the column order of t, a comments table with
// some label set's columns.
func (c *Comment) Row(t *Table) Row {
	return withLabels(t, c.Labels, Row{
		c.CommentID, c.ArticleID, optStr(c.ParentID), c.RootID, c.Depth, c.Position,
		optStr(c.NativeID), optStr(c.NativeParent), optStr(c.Author), optStr(c.AuthorID), optTime(c.PublishedAt),
		optStr(c.Text), c.Language, c.Deleted, optStr(c.Status), list(c.Links), c.ReplyCount, c.InputPath,
	})
}

// withLabels appends the label columns of t (they follow the base columns)
// from labels; an absent label is null.
func withLabels(t *Table, labels map[string]string, base Row) Row {
	for _, c := range t.Columns[len(base):] {
		if v, ok := labels[c.Name]; ok {
			base = append(base, v)
		} else {
			base = append(base, nil)
		}
	}
	return base
}

// Source is one row of the sources table.
type Source struct {
	SourceID     string
	Name         string
	Homepage     *string
	Platform     *string
	Language     string
	Country      *string
	ArticleCount int32
}

// Row returns the source in the column order of Sources.
func (s *Source) Row() Row {
	return Row{s.SourceID, s.Name, optStr(s.Homepage), optStr(s.Platform), s.Language, optStr(s.Country), s.ArticleCount}
}

// Author is one row of the authors table.
type Author struct {
	AuthorID     string
	SourceID     string
	Name         string
	CommentCount int32
}

// Row returns the author in the column order of Authors.
func (a *Author) Row() Row {
	return Row{a.AuthorID, a.SourceID, a.Name, a.CommentCount}
}

// Anomaly is one row of the anomalies table.
type Anomaly struct {
	ArticleID string
	CommentID *string
	Kind      string
	Detail    string
	InputPath string
}

// Row returns the anomaly in the column order of Anomalies.
func (a *Anomaly) Row() Row {
	return Row{a.ArticleID, optStr(a.CommentID), a.Kind, a.Detail, a.InputPath}
}

// list makes a nil list an empty one: list columns are never null.
func list(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func optStr(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func optI32(p *int32) any {
	if p == nil {
		return nil
	}
	return *p
}

func optTime(p *time.Time) any {
	if p == nil {
		return nil
	}
	return p.UTC()
}

// Annotation is one row of the annotations table (and, with Reason, of
// orphaned_annotations).
type Annotation struct {
	ItemTable     string
	ItemID        string
	Label         string
	Annotator     string
	Value         string
	SourceFile    string
	SourceSHA256  string
	SourceRow     int32
	RematchedFrom *string
	Reason        string
}

// Row returns the annotation in the column order of Annotations.
func (a *Annotation) Row() Row {
	return Row{a.ItemTable, a.ItemID, a.Label, a.Annotator, a.Value, a.SourceFile, a.SourceSHA256, a.SourceRow, optStr(a.RematchedFrom)}
}

// OrphanRow returns the annotation in the column order of OrphanedAnnotations.
func (a *Annotation) OrphanRow() Row { return append(a.Row(), a.Reason) }
