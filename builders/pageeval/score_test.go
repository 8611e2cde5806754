package pageeval

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/schema"
)

func sp(s string) *string { return &s }

// threadTruth: a, b replies to a, c replies to b, d top level, plus a
// pingback.
func threadTruth(split string) Truth {
	return Truth{
		Page: "comments/t.html", Split: split, Kind: KindComments,
		Title:     "Der Titel „heute“",
		BodyFirst: "Erster Absatz des Artikels.",
		BodyLast:  "Letzter Absatz.",
		Comments: []TruthComment{
			{NativeID: "1", Author: "Anna", TextStart: "Ein sehr guter Artikel, danke dafür", Text: "Ein sehr guter Artikel, danke dafür und für die vielen Links."},
			{NativeID: "2", Author: "Ben", Parent: sp("1"), Depth: 1, TextStart: "Sehe ich anders", Text: "Sehe ich anders."},
			{NativeID: "p", Author: "Blog X", TextStart: "[…] wie hier beschrieben […]", IsPingback: true},
			{NativeID: "3", Author: "Anna", Parent: sp("2"), Depth: 2, TextStart: "Warum?", Text: "Warum?"},
			{NativeID: "4", Author: "Carl", TextStart: "Danke!", Text: "Danke!"},
		},
	}
}

func pc(author, text string, parent int) builders.PageComment {
	return builders.PageComment{Author: &author, Text: text, Parent: parent}
}

func TestScorePerfectAndParents(t *testing.T) {
	truth := threadTruth(SplitDev)
	perfect := &builders.Page{
		Title: "Der Titel \"heute\"",
		Body:  "Erster  Absatz\ndes Artikels.\n\nMitte.\n\nLetzter Absatz.",
		Comments: []builders.PageComment{
			pc("Anna", "Ein sehr guter Artikel,\n\ndanke dafür und für die vielen Links.", -1),
			pc("Ben", "Sehe ich anders.", 0),
			pc("Anna", "Warum?", 1),
			pc("Carl", "Danke!", -1),
		},
	}
	rep := Score([]Truth{truth}, []Produced{{Pages: []*builders.Page{perfect}}}, Options{})
	m := rep.Dev
	assert.Equal(t, 0, m.DisqusPages)
	assert.Equal(t, 4, m.TruthComments)
	assert.Equal(t, 4, m.Matched)
	assert.InDelta(t, 1.0, m.F1, 1e-9)
	assert.InDelta(t, 1.0, m.AuthorAccuracy, 1e-9)
	assert.InDelta(t, 1.0, m.ParentAccuracy, 1e-9)
	assert.InDelta(t, 1.0, m.DepthAccuracy, 1e-9)
	assert.Equal(t, 1, m.TitleCorrect)
	assert.Equal(t, 1, m.BodyFirstFound)
	assert.Equal(t, 1, m.BodyLastFound)
	assert.Equal(t, 0, m.BodyCommentRunes)
	assert.Equal(t, 0, rep.Holdout.Pages)

	// Everything flattened to top level, one author glued to a date, the
	// pingback kept, one comment left in the body.
	flat := &builders.Page{
		Title: "Blog X",
		Body:  "Erster Absatz des Artikels.\n\nEin sehr guter Artikel, danke dafür und für die vielen Links.",
		Comments: []builders.PageComment{
			pc("Ben on 3. März 2019", "3. März 2019\nSehe ich anders.\nAntworten", -1),
			pc("Blog X", "[…] wie hier beschrieben […]", -1),
			pc("Anna", "Warum?", -1),
			pc("Carl", "Danke!", -1),
		},
	}
	rep = Score([]Truth{truth}, []Produced{{Pages: []*builders.Page{flat}}}, Options{})
	m = rep.Dev
	assert.Equal(t, 3, m.Matched)
	assert.Equal(t, 4, m.ProducedComments)
	assert.InDelta(t, 0.75, m.Precision, 1e-9)
	assert.InDelta(t, 0.75, m.Recall, 1e-9)
	assert.Equal(t, 1, m.PingbacksEmitted)
	assert.Equal(t, 2, m.AuthorCorrect, "Ben's author has a date glued on")
	assert.Equal(t, 1, m.ParentCorrect, "only Carl is really top level")
	assert.Equal(t, 2, m.TextStartCorrect, "Ben's text starts with a date line")
	assert.Equal(t, 0, m.TitleCorrect)
	assert.Equal(t, 1, m.BodyFirstFound)
	assert.Equal(t, 0, m.BodyLastFound)
	assert.Equal(t, runeLen(Normalize("Ein sehr guter Artikel, danke dafür und für die vielen Links.")), m.BodyCommentRunes)
	assert.InDelta(t, 0.7, m.CommentShare, 0.1)
	require.Len(t, rep.Pages, 1)
	assert.Len(t, rep.Pages[0].Missed, 1)
	assert.Contains(t, rep.Pages[0].Missed[0], "Anna")
	assert.Len(t, rep.Pages[0].Extra, 1)
}

func TestScoreNativeParents(t *testing.T) {
	truth := threadTruth(SplitHoldout)
	mk := func(id, parent, author, text string) builders.PageComment {
		return builders.PageComment{NativeID: id, NativeParent: parent, Parent: -1, Author: &author, Text: text}
	}
	// Out of page order and with native parents: Ben's reply attached to
	// Carl instead of Anna.
	page := &builders.Page{Title: truth.Title, Comments: []builders.PageComment{
		mk("x4", "", "Carl", "Danke!"),
		mk("x1", "", "Anna", "Ein sehr guter Artikel, danke dafür und für die vielen Links."),
		mk("x2", "x4", "Ben", "Sehe ich anders."),
		mk("x3", "x2", "Anna", "Warum?"),
	}}
	rep := Score([]Truth{truth}, []Produced{{Pages: []*builders.Page{page}}}, Options{})
	m := rep.Holdout
	assert.Equal(t, 4, m.Matched)
	assert.Equal(t, 3, m.ParentCorrect, "Ben's parent is Carl, not Anna")
	assert.Equal(t, 4, m.DepthCorrect)
	assert.Equal(t, 0, rep.Dev.Pages)
}

func TestScoreRepeatedTextsPairInOrder(t *testing.T) {
	truth := Truth{Page: "comments/r.html", Split: SplitDev, Kind: KindComments, Comments: []TruthComment{
		{NativeID: "1", Author: "A", TextStart: "Danke!"},
		{NativeID: "2", Author: "B", TextStart: "Danke!"},
		{NativeID: "3", Author: "A", TextStart: "Danke!"},
	}}
	page := &builders.Page{Comments: []builders.PageComment{pc("A", "Danke!", -1), pc("B", "Danke!", -1), pc("X", "Danke!", -1)}}
	rep := Score([]Truth{truth}, []Produced{{Pages: []*builders.Page{page}}}, Options{})
	assert.Equal(t, 3, rep.All.Matched)
	assert.Equal(t, 2, rep.All.AuthorCorrect)
	assert.Equal(t, []string{`3 "A": Danke!: author "X" want "A"`}, rep.Pages[0].Wrong)
}

func TestScoreNoThreadPages(t *testing.T) {
	truths := []Truth{
		{Page: "no-comments/a.html", Split: SplitDev, Kind: KindNone, Title: "A"},
		{Page: "disqus-embed/b.html", Split: SplitDev, Kind: KindDisqus, Title: "B", CommentPlatform: "disqus"},
		{Page: "disqus-embed/c.html", Split: SplitHoldout, Kind: KindDisqus, Title: "C", CommentPlatform: "disqus"},
		{Page: "no-comments/d.html", Split: SplitHoldout, Kind: KindNone, Title: "D"},
	}
	produced := []Produced{
		{Pages: []*builders.Page{{Title: "A", Comments: []builders.PageComment{pc("Name *", "Email *", -1), pc("Archiv", "Kategorien", -1)}}}},
		{Pages: []*builders.Page{{Title: "B", Warnings: []schema.Warning{{Kind: "script_thread", Message: "comments are loaded by Disqus"}}}}},
		{Pages: []*builders.Page{{Title: "C"}}},
		{Err: errors.New("html: d.html: no title")},
	}
	rep := Score(truths, produced, Options{})
	assert.Equal(t, 2, rep.All.InventedComments)
	assert.Equal(t, 1, rep.All.PagesWithInvented)
	assert.Equal(t, 4, rep.All.NoCommentPages)
	assert.Equal(t, 2, rep.All.DisqusPages)
	assert.Equal(t, 1, rep.All.DisqusFlagged)
	assert.Equal(t, 1, rep.Holdout.ReaderErrors)
	assert.Equal(t, 2, rep.Dev.TitleCorrect)
	assert.Equal(t, 0, rep.All.ProducedComments, "comments on pages without a thread are invented, not produced")
	assert.InDelta(t, 1.0, rep.All.F1, 1e-9, "no thread, nothing to find")

	// A thread in the markup that Disqus also loads counts for both.
	both := threadTruth(SplitDev)
	both.CommentPlatform = "disqus"
	rep = Score([]Truth{both}, []Produced{{Pages: []*builders.Page{{Warnings: []schema.Warning{{Kind: "script_thread", Message: "Disqus"}}}}}}, Options{})
	assert.Equal(t, 1, rep.All.DisqusPages)
	assert.Equal(t, 1, rep.All.DisqusFlagged)
	assert.Equal(t, 4, rep.All.TruthComments)

	// A reader-specific predicate replaces the warning search.
	rep = Score(truths, produced, Options{DisqusFlagged: func(pages []*builders.Page) bool { return pages[0].Title == "C" }})
	assert.Equal(t, 1, rep.All.DisqusFlagged)
	assert.Equal(t, 1, rep.Holdout.DisqusFlagged)
	assert.Contains(t, rep.Table(), "disqus flagged")
	assert.Contains(t, rep.PageTable(true), `extra  "Name *": Email *`)
}

func TestNormalize(t *testing.T) {
	assert.Equal(t, "dertitelheute2019", Normalize("Der  Titel\n„HEUTE“ – 2019!"))
	assert.Equal(t, Normalize("Café"), Normalize("Cafe\u0301"))
	assert.Equal(t, "", Normalize(" > • 1. "[:0]))
}
