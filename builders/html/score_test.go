package html

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/pageeval"
	"github.com/threadset/threadset/schema"
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
	for _, tc := range []struct {
		split string
		m     pageeval.Metrics
		min   pageeval.Floors
	}{
		// Issue 8's "done when" for saved HTML pages, on all 84 pages. The
		// share of body characters that are comment text is not 0 because
		// comments quote the article (californiaglobe, hpd.de, zulang,
		// toptal's code, ...): every paragraph counted was checked to be
		// article text that a comment repeats.
		{"all: issue 8", rep.All, pageeval.Floors{F1: 0.97, Author: 0.97, Parent: 0.97, Title: 0.95, BodyFirst: 0.95, BodyLast: 0.95, MaxShare: 0.02, Disqus: true}},
		// Measured on all 84: F1 1.000 (574/574 found, none extra), author
		// 1.000, parent 1.000, text starts 1.000, titles 83/84, first
		// 81/82, last 82/82, share 0.014, 0 invented, Disqus 5/5.
		{"all", rep.All, pageeval.Floors{F1: 0.99, Author: 0.99, Parent: 0.99, TextStart: 0.99, Title: 0.98, BodyFirst: 0.98, BodyLast: 0.99, MaxShare: 0.016, Disqus: true}},
		// Measured: dev F1 1.000, author 1.000, parent 1.000, text starts
		// 1.000, titles 63/64, first 61/62, last 62/62, comment share
		// 0.009, 0 invented, 5/5 Disqus.
		{"dev", rep.Dev, pageeval.Floors{F1: 0.99, Author: 0.99, Parent: 0.99, TextStart: 0.99, Title: 0.98, BodyFirst: 0.98, BodyLast: 0.99, MaxShare: 0.012, Disqus: true}},
		// Measured: former holdout F1 1.000 (119/119), author 1.000,
		// parent 1.000, text starts 1.000, titles 20/20, first 20/20, last
		// 20/20, share 0.034, 0 invented; no Disqus page left in it (see
		// basicthinking.de's truth). Blind: see above.
		{"former holdout", rep.Holdout, pageeval.Floors{F1: 0.99, Author: 0.99, Parent: 0.99, TextStart: 0.99, Title: 0.99, BodyFirst: 0.99, BodyLast: 0.99, MaxShare: 0.04, Disqus: true}},
	} {
		t.Run(tc.split, func(t *testing.T) { tc.m.Check(t, tc.split, tc.min) })
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
	// Measured: 17 pages (13 with a thread, one loaded by the Facebook
	// plugin, one by Disqus on click, an FAQ page and a TYPO3 news page
	// without comments), 64 comments and 2 pingbacks/webmentions: F1
	// 1.000, author 1.000, parent 1.000, text starts 1.000, titles 17/17,
	// first and last 17/17, 0 invented, Disqus 1/1. The reader before the
	// rules for these markups (634b4e6, first 10 pages): F1 0.667 (23 of
	// 46 found, precision 1.000), parent 0.870, text starts 0.783; before
	// the rules the former holdout taught (c5a075d, all 17 pages): F1
	// 0.873, parent 0.945, text starts 0.945, first 15/17, last 16/17,
	// Disqus 0/1.
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

	assert.Equal(t, m.DisqusPages, m.DisqusFlagged, "Disqus-loaded pages flagged")

	// A page whose thread a script loads says so, naming the platform;
	// the others are not read as script threads, and a page without
	// comments warns of none.
	truths, err := pageeval.LoadTruth(filepath.Join(extraDir(), "truth"))
	require.NoError(t, err)
	for _, tr := range truths {
		data, err := os.ReadFile(filepath.Join(extraDir(), filepath.FromSlash(tr.Page)))
		require.NoError(t, err)
		pages, err := pageeval.BuilderFunc(New())(tr.Page, data)
		require.NoError(t, err)
		require.NotEmpty(t, pages, tr.Page)
		if tr.CommentPlatform != "" {
			assert.Equal(t, "script:"+tr.CommentPlatform, pages[0].CommentRule, tr.Page)
			continue
		}
		assert.False(t, strings.HasPrefix(pages[0].CommentRule, "script:"), tr.Page)
		if tr.Kind == pageeval.KindNone {
			for _, w := range pages[0].Warnings {
				assert.NotEqual(t, schema.WarnScriptThread, w.Kind, tr.Page)
			}
		}
	}
}
