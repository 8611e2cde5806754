package htmltext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestConvert(t *testing.T) {
	cases := []struct {
		name, in, want string
		links          []string
	}{
		{"paragraphs", "<p>One\n two</p><p>Three</p>", "One two\n\nThree", nil},
		{"br", "line one<br/>line two<br>", "line one\nline two", nil},
		{"entities", "<p>Fish &amp; chips &gt; 3&nbsp;€ &#8211; &ldquo;ok&rdquo;</p>", "Fish & chips > 3 € – “ok”", nil},
		{"script and style dropped", "<p>a<script>alert(1)</script><style>p{}</style>b</p>", "ab", nil},
		{"links", `<p>See <a href="https://x.org/a">this</a> and <a href="https://x.org/a">again</a>, <a href="#top">top</a></p>`, "See this and again, top", []string{"https://x.org/a"}},
		{"blockquote", "<blockquote><p>You said this.</p><p>And that.</p></blockquote><p>I disagree.</p>", "> You said this.\n\n> And that.\n\nI disagree.", nil},
		{"nested quote", "<blockquote>outer<blockquote>inner</blockquote></blockquote>", "> outer\n\n> > inner", nil},
		{"lists", "<ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>", "• a\n• b\n\n1. x\n2. y", nil},
		{"table", "<table><tr><th>h1</th><th>h2</th></tr><tr><td>1</td><td>2</td></tr></table>", "h1 | h2\n\n1 | 2", nil},
		{"pre keeps lines", "<pre>a  b\n  c</pre>", "a  b\nc", nil},
		{"inline tags", "<p>It is <em>very</em> <strong>good</strong>.</p>", "It is very good.", nil},
		{"headings", "<h1>Title</h1>text", "Title\n\ntext", nil},
		{"broken html", "<p>unclosed <b>bold <i>both", "unclosed bold both", nil},
		{"plain text", "just text", "just text", nil},
		{"emoji and NFC", "<p>Cafe\u0301 🙂</p>", "Café 🙂", nil},
		{"empty", "", "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Convert(tc.in)
			assert.Equal(t, tc.want, got.Text)
			assert.Equal(t, tc.links, got.Links)
		})
	}
}

func TestConvertWordPress(t *testing.T) {
	got := ConvertWordPress("First line\nsecond line\n\nNew paragraph with <a href=\"https://x.org\">a link</a>.\n\n<ul>\n<li>one</li>\n</ul>")
	assert.Equal(t, "First line\nsecond line\n\nNew paragraph with a link.\n\n• one", got.Text)
	assert.Equal(t, []string{"https://x.org"}, got.Links)
	assert.Equal(t, "a  b\nc", ConvertWordPress("<pre>a  b\n c</pre>").Text, "indentation goes, as everywhere")
}
