package pageeval

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/threadset/threadset/builders/htmltext"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/unicode/norm"
)

// Variant says how much of a page Render keeps.
type Variant int

const (
	// WholePage is everything a browser shows: navigation, sidebars,
	// widgets, footer.
	WholePage Variant = iota
	// ArticleAndComments is what a person selecting the article (from its
	// headline) and its comment section would copy.
	ArticleAndComments
)

func (v Variant) String() string {
	if v == ArticleAndComments {
		return "article-and-comments"
	}
	return "whole-page"
}

// Render turns a saved page into the plain text a person copying it from
// a browser would get, in the layout of the sample text pages
// (fixtures/textpage/seeds/input): blocks separated by a blank line;
// headings their own block; list items as "  • " or "  1. " lines, nested
// lists two spaces further in, an item's further paragraphs indented to
// its text; <br> a line break; table cells joined by " | ", one row a
// line; scripts, styles, forms' hidden parts and hidden elements dropped.
// The page's declared charset is honoured. Render never fails: what is
// not HTML comes out as text.
func Render(page []byte, v Variant) string {
	doc := parseHTML(page)
	roots := []*html.Node{doc}
	if v == ArticleAndComments {
		roots = articleAndComments(doc)
	}
	r := &renderer{}
	for _, n := range roots {
		r.walk(n, 0)
		r.flush()
	}
	return r.text()
}

func parseHTML(page []byte) *html.Node {
	// Valid UTF-8 is UTF-8 whatever the page declares: saved copies
	// (archive.org's) declare it after the 1024 bytes a prescan reads.
	if !utf8.Valid(page) {
		enc, _, _ := charset.DetermineEncoding(page, "text/html")
		if dec, err := enc.NewDecoder().Bytes(page); err == nil {
			page = dec
		}
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil { // html.Parse only fails on reader errors
		doc = &html.Node{Type: html.DocumentNode}
	}
	return doc
}

// block is one paragraph of output.
type block struct {
	lines  []string
	indent int    // spaces before every line
	marker string // list marker of an item's first block, printed at indent-2
	// list identifies the list (or table) whose single-line item this
	// block is: consecutive such blocks of one list are not separated by
	// a blank line.
	list int
}

type renderer struct {
	blocks []block
	cur    strings.Builder
	// the open list item's marker waits for the item's first block
	marker      string
	indent      int
	lists       int
	pre         int
	itemStarted []int // index of the open items' first blocks
}

var (
	dropped = map[atom.Atom]bool{
		atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
		atom.Iframe: true, atom.Head: true, atom.Title: true, atom.Select: true, atom.Textarea: true,
		atom.Input: true, atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Video: true,
		atom.Audio: true, atom.Img: true, atom.Picture: true, atom.Map: true, atom.Math: true,
	}
	blockAtoms = map[atom.Atom]bool{
		atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
		atom.Footer: true, atom.Nav: true, atom.Aside: true, atom.Main: true, atom.H1: true, atom.H2: true,
		atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true, atom.Figure: true,
		atom.Figcaption: true, atom.Form: true, atom.Fieldset: true, atom.Legend: true, atom.Address: true,
		atom.Hr: true, atom.Details: true, atom.Summary: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
		atom.Center: true, atom.Body: true, atom.Html: true, atom.Caption: true, atom.Hgroup: true,
		atom.Dialog: true, atom.Menu: true,
	}
	hiddenClasses = map[string]bool{
		"screen-reader-text": true, "sr-only": true, "visually-hidden": true, "visuallyhidden": true,
		"element-invisible": true, "element-hidden": true, "hidden": true, "hide": true, "d-none": true,
		"skip-link": true, "assistive-text": true, "screen-reader-shortcut": true,
	}
	hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)
	spaces      = regexp.MustCompile(`[ \t\r\n\f\x{00a0}\x{200b}]+`)
)

func attr(n *html.Node, key string) string  { return htmltext.Attr(n, key) }
func hasAttr(n *html.Node, key string) bool { return htmltext.HasAttr(n, key) }
func classes(n *html.Node) []string         { return htmltext.Classes(n) }

func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || hiddenStyle.MatchString(attr(n, "style")) || attr(n, "type") == "hidden" {
		return true
	}
	for _, c := range classes(n) {
		if hiddenClasses[c] {
			return true
		}
	}
	return false
}

func (r *renderer) walk(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		if r.pre > 0 {
			r.cur.WriteString(n.Data)
		} else {
			r.cur.WriteString(spaces.ReplaceAllString(n.Data, " "))
		}
		return
	case html.DocumentNode:
		r.children(n, depth)
		return
	case html.ElementNode:
	default:
		return
	}
	if dropped[n.DataAtom] || isHidden(n) {
		return
	}
	switch n.DataAtom {
	case atom.Br:
		r.cur.WriteString("\n")
	case atom.Ul, atom.Ol:
		r.flush()
		r.list(n, depth)
	case atom.Pre:
		r.flush()
		r.pre++
		r.children(n, depth)
		r.flush()
		r.pre--
	case atom.Table:
		r.flush()
		r.table(n, depth)
	case atom.Li: // a stray <li> outside a list
		r.flush()
		r.children(n, depth)
		r.flush()
	default:
		if blockAtoms[n.DataAtom] {
			r.flush()
			r.children(n, depth)
			r.flush()
			return
		}
		r.children(n, depth)
	}
}

func (r *renderer) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, depth)
	}
}

// list renders the items of a <ul> or <ol> at the next nesting level.
func (r *renderer) list(n *html.Node, depth int) {
	r.lists++
	id := r.lists
	level := depth + 1
	num := 1
	if s, err := strconv.Atoi(attr(n, "start")); err == nil {
		num = s
	}
	ordered := n.DataAtom == atom.Ol
	saveIndent := r.indent
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			r.walk(c, depth)
			continue
		}
		if isHidden(c) {
			continue
		}
		marker := "• "
		if ordered {
			if v, err := strconv.Atoi(attr(c, "value")); err == nil {
				num = v
			}
			marker = strconv.Itoa(num) + ". "
			num++
		}
		r.flush()
		first := len(r.blocks)
		r.marker = marker
		r.indent = 2*level + 2
		r.children(c, level)
		r.flush()
		r.marker = ""
		if len(r.blocks) == first+1 && r.blocks[first].marker != "" && len(r.blocks[first].lines) == 1 {
			r.blocks[first].list = id
		}
		r.indent = saveIndent
	}
}

// table renders each row as one line, cells joined by " | ".
func (r *renderer) table(n *html.Node, depth int) {
	r.lists++
	id := r.lists
	var rows []*html.Node
	var find func(*html.Node)
	find = func(x *html.Node) {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || isHidden(c) || dropped[c.DataAtom] {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Table: // nested tables are rendered in their cell
			case atom.Caption:
				r.walk(c, depth)
			default:
				find(c)
			}
		}
	}
	find(n)
	for _, row := range rows {
		var cells []string
		for c := row.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) || isHidden(c) {
				continue
			}
			sub := &renderer{}
			sub.children(c, depth)
			sub.flush()
			if t := strings.Join(strings.Fields(sub.text()), " "); t != "" {
				cells = append(cells, t)
			}
		}
		if len(cells) == 0 {
			continue
		}
		r.cur.WriteString(strings.Join(cells, " | "))
		before := len(r.blocks)
		r.flush()
		if len(r.blocks) == before+1 && r.blocks[before].marker == "" {
			r.blocks[before].list = id
		}
	}
}

// flush ends the current paragraph.
func (r *renderer) flush() {
	raw := r.cur.String()
	r.cur.Reset()
	var lines []string
	for _, l := range strings.Split(raw, "\n") {
		if r.pre > 0 {
			l = strings.TrimRight(l, " \t\r")
		} else {
			l = strings.TrimSpace(spaces.ReplaceAllString(l, " "))
		}
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return
	}
	b := block{lines: lines, indent: r.indent, marker: r.marker}
	r.marker = ""
	r.blocks = append(r.blocks, b)
}

func (r *renderer) text() string {
	var out strings.Builder
	for i, b := range r.blocks {
		if i > 0 {
			if b.list != 0 && r.blocks[i-1].list == b.list {
				out.WriteString("\n")
			} else {
				out.WriteString("\n\n")
			}
		}
		for j, l := range b.lines {
			if j > 0 {
				out.WriteString("\n")
			}
			if j == 0 && b.marker != "" {
				out.WriteString(strings.Repeat(" ", b.indent-2) + b.marker + l)
				continue
			}
			out.WriteString(strings.Repeat(" ", b.indent) + l)
		}
	}
	if out.Len() == 0 {
		return ""
	}
	return norm.NFC.String(out.String()) + "\n"
}
