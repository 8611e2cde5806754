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
	Article   schema.Article
	Comments  []schema.Comment
	Source    schema.Source
	Anomalies []schema.Anomaly
}

// Finish assigns IDs and derives the reply-tree columns (parent, root,
// depth, position, reply count) of a page read by the builder named
// builder from in. It is the one place these rules live, so every
// builder's output means the same thing. Broken trees are kept, not
// repaired silently: a comment whose parent is missing, itself or in a
// loop is kept at top level and reported as an anomaly.
func Finish(p *Page, in Input, b Builder) (*Finished, error) {
	src := finishSource(p.Source)
	key := p.IDKey
	if len(key) == 0 {
		key = []string{b.Name(), in.SHA256}
	}
	a := schema.Article{
		ArticleID:            schema.ArticleID(key...),
		SourceID:             src.SourceID,
		NativeID:             optional(p.NativeID),
		InputPath:            in.Path,
		InputSHA256:          in.SHA256,
		URL:                  p.URL,
		Title:                p.Title,
		Subtitle:             p.Subtitle,
		Byline:               p.Byline,
		Section:              p.Section,
		Categories:           p.Categories,
		Tags:                 p.Tags,
		PublishedAt:          p.PublishedAt,
		Body:                 p.Body,
		Links:                p.Links,
		CommentCount:         int32(len(p.Comments)),
		DeclaredCommentCount: p.DeclaredCount,
		ReplyStructure:       p.ReplyStructure,
		CommentRule:          p.CommentRule,
		Builder:              b.Name() + "/" + b.Version(),
	}
	if a.CommentRule == "" {
		a.CommentRule = schema.CommentRuleExport
	}
	DetectLanguages(p)
	a.Language = p.Language
	if p.CommentEvidence != "" {
		ev := p.CommentEvidence
		a.CommentEvidence = &ev
	}
	if a.ReplyStructure == "" || len(p.Comments) == 0 {
		a.ReplyStructure = schema.ReplyNone
	}
	f := &Finished{Source: src}
	// Each row names the input it was read from: a comment joined from
	// another input names that one, and so do its anomalies.
	inputOf := func(i int) string {
		if i >= 0 && i < len(p.Comments) && p.Comments[i].Input != "" {
			return p.Comments[i].Input
		}
		return in.Path
	}
	var comments []schema.Comment
	anomalyAt := func(i int, input, kind, detail string) {
		var cid *string
		if i >= 0 {
			cid = &comments[i].CommentID
			input = inputOf(i)
		}
		f.Anomalies = append(f.Anomalies, schema.Anomaly{ArticleID: a.ArticleID, CommentID: cid, Kind: kind, Detail: detail, InputPath: input})
	}
	anomaly := func(i int, kind, detail string) { anomalyAt(i, in.Path, kind, detail) }

	n := len(p.Comments)
	comments = make([]schema.Comment, n)
	byNative := map[string]int{}
	seen := map[[2]string]int{}
	for i, pc := range p.Comments {
		var id string
		if pc.NativeID != "" {
			k := [2]string{"native", pc.NativeID}
			occ := seen[k]
			seen[k] = occ + 1
			id = schema.CommentID(a.ArticleID, "\x00native", pc.NativeID, occ)
			if occ == 0 {
				byNative[pc.NativeID] = i
			}
		} else {
			author := "\x00" // an anonymous comment never shares a key with a named one
			if pc.Author != nil {
				author = *pc.Author
			}
			k := [2]string{author, pc.Text}
			occ := seen[k]
			seen[k] = occ + 1
			id = schema.CommentID(a.ArticleID, author, pc.Text, occ)
		}
		c := schema.Comment{
			CommentID:    id,
			ArticleID:    a.ArticleID,
			Position:     int32(i),
			NativeID:     optional(pc.NativeID),
			NativeParent: optional(pc.NativeParent),
			Author:       pc.Author,
			PublishedAt:  pc.PublishedAt,
			Deleted:      pc.Deleted,
			Status:       optional(pc.Status),
			Links:        pc.Links,
			InputPath:    inputOf(i),
		}
		c.Language = pc.Language
		if !pc.Deleted {
			t := pc.Text
			c.Text = &t
		}
		if pc.Author != nil {
			aid := schema.AuthorID(src.SourceID, *pc.Author)
			c.AuthorID = &aid
		}
		comments[i] = c
	}
	for i, pc := range p.Comments {
		if pc.NativeID != "" && byNative[pc.NativeID] != i {
			anomaly(i, schema.AnomalyDuplicateID, fmt.Sprintf("native ID %s occurs more than once in this article; this copy is at position %d", pc.NativeID, i))
		}
	}

	// Resolve parents to indexes.
	parent := make([]int, n)
	for i, pc := range p.Comments {
		switch {
		case pc.NativeParent == "":
			parent[i] = pc.Parent
			if parent[i] >= i || parent[i] < -1 {
				return nil, fmt.Errorf("%s: comment %d replies to comment %d, which does not come before it", in.Path, i, pc.Parent)
			}
		case pc.NativeParent == pc.NativeID:
			parent[i] = -1
			anomaly(i, schema.AnomalySelfReply, fmt.Sprintf("comment %s names itself as its parent", pc.NativeID))
		default:
			j, ok := byNative[pc.NativeParent]
			if !ok {
				parent[i] = -1
				why := "is not in the input"
				if r, ok := p.LeftOut[pc.NativeParent]; ok {
					why = "was left out (" + r + ")"
				}
				anomaly(i, schema.AnomalyOrphan, fmt.Sprintf("parent %s of comment %s %s", pc.NativeParent, nativeOr(pc.NativeID, i), why))
				continue
			}
			parent[i] = j
		}
	}
	// Break loops: the first comment (in input order) on a loop is cut
	// from its parent and kept at top level.
	state := make([]byte, n) // 0 unvisited, 1 on the current path, 2 done
	for i := range comments {
		var path []int
		at := map[int]int{}
		for j := i; j >= 0 && state[j] != 2; j = parent[j] {
			if state[j] == 1 {
				first := j
				for _, k := range path[at[j]:] {
					first = min(first, k)
				}
				anomaly(first, schema.AnomalyCycle, fmt.Sprintf("the parents of comment %s lead back to it", nativeOr(p.Comments[first].NativeID, first)))
				parent[first] = -1
				break
			}
			state[j] = 1
			at[j] = len(path)
			path = append(path, j)
		}
		for _, k := range path {
			state[k] = 2
		}
	}
	// Depth and root, parents first.
	done := make([]bool, n)
	var visit func(i int)
	visit = func(i int) {
		if done[i] {
			return
		}
		c := &comments[i]
		if pi := parent[i]; pi < 0 {
			c.RootID = c.CommentID
		} else {
			visit(pi)
			pc := &comments[pi]
			pid := pc.CommentID
			c.ParentID = &pid
			c.RootID = pc.RootID
			c.Depth = pc.Depth + 1
			pc.ReplyCount++
			if pc.Deleted {
				anomaly(i, schema.AnomalyParentDeleted, fmt.Sprintf("comment %s replies to deleted comment %s", nativeOr(p.Comments[i].NativeID, i), nativeOr(p.Comments[pi].NativeID, pi)))
			}
		}
		done[i] = true
	}
	for i := range comments {
		visit(i)
	}
	for _, pa := range p.Anomalies {
		i, input := pa.Comment, pa.Input
		if i >= n {
			i = -1
		}
		if input == "" {
			input = in.Path
		}
		anomalyAt(i, input, pa.Kind, pa.Detail)
	}
	f.Article, f.Comments = a, comments
	return f, nil
}

func nativeOr(native string, i int) string {
	if native != "" {
		return native
	}
	return fmt.Sprintf("at position %d", i)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
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
		Country:  si.Country,
	}
	if name == UnknownSource {
		// Pages that do not name their site may come from many platforms.
		s.Platform = nil
	}
	return s
}
