package textpage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textnorm"
	"github.com/threadset/threadset/schema"
)

func parseSeed(t *testing.T, prefix string) *Parsed {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input", prefix+"_*.txt"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	data, err := os.ReadFile(files[0])
	require.NoError(t, err)
	p, err := Parse(string(data))
	require.NoError(t, err)
	checkAccounted(t, string(data), p)
	return p
}

type flatC struct {
	author string // "" for none
	parent int
	text   string // prefix of the text
}

func commentsOf(p *Parsed) []flatC {
	var out []flatC
	for _, c := range p.Page.Comments {
		a := ""
		if c.Author != nil {
			a = *c.Author
		}
		out = append(out, flatC{a, c.Parent, c.Text})
	}
	return out
}

func TestSeed000WordPressChain(t *testing.T) {
	p := parseSeed(t, "000")
	pg := p.Page
	assert.Equal(t, "Another Day, Another Town Taken in Syria’s Russian-Backed Idlib Offensive", pg.Title)
	require.NotNil(t, pg.Subtitle)
	assert.Equal(t, "This time without a fight", *pg.Subtitle)
	require.NotNil(t, pg.DeclaredCount)
	assert.Equal(t, int32(3), *pg.DeclaredCount)
	assert.Equal(t, schema.ReplyNested, pg.ReplyStructure)
	assert.Equal(t, "Anti-Empire", pg.Source.Name)
	cs := commentsOf(p)
	require.Len(t, cs, 3)
	assert.Equal(t, "JHK", cs[0].author)
	assert.Equal(t, -1, cs[0].parent)
	assert.Equal(t, "Marko Marjanović", cs[1].author)
	assert.Equal(t, 0, cs[1].parent)
	assert.Equal(t, "JHK", cs[2].author)
	assert.Equal(t, 1, cs[2].parent)
	assert.Equal(t, 6, strings.Count(cs[0].text, "\n\n")+1, "JHK's first comment has 6 paragraphs")
	assert.NotContains(t, pg.Body, "Cancel Reply")
	assert.NotContains(t, pg.Body, "3 Comments")
	assert.True(t, strings.HasSuffix(pg.Body, "Bonus: Russian Su-30 escorts a US Reaper drone:"))
	assert.Empty(t, pg.Warnings)
}

func TestSeed001DisqusFlat(t *testing.T) {
	p := parseSeed(t, "001")
	pg := p.Page
	assert.Equal(t, schema.ReplyFlat, pg.ReplyStructure)
	assert.Nil(t, pg.Subtitle)
	cs := commentsOf(p)
	require.Len(t, cs, 60)
	anon, empty := 0, 0
	for _, c := range cs {
		assert.Equal(t, -1, c.parent, "a flat thread never gets nesting")
		if c.author == "" {
			anon++
		}
		if c.text == "" {
			empty++
			assert.NotEmpty(t, c.author, "an empty comment still has its name line")
		}
	}
	assert.Equal(t, 13, anon)
	assert.Equal(t, 3, empty, "Hasbara Hunter twice and Tim Williams post no text")
	assert.Equal(t, "Al Balog", cs[0].author)
	assert.True(t, strings.HasPrefix(cs[0].text, "Party time soon."))
	assert.Equal(t, "cechas vodobenikov", cs[59].author)
	assert.True(t, strings.HasSuffix(pg.Body, "if the issue of radicals in Greater Idlib is not solved in the nearest future."))
	assert.Contains(t, pg.Body, "Persons with a large amount of")
}

func TestSeed002NumberedWithBullets(t *testing.T) {
	p := parseSeed(t, "002")
	pg := p.Page
	require.NotNil(t, pg.Section)
	assert.Equal(t, "conflict zones, latest", *pg.Section)
	assert.Equal(t, "Al-Qaeda morale in Aleppo collapses, Western campaign against Russian bombing ends", pg.Title)
	assert.Nil(t, pg.Subtitle, "the photo caption after two blank lines is body text")
	assert.NotContains(t, pg.Body, "Related:")
	cs := commentsOf(p)
	require.Len(t, cs, 7)
	top := 0
	for _, c := range cs {
		if c.parent == -1 {
			top++
		}
	}
	assert.Equal(t, 5, top)
	assert.Equal(t, "", cs[2].author)
	assert.Equal(t, "", cs[3].author)
	assert.Equal(t, "Kathleen Lowrey", cs[4].author)
	assert.Equal(t, flatC{"Laguerre", 4, cs[5].text}, cs[5])
	assert.Equal(t, flatC{"Quizzical", 5, "I think and hope Kathleen was being sarcastic."}, cs[6])
	assert.Equal(t, 2, strings.Count(cs[0].text, "\n"), "BigB's three lines stay one comment")
	assert.Contains(t, cs[3].text, "\nSince it was the US government")
}

func TestSeed003BulletsAreBody(t *testing.T) {
	p := parseSeed(t, "003")
	pg := p.Page
	assert.Equal(t, "ISIS is crushing the Americans", pg.Title)
	require.NotNil(t, pg.Subtitle)
	assert.Empty(t, pg.Comments)
	assert.Equal(t, "", pg.ReplyStructure)
	assert.Contains(t, pg.Body, "• And what about the Americans?\n• It is difficult")
}

func TestSeed004BylineBlock(t *testing.T) {
	p := parseSeed(t, "004")
	pg := p.Page
	require.NotNil(t, pg.Byline)
	assert.Equal(t, "Proletarian writers", *pg.Byline)
	assert.NotContains(t, pg.Body, "Subscribe to our channel")
	assert.NotContains(t, pg.Body, "Proletarian writers")
	assert.Empty(t, pg.Comments)
	assert.Contains(t, pg.Body, "\n\nMilitary build-up\n\n", "subheadings stay in the body")
	assert.Contains(t, pg.Body, "Hands off Syria!\nVictory to the Syrian Arab Army!")
}

func TestRules(t *testing.T) {
	cases := []struct {
		name   string
		page   string
		check  func(t *testing.T, p *Parsed)
		errMsg string
	}{
		{
			name: "count header with no thread warns",
			page: "Title\n\nBody text here.\n\n2 Comments\n\nLeave a Reply\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Empty(t, p.Page.Comments)
				require.Len(t, p.Page.Warnings, 1)
				assert.Equal(t, schema.WarnCountMismatch, p.Page.Warnings[0].Kind)
				assert.Equal(t, 5, p.Page.Warnings[0].Line)
				assert.Equal(t, "the page states 2 comments but 0 were read", p.Page.Warnings[0].Message)
			},
		},
		{
			name: "one comment header",
			page: "Title\n\nBody.\n\nOne Comment\n  1. Ann says\n\n    Hi.\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Equal(t, int32(1), *p.Page.DeclaredCount)
				assert.Len(t, p.Page.Comments, 1)
				assert.Empty(t, p.Page.Warnings)
			},
		},
		{
			name: "indented numbered list without says is body",
			page: "Title\n\nIntro:\n\n  1. First point\n  2. Second point\n\nEnd.\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Empty(t, p.Page.Comments)
				assert.Equal(t, "Intro:\n\n1. First point\n2. Second point\n\nEnd.", p.Page.Body)
			},
		},
		{
			name: "text after the thread is reported, not lost",
			page: "Title\n\nBody.\n\n  1. Ann says\n\n    Hi.\n\nSome trailing paragraph that is not boilerplate.\n",
			check: func(t *testing.T, p *Parsed) {
				require.Len(t, p.Page.Warnings, 1)
				assert.Equal(t, schema.WarnUnparsedText, p.Page.Warnings[0].Kind)
				assert.Equal(t, 9, p.Page.Warnings[0].Line)
			},
		},
		{
			name: "footer only after boilerplate",
			page: "Title\n\nSubtitle\n\nBody paragraph.\n\nShort Line\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Equal(t, "", p.Page.Source.Name)
				assert.Equal(t, "Body paragraph.\n\nShort Line", p.Page.Body)
			},
		},
		{
			name: "by-line",
			page: "Title\n\nBy Jane Roe\n\nBody.\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Nil(t, p.Page.Subtitle)
				assert.Equal(t, "By Jane Roe", *p.Page.Byline)
			},
		},
		{
			name: "a single name-like line is not a flat thread",
			page: "Title\n\nA long first paragraph of the article, long enough not to be a dek at all because it goes on and on past the limit.\n\nAnn Smith\n\nHello there.\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Empty(t, p.Page.Comments)
			},
		},
		{
			name: "a copy that starts with the intro takes the heading below it",
			page: "This intro paragraph runs on for well over a dozen words\nbefore the recipe's own heading comes.\n\nSimple Muffin Recipe\n\nMix the flour and the butter.\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Equal(t, "Simple Muffin Recipe", p.Page.Title)
				assert.Equal(t, "This intro paragraph runs on for well over a dozen words\nbefore the recipe's own heading comes.\n\nMix the flour and the butter.", p.Page.Body)
			},
		},
		{
			name: "a page opening with a menu is read, not rejected",
			page: "Site\n\n  • Home\n  • News\n  • Contact\n\nMenu\n\nStrike Called Off After Late Deal\n\nThe union accepted the offer on Sunday night, a spokesman said.\n",
			check: func(t *testing.T, p *Parsed) {
				assert.Equal(t, "Strike Called Off After Late Deal", p.Page.Title)
				assert.Equal(t, "The union accepted the offer on Sunday night, a spokesman said.", p.Page.Body)
			},
		},
		{
			name:   "headline too long",
			page:   strings.Repeat("word ", 70) + "\n\nbody\n",
			errMsg: "line 1: no recognisable title: the first line is 349 characters long (a headline has at most 300)",
		},
		{
			name:   "boilerplate is not a headline",
			page:   "Comments are closed.\n\nbody\n",
			errMsg: `line 1: no recognisable title: the first line "Comments are closed." is not a headline`,
		},
		{
			name:   "whitespace only",
			page:   " \n\t\n",
			errMsg: "line 1: the page has no text, only whitespace",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.page)
			if tc.errMsg != "" {
				assert.EqualError(t, err, tc.errMsg)
				return
			}
			require.NoError(t, err)
			tc.check(t, p)
			checkAccounted(t, tc.page, p)
		})
	}
}

// checkAccounted is the no-loss property: every non-blank input line is,
// at its place, in the output (a field, a comment's text, an author name)
// or was dropped by a named rule that the line really matches.
func checkAccounted(t *testing.T, text string, p *Parsed) {
	t.Helper()
	for i, c := range p.Page.Comments {
		require.Less(t, c.Parent, i, "a parent comes before its reply")
	}
	for _, problem := range accountProblems(text, p) {
		t.Error(problem)
	}
}

// piece is one line of the output, in page order.
type piece struct {
	text   string
	author bool // an author name, read from a longer author line
	used   bool
}

// outputPieces lists the output's lines in the order the page shows them:
// section, title, subtitle, byline, body, then each comment's author and
// text.
func outputPieces(pg *builders.Page) []piece {
	var out []piece
	add := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			if l != "" {
				out = append(out, piece{text: l})
			}
		}
	}
	for _, s := range []*string{pg.Section, pg.Subtitle, pg.Byline, &pg.Body} {
		if s != nil {
			add(*s)
		}
	}
	for _, c := range pg.Comments {
		if c.Author != nil {
			out = append(out, piece{text: *c.Author, author: true})
		}
		add(c.Text)
	}
	return out // the footer's site name is a dropped line (DropFooter)
}

// accountProblems walks the input lines and the output pieces together:
// each kept line must be the next unused piece at or after the previous
// line's (equal to it, or to the line without its list marker, or, for an
// author piece, holding the name), and every piece must come from a line.
func accountProblems(text string, p *Parsed) []string {
	var problems []string
	pg := &p.Page
	dropped := map[int]Dropped{}
	byLine := map[int]Dropped{}
	for _, d := range p.Dropped {
		byLine[d.Line] = d
	}
	firstKept := 0
	pieces := outputPieces(pg)
	// The title is one input line, usually the first kept one; a page
	// whose copy starts with its intro has it below the intro.
	titleAt := -1
	for i, raw := range textnorm.Lines(text) {
		if _, dropped := byLine[i+1]; !dropped && strings.TrimSpace(raw) == pg.Title {
			titleAt = i
			break
		}
	}
	if titleAt < 0 && !namedByHeader(p) {
		problems = append(problems, fmt.Sprintf("title %q is no input line", pg.Title))
	}
	cur := 0
	for i, raw := range textnorm.Lines(text) {
		l := strings.TrimSpace(raw)
		if l == "" {
			continue
		}
		if d, ok := byLine[i+1]; ok {
			dropped[i+1] = d
			continue
		}
		if i == titleAt {
			continue
		}
		if firstKept == 0 {
			firstKept = i + 1
		}
		rest := l
		if _, r, ok := matchItem(l); ok {
			rest = r
		}
		j := cur
		for ; j < len(pieces); j++ {
			pc := pieces[j]
			if pc.text == l || pc.text == rest || (pc.author && strings.Contains(l, pc.text)) {
				break
			}
		}
		if j == len(pieces) {
			problems = append(problems, fmt.Sprintf("line %d lost or out of place: %q", i+1, l))
			continue
		}
		if pieces[j].author && j+1 < len(pieces) && (pieces[j+1].text == l || pieces[j+1].text == rest) {
			j++ // the line is the comment's text and only mentions its author
		}
		pieces[j].used = true
		cur = j + 1
	}
	var bylines []string // author names read from a meta line below
	for _, d := range p.Dropped {
		if d.Reason == DropByline {
			bylines = append(bylines, d.Text)
		}
	}
	fromByline := func(name string) bool {
		for _, b := range bylines {
			if strings.Contains(b, name) {
				return true
			}
		}
		return false
	}
	for _, pc := range pieces {
		if !pc.used && !(pc.author && fromByline(pc.text)) {
			problems = append(problems, fmt.Sprintf("output line %q comes from no input line at its place", pc.text))
		}
	}
	for _, d := range p.Dropped {
		if _, ok := dropped[d.Line]; !ok {
			problems = append(problems, fmt.Sprintf("line %d dropped but not an input line: %q", d.Line, d.Text))
			continue
		}
		rest := d.Text
		if _, r, ok := matchItem(d.Text); ok {
			rest = r
		}
		ok := true
		switch d.Reason {
		case DropBoilerplate:
			ok = isBoilerplate(d.Text)
		case DropTeaser:
			ok = isTeaser(d.Text)
		case DropCountHeader:
			_, ok = commentHeader(d.Text)
		case DropRepeat:
			ok = pg.Byline != nil && *pg.Byline == d.Text
		case DropFooter:
			ok = pg.Source.Name == d.Text
		case DropReply:
			ok = isReplyLine(rest) || isActionLine(rest) || isModerationLine(rest) || replyToRe.MatchString(rest)
		case DropForm:
			ok = isFormLine(rest) || isBoilerplate(rest)
		case DropMeta:
			ok = isDateLine(d.Text) || isDateLine(rest) || badgeRe.MatchString(rest) || votesRe.MatchString(rest)
		case DropByline:
			ok = false
			for _, c := range pg.Comments {
				ok = ok || (c.Author != nil && strings.Contains(d.Text, *c.Author))
			}
		case DropTitle:
			// A short heading right over its comment's "by" line.
			ok = false
			for _, e := range p.Dropped {
				ok = ok || (e.Reason == DropByline && e.Line > d.Line && e.Line <= d.Line+3)
			}
			ok = ok && wordCount(rest) <= 10 && !endsSentence(rest)
		case DropNumber:
			ok = numberLabelRe.MatchString(rest)
		case DropNav:
			ok = firstKept == 0 || d.Line < firstKept
		case DropFurniture:
			ok = isBoilerplate(d.Text) || isReplyLine(d.Text) || isWidgetHeading(d.Text) || isCopyright(d.Text) || isNavWord(d.Text) || startsItem(d.Text)
		case DropPingback:
			// A pingback's line, or a line of the pingback above it.
			ok = pingbackHead(p, d)
			for _, e := range p.Dropped {
				ok = ok || (e.Reason == DropPingback && e.Line < d.Line && pingbackHead(p, e))
			}
		case DropAfterThread:
			ok = false
			for _, w := range pg.Warnings {
				ok = ok || w.Kind == schema.WarnUnparsedText
			}
		default:
			ok = false
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("line %d dropped as %s but is not: %q", d.Line, d.Reason, d.Text))
		}
	}
	return problems
}

// TestAccountingCatchesLoss: the no-loss check fails when a line is lost
// even though its text occurs elsewhere, when lines change places, and
// when the output holds text from nowhere.
func TestAccountingCatchesLoss(t *testing.T) {
	page := "Title\n\nIt is not over.\n\nover\n\nThe end.\n\n3 Comments\n  1. Ann says\n\n    Hi.\n\n  2. Bob says\n\n    Yo.\n"
	p, err := Parse(page)
	require.NoError(t, err)
	require.Empty(t, accountProblems(page, p))
	require.Len(t, p.Page.Comments, 2)

	lost := *p
	lost.Page.Body = "It is not over.\n\nThe end."
	assert.Contains(t, accountProblems(page, &lost), `line 5 lost or out of place: "over"`)

	swapped := *p
	swapped.Page.Body = "over\n\nIt is not over.\n\nThe end."
	assert.NotEmpty(t, accountProblems(page, &swapped))

	moved := *p
	moved.Page.Comments = append([]builders.PageComment(nil), p.Page.Comments...)
	moved.Page.Comments[0].Text, moved.Page.Comments[1].Text = "Yo.", "Hi."
	assert.NotEmpty(t, accountProblems(page, &moved), "comment texts swapped between authors")

	invented := *p
	invented.Page.Body += "\n\nSomething new."
	assert.Contains(t, accountProblems(page, &invented), `output line "Something new." comes from no input line at its place`)
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "textpage", "*", "input", "*.txt"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("T\n\n3 Comments\n  1. A says\n\n    x\n    • B says\n\n      y\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			return // the builder rejects these before parsing
		}
		p, err := Parse(text)
		if err != nil {
			return
		}
		checkAccounted(t, text, p)
		_, err = builders.Finish(&p.Page, builders.Input{Path: "f.txt", SHA256: "x"}, New())
		require.NoError(t, err)
	})
}

// TestLinearOnLongLists: an indented numbered list of 20,000 items used to
// take a minute (each item re-scanned the rest of the list for "says").
// Time on a shared machine proves nothing, so the test counts work
// instead: parsing twice the list must cost about twice the allocations
// (the re-scan allocated for every item it re-read, four times as many).
func TestLinearOnLongLists(t *testing.T) {
	list := func(n int) string { return "Title\n\n" + strings.Repeat("  1. foo\n", n) }
	p, err := Parse(list(20000))
	require.NoError(t, err)
	assert.Empty(t, p.Page.Comments)

	allocs := func(n int) float64 {
		page := list(n)
		return testing.AllocsPerRun(3, func() {
			if _, err := Parse(page); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(2000), allocs(4000)
	t.Logf("allocations: %.0f for 2,000 items, %.0f for 4,000", small, large)
	assert.Less(t, large, 2.5*small, "parsing is no longer linear in the length of the list")
}

func itemRest(s string) string {
	if _, r, ok := matchItem(s); ok {
		return r
	}
	return s
}

// TestWholePageHeadline: the site's name over its menu, or a tagline that
// ends in "!", is no headline; the line over the article's first paragraph
// or over its date is.
func TestWholePageHeadline(t *testing.T) {
	for _, tc := range []struct{ name, text, title string }{
		{"site name over a menu", "Muffin Rezepte\n\n  • Homepage\n  • Grundrezept\n  • Vegan\n\nMuffin Grundrezept\n\nFür Experimentierfreudige ist dieses Muffin Grundrezept absolut ideal, es kann mit allen Zutaten ergänzt werden.\n\nZuerst die Butter schmelzen und mit dem Zucker zu einer hellen Masse verrühren, dann die Eier.\n", "Muffin Grundrezept"},
		{"tagline and menu word", "Stylegart\n\nModeberatung mit Leidenschaft!\n\nMenü\n\n  • Start\n  • Blog\n\nSchliessen\n\nNaturkosmetik- doch gesünder?\n\n10. April 2019\n\nViele Menschen fragen sich, ob Naturkosmetik wirklich gesünder ist als die Kosmetik aus der Drogerie.\n", "Naturkosmetik- doch gesünder?"},
		{"headline over a dated line that starts with a number", "Mein Motto: Fazit und Pläne für 2020\n\n17. Februar 2020 Frau Sabienes 4 Kommentare\n\nDas Jahr 2019 stand für mich unter dem Motto Konsumsparen und vielleicht habt ihr auch meinen Bericht gelesen.\n", "Mein Motto: Fazit und Pläne für 2020"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.text)
			require.NoError(t, err)
			checkAccounted(t, tc.text, p)
			assert.Equal(t, tc.title, p.Page.Title)
			assert.Empty(t, p.Page.Comments)
		})
	}
}

// TestForumAndBadgeAuthorLines: role badges after a name, a forum post's
// "von NAME » DATE" line, and a comment title over "Submitted by NAME on
// DATE" give the commenter's name.
func TestForumAndBadgeAuthorLines(t *testing.T) {
	for _, tc := range []struct{ line, name string }{
		{"Tom Reyes Moderator", "Tom Reyes"},
		{"Greg Hollis Verified", "Greg Hollis"},
		{"Anna Berg (Autorin)", "Anna Berg"},
		{"Kai [Admin]", "Kai"},
		{"Moderator", "Moderator"}, // a badge alone stays what it is
		{"von netzwerker » Mo 1. Mär 2021, 09:12", "netzwerker"},
		{"Submitted by dries_fan on Tue, 03/02/2021 - 10:15", "dries_fan"},
	} {
		a, ok := authorLine(tc.line)
		require.True(t, ok, tc.line)
		assert.Equal(t, tc.name, a.name, tc.line)
	}
	text := "Version 10.1 released\n\nThe new release drops support for PHP 7.3 and requires at least PHP 8.0 on every site.\n\nSites that use the old theme layer need to move their templates before they upgrade.\n\nComments\n\n" +
		"Smooth upgrade\n\nSubmitted by dries_fan on Tue, 03/02/2021 - 10:15\n\nUpgrade went fine on three sites.\n\n  • Delete\n  • Reply\n\n" +
		"Views plugins\n\nSubmitted by anna.m on Wed, 03/03/2021 - 09:05\n\nThe migration guide misses the views plugins.\n\n  • Reply\n"
	p, err := Parse(text)
	require.NoError(t, err)
	checkAccounted(t, text, p)
	require.Len(t, p.Page.Comments, 2)
	for i, w := range []struct{ author, text string }{{"dries_fan", "Upgrade went fine"}, {"anna.m", "The migration guide"}} {
		c := p.Page.Comments[i]
		require.NotNil(t, c.Author)
		assert.Equal(t, w.author, *c.Author)
		assert.True(t, strings.HasPrefix(c.Text, w.text), c.Text)
	}
	assert.Contains(t, p.Page.Body, "Sites that use the old theme layer")
	assert.NotContains(t, p.Page.Body, "Smooth upgrade")
}

// TestBylineWords: a byline opened by "Posted by", "Eingestellt von",
// "Publié par" is the article's byline, not its headline.
func TestBylineWords(t *testing.T) {
	for _, s := range []string{"By Anna Berg", "Eingestellt von Moorblog um 19:30", "Posted by Mark Lavin", "Publié par Léa Martin", "Pubblicato da Giulia"} {
		assert.True(t, isByline(s), s)
	}
	for _, s := range []string{"By the river", "Posted by", "Vom Winde verweht"} {
		assert.False(t, isByline(s), s)
	}
}

// namedByHeader: the title is the article's name that the comment header
// quotes, when no line of the copy is the headline.
func namedByHeader(p *Parsed) bool {
	for _, d := range p.Dropped {
		if d.Reason == DropCountHeader && p.Page.Title != "" && strings.Contains(d.Text, p.Page.Title) {
			return true
		}
	}
	return false
}

// pingbackHead: d is a pingback's first line: "Pingback: …", or a blog
// post's title line over its "[...]" excerpt.
func pingbackHead(p *Parsed, d Dropped) bool {
	if isPingback(itemRest(d.Text)) {
		return true
	}
	for _, e := range p.Dropped {
		if e.Reason == DropPingback && e.Line > d.Line && e.Line <= d.Line+4 && excerptRe.MatchString(e.Text) {
			return true
		}
	}
	return false
}
