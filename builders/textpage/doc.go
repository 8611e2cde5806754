// Package textpage reads plain-text dumps of article pages, as scrapers
// save them: a headline, an optional dek and byline, the article, and the
// comment thread below it in one of the shapes WordPress and Disqus pages
// flatten to. The rules are in parse.go and described in the dataset card.
//
// It reads structure only from what the text shows: a thread whose nesting
// the page does not show is flat, never guessed.
package textpage
