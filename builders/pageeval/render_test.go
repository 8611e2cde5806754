package pageeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRender(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs and headings", `<h1>Title</h1><p>One
			two</p><h2>Sub</h2><p>Three<br>four</p>`, "Title\n\nOne two\n\nSub\n\nThree\nfour\n"},
		{"dropped and hidden", `<head><title>T</title><style>p{}</style></head><p>a<script>x()</script>b</p>
			<p style="display: none">hidden</p><p hidden>gone</p><span class="screen-reader-text">Skip</span>
			<noscript>enable js</noscript><form><input type="text" value="v"><label>Name *</label></form>`, "ab\n\nName *\n"},
		{"bullets tight", `<ul><li>Home</li><li><a href="/">Shop</a></li></ul><p>after</p>`, "  • Home\n  • Shop\n\nafter\n"},
		{"ordered with start", `<ol start="3"><li>c</li><li>d</li></ol>`, "  3. c\n  4. d\n"},
		{"nested thread", `<ol><li><p>Ann says</p><p>First.</p><ul class="children"><li><p>Bob says</p><p>Reply.</p></li></ul></li><li>Cy</li></ol>`,
			"  1. Ann says\n\n    First.\n\n    • Bob says\n\n      Reply.\n\n  2. Cy\n"},
		{"nested menu", `<ul><li>News<ul><li>World</li><li>Local</li></ul></li><li>Sport</li></ul>`,
			"  • News\n\n    • World\n    • Local\n\n  • Sport\n"},
		{"table", `<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td> 2 </td></tr></table>`, "a | b\n1 | 2\n"},
		{"pre", "<pre>x  = 1\n  y</pre>", "x  = 1\n  y\n"},
		{"inline spans join", `<p>It is <em>very</em><span> good</span>.</p>`, "It is very good.\n"},
		{"entities and nbsp", `<p>Fish&nbsp;&amp;&nbsp;chips &#8211; “ok”</p>`, "Fish & chips – “ok”\n"},
		{"empty", ``, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Render([]byte(c.in), WholePage))
		})
	}
}

func TestRenderCharset(t *testing.T) {
	page := []byte("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Gr\xfc\xdfe</p></body></html>")
	assert.Equal(t, "Grüße\n", Render(page, WholePage))
}

func TestRenderArticleAndComments(t *testing.T) {
	page := `<html><body>
<header><h1 class="site-title">My Blog</h1><nav><ul><li>Home</li><li>About</li></ul></nav></header>
<div id="content"><h1 class="entry-title">The Headline</h1>
<div class="entry-content"><p>First paragraph of the article, long enough to count.</p><p>Last one.</p>
<div class="sharedaddy">Share this:</div></div>
<div id="comments" class="comments-area"><h2 class="comments-title">2 Comments</h2>
<ol class="comment-list"><li id="comment-1"><div class="comment-author"><b class="fn">Ann</b> says:</div><div class="comment-content"><p>Nice.</p></div>
<ol class="children"><li id="comment-2"><div class="comment-author"><b class="fn">Bob</b> says:</div><p>Thanks.</p></li></ol></li></ol>
<div id="respond"><h3>Leave a Reply</h3></div></div></div>
<aside class="widget"><h2>Archives</h2><ul><li>May</li></ul></aside>
<footer>© Site</footer></body></html>`
	got := Render([]byte(page), ArticleAndComments)
	want := "The Headline\n\nFirst paragraph of the article, long enough to count.\n\nLast one.\n\nShare this:\n\n2 Comments\n\n" +
		"  1. Ann says:\n\n    Nice.\n\n    1. Bob says:\n\n      Thanks.\n\nLeave a Reply\n"
	assert.Equal(t, want, got)
	whole := Render([]byte(page), WholePage)
	for _, s := range []string{"My Blog", "  • Home\n  • About", "Archives", "© Site", "The Headline", "Bob says:"} {
		assert.Contains(t, whole, s)
	}
	assert.NotContains(t, got, "Archives")
	assert.NotContains(t, got, "My Blog")
}

// TestRenderFixtures: every page renders, deterministically, and the
// article-and-comments text holds the truth's comments and body.
func TestRenderFixtures(t *testing.T) {
	truths, err := LoadTruth(filepath.Join(Dir(), "truth"))
	require.NoError(t, err)
	for _, tr := range truths {
		data, err := os.ReadFile(filepath.Join(Dir(), filepath.FromSlash(tr.Page)))
		require.NoError(t, err)
		whole := Render(data, WholePage)
		ac := Render(data, ArticleAndComments)
		assert.Equal(t, whole, Render(data, WholePage), tr.Page)
		assert.NotEmpty(t, ac, tr.Page)
		assert.Less(t, len(ac), len(whole)+1, tr.Page)
		for v, text := range map[Variant]string{ArticleAndComments: ac, WholePage: whole} {
			n := Normalize(text)
			for _, c := range tr.RealComments() {
				assert.True(t, strings.Contains(n, truthPrefix(c)), "%s: comment %s not in the %s text", tr.Page, c.NativeID, v)
			}
			if tr.BodyFirst != "" {
				assert.Contains(t, n, Normalize(tr.BodyFirst), "%s: first paragraph not in the %s text", tr.Page, v)
			}
			if tr.BodyLast != "" {
				assert.Contains(t, n, Normalize(tr.BodyLast), "%s: last paragraph not in the %s text", tr.Page, v)
			}
		}
	}
}
