package textpage

import (
	"errors"
	"path"
	"strings"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textnorm"
)

// Name is the builder's name in the registry and the builder column.
const Name = "textpage"

// Builder is the text-page builder.
type Builder struct{}

// New returns the text-page builder.
func New() *Builder { return &Builder{} }

func (*Builder) Name() string    { return Name }
func (*Builder) Version() string { return "2" }
func (*Builder) Description() string {
	return "plain-text dumps of article pages; comment threads found from headers, author lines and dates in nine languages"
}
func (*Builder) Extensions() []string { return []string{".txt", ".text"} }

// Sniff takes text files only. Text pages have no signature, so this
// builder is asked last and refuses what is plainly something else: a file
// named as data or markup (.json, .xml, .html, ...), or one that opens
// like markup or JSON, including a file that is one JSON value (null, true,
// "Too Many Requests": what an API answers instead of data). Such a file
// is reported as being in no format threadset reads, never built as a page.
func (*Builder) Sniff(name string, head []byte) bool {
	if notText[strings.ToLower(path.Ext(name))] {
		return false
	}
	s := strings.TrimLeft(string(head), "\ufeff \t\r\n")
	if s != "" && strings.ContainsAny(s[:1], "<{[") {
		return false
	}
	_, scalar := builders.JSONScalar(head)
	return !scalar
}

// notText are the extensions of data and markup files.
var notText = map[string]bool{
	".json": true, ".jsonl": true, ".ndjson": true, ".geojson": true,
	".xml": true, ".wxr": true, ".rss": true, ".atom": true,
	".html": true, ".htm": true, ".xhtml": true,
	".csv": true, ".tsv": true, ".yaml": true, ".yml": true, ".parquet": true,
}

// Joins is false: a text page is one article, streamed.
func (*Builder) Joins() bool { return false }

// Rules documents the parse for the dataset card; keep it in step with parse.go.
// Obtain says how to get files in this format.
func (*Builder) Obtain() string {
	return "Save each page's visible text with a scraper (one page per .txt file, headline first); give URLs, dates and site names in the sidecar metadata files, since the text does not carry them."
}

func (*Builder) Rules() []string {
	return []string{
		"A page is one article. Navigation above the headline is left out: menus and lists of short links, numbered or bulleted breadcrumbs, navigation words (Menu, Live, Skip to content, Startseite, …), and the site name and tagline over them; a `»` trail or an all-lower-case, comma-separated category list right over the headline is the section. Section labels, tag lists, a byline with a date, a reading time and comment-form links above the headline are skipped; on a page that opens with navigation, the first line over the article's date or dated byline is the headline. A page whose copy opens with a block of several lines or one very long line (an intro paragraph, a cookie notice) takes the first heading-like line (2 to 20 words, not a sentence) among the next 16 blocks as its headline, and that block stays in the body. A page with no headline at all, or whose headline is longer than 300 characters or wrapped over several lines, is rejected.",
		"A single line of at most 130 characters directly under the headline (one blank line between), not ending in a colon, is the subtitle (dek).",
		"A line starting with \"By \", or a short name followed by a subscribe or follow prompt, is the byline; later repeats of the byline are dropped.",
		"Page furniture is dropped wherever it stands: the comment form and its notices (Leave a Reply, Schreibe einen Kommentar, Name *, Email *, Website, Required fields are marked *, … in nine languages), share and like widgets (Share this:, Teilen mit:, Like Loading…, Facebook, Twitter, …), subscribe and follow prompts (Subscribe to our newsletter, Folge uns, …), reply links, paging links (Older comments). Below the article, sidebar widget titles (Recent Posts, Aktuelle Beiträge, Archiv, Kategorien, …) with the list under them, navigation lists and copyright lines are dropped too.",
		"Teaser lines starting with Related:, Read also:, Also read:, See also: or Read more: are dropped from the body.",
		"A comment section needs evidence; without it the page has no comments and every line stays in the body (comment_rule none, with the reason in comment_evidence).",
		"text:header: a comment header (\"3 Comments\", \"5 thoughts on …\", \"Comments (4)\", \"This Post Has 80 Comments\", \"52Comments\", \"45 Gedanken zu „…“\", \"33 LESER-KOMMENTARE\", \"3 réponses à « … »\", \"2 comentarios\", and the equivalents in Italian, Portuguese, Dutch, Russian and Polish) with, past any form lines, a comment under it: a numbered list item (count headers only), a comment author line, or a run of name lines. The header is comment_evidence; a number in it is the declared count.",
		"text:units: without a header, an indented list whose items are author lines with a says-verb or a date (\"1. NAME says\", \"1. photobix 11. Dezember 2012 um 11:07\"), or at least two comment units below the article's first paragraph. A unit is an author line: NAME says/said/wrote/sagt/schreibt/dit/dice/scrive/diz/zegt/говорит:, NAME on DATE said:, NAME DATE, NAME | DATE, by NAME on DATE under a comment title, or a name over a date line; a name with only a date counts when it reads as a person's name, is not indented and the page has a reply link.",
		"text:name-runs: the Disqus shape without a header: from a name line below the article's first paragraph and any indented block to the end of the page, name line, blank line, paragraphs, with at least two different names, a name posting twice or an empty name or text line, mostly person-like names, at least 6 words per comment and at most 3 paragraphs per comment on average and 10 in any. A second blank line where a name belongs means no author; one where the text belongs means empty text. Every such comment is top level (reply_structure flat).",
		"In a thread, each unit opens a comment by its author; a deeper-indented unit replies to the nearest shallower one, and a bulleted list beside a numbered thread at its depth holds replies to the numbered comment above it. In a thread that shows no nesting, a comment opening with \"@NAME:\" replies to NAME's latest comment above it. reply_structure is nested when the page shows nesting this way or is a list, else flat. In a numbered list under a count header, a top-level item without an author line is a comment with no author whose text starts on the item line. The comment's time is read from the visible date in the page's language (English, German, French, Spanish, Italian, Portuguese, Dutch, Russian, Polish; day-first for \".\" and \"-\", month-first for \"/\" unless the day is over 12; no zone, read as UTC; relative or year-less dates give no time). Date lines, author badges (Autor, Author), \"Comment by NAME — DATE\" signatures and reply links are meta and left out of the text. Pingbacks and trackbacks are not comments: they are left out (and counted toward the declared count).",
		"After the thread, furniture is dropped and a last short name-like line after furniture is the site footer: it names the source. Any other text after the thread is reported as an unparsed_text warning.",
		"Where the page states a comment count that differs from the comments read (pingbacks included), a declared_count_mismatch warning is listed in the manifest.",
	}
}

// Build reads one text page: a page is one article.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	data, err := builders.ReadInput(in)
	if err != nil {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	if len(data) == 0 {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "empty file"}
	}
	if err := textnorm.CheckUTF8(data); err != nil {
		var pe *textnorm.PosError
		errors.As(err, &pe)
		return &builders.InputError{Builder: Name, Path: in.Path, Line: pe.Line, Col: pe.Col, Msg: pe.Msg}
	}
	parsed, err := Parse(string(data))
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return &builders.InputError{Builder: Name, Path: in.Path, Line: pe.Line, Msg: pe.Msg}
		}
		return err
	}
	page := parsed.Page
	for i := range page.Warnings {
		page.Warnings[i].Input = in.Path
	}
	return emit(&page)
}
