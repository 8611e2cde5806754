package reddit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

func input(path string, data []byte) builders.Input {
	return builders.Input{Path: path, SHA256: "sha", Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

func build(t testing.TB, data []byte) ([]*builders.Page, error) {
	t.Helper()
	var pages []*builders.Page
	err := New().Build(input("thread.json", data), func(p *builders.Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

// thread is a Reddit thread file written over several lines, as a
// pretty-printer writes it; %s is where a test puts something.
const thread = `[
 {"kind": "Listing", "data": {"children": [
  {"kind": "t3", "data": {"id": "a", "name": "t3_a", "title": "T", "subreddit": "s", "created_utc": 1}}
 ]}},
 {"kind": "Listing", "data": {"children": [
  {"kind": "t1", "data": {"id": "c1", "name": "t1_c1", "parent_id": "t3_a", "body": "top", "created_utc": 2,
   "replies": {"kind": "Listing", "data": {"children": [
    {"kind": "more", "data": {"count": %s, "children": ["x", "y"]}},
    {"kind": "t1", "data": {"id": "c2", "name": "t1_c2", "parent_id": "t1_c1", "body": %s, "created_utc": 3, "replies": ""}}
   ]}}}}
 ]}}
]
`

// TestErrorPositionsInTheWholeFile: a bad value inside a comment's
// replies is reported at its line and column in the file, not at an
// offset inside the embedded element.
func TestErrorPositionsInTheWholeFile(t *testing.T) {
	cases := []struct {
		name, count, body, want string
	}{
		{"bad count on line 8", `"two"`, `"ok"`, `reddit: thread.json: line 8, column 40: field "count": found JSON string, expected an integer`},
		{"bad body on line 9", `2`, `["not", "text"]`, `reddit: thread.json: line 9, column 88: field "body": found JSON array, expected a string`},
		{"syntax error on line 9", `2`, `"ok" "more"`, `reddit: thread.json: line 9, column 93: malformed JSON: invalid character '"' after object key:value pair`},
		{"bad literal on line 8", `tru`, `"ok"`, `reddit: thread.json: line 8, column 43: malformed JSON: invalid character ',' in literal true (expecting 'e')`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := build(t, []byte(fmt.Sprintf(thread, tc.count, tc.body)))
			var ie *builders.InputError
			require.True(t, errors.As(err, &ie), "got %v", err)
			assert.EqualError(t, err, tc.want)
		})
	}
	pages, err := build(t, []byte(fmt.Sprintf(thread, "2", `"ok"`)))
	require.NoError(t, err)
	require.Len(t, pages, 1)
	require.Len(t, pages[0].Comments, 2)
	assert.Equal(t, "t1_c1", pages[0].Comments[1].NativeParent)
	assert.Contains(t, pages[0].Warnings[0].Message, `1 "more" stubs standing for 2 comments`)
}

func TestNDJSONErrorPositions(t *testing.T) {
	ok := `{"id": "a", "link_id": "t3_x", "subreddit": "s", "body": "ok"}`
	cases := []struct{ name, data, want string }{
		{"type error on line 3", ok + "\n" + ok + "\n" + `{"id": "b", "link_id": "t3_x", "subreddit": "s", "body": 5}` + "\n",
			`reddit: RC.ndjson: line 3, column 58: field "body": found JSON number, expected a string`},
		{"syntax error on line 2", ok + "\n\n" + `{"id": "b" "link_id": "t3_x"}` + "\n",
			`reddit: RC.ndjson: line 3, column 12: malformed JSON: invalid character '"' after object key:value pair`},
		{"not an object", ok + "\n[1]\n", `reddit: RC.ndjson: line 2, column 1: expected a Reddit submission or comment (a JSON object), found JSON array`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := New().Build(input("RC.ndjson", []byte(tc.data)), func(*builders.Page) error { return nil })
			assert.EqualError(t, err, tc.want)
		})
	}
}

// TestRecordOverSeveralLines: a Pushshift record written over several
// lines is read (it used to fail with "unexpected end of JSON input").
func TestRecordOverSeveralLines(t *testing.T) {
	data := "{\n  \"id\": \"a\",\n  \"title\": \"T\",\n  \"subreddit\": \"s\"\n}\n{\"id\": \"c\", \"link_id\": \"t3_a\", \"subreddit\": \"s\", \"body\": \"hi\"}\n"
	var pages []*builders.Page
	require.NoError(t, New().Build(input("RS.ndjson", []byte(data)), func(p *builders.Page) error {
		pages = append(pages, p)
		return nil
	}))
	require.Len(t, pages, 2)
	assert.Equal(t, "T", pages[0].Title)
	assert.Equal(t, 6, pages[1].Comments[0].Line)
}

// deepThread is a thread whose comments each reply to the one before.
func deepThread(depth int) []byte {
	var b strings.Builder
	b.WriteString(`[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": "a", "name": "t3_a", "title": "Deep", "subreddit": "s", "created_utc": 1}}]}},` + "\n")
	b.WriteString(`{"kind": "Listing", "data": {"children": [`)
	parent := "t3_a"
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "\n"+`{"kind": "t1", "data": {"id": "c%d", "name": "t1_c%d", "parent_id": %q, "author": "u%d", "body": "reply %d", "created_utc": %d, "replies": `, i, i, parent, i%7, i, 1000+i)
		if i < depth-1 {
			b.WriteString(`{"kind": "Listing", "data": {"children": [`)
		}
		parent = fmt.Sprintf("t1_c%d", i)
	}
	b.WriteString(`""}}`)
	for i := 0; i < depth-1; i++ {
		b.WriteString(`]}}}}`)
	}
	b.WriteString("]}}]\n")
	return []byte(b.String())
}

// cost is the allocations and bytes allocated by building data once.
func cost(t *testing.T, data []byte) (allocs, bytes uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	pages, err := build(t, data)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, pages, 1)
	return after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// TestDeepThreadIsLinear: four times the nesting costs about four times
// the allocations and bytes (it cost sixteen times: each level decoded its
// whole subtree again), and nesting beyond encoding/json's 10,000 levels
// is read.
func TestDeepThreadIsLinear(t *testing.T) {
	small, large := deepThread(1000), deepThread(4000)
	pages, err := build(t, large)
	require.NoError(t, err)
	require.Len(t, pages[0].Comments, 4000)
	for i, c := range pages[0].Comments[1:] {
		require.Equal(t, pages[0].Comments[i].NativeID, c.NativeParent)
	}
	sa, sb := cost(t, small)
	la, lb := cost(t, large)
	t.Logf("1000 levels: %d allocs, %d bytes; 4000 levels: %d allocs, %d bytes", sa, sb, la, lb)
	assert.Less(t, float64(la)/float64(sa), 5.0, "allocations grow linearly with depth")
	assert.Less(t, float64(lb)/float64(sb), 5.0, "bytes allocated grow linearly with depth")
}

func TestTooDeep(t *testing.T) {
	_, err := build(t, deepThread(MaxDepth+2))
	assert.ErrorContains(t, err, fmt.Sprintf("replies nested deeper than %d levels", MaxDepth))
}

func BenchmarkDeepThread(b *testing.B) {
	for _, depth := range []int{1000, 4000} {
		data := deepThread(depth)
		b.Run(fmt.Sprint(depth), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := build(b, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFixtureThread(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/reddit/graw-thread/input/graw_testdata_thread.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := build(b, data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLongLineMemory: a record on one line of many megabytes costs a
// small multiple of the line: the file, the decoded body and the
// normalised text (it cost 6.8 times: a scanner buffer doubling to the
// line's size and copies of every line).
func TestLongLineMemory(t *testing.T) {
	body := strings.Repeat("lorem ipsum dolor sit amet, ", 8<<20/28)
	data := []byte(fmt.Sprintf(`{"id": "c", "link_id": "t3_a", "subreddit": "s", "body": %q}`+"\n", body))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	err := New().Build(input("RC.ndjson", data), func(p *builders.Page) error {
		n += len(p.Comments)
		return nil
	})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data))
	t.Logf("a %d MB line: %.1f times its size allocated", len(data)>>20, ratio)
	// Streamed: the line is assembled from 1 MiB reads (about twice its
	// size allocated) and then decoded; it was 9.9 times before.
	assert.Less(t, ratio, 5.0)
}
