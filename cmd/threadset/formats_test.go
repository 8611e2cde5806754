package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// rows reads a table of a dataset as maps, for checking tree facts
// directly rather than through golden files.
func rows(t *testing.T, dir string, tb *schema.Table) []map[string]any {
	t.Helper()
	var out []map[string]any
	require.NoError(t, dataset.ReadTable(dir, tb, func(r schema.Row) error {
		m := map[string]any{}
		for i, c := range tb.Columns {
			m[c.Name] = r[i]
		}
		out = append(out, m)
		return nil
	}))
	return out
}

func where(rs []map[string]any, col string, v any) []map[string]any {
	var out []map[string]any
	for _, r := range rs {
		if r[col] == v {
			out = append(out, r)
		}
	}
	return out
}

func one(t *testing.T, rs []map[string]any, col string, v any) map[string]any {
	t.Helper()
	got := where(rs, col, v)
	require.Len(t, got, 1, "%s = %v", col, v)
	return got[0]
}

func maxDepth(rs []map[string]any) int32 {
	var d int32
	for _, r := range rs {
		d = max(d, r["depth"].(int32))
	}
	return d
}

func fixture(parts ...string) string {
	return filepath.Join(append([]string{fixturesDir}, parts...)...)
}

func TestWXRThemeUnitTest(t *testing.T) {
	out := buildDir(t, fixture("wxr", "theme-unit-test", "input"))
	arts := rows(t, out, schema.Articles)
	cs := rows(t, out, schema.Comments)
	tmpl := one(t, arts, "title", "Template: Comments")
	mine := where(cs, "article_id", tmpl["article_id"])
	assert.Len(t, mine, 19, "20 comments in the export, one of them unapproved")
	assert.Equal(t, int32(9), maxDepth(mine), "the longest chain in Template: Comments has depth 9")
	assert.Len(t, cs, 26)
	for _, c := range cs {
		assert.Equal(t, "approved", c["status"])
	}
	m, err := dataset.ReadManifest(out)
	require.NoError(t, err)
	require.Len(t, m.Warnings, 1)
	assert.Contains(t, m.Warnings[0].Message, "2 pingbacks, 2 trackbacks, 3 unapproved comments")
	src := rows(t, out, schema.Sources)
	require.Len(t, src, 1)
	assert.Equal(t, "Theme Unit Test Data", src[0]["name"])
	assert.Equal(t, "wordpress", src[0]["platform"])

	// --include-unapproved keeps them, with their status.
	out = buildDir(t, "--include-unapproved", fixture("wxr", "theme-unit-test", "input"))
	cs = rows(t, out, schema.Comments)
	assert.Len(t, cs, 29)
	assert.Len(t, where(cs, "status", "unapproved"), 3)
}

func TestWXRRepeatedCommentIDs(t *testing.T) {
	out := buildDir(t, fixture("wxr", "isso-wxr-1.0", "input"))
	cs := rows(t, out, schema.Comments)
	elevens := where(cs, "native_id", "11")
	require.Len(t, elevens, 2)
	assert.NotEqual(t, elevens[0]["comment_id"], elevens[1]["comment_id"])
	assert.NotEqual(t, elevens[0]["article_id"], elevens[1]["article_id"])
	c7 := one(t, cs, "native_id", "7")
	for _, id := range []string{"8", "9"} {
		c := one(t, cs, "native_id", id)
		assert.Equal(t, c7["comment_id"], c["parent_id"])
		assert.Equal(t, int32(2), c["depth"])
	}
	an := rows(t, out, schema.Anomalies)
	require.Len(t, an, 1)
	assert.Equal(t, schema.AnomalyDuplicateID, an[0]["kind"])
	assert.Equal(t, elevens[1]["comment_id"], an[0]["comment_id"])
}

func TestWXRBrokenTrees(t *testing.T) {
	out := buildDir(t, fixture("wxr", "broken-trees", "input"))
	an := rows(t, out, schema.Anomalies)
	kinds := map[string]int{}
	for _, a := range an {
		kinds[a["kind"].(string)]++
	}
	assert.Equal(t, map[string]int{"self_reply": 1, "cycle": 1, "orphan": 2, "unparseable_date": 1}, kinds)
	arts := rows(t, out, schema.Articles)
	assert.Nil(t, arts[0]["published_at"], "0000-00-00 00:00:00 is null, never a zero time")
	assert.Equal(t, "First paragraph\nwith a line break.\n\n> Quoted source.", arts[0]["body"])
	assert.Equal(t, []string{"News"}, arts[0]["categories"])
	assert.Equal(t, []string{"loops"}, arts[0]["tags"])
	src := rows(t, out, schema.Sources)
	assert.Equal(t, "de-DE", src[0]["language"])
}

func TestDisqusDeletedParentAndOrphanThread(t *testing.T) {
	out := buildDir(t, fixture("disqus", "isso", "input"))
	cs := rows(t, out, schema.Comments)
	deleted := one(t, cs, "native_id", "9")
	assert.Equal(t, true, deleted["deleted"])
	assert.Nil(t, deleted["text"])
	reply := one(t, cs, "native_id", "11")
	assert.Equal(t, deleted["comment_id"], reply["parent_id"], "the reply to a deleted post keeps that parent")
	assert.Equal(t, int32(1), reply["depth"])
	an := rows(t, out, schema.Anomalies)
	assert.Equal(t, schema.AnomalyParentDeleted, one(t, an, "comment_id", reply["comment_id"])["kind"])
	stub := one(t, rows(t, out, schema.Articles), "native_id", "1337")
	assert.Equal(t, "", stub["title"])
	missing := where(an, "kind", schema.AnomalyArticleMissing)
	require.Len(t, missing, 1)
	assert.Equal(t, stub["article_id"], missing[0]["article_id"])
	assert.Len(t, cs, 6)

	out = buildDir(t, "--include-empty-threads", fixture("disqus", "isso", "input"))
	assert.Len(t, rows(t, out, schema.Articles), 4, "thread 3, which has no posts, is an article when asked")
}

// TestBadInputsPerFormat: every builder's bad inputs get a message naming
// the file and the position, and a --strict build writes nothing.
func TestBadInputsPerFormat(t *testing.T) {
	malformed, err := os.ReadFile(fixture("bad", "remark42_testdata_disqus_MALFORMED.xml"))
	require.NoError(t, err)
	wxr, err := os.ReadFile(fixture("wxr", "broken-trees", "input", "export.xml"))
	require.NoError(t, err)
	cases := []struct {
		name, file, content string
		want                []string
	}{
		{"malformed Disqus XML", "disqus.xml", string(malformed), []string{"disqus: ", "disqus.xml: line 147: malformed XML", `"<thread dsq:id=247937687/>"`}},
		{"truncated WXR", "export.xml", string(wxr[:len(wxr)/2]), []string{"wxr: ", "export.xml: line ", "truncated"}},
		{"truncated REST JSON", "posts.json", `[{"id": 1, "title": {"rendered": "x"}, "content": {"rendered": "<p>y`, []string{"wprest: ", "posts.json: line 1, column ", "truncated"}},
		{"REST JSON of another shape", "posts.json", `[{"id": 1, "name": {"rendered": "x"}}]`, []string{"wprest: ", "posts.json: ", "element 0 (id 1) is neither a post"}},
		{"truncated Reddit thread", "thread.json", `[{"kind": "Listing", "data": {"children": [`, []string{"reddit: ", "thread.json: line 1, column ", "truncated"}},
		{"bad NDJSON line", "RC.ndjson", "{\"id\": \"a\", \"link_id\": \"t3_x\", \"subreddit\": \"s\", \"body\": \"ok\"}\n{\"id\": \"b\", \"link_id\": \"t3_x\", \"body\": tru\n", []string{"reddit: ", "RC.ndjson: line 2, column ", "malformed JSON"}},
		{"JSON nobody reads", "data.json", `{"foo": [1, 2, 3]}`, []string{"data.json: ", "not in a format threadset reads", "--format"}},
		{"XML nobody reads", "feed.xml", `<?xml version="1.0"?><feed><entry/></feed>`, []string{"feed.xml: ", "not in a format threadset reads"}},
		{"empty XML", "empty.xml", "", []string{"empty.xml: empty file"}},
		{"empty JSON", "empty.json", "", []string{"empty.json: empty file"}},
		{"WXR with another root", "export.xml", `<?xml version="1.0"?><feed xmlns:wp="http://wordpress.org/export/1.2/"><rss/></feed>`, []string{"wxr: ", "export.xml: line 1: not a WordPress export: the root element is <feed>, not <rss>"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			in := filepath.Join(root, "in")
			writeFiles(t, in, map[string]string{tc.file: tc.content})
			before := snapshot(t, in)
			out := filepath.Join(root, "out")
			code, _, stderr := runCLI("build", "--quiet", "--strict", "--out", out, in)
			assert.Equal(t, exitFailure, code, stderr)
			for _, w := range tc.want {
				assert.Contains(t, stderr, w)
			}
			assert.NoDirExists(t, out)
			assertNoLeftovers(t, root)
			assert.Equal(t, before, snapshot(t, in))
			assert.False(t, strings.Contains(stderr, "panic"))
		})
	}
}

func TestSidecarErrors(t *testing.T) {
	cases := []struct{ name, file, content, want string }{
		{"unknown column", "threadset-pages.csv", "path,url,publisher\na.txt,https://x.org/a,X\n", `threadset-pages.csv: line 2: json: unknown field "publisher"`},
		{"bad url", "threadset-pages.csv", "path,url\na.txt,not-a-url\n", `threadset-pages.csv: line 2: url "not-a-url" is not an absolute http(s) URL`},
		{"bad date", "threadset-pages.jsonl", "{\"path\": \"a.txt\", \"published_at\": \"yesterday\"}\n", `threadset-pages.jsonl: line 1: published_at "yesterday"`},
		{"bad json", "threadset-sources.jsonl", "{\"name\": \"X\"}\n{name: Y}\n", "threadset-sources.jsonl: line 2: not a JSON object"},
		{"source without name", "threadset-sources.csv", "name,homepage\n,https://x.org/\n", "threadset-sources.csv: line 2: a source needs a name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			in := filepath.Join(root, "in")
			writeFiles(t, in, map[string]string{"a.txt": goodPage, tc.file: tc.content})
			out := filepath.Join(root, "out")
			code, _, stderr := runCLI("build", "--quiet", "--out", out, in)
			assert.Equal(t, exitFailure, code, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.NoDirExists(t, out)
		})
	}
}
