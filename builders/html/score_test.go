package html

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/pageeval"
)

// TestScoreSavedPages scores the reader on the 84 saved pages of
// fixtures/html-pages against their truth and fails below the thresholds
// of issue 8 on all pages and below floors set just under the measured
// figures per split (README "HTML pages" lists them). -v prints every
// page with what was missed, extra or wrong.
//
// The pages come in two splits: dev (64 pages), on which the reader was
// written, and the former holdout (20 pages, "holdout" in the truth files
// and in the table), scored blind until the lead opened it for
// development. Its blind score before opening (reader at c577f88):
// F1 0.835 (precision 0.857 = 96/112, recall 0.814 = 96/118), author
// 1.000 (96/96), parent 0.958 (92/96), depth 0.958, text starts right
// 0.938 (90/96), titles 20/20, body first 18/20, last 19/20, comment
// share of body characters 0.065, 1 comment invented on 1 of 9 pages
// without a thread, Disqus flagged 0/1. A fresh holdout from other
// sources is kept elsewhere; these 20 pages no longer measure
// generalisation.
func TestScoreSavedPages(t *testing.T) {
	rep, err := pageeval.Run(pageeval.Dir(), pageeval.BuilderFunc(New()), pageeval.Options{})
	require.NoError(t, err)
	t.Log("\n(the \"holdout\" column is the former holdout, open for development)\n" + rep.Table())
	if testing.Verbose() {
		t.Log("\n" + rep.PageTable(true))
	}
	type floor struct {
		f1, author, parent, title, first, last, share float64
		invented, disqusMissed                        int
	}
	for _, tc := range []struct {
		split string
		m     pageeval.Metrics
		min   floor
	}{
		// Measured: dev F1 1.000, author 1.000, parent 1.000, titles 63/64,
		// first 61/62, last 62/62, comment share 0.009, 0 invented, 5/5 Disqus.
		{"dev", rep.Dev, floor{f1: 0.99, author: 0.99, parent: 0.99, title: 0.98, first: 0.98, last: 0.99, share: 0.015}},
		// Measured: former holdout as blind above.
		{"former holdout", rep.Holdout, floor{f1: 0.82, author: 0.99, parent: 0.95, title: 0.95, first: 0.85, last: 0.90, share: 0.07, invented: 1, disqusMissed: 1}},
	} {
		t.Run(tc.split, func(t *testing.T) {
			m := tc.m
			assert.Zero(t, m.ReaderErrors, "reader errors")
			assert.GreaterOrEqual(t, m.F1, tc.min.f1, "comment F1")
			assert.GreaterOrEqual(t, m.AuthorAccuracy, tc.min.author, "author accuracy")
			assert.GreaterOrEqual(t, m.ParentAccuracy, tc.min.parent, "parent accuracy")
			assert.GreaterOrEqual(t, m.TitleAccuracy, tc.min.title, "title accuracy")
			assert.GreaterOrEqual(t, m.BodyFirstRate, tc.min.first, "body first paragraph found")
			assert.GreaterOrEqual(t, m.BodyLastRate, tc.min.last, "body last paragraph found")
			assert.LessOrEqual(t, m.CommentShare, tc.min.share, "share of body characters that are comment text")
			assert.LessOrEqual(t, m.InventedComments, tc.min.invented, "comments invented on pages without comments")
			assert.Zero(t, m.PingbacksEmitted, "pingbacks kept as comments")
			assert.LessOrEqual(t, m.DisqusPages-m.DisqusFlagged, tc.min.disqusMissed, "Disqus-loaded pages not flagged")
		})
	}
}

// extraDir is fixtures/html/extra-markups: hand-made pages on the markup
// of comment systems and themes the 84 saved pages do not show (see its
// make.py), scored as a third set beside the saved pages.
func extraDir() string {
	return filepath.Join(pageeval.Dir(), "..", "html", "extra-markups")
}

// TestScoreExtraPages scores the reader on the extra pages and fails
// below thresholds set just under the measured figures. -v prints every
// page.
func TestScoreExtraPages(t *testing.T) {
	rep, err := pageeval.Run(extraDir(), pageeval.BuilderFunc(New()), pageeval.Options{})
	require.NoError(t, err)
	t.Log("\n" + rep.Table())
	if testing.Verbose() {
		t.Log("\n" + rep.PageTable(true))
	}
	// Measured: 10 pages (9 with a thread, one loaded by the Facebook
	// plugin), 46 comments and 2 pingbacks/webmentions: F1 1.000, author
	// 1.000, parent 1.000, text starts 1.000, titles 10/10, first and last
	// 10/10, 0 invented. The reader before these rules (634b4e6): F1 0.667
	// (23 of 46 found, precision 1.000), parent 0.870, text starts 0.783.
	m := rep.All
	assert.Zero(t, m.ReaderErrors, "reader errors")
	assert.GreaterOrEqual(t, m.F1, 0.99, "comment F1")
	assert.GreaterOrEqual(t, m.AuthorAccuracy, 0.99, "author accuracy")
	assert.GreaterOrEqual(t, m.ParentAccuracy, 0.99, "parent accuracy")
	assert.GreaterOrEqual(t, m.TextStartRate, 0.99, "text starts right")
	assert.GreaterOrEqual(t, m.TitleAccuracy, 0.99, "title accuracy")
	assert.GreaterOrEqual(t, m.BodyFirstRate, 0.99, "body first paragraph found")
	assert.GreaterOrEqual(t, m.BodyLastRate, 0.99, "body last paragraph found")
	assert.Zero(t, m.PingbacksEmitted, "pingbacks kept as comments")
	assert.Zero(t, m.InventedComments, "comments invented on pages without comments")

	// A page whose thread a script loads says so, naming the platform.
	truths, err := pageeval.LoadTruth(filepath.Join(extraDir(), "truth"))
	require.NoError(t, err)
	for _, tr := range truths {
		if tr.CommentPlatform == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(extraDir(), filepath.FromSlash(tr.Page)))
		require.NoError(t, err)
		pages, err := pageeval.BuilderFunc(New())(tr.Page, data)
		require.NoError(t, err)
		require.NotEmpty(t, pages, tr.Page)
		assert.Equal(t, "script:"+tr.CommentPlatform, pages[0].CommentRule, tr.Page)
	}
}
