// Package htmltext turns the HTML of posts and comments (WordPress
// content, Disqus messages, REST content.rendered) into the dataset's plain
// text, the same way for every builder:
//
//   - block elements (p, div, h1-h6, li, blockquote, pre, table rows, ...)
//     start a new paragraph; <br> starts a new line in the paragraph;
//   - entities are decoded; runs of spaces collapse to one (not in <pre>);
//   - scripts, styles, templates and forms' hidden content are dropped;
//   - a link is kept as its text and its href is collected in Links;
//   - list items start with "• " (or "N. " in an ordered list);
//   - table cells in a row are joined with " | ";
//   - every line inside a <blockquote> starts with "> " ("> > " when
//     nested), so a reply's quotation of its parent is told apart from its
//     own words;
//   - the result then goes through textnorm (NFC, no-break spaces, trailing
//     whitespace, one blank line between paragraphs).
package htmltext

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/threadset/threadset/builders/textnorm"
)

// Text is converted HTML.
type Text struct {
	Text  string
	Links []string
}

// Convert turns an HTML fragment into text. It never fails: HTML parsing
// recovers from any input, as browsers do.
func Convert(fragment string) Text {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	c := &conv{seen: map[string]bool{}}
	if err != nil { // only on reader errors, impossible for a strings.Reader
		c.text(fragment)
	}
	for _, n := range nodes {
		c.walk(n)
	}
	c.block()
	var paras [][]string
	for _, p := range c.paras {
		var lines []string
		for _, l := range p {
			lines = append(lines, textnorm.Lines(l)...)
		}
		paras = append(paras, lines)
	}
	return Text{Text: textnorm.Paragraphs(paras), Links: c.links}
}

// ConvertWordPress converts content WordPress stores raw, before its
// wpautop filter: a blank line separates paragraphs and a single newline
// is a line break, as WordPress shows them; then Convert. Text inside
// <pre> is left alone.
func ConvertWordPress(raw string) Text {
	return Convert(autop(raw))
}

func autop(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if strings.Contains(s, "<pre") {
		return s
	}
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(s), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(para, "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return b.String()
}

type list struct {
	ordered bool
	n       int
}

type conv struct {
	paras [][]string
	lines []string
	line  strings.Builder
	quote int
	pre   int
	lists []list
	links []string
	seen  map[string]bool
}

var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Nav: true, atom.Aside: true, atom.Address: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Tr: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true,
	atom.Pre: true, atom.Blockquote: true, atom.Details: true, atom.Summary: true,
}

var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Head: true, atom.Title: true, atom.Iframe: true, atom.Object: true, atom.Svg: true,
}

func (c *conv) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.ElementNode:
	default:
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.walk(ch)
		}
		return
	}
	a := n.DataAtom
	if dropped[a] {
		return
	}
	switch a {
	case atom.Br:
		c.flushLine()
		return
	case atom.A:
		for _, at := range n.Attr {
			if at.Key == "href" && at.Val != "" && !c.seen[at.Val] && !strings.HasPrefix(at.Val, "#") {
				c.seen[at.Val] = true
				c.links = append(c.links, at.Val)
			}
		}
	case atom.Li:
		c.flushLine()
		marker := "• "
		if k := len(c.lists); k > 0 && c.lists[k-1].ordered {
			c.lists[k-1].n++
			marker = strconv.Itoa(c.lists[k-1].n) + ". "
		}
		c.line.WriteString(marker)
	case atom.Td, atom.Th:
		if strings.TrimSpace(c.line.String()) != "" {
			c.line.WriteString(" | ")
		}
	}
	if blocks[a] {
		c.block()
	}
	switch a {
	case atom.Blockquote:
		c.quote++
		defer func() { c.block(); c.quote-- }()
	case atom.Pre:
		c.pre++
		defer func() { c.pre-- }()
	case atom.Ul, atom.Ol:
		c.lists = append(c.lists, list{ordered: a == atom.Ol})
		defer func() { c.lists = c.lists[:len(c.lists)-1] }()
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch)
	}
	if blocks[a] || a == atom.Li {
		if a == atom.Li {
			c.flushLine()
		} else {
			c.block()
		}
	}
}

func (c *conv) text(s string) {
	if c.pre > 0 {
		parts := strings.Split(s, "\n")
		for i, p := range parts {
			if i > 0 {
				c.flushLine()
			}
			c.line.WriteString(p)
		}
		return
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		if s != "" && c.line.Len() > 0 {
			c.line.WriteByte(' ')
		}
		return
	}
	if isSpace(s[0]) && c.line.Len() > 0 {
		c.line.WriteByte(' ')
	}
	c.line.WriteString(strings.Join(fields, " "))
	if isSpace(s[len(s)-1]) {
		c.line.WriteByte(' ')
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' }

func (c *conv) flushLine() {
	l := strings.TrimSpace(c.line.String())
	c.line.Reset()
	if l == "" {
		return
	}
	if c.quote > 0 {
		l = strings.Repeat("> ", c.quote) + l
	}
	c.lines = append(c.lines, l)
}

func (c *conv) block() {
	c.flushLine()
	if len(c.lines) > 0 {
		c.paras = append(c.paras, c.lines)
		c.lines = nil
	}
}
