// Package html reads saved HTML article pages: the article from the
// page's own metadata (JSON-LD, OpenGraph, article:* and <link
// rel=canonical>) and its markup, and the comment thread with its reply
// tree from the comment markup (WordPress's element ids, schema.org
// Comment microdata and JSON-LD). A thread the page loads by script
// (Disqus and others) is not in the page: the builder says so, and the
// platform's export joins the article by canonical URL.
//
// It is not a crawler or a renderer: scripts are never run, and only what
// the saved bytes hold is read.
package html
