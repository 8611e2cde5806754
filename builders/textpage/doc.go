// Package textpage reads plain-text dumps of article pages, as scrapers
// save them or people copy them from a browser: navigation, a headline,
// an optional dek and byline, the article, a comment thread, sidebars and
// a footer. The rules are in parse.go, thread.go, furniture.go (the words
// of page furniture and comment headers in nine languages) and dates.go
// (visible dates), and are described in the dataset card.
//
// It reads structure only from what the text shows, and a comment section
// only from evidence (a header, comment author lines, a run of name
// lines): without it a page has no comments and every line stays in the
// body. A thread whose nesting the page does not show is flat, never
// guessed. Every article says which rule found its comments
// (comment_rule) and on what evidence (comment_evidence).
//
// It does not read HTML markup; it reads the text a page shows.
package textpage
