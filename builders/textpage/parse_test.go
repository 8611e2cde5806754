package textpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// checkAccounted is the no-loss property: every non-blank input line is in
// the output (a field, a comment's text, an author name) or was dropped by
// a named rule that the line really matches.
func checkAccounted(t *testing.T, text string, p *Parsed) {
	t.Helper()
	pg := p.Page
	var all strings.Builder
	for _, s := range []*string{&pg.Title, pg.Subtitle, pg.Byline, pg.Section, &pg.Body, &pg.Source.Name} {
		if s != nil {
			all.WriteString(*s + "\n")
		}
	}
	authors := map[string]bool{}
	for i, c := range pg.Comments {
		all.WriteString(c.Text + "\n")
		if c.Author != nil {
			authors[*c.Author] = true
			all.WriteString(*c.Author + "\n")
		}
		require.Less(t, c.Parent, i, "a parent comes before its reply")
	}
	dropped := map[int]Dropped{}
	for _, d := range p.Dropped {
		dropped[d.Line] = d
		switch d.Reason {
		case DropBoilerplate:
			assert.True(t, isBoilerplate(d.Text), "dropped as boilerplate: %q", d.Text)
		case DropTeaser:
			assert.True(t, isTeaser(d.Text), "dropped as teaser: %q", d.Text)
		case DropCountHeader:
			assert.True(t, isCountHeader(d.Text))
		case DropRepeat:
			assert.True(t, pg.Byline != nil && *pg.Byline == d.Text)
		case DropFooter:
			assert.Equal(t, pg.Source.Name, d.Text)
		case DropAfterThread:
			found := false
			for _, w := range pg.Warnings {
				found = found || w.Kind == schema.WarnUnparsedText
			}
			assert.True(t, found, "text dropped after the thread without a warning")
		case DropReply, DropForm, DropMeta, DropPingback, DropNav, DropFurniture:
		default:
			t.Errorf("unknown drop reason %q", d.Reason)
		}
	}
	out := all.String()
	for i, l := range textnorm.Lines(text) {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if _, ok := dropped[i+1]; ok || strings.Contains(out, l) {
			continue
		}
		if _, rest, ok := matchItem(l); ok {
			if a, says := saysAuthor(rest); says && authors[a] {
				continue
			}
			if strings.Contains(out, rest) {
				continue
			}
		}
		t.Errorf("line %d lost: %q", i+1, l)
	}
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
func TestLinearOnLongLists(t *testing.T) {
	page := "Title\n\n" + strings.Repeat("  1. foo\n", 20000)
	start := time.Now()
	p, err := Parse(page)
	require.NoError(t, err)
	assert.Empty(t, p.Page.Comments)
	assert.Less(t, time.Since(start), 5*time.Second)
}
