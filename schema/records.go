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
	Builder              string
	Labels               map[string]string
}

// Row returns the article in the column order of Articles.
func (a *Article) Row() Row {
	return Row{
		a.ArticleID, a.SourceID, optStr(a.NativeID), a.InputPath, a.InputSHA256, optStr(a.URL),
		a.Title, optStr(a.Subtitle), optStr(a.Byline), optStr(a.Section), list(a.Categories), list(a.Tags),
		optTime(a.PublishedAt), a.Body, list(a.Links), a.CommentCount, optI32(a.DeclaredCommentCount), a.ReplyStructure, a.Builder,
		labelValue(a.Labels, ColStance), labelValue(a.Labels, ColStanceTarget),
	}
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
	Deleted      bool
	Status       *string
	Links        []string
	ReplyCount   int32
	Labels       map[string]string
}

// Row returns the comment in the column order of Comments.
func (c *Comment) Row() Row {
	return Row{
		c.CommentID, c.ArticleID, optStr(c.ParentID), c.RootID, c.Depth, c.Position,
		optStr(c.NativeID), optStr(c.NativeParent), optStr(c.Author), optStr(c.AuthorID), optTime(c.PublishedAt),
		optStr(c.Text), c.Deleted, optStr(c.Status), list(c.Links), c.ReplyCount,
		labelValue(c.Labels, ColStance), labelValue(c.Labels, ColStanceTarget),
		labelValue(c.Labels, ColReplyStance), labelValue(c.Labels, ColDiscourseAct),
	}
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

func labelValue(m map[string]string, col string) any {
	if v, ok := m[col]; ok {
		return v
	}
	return nil
}
