package pageeval

import (
	"regexp"
	"sort"
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
	articleTitleClass = regexp.MustCompile(`^(entry|post|article|content|story|single|page)[-_]?(title|headline)$|^headline$|^storytitle$|^title$`)
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

// paragraphText is the length of the text in n's <p> elements (and of
// paragraph-sized loose text) outside comment sections, asides,
// navigation and forms.
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
		total += looseText(c)
		return true
	})
	return total
}

// looseText is the length of the text directly inside n when it is
// paragraph-sized (200 bytes or more): pages that put their paragraphs in
// <div>s or between <br>s rather than in <p>s.
func looseText(n *html.Node) int {
	l := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			l += len(strings.TrimSpace(c.Data))
		}
	}
	if l < 200 {
		return 0
	}
	return l
}

// textOf is the text under n, without the dropped and hidden elements
// below it.
func textOf(n *html.Node) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		if x != n && x.Type == html.ElementNode && (dropped[x.DataAtom] || isHidden(x)) {
			return
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(n)
	return b.String()
}

// articleNode is the usual body container (<article>, <main>,
// itemprop=articleBody, a body class) with the most paragraph text, the
// innermost of those holding at least 80% of it; when none holds any, any
// <div> or <section>. Nil when the page has no paragraph text.
func articleNode(doc *html.Node) *html.Node {
	var cands []*html.Node
	walkElements(doc, func(n *html.Node) bool {
		if dropped[n.DataAtom] || isHidden(n) || isCommentArea(n) {
			return false
		}
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
			return true
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
	score, best := paragraphScores(cands)
	if best == 0 {
		// no usual container: any block holding the paragraphs
		cands = nil
		walkElements(doc, func(n *html.Node) bool {
			if dropped[n.DataAtom] || isHidden(n) || isCommentArea(n) {
				return false
			}
			if n.DataAtom == atom.Div || n.DataAtom == atom.Section {
				cands = append(cands, n)
			}
			return true
		})
		score, best = paragraphScores(cands)
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
	// the innermost good candidate (articleAndComments widens it to the
	// headline)
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

func paragraphScores(ns []*html.Node) (score []int, best int) {
	score = make([]int, len(ns))
	for i, n := range ns {
		score[i] = paragraphText(n)
		best = max(best, score[i])
	}
	return score, best
}

// headline is the article's visible title: an <h1> marked as the entry's
// title, else an <h1> that most of a title tag (<title>, og:title)
// repeats, else such a marked and repeated <h2>/<h3>; nil when none.
func headline(doc *html.Node) *html.Node {
	var refs []string
	var heads []*html.Node
	walkElements(doc, func(n *html.Node) bool {
		switch {
		case n.DataAtom == atom.Title:
			refs = append(refs, Normalize(textOf(n)))
		case n.DataAtom == atom.Meta && (attr(n, "property") == "og:title" || attr(n, "name") == "twitter:title"):
			refs = append(refs, Normalize(attr(n, "content")))
		}
		if n.DataAtom == atom.Head {
			return true // for <title> and <meta>
		}
		if dropped[n.DataAtom] || isHidden(n) || isCommentArea(n) || n.DataAtom == atom.Aside || n.DataAtom == atom.Nav {
			return false
		}
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3:
			if strings.TrimSpace(textOf(n)) != "" {
				heads = append(heads, n)
			}
			return false
		}
		return true
	})
	titled := func(n *html.Node) bool {
		for _, c := range classes(n) {
			if articleTitleClass.MatchString(c) {
				return true
			}
		}
		return attr(n, "itemprop") == "headline"
	}
	repeated := func(n *html.Node) bool {
		t := Normalize(textOf(n))
		for _, r := range refs {
			if t != "" && strings.Contains(r, t) && 2*len(t) >= len(r) {
				return true
			}
		}
		return false
	}
	for _, pass := range []func(*html.Node) bool{
		func(n *html.Node) bool { return n.DataAtom == atom.H1 && titled(n) },
		func(n *html.Node) bool { return n.DataAtom == atom.H1 && repeated(n) },
		func(n *html.Node) bool { return n.DataAtom != atom.H1 && titled(n) && repeated(n) },
	} {
		for _, n := range heads {
			if pass(n) {
				return n
			}
		}
	}
	return nil
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

// before reports whether a comes before b in their document.
func before(a, b *html.Node) bool {
	root := a
	for root.Parent != nil {
		root = root.Parent
	}
	order := docOrder(root)
	return order[a] < order[b]
}

func sortDocOrder(doc *html.Node, ns []*html.Node) {
	order := docOrder(doc)
	sort.Slice(ns, func(i, j int) bool { return order[ns[i]] < order[ns[j]] })
}

// docOrder numbers every node under root in document order.
func docOrder(root *html.Node) map[*html.Node]int {
	order := map[*html.Node]int{}
	var f func(*html.Node)
	f = func(x *html.Node) {
		order[x] = len(order)
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			f(c)
		}
	}
	f(root)
	return order
}
