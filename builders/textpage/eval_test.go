package textpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/pageeval"
)

// TestAccuracyOnSavedPages scores the reader on the text of the saved
// pages of fixtures/html-pages, rendered as a person copying them would
// get it, in both variants. The 20 "holdout" pages of that corpus are
// opened for development (a fresh holdout from other sources replaces
// them); the table keeps the two former splits apart, -v prints every
// page. It asserts the targets on all 84 pages and floors just
// under the measured figures per split, so a change that makes the reader
// worse fails here.
//
// Blind score before opening (the former holdout, never looked at while
// tuning), article-and-comments / whole page: comment F1 0.814 / 0.800
// (precision 0.852 / 0.821, recall 0.780 / 0.780), author 0.989 / 0.989,
// parent 0.957 / 0.815, titles 0.600 / 0.500, body first paragraph
// 0.950 / 1.000, last 1.000 / 1.000, body chars that are comments
// 0.054 / 0.050, 1 comment invented on 1 of 9 pages without a thread,
// 1 pingback kept as a comment, 0 pages rejected. (The invented comment
// was a truth error: basicthinking.de holds one real comment, see
// fixtures/html-pages/overrides.json.)
func TestAccuracyOnSavedPages(t *testing.T) {
	want := func(f1, parent, author, title, first, last, share float64) pageeval.Floors {
		return pageeval.Floors{F1: f1, Parent: parent, Author: author, Title: title, BodyFirst: first, BodyLast: last, MaxShare: share}
	}
	for _, tc := range []struct {
		variant pageeval.Variant
		// target is the "Done when" on all 84 pages.
		target                  float64
		all, dev, formerHoldout pageeval.Floors
	}{
		{pageeval.ArticleAndComments, 0.9,
			want(0.97, 0.96, 0.99, 0.90, 0.98, 0.99, 0.015),
			want(0.99, 0.95, 0.99, 0.88, 0.98, 0.99, 0.01),
			want(0.90, 0.99, 0.99, 0.94, 0.99, 0.99, 0.035)},
		{pageeval.WholePage, 0.85,
			want(0.97, 0.96, 0.99, 0.86, 0.98, 0.99, 0.015),
			want(0.99, 0.95, 0.99, 0.85, 0.98, 0.99, 0.01),
			want(0.90, 0.99, 0.99, 0.89, 0.99, 0.99, 0.035)},
	} {
		t.Run(tc.variant.String(), func(t *testing.T) {
			rep, err := pageeval.Run(pageeval.Dir(), pageeval.TextFunc(New(), tc.variant), pageeval.Options{})
			require.NoError(t, err)
			t.Log("\n" + strings.Replace(rep.Table(), "holdout                 ", "former holdout          ", 1))
			if testing.Verbose() {
				t.Log("\n" + rep.PageTable(true))
			}
			all := rep.All
			assert.GreaterOrEqual(t, all.F1, tc.target, "comment F1 on all pages (issue 8)")
			assert.GreaterOrEqual(t, all.ParentAccuracy, tc.target, "parent accuracy on all pages (issue 8)")
			assert.Zero(t, all.InventedComments, "comments invented on pages without comments (issue 8)")
			assert.Zero(t, all.ReaderErrors, "pages rejected (issue 8)")
			rep.All.Check(t, "all", tc.all)
			rep.Dev.Check(t, "dev", tc.dev)
			rep.Holdout.Check(t, "former holdout", tc.formerHoldout)
		})
	}
}

// TestNoLossOnSavedPages: the no-loss property holds on the rendered text
// of every saved page, in both variants.
func TestNoLossOnSavedPages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(pageeval.Dir(), "*", "*.html"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, v := range []pageeval.Variant{pageeval.ArticleAndComments, pageeval.WholePage} {
			text := pageeval.Render(data, v)
			p, err := Parse(text)
			if err != nil {
				continue // scored as a reader error above
			}
			for i, c := range p.Page.Comments {
				require.Less(t, c.Parent, i)
			}
			if problems := accountProblems(text, p); len(problems) > 0 {
				t.Errorf("%s (%s): %s", filepath.Base(f), v, strings.Join(problems[:min(3, len(problems))], "; "))
			}
		}
	}
}

// TestHandMadePages checks the hand-made cases of fixtures/textpage
// comment by comment: what each page's thread is, and what is no thread.
func TestHandMadePages(t *testing.T) {
	type c struct {
		author string
		parent int
		time   string // "" when the page shows none
		text   string // prefix
	}
	at := func(s string) string { return s }
	cases := []struct {
		dir      string
		rule     string
		title    string
		comments []c
		body     []string // lines the body must hold
		notBody  []string // lines it must not
	}{
		{"german-gedanken-list", RuleHeader, "Der lange Spaziergang am Rhein", []c{
			{"photobix", -1, at("2012-12-11 11:07"), "Wunderschöne Bilder!"},
			{"Hundemama", 0, at("2012-12-11 12:30"), "Danke! Luna"},
			{"Karl-Heinz Meier", -1, at("2012-12-12 08:15"), "Wir waren"},
		}, []string{"Am Ende war Bruno"}, []string{"Startseite", "Aktuelle Beiträge", "Dezember 2012", "Name *", "Pingback"}},
		{"french-dit-units", RuleHeader, "La réforme des retraites expliquée", []c{
			{"Jean Dupont", -1, at("2019-08-03 16:11"), "Merci pour cet article"},
			{"Marie Curie", -1, at("2019-08-04 09:02"), "Il manque"},
			{"Paul", -1, at("2019-08-04 10:45"), "D'accord avec Marie."},
		}, []string{"Les syndicats"}, []string{"Répondre", "Laisser un commentaire"}},
		{"spanish-dice-header", RuleHeader, "La huerta en invierno", []c{
			{"Lucía", -1, at("2019-08-03 04:11"), "¡Muy útil"},
			{"Pedro Gómez", -1, at("2019-08-05 18:40"), "Las lechugas"},
		}, []string{"Conviene cubrir"}, []string{"Responder", "Deja una respuesta"}},
		{"comments-paren-header", RuleHeader, "How to Repot a Fiddle Leaf Fig", []c{
			{"Julia", -1, at("2020-11-08 09:52"), "Mine lost three leaves"},
			{"Mark Taylor", -1, at("2019-03-03 16:12"), "Yes, it usually"},
			{"Ann Lee", -1, at("2019-03-04 08:00"), "Thanks, very helpful!"},
			{"Sam", -1, at("2019-03-05 10:20"), "Which soil"},
		}, []string{"Choose a pot"}, []string{"Reply", "Post Comment", "Website"}},
		{"news-subheadings", RuleNone, "New Ferry Line Links the Two Islands From June", nil,
			[]string{"Route", "Fares", "Timetable", "The first crossing leaves at 6:30, the last at 22:00."},
			[]string{"Menu", "Live", "Subscribe to our newsletter", "Share this article", "By Anna Berg"}},
		{"nav-breadcrumb-start", RuleNone, "Bus Drivers Vote to Strike Next Week", nil,
			[]string{"The operator said"}, []string{"Home", "The Daily Harbour", "Recent Posts", "Weekend weather", "©"}},
	}
	for _, tc := range cases {
		t.Run(tc.dir, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "textpage", tc.dir, "input", "page.txt"))
			require.NoError(t, err)
			p, err := Parse(string(data))
			require.NoError(t, err)
			checkAccounted(t, string(data), p)
			pg := p.Page
			assert.Equal(t, tc.rule, pg.CommentRule, pg.CommentEvidence)
			assert.Equal(t, tc.title, pg.Title)
			require.Len(t, pg.Comments, len(tc.comments))
			for i, w := range tc.comments {
				got := pg.Comments[i]
				require.NotNil(t, got.Author, "comment %d", i)
				assert.Equal(t, w.author, *got.Author)
				assert.Equal(t, w.parent, got.Parent, "comment %d", i)
				assert.True(t, strings.HasPrefix(got.Text, w.text), "comment %d text %q", i, got.Text)
				tm := ""
				if got.PublishedAt != nil {
					tm = got.PublishedAt.Format("2006-01-02 15:04")
				}
				assert.Equal(t, w.time, tm, "comment %d", i)
			}
			for _, s := range tc.body {
				assert.Contains(t, pg.Body, s)
			}
			for _, s := range tc.notBody {
				assert.NotContains(t, pg.Body, s)
				assert.NotContains(t, pg.Title, s)
			}
		})
	}
}

// extraDir holds hand-made pages in the comment markups of widely used
// systems that the saved pages lack (forum units, headerless threads,
// comment titles, quotes, badges, short comments, other languages); see
// fixtures/textpage-extra/make_pages.py.
func extraDir() string { return filepath.Join("..", "..", "fixtures", "textpage-extra") }

// TestAccuracyOnExtraPages scores the reader on the extra pages rendered
// in both variants; the thresholds sit just under the measured figures.
func TestAccuracyOnExtraPages(t *testing.T) {
	for _, tc := range []struct {
		variant                   pageeval.Variant
		f1, parent, author, title float64
	}{
		{pageeval.ArticleAndComments, 0.99, 0.97, 0.99, 0.99},
		{pageeval.WholePage, 0.99, 0.97, 0.99, 0.99},
	} {
		t.Run(tc.variant.String(), func(t *testing.T) {
			rep, err := pageeval.Run(extraDir(), pageeval.TextFunc(New(), tc.variant), pageeval.Options{})
			require.NoError(t, err)
			t.Log("\n" + rep.Table())
			if testing.Verbose() {
				t.Log("\n" + rep.PageTable(true))
			}
			m := rep.Dev
			assert.GreaterOrEqual(t, m.F1, tc.f1, "comment F1")
			assert.GreaterOrEqual(t, m.ParentAccuracy, tc.parent, "parent accuracy")
			assert.GreaterOrEqual(t, m.AuthorAccuracy, tc.author, "author accuracy")
			assert.GreaterOrEqual(t, m.TitleAccuracy, tc.title, "title accuracy")
			assert.Zero(t, m.InventedComments, "comments invented on pages without comments")
			assert.Zero(t, m.ReaderErrors, "pages rejected")
		})
	}
}
