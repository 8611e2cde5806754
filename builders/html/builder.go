package html

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/threadset/threadset/builders"
)

// Name is the builder's name in the registry and the builder column.
const Name = "html"

// MaxBytes is the largest page read: a saved article page is well under a
// megabyte, so anything this big is not one, and reading it whole (a page
// is one document) must not take the machine's memory.
const MaxBytes = 32 << 20

// Builder is the saved-HTML-page builder.
type Builder struct{}

// New returns the HTML page builder.
func New() *Builder { return &Builder{} }

func (*Builder) Name() string    { return Name }
func (*Builder) Version() string { return "1" }
func (*Builder) Description() string {
	return "saved HTML article pages (browser \"Save page\", wget, scrapers), with WordPress, schema.org and other comment markups"
}
func (*Builder) Extensions() []string { return []string{".html", ".htm"} }

// Joins is false: a page is one article, streamed; threads from exports
// (Disqus) join it by canonical URL.
func (*Builder) Joins() bool { return false }

// Sniff takes a file that opens like an HTML document: a doctype, an
// <html> or <head> element, possibly after a byte-order mark, comments
// or an XML declaration. XML feeds and exports have their own builders,
// asked first.
func (*Builder) Sniff(name string, head []byte) bool {
	s := bytes.ToLower(head)
	s = bytes.TrimPrefix(bytes.TrimLeft(s, " \t\r\n"), []byte("\xef\xbb\xbf"))
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("<?xml")), bytes.HasPrefix(s, []byte("<!--")):
			end := bytes.Index(s, []byte(">"))
			if bytes.HasPrefix(s, []byte("<!--")) {
				end = bytes.Index(s, []byte("-->"))
				if end >= 0 {
					end += 2
				}
			}
			if end < 0 {
				return false
			}
			s = s[end+1:]
			continue
		}
		break
	}
	for _, p := range []string{"<!doctype html", "<html", "<head", "<meta", "<title"} {
		if bytes.HasPrefix(s, []byte(p)) {
			return true
		}
	}
	return false
}

// Obtain says how to get files in this format.
func (*Builder) Obtain() string {
	return "Save each article page as HTML (a browser's \"Save page as… → Web page, HTML only\", `wget`, `curl -o page.html URL`, or a scraper's raw HTML), one page per .html file; a thread the page loads by script (Disqus) is added with its platform export, which joins by canonical URL."
}

func (*Builder) Rules() []string {
	return rules
}

// Build reads one saved page: a page is one article.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	rc, err := in.Open()
	if err != nil {
		return inputErr(in, 0, "cannot read: "+err.Error())
	}
	data, err := io.ReadAll(io.LimitReader(rc, MaxBytes+1))
	rc.Close()
	if err != nil {
		return inputErr(in, 0, "cannot read: "+err.Error())
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return inputErr(in, 0, "empty file")
	}
	if len(data) > MaxBytes {
		return inputErr(in, 0, fmt.Sprintf("larger than %d MiB: not a saved article page", MaxBytes>>20))
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := builders.LineCol(data, int64(i)+1) // LineCol counts the byte before the offset
		return &builders.InputError{Builder: Name, Path: in.Path, Line: line, Col: col, Msg: "NUL byte: this looks like a binary file, not an HTML page"}
	}
	if !b.Sniff(in.Path, data[:min(len(data), builders.SniffBytes)]) && !looksLikeHTML(data) {
		return inputErr(in, 1, fmt.Sprintf("not an HTML page: it starts %s", quoteStart(data)))
	}
	text, err := decode(data)
	if err != nil {
		return inputErr(in, 0, err.Error())
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil { // only on reader errors
		return inputErr(in, 0, "cannot parse: "+err.Error())
	}
	page, err := read(doc)
	if err != nil {
		return inputErr(in, 0, err.Error())
	}
	for i := range page.Warnings {
		page.Warnings[i].Input = in.Path
	}
	if err := emit(page.Page); err != nil {
		return err
	}
	return page.skipped.Emit(in, emit)
}

func inputErr(in builders.Input, line int, msg string) error {
	return &builders.InputError{Builder: Name, Path: in.Path, Line: line, Msg: msg}
}

// looksLikeHTML accepts a page without a doctype or <html> opening (a
// fragment saved by a scraper) when an <html>, <body> or <article>
// element comes early.
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 64<<10)])
	t := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	if len(t) == 0 || t[0] != '<' {
		return false
	}
	for _, p := range []string{"<html", "<body", "<article"} {
		if bytes.Contains(head, []byte(p)) {
			return true
		}
	}
	return false
}

func quoteStart(data []byte) string {
	s := strings.ToValidUTF8(string(data[:min(len(data), 40)]), "\uFFFD")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return fmt.Sprintf("%q", s)
}

// decode turns the page into UTF-8 as a browser does: a byte-order mark,
// else the charset the page declares in a <meta> (looked for in the first
// 64 KiB, since saved pages often put scripts before it), else UTF-8 when
// the bytes are valid UTF-8, else windows-1252.
func decode(data []byte) (string, error) {
	enc, name, certain := charset.DetermineEncoding(data, "")
	if !certain || name == "windows-1252" {
		enc, name = nil, ""
		if m := metaCharset.FindSubmatch(data[:min(len(data), 64<<10)]); m != nil {
			enc, name = charset.Lookup(string(m[1]))
		}
		if enc == nil {
			if utf8.Valid(data) {
				return string(data), nil
			}
			enc, name = charset.Lookup("windows-1252")
		}
	}
	if name == "utf-8" {
		return strings.ToValidUTF8(string(data), "\uFFFD"), nil
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(data)))
	if err != nil {
		return "", fmt.Errorf("cannot decode the page from %s: %v", name, err)
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), nil
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)
