package html

// rules document the parse for the dataset card; keep them in step with
// the code.
var rules = []string{
	"A page is one article. The page's character set is read as a browser does (byte-order mark, <meta charset>, else UTF-8 when valid, else windows-1252).",
	"Title: a heading (h1-h3) whose text equals the JSON-LD headline, og:title or <title> (with or without the site name after a separator such as \" | \" or \" - \"); else the JSON-LD headline, og:title without the site name, the first <h1>, or the <title> without the site name.",
	"Canonical URL: <link rel=canonical>, else og:url, else the JSON-LD article's url; Wayback Machine addresses are unwrapped to the archived page's own address. It is the article's url and its join key.",
	"Byline, published_at, section and tags come from the JSON-LD article (NewsArticle, BlogPosting, Article, ..., also inside @graph), else article:* and author meta, else the markup (rel=author, .byline, time.published, rel=\"category tag\" and rel=\"tag\" links); the site name (og:site_name, the JSON-LD WebSite or publisher) names the source and <html lang> (else content-language or og:locale) gives its language.",
	"Body: the element marked as the article body (itemprop=articleBody, .entry-content, .post-content, .article-body and similar), else the element holding the most paragraph text; navigation, sidebars, headers, footers, forms, hidden elements, sharing, related-post, newsletter and tag widgets, the comment section and the headline are left out; the rest becomes text by the shared HTML rules.",
	"Comments (comment_rule html:wordpress): elements whose id is comment-N, li-comment-N or div-comment-N; N is the native ID, and a comment nested in another's element (ol.children, ul.children) replies to it. Author from .fn / cite / .comment-author (without \"says:\"), time from <time datetime>, text from .comment-content / .comment-text, else the item without its author, date, avatar, Reply and Like parts.",
	"Comments (comment_rule html:schemaorg): schema.org Comment microdata (itemprop author, dateCreated, text; a Comment inside another replies to it), else the JSON-LD article's comment list with nested comment replies.",
	"Pingbacks and trackbacks (WordPress classes pingback/trackback, or text starting \"Pingback:\") are not comments: they are left out and counted in a skipped_items warning.",
	"A page without comment markup whose thread is loaded by a script (Disqus: div#disqus_thread or embed.js; Facebook, Commento, Isso, utterances, giscus, ...) gets comment_rule script:<platform> and a script_thread warning saying how to add the platform's export; otherwise comment_rule is none, with the evidence looked for.",
	"A link to older or newer comments (comment-page-N, \"Older Comments\") gives a paged_thread warning: only the page's own comments are read. A top-level comment whose markup says \"In reply to ...\" (the theme caps the reply depth) gives a depth_capped_reply warning; the tree keeps the level shown.",
	"A file that is empty, binary, not HTML, larger than 32 MiB, or without a title is reported with the file and skipped.",
}
