package pageeval

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Choosing the article and the comment section of a page for the
// ArticleAndComments variant, from the markup alone: the article is the
// usual body container holding the most paragraph text (with the
// headline, when the headline sits above it), the comment section the
// element around every comment-N element (with the section's header and
// form), else #comments, #disqus_thread or a comments class.

var (
	articleTitleClass = regexp.MustCompile(`^(entry|post|article|page|story|single)[-_]?(title|headline)|^headline$|^title$|itemprop-headline`)
	commentID         = regexp.MustCompile(`^(li-|div-)?comment-\d+$|^comment_\d+$|^cid-\d+$`)
	bodyClasses       = map[string]bool{
		"entry-content": true, "post-content": true, "entry": true, "post-entry": true, "article-content": true,
		"article-body": true, "articleBody": true, "post-body": true, "entry-body": true, "story-body": true,
		"single-content": true, "post_content": true, "td-post-content": true, "article__body": true,
		"article-text": true, "content-text": true, "storycontent": true, "post": true, "hentry": true,
		"article": true, "article__content": true, "field-name-body": true, "field--name-body": true,
		"postcontent": true, "post-text": true, "blog-post": true, "single-post": true, "story": true,
	}
	commentAreaIDs     = map[string]bool{"comments": true, "disqus_thread": true, "comments-section": true, "kommentare": true, "respond": true}
	commentAreaClasses = map[string]bool{
		"comments-area": true, "comments": true, "comment-list": true, "commentlist": true, "comments-section": true,
		"comment-section": true, "comments_section": true, "comment-wrapper": true, "recipe-comments": true,
	}
)

func walkElements(n *html.Node, f func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if f(c) {
			walkElements(c, f)
		}
	}
}

func contains(a, b *html.Node) bool {
	for x := b; x != nil; x = x.Parent {
		if x == a {
			return true
		}
	}
	return false
}

func isCommentArea(n *html.Node) bool {
	if commentAreaIDs[attr(n, "id")] {
		return true
	}
	for _, c := range classes(n) {
		if commentAreaClasses[c] {
			return true
		}
	}
	return false
}

func inCommentArea(n *html.Node) bool {
	for x := n; x != nil; x = x.Parent {
		if x.Type == html.ElementNode && (isCommentArea(x) || commentID.MatchString(attr(x, "id"))) {
			return true
		}
	}
	return false
}

// paragraphText is the length of the text in n's <p> elements outside
// comment sections, asides and navigation.
func paragraphText(n *html.Node) int {
	total := 0
	walkElements(n, func(c *html.Node) bool {
		if dropped[c.DataAtom] || isHidden(c) || isCommentArea(c) || commentID.MatchString(attr(c, "id")) {
			return false
		}
		switch c.DataAtom {
		case atom.Aside, atom.Nav, atom.Form:
			return false
		case atom.P:
			total += len(strings.TrimSpace(textOf(c)))
			return false
		}
		return true
	})
	return total
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		if x.Type == html.ElementNode && (dropped[x.DataAtom] || isHidden(x)) {
			return
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

func articleNode(doc *html.Node) *html.Node {
	var cands []*html.Node
	walkElements(doc, func(n *html.Node) bool {
		if dropped[n.DataAtom] || isHidden(n) || isCommentArea(n) {
			return false
		}
		ok := n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "itemprop") == "articleBody"
		for _, c := range classes(n) {
			ok = ok || bodyClasses[c]
		}
		if ok && !inCommentArea(n) {
			cands = append(cands, n)
		}
		return true
	})
	best := 0
	score := make([]int, len(cands))
	for i, n := range cands {
		score[i] = paragraphText(n)
		best = max(best, score[i])
	}
	if best == 0 {
		return nil
	}
	var good []*html.Node
	for i, n := range cands {
		if 10*score[i] >= 8*best {
			good = append(good, n)
		}
	}
	// the innermost good candidate, then widened to the nearest
	// ancestor that holds the headline as well
	var inner *html.Node
	for _, n := range good {
		innermost := true
		for _, m := range good {
			if m != n && contains(n, m) {
				innermost = false
				break
			}
		}
		if innermost {
			inner = n
			break
		}
	}
	return inner
}

func headline(doc *html.Node) *html.Node {
	var first, titled *html.Node
	walkElements(doc, func(n *html.Node) bool {
		if dropped[n.DataAtom] || isHidden(n) {
			return false
		}
		if n.DataAtom == atom.H1 && strings.TrimSpace(textOf(n)) != "" {
			if first == nil {
				first = n
			}
			for _, c := range classes(n) {
				if titled == nil && articleTitleClass.MatchString(c) {
					titled = n
				}
			}
			return false
		}
		return true
	})
	if titled != nil {
		return titled
	}
	return first
}

func commentArea(doc *html.Node) *html.Node {
	var ids []*html.Node
	var named *html.Node
	walkElements(doc, func(n *html.Node) bool {
		if dropped[n.DataAtom] {
			return false
		}
		if commentID.MatchString(attr(n, "id")) && n.DataAtom != atom.A && n.DataAtom != atom.Span {
			ids = append(ids, n)
			return true
		}
		if named == nil && isCommentArea(n) {
			named = n
		}
		return true
	})
	if len(ids) == 0 {
		return named
	}
	area := ids[0].Parent
	for _, n := range ids[1:] {
		for !contains(area, n) {
			area = area.Parent
		}
	}
	// widen to the section around the list: its header and form
	for x := area; x != nil && x.Type == html.ElementNode && x.DataAtom != atom.Body; x = x.Parent {
		if isCommentArea(x) {
			area = x
		}
	}
	return area
}

// articleAndComments returns the subtrees to render, in document order,
// none inside another.
func articleAndComments(doc *html.Node) []*html.Node {
	var picked []*html.Node
	art := articleNode(doc)
	h := headline(doc)
	if art != nil && h != nil && !contains(art, h) && before(h, art) {
		// widen to the element holding the headline too (standfirst and
		// byline between them), unless that is much more than the article
		for x := art.Parent; x != nil && x.Type == html.ElementNode && x.DataAtom != atom.Body; x = x.Parent {
			if contains(x, h) {
				if 10*paragraphText(x) <= 13*paragraphText(art) {
					art = x
				}
				break
			}
		}
	}
	if h != nil && (art == nil || !contains(art, h)) {
		// only a headline before the article (not the site's logo h1
		// somewhere else) is taken
		if art == nil || before(h, art) {
			picked = append(picked, h)
		}
	}
	if art != nil {
		picked = append(picked, art)
	}
	if c := commentArea(doc); c != nil {
		picked = append(picked, c)
	}
	// drop subtrees inside others, keep document order
	var out []*html.Node
	for _, n := range picked {
		inside := false
		for _, m := range picked {
			if m != n && contains(m, n) {
				inside = true
			}
		}
		if !inside {
			out = append(out, n)
		}
	}
	sortDocOrder(doc, out)
	if len(out) == 0 {
		return []*html.Node{doc}
	}
	return out
}

func before(a, b *html.Node) bool {
	order := map[*html.Node]int{}
	i := 0
	walkElements(a.Parent, func(n *html.Node) bool { return true })
	var f func(*html.Node)
	root := a
	for root.Parent != nil {
		root = root.Parent
	}
	f = func(x *html.Node) {
		order[x] = i
		i++
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(root)
	return order[a] < order[b]
}

func sortDocOrder(doc *html.Node, ns []*html.Node) {
	order := map[*html.Node]int{}
	i := 0
	var f func(*html.Node)
	f = func(x *html.Node) {
		order[x] = i
		i++
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(doc)
	for a := 1; a < len(ns); a++ {
		for b := a; b > 0 && order[ns[b]] < order[ns[b-1]]; b-- {
			ns[b], ns[b-1] = ns[b-1], ns[b]
		}
	}
}
