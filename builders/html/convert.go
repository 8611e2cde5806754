package html

import (
	"net/url"
	"regexp"
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
	t := htmltext.Convert(b.String())
	t.Text = dropEmptyItems(t.Text)
	return t
}

// dropEmptyItems removes the list markers left by list items that held
// only an image or a widget ("•", "3.").
func dropEmptyItems(text string) string {
	if !strings.Contains(text, "•") && !strings.Contains(text, ".") {
		return text
	}
	paras := strings.Split(text, "\n\n")
	out := paras[:0]
	for _, p := range paras {
		lines := strings.Split(p, "\n")
		kept := lines[:0]
		for _, l := range lines {
			if !emptyItem.MatchString(l) {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, "\n"))
		}
	}
	return strings.Join(out, "\n\n")
}

var emptyItem = regexp.MustCompile(`^(>\s)*(•|\d+\.)$`)

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
