package pipeline

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// pushshiftCorpus writes a Pushshift-style month: RS_2019-01 with one
// submission per thread, RC_2019-01 with perThread comments for each,
// interleaved across threads in time order as the dumps are, half of them
// replies. Subreddits and authors cycle; thread t of n has its submission
// on day 1+t%28. It returns the directory and its size in bytes.
func pushshiftCorpus(tb testing.TB, threads, perThread int, subreddits, authors []string) (string, int64) {
	tb.Helper()
	dir := tb.TempDir()
	var size int64
	write := func(name string, line func(w *bufio.Writer) error) {
		f, err := os.Create(filepath.Join(dir, name))
		require.NoError(tb, err)
		w := bufio.NewWriterSize(f, 1<<20)
		require.NoError(tb, line(w))
		require.NoError(tb, w.Flush())
		fi, err := f.Stat()
		require.NoError(tb, err)
		size += fi.Size()
		require.NoError(tb, f.Close())
	}
	const jan = 1546300800 // 2019-01-01T00:00:00Z
	write("RS_2019-01", func(w *bufio.Writer) error {
		for t := 0; t < threads; t++ {
			sr := subreddits[t%len(subreddits)]
			_, err := fmt.Fprintf(w, `{"id":"s%d","title":"Thread %d about things","selftext":"Body of thread %d.\n\nSecond paragraph.","subreddit":"%s","author":"%s","created_utc":%d,"permalink":"/r/%s/comments/s%d/thread/","url":"https://www.reddit.com/r/%s/comments/s%d/thread/"}`+"\n",
				t, t, t, sr, authors[t%len(authors)], jan+(t%28)*86400, sr, t, sr, t)
			if err != nil {
				return err
			}
		}
		return nil
	})
	write("RC_2019-01", func(w *bufio.Writer) error {
		for k := 0; k < perThread; k++ {
			for t := 0; t < threads; t++ {
				parent := fmt.Sprintf("t3_s%d", t)
				if k%2 == 1 {
					parent = fmt.Sprintf("t1_c%d_%d", t, k-1)
				}
				_, err := fmt.Fprintf(w, `{"id":"c%d_%d","link_id":"t3_s%d","parent_id":"%s","author":"%s","body":"Comment %d in thread %d, which says something &amp; more.","subreddit":"%s","created_utc":%d,"score":%d}`+"\n",
					t, k, t, parent, authors[(t+k)%len(authors)], k, t, subreddits[t%len(subreddits)], jan+(t%28)*86400+k*60, k)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	return dir, size
}

// disqusCorpus writes a Disqus export of threads threads with perThread
// posts each, listed after every thread and interleaved across threads,
// half of them replies.
func disqusCorpus(tb testing.TB, threads, perThread int) (string, int64) {
	tb.Helper()
	dir := tb.TempDir()
	f, err := os.Create(filepath.Join(dir, "export.xml"))
	require.NoError(tb, err)
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `<?xml version="1.0"?>`+"\n"+`<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">`+"\n")
	for t := 0; t < threads; t++ {
		fmt.Fprintf(w, `<thread dsq:id="t%d"><forum>site</forum><link>https://example.org/post-%d/</link><title>Post %d</title><createdAt>2020-01-01T00:00:00Z</createdAt></thread>`+"\n", t, t, t)
	}
	for k := 0; k < perThread; k++ {
		for t := 0; t < threads; t++ {
			parent := ""
			if k%2 == 1 {
				parent = fmt.Sprintf(`<parent dsq:id="p%d_%d"/>`, t, k-1)
			}
			fmt.Fprintf(w, `<post dsq:id="p%d_%d"><message>&lt;p&gt;Comment %d on post %d, about as long as a typical comment is.&lt;/p&gt;</message><createdAt>2020-01-02T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>a%d</name></author><thread dsq:id="t%d"/>%s</post>`+"\n",
				t, k, k, t, (t+k)%97, t, parent)
		}
	}
	fmt.Fprint(w, "</disqus>\n")
	require.NoError(tb, w.Flush())
	fi, err := f.Stat()
	require.NoError(tb, err)
	require.NoError(tb, f.Close())
	return dir, fi.Size()
}
