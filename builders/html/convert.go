package html

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/threadset/threadset/builders/htmltext"
)

// convert turns the part of the page under n into the dataset's text by
// the shared HTML rules (builders/htmltext), leaving out what skip
// selects. Relative link targets are resolved against base.
func convert(n *html.Node, skip func(*html.Node) bool, base *url.URL) htmltext.Text {
	c := clone(n, func(x *html.Node) bool {
		if x.Type == html.CommentNode {
			return true
		}
		return x.Type == html.ElementNode && skip != nil && skip(x)
	})
	walk(c, func(x *html.Node) bool {
		if x.Type == html.ElementNode && x.DataAtom == atom.A {
			resolveHref(x, base)
		}
		return true
	})
	var b strings.Builder
	if err := html.Render(&b, c); err != nil { // a strings.Builder does not fail
		return htmltext.Text{}
	}
	return htmltext.Convert(b.String())
}

// resolveHref makes a link's target absolute and unwraps Wayback Machine
// addresses. Attributes are copied, since
// the clone shares them with the page.
func resolveHref(a *html.Node, base *url.URL) {
	for i, at := range a.Attr {
		if at.Key != "href" {
			continue
		}
		v := strings.TrimSpace(at.Val)
		if v == "" || strings.HasPrefix(v, "#") {
			return
		}
		if strings.HasPrefix(v, "/web/") { // a Wayback Machine copy's own links
			v = "https://web.archive.org" + v
		}
		u, err := url.Parse(v)
		if err != nil {
			return
		}
		if !u.IsAbs() {
			if base == nil {
				return
			}
			v = base.ResolveReference(u).String()
		}
		v = unwrapArchive(v)
		if v == at.Val {
			return
		}
		attrs := append([]html.Attribute(nil), a.Attr...)
		attrs[i].Val = v
		a.Attr = attrs
		return
	}
}
