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
func (*Builder) Version() string { return "1" }
func (*Builder) Description() string {
	return "plain-text dumps of article pages with WordPress numbered or Disqus-style flat comment threads"
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
		"A page is one article. Its first line is the headline; a first line that is an all-lower-case, comma-separated category list (or a `»` trail) is the section breadcrumb and the next line is the headline. A page whose headline is missing, longer than 300 characters or wrapped over several lines is rejected.",
		"A single line of at most 130 characters directly under the headline (one blank line between), not ending in a colon, is the subtitle (dek).",
		"A line starting with \"By \", or a short name followed by \"Subscribe to our channel\", is the byline; later repeats of the byline and the subscribe prompt are dropped.",
		"Boilerplate lines are dropped wherever they stand: Cancel Reply, Leave a Reply, Your email address will not be published., Required fields are marked *, Comments are closed., Subscribe to our channel, Share this:, Like this:, Loading....",
		"Teaser lines starting with Related:, Read also:, Also read:, See also: or Read more: are dropped from the body.",
		"A WordPress thread starts at a count header (\"3 Comments\", \"One Comment\", \"12 Responses\", \"5 thoughts on …\") or at an indented \"1.\" item in a region that has a \"NAME says\" item. Each \"N. NAME says\" or \"• NAME says\" line opens a comment by NAME; the indented lines below it are its text; a deeper-indented item replies to the nearest shallower one (reply_structure nested). A top-level numbered item without \"says\" is a comment with no author whose text starts on the item line.",
		"Without a WordPress thread, a Disqus-style flat thread is looked for: from a name-like line (at most 40 characters and 5 words, no sentence punctuation, no link) on, the rest of the page must read as name line, blank line, paragraphs, with at least two named comments, at most 3 paragraphs per comment on average and at most 3 in the first comment. A second blank line where a name belongs means no author; one where the text belongs means empty text. The page does not show nesting, so every such comment is top level (reply_structure flat).",
		"After the thread, boilerplate is dropped and a last short name-like line after boilerplate is the site footer: it names the source. Any other text after the thread is reported as an unparsed_text warning.",
		"Where the page states a comment count that differs from the comments read, a declared_count_mismatch warning is listed in the manifest.",
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
