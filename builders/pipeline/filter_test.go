package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

func day(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

// Filters keep only what they name, count what was read and kept in the
// manifest, and a thread's comments follow it.
func TestReadTimeFilters(t *testing.T) {
	// 12 threads of 6 comments in 3 subreddits; thread t is on day 1+t.
	in, _ := pushshiftCorpus(t, 12, 6, []string{"AskHistorians", "history", "news"}, []string{"ann", "bob", "cy"})
	read := dataset.FilterCounts{Articles: 12 + 12, Comments: 72} // 12 submissions, 12 comment threads
	cases := []struct {
		name            string
		filter          builders.Filter
		articles, cmts  int64
		kept            dataset.FilterCounts
		orphansByFilter int
	}{
		{"subreddit", builders.Filter{Sources: map[string]bool{"askhistorians": true}}, 4, 24, dataset.FilterCounts{Articles: 8, Comments: 24}, 0},
		{"two sources", builders.Filter{Sources: map[string]bool{"askhistorians": true, "news": true}}, 8, 48, dataset.FilterCounts{Articles: 16, Comments: 48}, 0},
		{"threads", builders.Filter{Threads: map[string]bool{"s3": true, "t3_s5": true}}, 2, 12, dataset.FilterCounts{Articles: 4, Comments: 12}, 0},
		// Days 3 to 5 (until is exclusive): threads 2, 3, 4.
		{"dates", builders.Filter{Since: day("2019-01-03"), Until: day("2019-01-06")}, 3, 18, dataset.FilterCounts{Articles: 6, Comments: 18}, 0},
		// ann writes comment k of thread t when (t+k)%3 == 0: 2 of every 6,
		// and replies to her k=2 or 3 orphaned whose parent was left out.
		// Every submission stays, as the context of her comments.
		{"author", builders.Filter{Authors: map[string]bool{"ann": true}}, 12, 24, dataset.FilterCounts{Articles: 24, Comments: 24}, 12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.filter
			r := build(t, Options{Inputs: []string{in}, Builder: builders.Options{Filter: &f}, FilterInfo: &dataset.Filter{Sources: []string{"x"}}})
			require.NoError(t, r.err, r.log)
			assert.Equal(t, tc.articles, r.m.Table("articles").Rows)
			assert.Equal(t, tc.cmts, r.m.Table("comments").Rows)
			require.NotNil(t, r.m.Filter)
			assert.Equal(t, read, r.m.Filter.Read)
			assert.Equal(t, tc.kept, r.m.Filter.Kept)
			assert.Empty(t, warningsOf(r.m, schema.WarnUnmatchedThread), "comment threads follow their submissions")
			n := 0
			for _, a := range rows(t, r.out, schema.Anomalies) {
				if a["kind"] == schema.AnomalyOrphan {
					assert.Contains(t, a["detail"], "left out (by the build's filter)")
					n++
				}
			}
			assert.Equal(t, tc.orphansByFilter, n)
			card, err := os.ReadFile(filepath.Join(r.out, dataset.CardName))
			require.NoError(t, err)
			assert.Contains(t, string(card), "Filtered at read time: source x.")
		})
	}
	t.Run("nothing kept", func(t *testing.T) {
		f := builders.Filter{Sources: map[string]bool{"nosuch": true}}
		r := build(t, Options{Inputs: []string{in}, Builder: builders.Options{Filter: &f}, FilterInfo: &dataset.Filter{Sources: []string{"nosuch"}}})
		var ue *UsageError
		require.ErrorAs(t, r.err, &ue)
		assert.Contains(t, r.err.Error(), "kept none of the 24 articles and threads read")
	})
}

// Filters see what the sidecar metadata says of a page: its source and
// date, not the builder's.
func TestFiltersSeeSidecarMetadata(t *testing.T) {
	in := t.TempDir()
	seed, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input", "000_27271087f4f471d8.txt"))
	require.NoError(t, err)
	writeTree(t, in, map[string]string{
		"p.txt":               string(seed),
		"threadset-pages.csv": "path,url,published_at,source\np.txt,https://example.org/a,2020-01-02,Sidecar News\n",
	})
	f := builders.Filter{Sources: map[string]bool{"sidecar news": true}, Since: day("2020-01-01"), Until: day("2020-01-03")}
	r := build(t, Options{Inputs: []string{in}, Builder: builders.Options{Filter: &f}, FilterInfo: &dataset.Filter{}})
	require.NoError(t, r.err, r.log)
	assert.Equal(t, int64(1), r.m.Table("articles").Rows)
}
