package builders

import (
	"fmt"
	"strings"

	"github.com/threadset/threadset/schema"
)

// UnknownSource is the name of the source that pages naming no site share.
const UnknownSource = "unknown"

// UndeterminedLanguage is the BCP 47 tag for a language not given.
const UndeterminedLanguage = "und"

// Finished is a page turned into table rows.
type Finished struct {
	Article  schema.Article
	Comments []schema.Comment
	Source   schema.Source
}

// Finish assigns IDs and derives the reply-tree columns (root, depth,
// position, reply count) of a page read by b from in. It is the one place
// these rules live, so every builder's output means the same thing.
func Finish(p *Page, in Input, b Builder) (*Finished, error) {
	src := finishSource(p.Source)
	key := p.IDKey
	if len(key) == 0 {
		key = []string{b.Name(), in.SHA256}
	}
	a := schema.Article{
		ArticleID:            schema.ArticleID(key...),
		SourceID:             src.SourceID,
		InputPath:            in.Path,
		InputSHA256:          in.SHA256,
		URL:                  p.URL,
		Title:                p.Title,
		Subtitle:             p.Subtitle,
		Byline:               p.Byline,
		Section:              p.Section,
		PublishedAt:          p.PublishedAt,
		Body:                 p.Body,
		CommentCount:         int32(len(p.Comments)),
		DeclaredCommentCount: p.DeclaredCount,
		ReplyStructure:       p.ReplyStructure,
		Builder:              b.Name() + "/" + b.Version(),
	}
	if a.ReplyStructure == "" || len(p.Comments) == 0 {
		a.ReplyStructure = schema.ReplyNone
	}

	comments := make([]schema.Comment, len(p.Comments))
	seen := map[[2]string]int{}
	for i, pc := range p.Comments {
		author := ""
		if pc.Author != nil {
			author = *pc.Author
		}
		k := [2]string{author, pc.Text}
		if pc.Author == nil {
			k[0] = "\x00" // an anonymous comment never shares a key with a named one
		}
		occ := seen[k]
		seen[k] = occ + 1
		c := schema.Comment{
			CommentID:   schema.CommentID(a.ArticleID, k[0], pc.Text, occ),
			ArticleID:   a.ArticleID,
			Position:    int32(i),
			Author:      pc.Author,
			PublishedAt: pc.PublishedAt,
			Text:        pc.Text,
		}
		if pc.Author != nil {
			id := schema.AuthorID(src.SourceID, *pc.Author)
			c.AuthorID = &id
		}
		switch {
		case pc.Parent < 0:
			c.RootID = c.CommentID
		case pc.Parent >= i:
			return nil, fmt.Errorf("%s: comment %d replies to comment %d, which does not come before it", in.Path, i, pc.Parent)
		default:
			parent := &comments[pc.Parent]
			pid := parent.CommentID
			c.ParentID = &pid
			c.RootID = parent.RootID
			c.Depth = parent.Depth + 1
			parent.ReplyCount++
		}
		comments[i] = c
	}
	return &Finished{Article: a, Comments: comments, Source: src}, nil
}

func finishSource(si SourceInfo) schema.Source {
	name := strings.TrimSpace(si.Name)
	if name == "" {
		name = UnknownSource
	}
	lang := si.Language
	if lang == "" {
		lang = UndeterminedLanguage
	}
	s := schema.Source{
		SourceID: schema.SourceID(strings.ToLower(name)),
		Name:     name,
		Homepage: si.Homepage,
		Platform: si.Platform,
		Language: lang,
	}
	if name == UnknownSource {
		// Pages that do not name their site may come from many platforms.
		s.Platform = nil
	}
	return s
}
