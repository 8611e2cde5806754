package reddit

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

// writeLargeThread writes a thread of n comments as Reddit serves it: each
// comment with the fifty-odd fields of /comments/<id>.json (most of which
// the builder skips), one per line, in reply chains of up to chain
// comments with a side reply every tenth. It returns the comments written
// in the order the builder emits them (depth first) and their parents.
func writeLargeThread(t testing.TB, w io.Writer, n, chain int) (ids, parents []string) {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprint(bw, `[{"kind": "Listing", "data": {"after": null, "dist": 1, "modhash": "", "geo_filter": "", "children": [{"kind": "t3", "data": {"id": "big", "name": "t3_big", "title": "A large thread", "selftext": "", "subreddit": "s", "created_utc": 1700000000, "permalink": "/r/s/comments/big/a_large_thread/", "url": "https://www.reddit.com/r/s/comments/big/a_large_thread/", "num_comments": `+fmt.Sprint(n)+`}}], "before": null}},`+"\n")
	fmt.Fprint(bw, `{"kind": "Listing", "data": {"after": null, "dist": null, "modhash": "", "geo_filter": "", "children": [`)
	k := 0
	comment := func(parent string, depth int, last bool) string {
		id := fmt.Sprintf("c%d", k)
		k++
		ids, parents = append(ids, "t1_"+id), append(parents, parent)
		body := strings.Repeat("words of a reply, ", 1+k%9)
		fmt.Fprintf(bw, "\n"+`{"kind": "t1", "data": {"subreddit_id": "t5_2qh1i", "approved_at_utc": null, "author_is_blocked": false, "comment_type": null, "awarders": [], "mod_reason_by": null, "banned_by": null, "author_flair_type": "text", "total_awards_received": 0, "subreddit": "s", "author_flair_template_id": null, "likes": null, "user_reports": [], "saved": false, "id": %q, "banned_at_utc": null, "mod_reason_title": null, "gilded": 0, "archived": false, "collapsed_reason_code": null, "no_follow": true, "author": "user%d", "can_mod_post": false, "created_utc": %d, "send_replies": true, "parent_id": %q, "score": %d, "author_fullname": "t2_%x", "approved_by": null, "mod_note": null, "all_awardings": [], "collapsed": false, "body": %q, "edited": false, "top_awarded_type": null, "author_flair_css_class": null, "name": "t1_%s", "is_submitter": false, "downs": 0, "author_flair_richtext": [], "author_patreon_flair": false, "body_html": "&lt;div class=\"md\"&gt;&lt;p&gt;%s&lt;/p&gt;\n&lt;/div&gt;", "removal_reason": null, "collapsed_reason": null, "distinguished": null, "associated_award": null, "stickied": false, "author_premium": false, "can_gild": true, "gildings": {}, "unrepliable_reason": null, "author_flair_text_color": null, "score_hidden": false, "permalink": "/r/s/comments/big/a_large_thread/%s/", "subreddit_type": "public", "locked": false, "report_reasons": null, "created": %d, "author_flair_text": null, "treatment_tags": [], "link_id": "t3_big", "subreddit_name_prefixed": "r/s", "controversiality": 0, "depth": %d, "author_flair_background_color": null, "collapsed_because_crowd_control": null, "mod_reports": [], "num_reports": null, "ups": %d, "replies": `,
			id, k%997, 1700000000+k, parent, k%50, k*7919, body, id, body, id, 1700000000+k, depth, k%50)
		return id
	}
	first := true
	for k < n {
		if !first {
			bw.WriteString(",")
		}
		first = false
		// A chain: each comment's replies hold the next, and every tenth
		// also a short reply of its own.
		parent, open := "t3_big", 0
		for d := 0; d < chain && k < n; d++ {
			id := comment(parent, d, false)
			if d == chain-1 || k == n {
				bw.WriteString(`""}}`)
				break
			}
			bw.WriteString(`{"kind": "Listing", "data": {"after": null, "dist": null, "modhash": "", "geo_filter": "", "children": [`)
			open++
			if d%10 == 9 && k < n-1 {
				comment("t1_"+id, d+1, false)
				bw.WriteString(`""}},`)
			}
			parent = "t1_" + id
		}
		for ; open > 0; open-- {
			bw.WriteString(`], "before": null}}}}`)
		}
	}
	fmt.Fprint(bw, "\n"+`], "before": null}}]`+"\n")
	require.NoError(t, bw.Flush())
	return ids, parents
}

// heapPeak samples the live heap until stop is called, which returns the
// largest sample.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// TestLargeThreadStreams: a thread file of comments in chains a thousand
// deep is decoded as it is read: the live heap holds the thread's records,
// about half the file for Reddit's fifty-field comments (it held the file
// and more: 2.96 times the file at 20,000 comments, 10,000 here). THREADSET_SCALE=1
// makes it 200,000 comments (a 380 MB file, half a minute).
//
// What it allocates in all (garbage included) is logged, not checked: ten
// times the file, as before less the file itself (14.5 times), because
// encoding/json's Decoder allocates a SyntaxError it then discards for
// every number, string or literal read through Token or Decode when a
// comma follows it (scanner.stateEndTop), and Reddit comments are mostly
// such scalars.
func TestLargeThreadStreams(t *testing.T) {
	n := 10_000
	if os.Getenv("THREADSET_SCALE") != "" {
		n = 200_000
	}
	path := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(path)
	require.NoError(t, err)
	ids, parents := writeLargeThread(t, f, n, 1000)
	require.NoError(t, f.Close())
	fi, err := os.Stat(path)
	require.NoError(t, err)
	size := fi.Size()

	in := builders.Input{Path: "big.json", Size: size, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	var page *builders.Page
	// Little garbage left between collections, so that the peak is what
	// the build holds.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	stop := heapPeak()
	err = New().Build(in, func(p *builders.Page) error {
		page = p
		return nil
	})
	peak := stop()
	runtime.ReadMemStats(&after)
	require.NoError(t, err)

	require.Len(t, page.Comments, n)
	for i, c := range page.Comments {
		require.Equal(t, ids[i], c.NativeID)
		if strings.HasPrefix(parents[i], "t1_") {
			require.Equal(t, parents[i], c.NativeParent, "comment %d", i)
		}
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	live := peak - min(peak, before.HeapAlloc)
	t.Logf("%d comments, %d MB file: %.2f times the file allocated, live heap peaked %.2f times the file above the start (%d MB)",
		n, size>>20, float64(alloc)/float64(size), float64(live)/float64(size), live>>20)
	assert.Less(t, float64(live), 0.75*float64(size), "the file is not held")
}

// TestPositionsAfterForgetting: an error far into a large file, after the
// walker has forgotten the bytes before it, is reported at its line and
// column in the whole file.
func TestPositionsAfterForgetting(t *testing.T) {
	var b strings.Builder
	writeLargeThread(t, &b, 3000, 40)
	good := b.String()
	lines := strings.Split(good, "\n")
	last := len(lines) - 3 // the last comment's line
	at := strings.Index(lines[last], `"score": `) + len(`"score": `)
	bad := lines[last]
	bodyAt := strings.Index(bad, `"body": `) + len(`"body": `)
	end := strings.Index(bad[bodyAt:], `", `) + bodyAt + 1
	typeErr := append([]string{}, lines...)
	typeErr[last] = bad[:bodyAt] + "12" + bad[end:]
	_, err := build(t, []byte(strings.Join(typeErr, "\n")))
	assert.EqualError(t, err, fmt.Sprintf(`reddit: thread.json: line %d, column %d: field "body": found JSON number, expected a string`, last+1, bodyAt+1))

	syntaxErr := append([]string{}, lines...)
	syntaxErr[last] = bad[:at] + "1 2" + bad[at+1:]
	_, err = build(t, []byte(strings.Join(syntaxErr, "\n")))
	assert.EqualError(t, err, fmt.Sprintf(`reddit: thread.json: line %d, column %d: malformed JSON: invalid character '2' after object key:value pair`, last+1, at+3))

	_, err = build(t, []byte(good[:len(good)-200]))
	assert.ErrorContains(t, err, "the JSON ends early")
}
