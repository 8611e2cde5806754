// Package pageeval measures how well the page readers (builders/html,
// builders/textpage) read real pages: it loads the hand-checked truth of
// the saved pages in fixtures/html-pages, renders a saved page to the plain
// text a person copying it from a browser would get, and scores what a
// reader produced against the truth (comment precision and recall, author
// and parent accuracy, title, body paragraphs, comment text left in bodies,
// comments invented on pages without any, Disqus threads flagged).
//
// It is test and evaluation support: the readers' tests call it, `threadset
// build` never does. Nothing here decides how a page is read; the truth it
// loads was derived from the markup by fixtures/html-pages/derive_truth.py,
// independently of any reader.
package pageeval
