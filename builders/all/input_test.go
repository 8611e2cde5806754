package all

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/buildertest"
	"github.com/threadset/threadset/builders/textnorm"
)

// oneFixturePerBuilder is a real input of every builder.
var oneFixturePerBuilder = map[string]string{
	"wxr":      "wxr/isso-wxr-1.0/input/isso_tests_wordpress.xml",
	"disqus":   "disqus/isso/input/isso_tests_disqus.xml",
	"wprest":   "wprest/posts-and-comments/input/comments-page-1.json",
	"reddit":   "reddit/graw-thread/input/graw_testdata_thread.json",
	"textpage": "textpage/seeds/input/000_27271087f4f471d8.txt",
	"html":     "html/pages-and-disqus/input/de.creativecommons.org.endlich.html",
}

func readFixture(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", filepath.FromSlash(rel)))
	require.NoError(t, err)
	return data
}

// TestEveryBuilderHasAFixtureHere keeps the tables below complete.
func TestEveryBuilderHasAFixtureHere(t *testing.T) {
	for _, b := range Registry().All() {
		assert.Contains(t, oneFixturePerBuilder, b.Name())
	}
}

// TestEncodings: a file with a UTF-8 byte-order mark, or in UTF-16 or
// UTF-32 with its mark, is detected as the same format and builds the same
// rows as the UTF-8 file, for every builder (the pipeline opens every input
// through builders.Decoded).
func TestEncodings(t *testing.T) {
	encodings := []struct {
		name string
		enc  func([]byte) []byte
	}{
		{"UTF-8 BOM", func(b []byte) []byte { return append([]byte("\xef\xbb\xbf"), b...) }},
		{"UTF-16LE", with(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM))},
		{"UTF-16BE", with(unicode.UTF16(unicode.BigEndian, unicode.UseBOM))},
		{"UTF-32LE", with(utf32.UTF32(utf32.LittleEndian, utf32.UseBOM))},
		{"UTF-32BE", with(utf32.UTF32(utf32.BigEndian, utf32.UseBOM))},
	}
	reg := Registry()
	for _, b := range reg.All() {
		rel := oneFixturePerBuilder[b.Name()]
		plain := readFixture(t, rel)
		name := filepath.Base(rel)
		want, err := buildAll(b, decodedInput(name, plain))
		require.NoError(t, err)
		for _, e := range encodings {
			t.Run(b.Name()+"/"+e.name, func(t *testing.T) {
				data := e.enc(plain)
				detected, err := reg.Detect(name, data[:min(len(data), builders.SniffBytes)])
				require.NoError(t, err)
				assert.Equal(t, b.Name(), detected.Name())
				got, err := buildAll(b, decodedInput(name, data))
				require.NoError(t, err)
				assert.Equal(t, want, got)
			})
		}
	}
}

func with(enc encoding.Encoding) func([]byte) []byte {
	return func(b []byte) []byte {
		out, err := enc.NewEncoder().Bytes(b)
		if err != nil {
			panic(err)
		}
		return out
	}
}

// decodedInput opens data as the pipeline does.
func decodedInput(path string, data []byte) builders.Input {
	in := input(path, data)
	in.Open = builders.Decoded(in.Open)
	return in
}

// TestOnlyTextIsATextPage: a .json file holding what an API answers
// instead of data is in no format, not a text page.
func TestOnlyTextIsATextPage(t *testing.T) {
	reg := Registry()
	cases := []struct{ name, content, found string }{
		{"null.json", "null", "JSON (null)"},
		{"true.json", "true\n", "JSON (true)"},
		{"limited.json", `"Too Many Requests"`, "JSON (a string)"},
		{"count.json", "429", "JSON (a number)"},
		{"limited.txt", `"Too Many Requests"`, "JSON (a string)"},
		{"page.json", "Headline\n\nA body paragraph.\n", "text"},
		{"feed.xml", "Headline\n\nA body paragraph.\n", "text"},
		{"other.json", `{"foo": [1, 2]}`, "JSON (an object)"},
		{"atom.xml", `<?xml version="1.0"?><feed><entry/></feed>`, "XML (<feed>)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := reg.Detect(tc.name, []byte(tc.content))
			require.Error(t, err, "claimed by %v", b)
			assert.ErrorContains(t, err, "not in a format threadset reads: found "+tc.found+", expected one of [")
		})
	}
	for _, name := range []string{"page.txt", "page.text", "page", "page.md"} {
		b, err := reg.Detect(name, []byte("Headline\n\nA body paragraph.\n"))
		require.NoError(t, err, name)
		assert.Equal(t, "textpage", b.Name(), name)
	}
}

// TestWrongFormatSaysWhatItFound: a builder forced on another format
// says what it expected and what it found, with the line.
func TestWrongFormatSaysWhatItFound(t *testing.T) {
	reg := Registry()
	wprestPost := `{
  "id": 1,
  "title": {"rendered": "A post"},
  "content": {"rendered": "<p>Body</p>"}
}
`
	cases := []struct {
		builder, file, content, want string
	}{
		{"disqus", "x.json", wprestPost, "disqus: x.json: line 1: expected an XML Disqus export (<disqus>), found JSON (an object)"},
		{"wxr", "x.json", "[1, 2]", "wxr: x.json: line 1: expected a WordPress export (<rss>), found JSON (an array)"},
		{"disqus", "x.xml", "just text", "disqus: x.xml: expected an XML Disqus export (<disqus>), found text"},
		{"wprest", "x.xml", `<?xml version="1.0"?><disqus/>`, "wprest: x.xml: line 1: expected WordPress REST JSON (an array or object of posts or comments), found XML (<disqus>)"},
		{"reddit", "x.json", wprestPost, `reddit: x.json: line 1: expected a Reddit submission (with title) or comment (with body and link_id), found a JSON object with the fields ["content" "id" "title"]`},
		{"reddit", "x.json", `{"id": "a", "subreddit": "s", "title": 7}`, `reddit: x.json: line 1, column 40: field "title": found JSON number, expected a string`},
		{"reddit", "x.xml", `<?xml version="1.0"?><rss/>`, "reddit: x.xml: line 1: expected a Reddit thread (a JSON array of two Listings) or Pushshift NDJSON (JSON objects, one per line), found XML (<rss>)"},
		{"reddit", "x.json", `[{"id": 1}]`, `reddit: x.json: line 1: expected a Reddit thread (a JSON array of a submission Listing and a comment Listing), found an array of 1 things of kinds [""]`},
	}
	for _, tc := range cases {
		t.Run(tc.builder+"/"+tc.want, func(t *testing.T) {
			b, err := reg.Lookup(tc.builder)
			require.NoError(t, err)
			_, err = buildAll(b, input(tc.file, []byte(tc.content)))
			var ie *builders.InputError
			require.True(t, errors.As(err, &ie), "got %v", err)
			assert.EqualError(t, err, tc.want)
		})
	}
}

// TestNoControlCharacters: JSON escapes (\u0000, \u001b) and XML's
// allowed controls (U+007F, U+0085) never reach a row, in any field of
// any builder.
func TestNoControlCharacters(t *testing.T) {
	reg := Registry()
	for _, b := range reg.All() {
		t.Run(b.Name(), func(t *testing.T) {
			tc, ok := controlCases[b.Name()]
			require.True(t, ok, "every builder has a case")
			out, err := buildAll(b, input(tc.file, []byte(tc.content)))
			require.NoError(t, err)
			require.NotEmpty(t, out)
			n := 0
			for _, f := range out {
				buildertest.WalkStrings(reflect.ValueOf(f), func(s string) {
					n++
					assert.True(t, utf8.ValidString(s), "%q", s)
					assert.Equal(t, -1, strings.IndexFunc(s, textnorm.IsControl), "control character in %q", s)
				})
			}
			assert.Positive(t, n)
		})
	}
}

// controlCases hold control characters in every field each builder reads
// (they are also seeds of the builders' fuzz targets).
var controlCases = map[string]struct{ file, content string }{
	"wxr": {"x.xml", `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Site` + "\u0085" + `</title><link>http://example.org/</link>
<item><title>Post` + "\u007f" + `title</title><link>http://example.org/?p=1` + "\u0085" + `</link><dc:creator>ed` + "\u0085" + `</dc:creator>
<wp:post_id>1` + "\u0085" + `</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<category domain="category" nicename="c"><![CDATA[cat` + "\u009f" + `]]></category>
<content:encoded><![CDATA[<p>body &#1; text` + "\u0085" + `</p>]]></content:encoded>
<wp:comment><wp:comment_id>5` + "\u0085" + `</wp:comment_id><wp:comment_author>ann` + "\u0085" + `</wp:comment_author>
<wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[hi&#27; there` + "\u007f" + `]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item></channel></rss>
`},
	"disqus": {"x.xml", `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<category dsq:id="1"><forum>f` + "\u0085" + `</forum><title>General` + "\u0085" + `</title></category>
<thread dsq:id="t` + "\u0085" + `"><forum>f` + "\u0085" + `</forum><category dsq:id="1"/><link>http://example.org/a` + "\u007f" + `</link><title>T` + "\u0085" + `</title><createdAt>2020-01-01T00:00:00Z</createdAt></thread>
<post dsq:id="p` + "\u0085" + `"><message><![CDATA[<p>hi &#1; there` + "\u0085" + `</p>]]></message><createdAt>2020-01-01T00:00:00Z</createdAt><author><name>ann` + "\u0085" + `</name></author><thread dsq:id="t` + "\u0085" + `"/></post>
</disqus>
`},
	"wprest": {"x.json", `[{"id": 1, "post": 2, "parent": 0, "author_name": "ann\u0000\u001b", "date_gmt": "2020-01-01T00:00:00",
"link": "http://example.org/a/\u0000#comment-1", "content": {"rendered": "<p>hi\u0000 there\u0007</p>"}}]`},
	"reddit": {"x.json", `[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "a\u0000", "name": "t3_a\u0000", "title": "T\u0000itle\u0085",
"selftext": "body\u0000\u001b[31m", "subreddit": "s\u0000", "permalink": "/r/s/a\u0000", "url": "http://x.org/\u0000", "author": "op\u0000", "created_utc": 1}}]}},
{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"id": "c", "name": "t1_c\u0000", "parent_id": "t3_a", "author": "ann\u0000",
"body": "hi\u0000 there\u0008", "created_utc": 2, "replies": ""}}]}}]`},
	"textpage": {"x.txt", "Headline\x1b[0m\n\nA body\x01 paragraph\x7f with a \u0085 control.\n"},
	"html": {"x.html", "<!DOCTYPE html><html lang=\"en\"><head><title>Head\x01line</title></head><body><article><h1>Head\x01line\u0085</h1>" +
		"<p>A body\x7f paragraph with a \u0085 control and enough words to be an article body.</p>" +
		"<ol class=\"commentlist\"><li id=\"comment-1\" class=\"comment\"><div class=\"comment-author\"><cite class=\"fn\">Ann\x1b</cite></div>" +
		"<div class=\"comment-content\"><p>First\x02 comment\u009f.</p></div></li></ol></article></body></html>"},
}

// TestLongLineMemory: a text page whose body is one line of megabytes
// costs a small multiple of the line: the file, the text Parse reads and
// the body (it cost 4.2 times: the file was read into a doubling buffer).
func TestLongLineMemory(t *testing.T) {
	line := strings.Repeat("lorem ipsum dolor sit amet, ", 8<<20/28)
	data := []byte("A headline\n\n" + line + "\n")
	b, err := Registry().Lookup("textpage")
	require.NoError(t, err)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	out, err := buildAll(b, input("page.txt", data))
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, out, 1)
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
	t.Logf("a %d MB line: %.1f times its size allocated", len(data)>>20, ratio)
	assert.Less(t, ratio, 3.5)
}
