package html

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/threadset/threadset/builders/htmltext"
)

// attr, hasAttr and classes read an element's attributes (htmltext holds
// the one implementation the page renderer shares).
func attr(n *html.Node, key string) string  { return htmltext.Attr(n, key) }
func hasAttr(n *html.Node, key string) bool { return htmltext.HasAttr(n, key) }
func classes(n *html.Node) []string         { return htmltext.Classes(n) }

func hasClass(n *html.Node, c string) bool {
	for _, x := range classes(n) {
		if x == c {
			return true
		}
	}
	return false
}

// classOrID is an element's class and id, lower-cased, for loose matching
// of theme names ("comment-content", "commentText", "post-comments").
func classOrID(n *html.Node) string {
	return strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
}

// walk calls fn on n and its descendants in document order; fn returning
// false skips the node's children.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

// find is the first element under n (n included) for which ok is true.
func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	var hit *html.Node
	walk(n, func(x *html.Node) bool {
		if hit != nil {
			return false
		}
		if x.Type == html.ElementNode && ok(x) {
			hit = x
			return false
		}
		return true
	})
	return hit
}

// findAll lists the elements under n (n included) for which ok is true;
// a hit's descendants are not searched when deep is false.
func findAll(n *html.Node, deep bool, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(x *html.Node) bool {
		if x.Type == html.ElementNode && ok(x) {
			out = append(out, x)
			return deep
		}
		return true
	})
	return out
}

// ancestor is the nearest proper ancestor of n for which ok is true.
func ancestor(n *html.Node, ok func(*html.Node) bool) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && ok(p) {
			return p
		}
	}
	return nil
}

// textOf is the text under n with whitespace collapsed; scripts and
// styles are left out.
func textOf(n *html.Node) string { return collectText(n, false) }

// firstLine is the text of n up to its first line break or block.
func firstLine(n *html.Node) string { return collectText(n, true) }

func collectText(n *html.Node, firstLineOnly bool) string {
	var b strings.Builder
	done := false
	walk(n, func(x *html.Node) bool {
		if done {
			return false
		}
		switch x.Type {
		case html.TextNode:
			b.WriteString(x.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			switch x.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return false
			case atom.Br, atom.P, atom.Div, atom.Li:
				if firstLineOnly && strings.TrimSpace(b.String()) != "" {
					done = true
					return false
				}
				b.WriteByte(' ')
			}
		}
		return true
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// textLen counts the non-space characters under n outside scripts, a
// cheap measure of how much text an element holds.
func textLen(n *html.Node) int {
	total := 0
	walk(n, func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			for _, r := range x.Data {
				if r > ' ' {
					total++
				}
			}
		case html.ElementNode:
			switch x.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return false
			}
		}
		return true
	})
	return total
}

// linkTextLen counts the text inside links under n.
func linkTextLen(n *html.Node) int {
	total := 0
	for _, a := range findAll(n, false, func(x *html.Node) bool { return x.DataAtom == atom.A }) {
		total += textLen(a)
	}
	return total
}

// clone copies n's subtree, leaving out every node for which skip is true.
func clone(n *html.Node, skip func(*html.Node) bool) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: n.Attr}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if skip != nil && skip(ch) {
			continue
		}
		c.AppendChild(clone(ch, skip))
	}
	return c
}
