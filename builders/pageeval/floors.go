package pageeval

import "github.com/stretchr/testify/assert"

// Floors are what a reader's scoring test demands of one set of pages:
// the least accuracy (a zero floor demands nothing) and the most of what
// must not happen.
type Floors struct {
	F1, Author, Parent, TextStart, Title, BodyFirst, BodyLast float64
	// MaxShare is the most of a body's characters that may be comment
	// text; zero leaves it unchecked.
	MaxShare float64
	// MaxInvented, MaxPingbacks and MaxErrors are the most comments
	// invented on pages without a thread, pingbacks kept as comments and
	// pages the reader refused.
	MaxInvented, MaxPingbacks, MaxErrors int
	// Disqus demands that at most MaxDisqusMissed of the pages whose
	// thread a script loads go unflagged (a text reader cannot see the
	// script, so it leaves Disqus false).
	Disqus          bool
	MaxDisqusMissed int
}

// Check asserts m against f, naming the set in every failure.
func (m Metrics) Check(t assert.TestingT, set string, f Floors) {
	assert.LessOrEqual(t, m.ReaderErrors, f.MaxErrors, "%s: pages the reader refused", set)
	assert.GreaterOrEqual(t, m.F1, f.F1, "%s: comment F1", set)
	assert.GreaterOrEqual(t, m.AuthorAccuracy, f.Author, "%s: author accuracy", set)
	assert.GreaterOrEqual(t, m.ParentAccuracy, f.Parent, "%s: parent accuracy", set)
	assert.GreaterOrEqual(t, m.TextStartRate, f.TextStart, "%s: text starts right", set)
	assert.GreaterOrEqual(t, m.TitleAccuracy, f.Title, "%s: title accuracy", set)
	assert.GreaterOrEqual(t, m.BodyFirstRate, f.BodyFirst, "%s: body first paragraph found", set)
	assert.GreaterOrEqual(t, m.BodyLastRate, f.BodyLast, "%s: body last paragraph found", set)
	if f.MaxShare > 0 {
		assert.LessOrEqual(t, m.CommentShare, f.MaxShare, "%s: share of body characters that are comment text", set)
	}
	assert.LessOrEqual(t, m.InventedComments, f.MaxInvented, "%s: comments invented on pages without comments", set)
	assert.LessOrEqual(t, m.PingbacksEmitted, f.MaxPingbacks, "%s: pingbacks kept as comments", set)
	if f.Disqus {
		assert.LessOrEqual(t, m.DisqusPages-m.DisqusFlagged, f.MaxDisqusMissed, "%s: script-loaded threads not flagged", set)
	}
}
