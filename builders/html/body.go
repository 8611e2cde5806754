package html

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodyClasses name the element that holds an article's text in common
// CMS themes, most specific first; hasBodyClass ignores "-" and "_".
var bodyClasses = []string{
	"entry-content", "post-content", "article-content", "article-body", "article__body", "article-text",
	"story-body", "story-content", "post-body", "post-entry", "entry-body", "td-post-content",
	"single-content", "blog-content", "blog-post-content", "blogpost-content", "article__content",
	"c-article-body", "post-text", "text-content", "content-text", "article-main", "entry-text", "content-article",
	"post", "entry", "hentry",
}

// boilerToken marks page furniture inside an article container: sharing
// and related-post widgets, newsletter boxes, navigation, ads.
var boilerToken = regexp.MustCompile(`(?i)(^|[-_])(share|sharing|sharedaddy|social|socials|related|relatedposts|jp-relatedposts|yarpp|crp|addtoany|a2a|newsletter|subscribe|subscription|advert|advertisement|ads|ad|banner|widget|widgets|sidebar|breadcrumbs?|navigation|nav|pagination|pager|author-box|authorbox|author-bio|about-author|cookie|popup|modal|print|rating|likes|wpl-likebox|sd-like|jp-post-flair|post-flair|tags|tagcloud|post-tags|entry-tags|entry-meta|entry-footer|post-meta|postmetadata|byline|dateline|comments?|respond|comment-respond|disqus|screen-reader-text|skip-link|sr-only|hidden|visually-hidden|promo|teaser|recommend|recommended|more-stories|read-more|readmore)($|[-_])`)

// isCommentSection is an element holding a page's comment thread or its
// comment form.
func isCommentSection(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch strings.ToLower(attr(n, "id")) {
	case "comments", "respond", "disqus_thread", "comments-section", "comment-section", "commentform", "comment-form",
		"reply-title", "comments-area", "commentlist", "comment-list", "kommentare", "discussion":
		return true
	}
	for _, c := range classes(n) {
		switch strings.ToLower(c) {
		case "comments-area", "comments", "comment-respond", "commentlist", "comment-list", "comments-title",
			"comment-form", "comments-section", "comment-section", "comments-wrapper", "comments-container",
			"comment-area", "commentsblock", "comments-block", "post-comments", "article-comments", "kommentare":
			return true
		}
	}
	return false
}

// furniture is what never belongs to an article's text wherever it stands.
func furniture(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Aside, atom.Form, atom.Iframe,
		atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Svg, atom.Object, atom.Embed, atom.Footer,
		atom.Header, atom.Dialog:
		return true
	}
	if r := strings.ToLower(attr(n, "role")); r == "navigation" || r == "complementary" || r == "banner" || r == "contentinfo" {
		return true
	}
	return hidden(n) || isCommentSection(n)
}

// boilerplate is a block inside the article container that is not the
// article: furniture, or an element whose class or id names a widget.
func boilerplate(n *html.Node) bool {
	if furniture(n) {
		return true
	}
	for _, c := range classes(n) {
		if boilerToken.MatchString(c) {
			return true
		}
	}
	if id := attr(n, "id"); id != "" && boilerToken.MatchString(id) {
		return true
	}
	return false
}

// body finds the article text: the element a theme marks as the article
// body, else the element holding the most paragraph text. Comments
// (isComment) and page furniture are left out; so is the headline.
func findBodyContainer(doc *html.Node, isComment func(*html.Node) bool) *html.Node {
	outside := func(x *html.Node) bool {
		return isComment(x) || isCommentSection(x) || x.DataAtom == atom.Head || x.DataAtom == atom.Script || x.DataAtom == atom.Style ||
			x.DataAtom == atom.Nav || x.DataAtom == atom.Aside || x.DataAtom == atom.Footer || x.DataAtom == atom.Form
	}
	textOutside := func(n *html.Node) int {
		return textLen(clone(n, func(x *html.Node) bool { return x.Type == html.ElementNode && (outside(x) || boilerplate(x)) }))
	}
	// Marked containers first.
	var best *html.Node
	bestLen := 0
	consider := func(x *html.Node) {
		l := textOutside(x)
		if l > bestLen {
			best, bestLen = x, l
		}
	}
	walk(doc, func(x *html.Node) bool {
		if x.Type != html.ElementNode {
			return true
		}
		if outside(x) {
			return false
		}
		if strings.EqualFold(attr(x, "itemprop"), "articleBody") {
			consider(x)
		}
		return true
	})
	if best != nil && bestLen >= 200 {
		return best
	}
	// On a question-and-answer page the question's text is the article,
	// however short (the answers are its comments).
	if q := find(doc, func(x *html.Node) bool {
		return strings.EqualFold(attr(x, "itemprop"), "text") && !outside(x) &&
			hasItemType(ancestor(x, func(p *html.Node) bool { return hasAttr(p, "itemscope") }), "schema.org/question") &&
			ancestor(x, func(p *html.Node) bool { return hasItemType(p, "schema.org/faqpage") }) == nil
	}); q != nil && textOutside(q) > 0 {
		return q
	}
	// One walk files the elements under the body class they carry; then
	// the classes are tried most specific first.
	byClass := make([][]*html.Node, len(bodyClasses))
	walk(doc, func(x *html.Node) bool {
		if x.Type != html.ElementNode {
			return true
		}
		if outside(x) {
			return false
		}
		for _, c := range classes(x) {
			if k, ok := bodyClassIndex[foldClass(c)]; ok {
				byClass[k] = append(byClass[k], x)
			}
		}
		return true
	})
	for _, xs := range byClass {
		for _, x := range xs {
			consider(x)
		}
		if best != nil && bestLen >= 200 {
			return best
		}
	}
	// Else the element with the most paragraph text.
	scores := map[*html.Node]float64{}
	var order []*html.Node
	walk(doc, func(x *html.Node) bool {
		if x.Type != html.ElementNode {
			return true
		}
		if outside(x) || furniture(x) || notArticle(x) {
			return false
		}
		var l int
		if x.DataAtom == atom.P || x.DataAtom == atom.Pre || x.DataAtom == atom.Blockquote {
			l = textLen(x) - linkTextLen(x)
		} else if l = ownTextLen(x); l < 25 {
			return true // a block holding its text directly counts like a paragraph
		}
		if l < 25 {
			return false
		}
		s := 1 + float64(strings.Count(textOf(x), ",")) + min(float64(l)/100, 3)
		for i, p := 0, x.Parent; i < 3 && p != nil && p.Type == html.ElementNode; i, p = i+1, p.Parent {
			if _, ok := scores[p]; !ok {
				order = append(order, p)
			}
			scores[p] += s / float64(i+1)
		}
		return false
	})
	var top *html.Node
	topScore := 0.0
	for _, n := range order {
		if sc := scores[n] * classWeight(n); sc > topScore {
			top, topScore = n, sc
		}
	}
	if top != nil {
		return top
	}
	if best != nil {
		return best
	}
	return find(doc, func(x *html.Node) bool { return x.DataAtom == atom.Body })
}

// ownTextLen counts the non-space characters of n's own text nodes.
func ownTextLen(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			for _, r := range c.Data {
				if r > ' ' {
					total++
				}
			}
		}
	}
	return total
}

// bodyClassIndex maps a folded body class (see foldClass) to its rank in
// bodyClasses.
var bodyClassIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range bodyClasses {
		if _, dup := m[foldClass(c)]; !dup {
			m[foldClass(c)] = i
		}
	}
	return m
}()

// foldClass spells a class name the way bodyClasses are matched: without
// "-" and "_", lower-case (entry-content, entry_content, entryContent).
func foldClass(c string) string {
	if !strings.ContainsAny(c, "-_ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return c
	}
	b := make([]byte, 0, len(c))
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; {
		case ch == '-' || ch == '_':
		case ch >= 'A' && ch <= 'Z':
			b = append(b, ch+'a'-'A')
		default:
			b = append(b, ch)
		}
	}
	return string(b)
}

var notArticleToken = regexp.MustCompile(`(?i)cookie|consent|gdpr|newsletter|popup|modal|sidebar|related|comment|teaser-list|recommend`)

// notArticle is a block whose class or id says it is not the article, for
// the search of the element with the most text.
func notArticle(n *html.Node) bool {
	return notArticleToken.MatchString(attr(n, "class")) || notArticleToken.MatchString(attr(n, "id"))
}

var (
	goodClass = regexp.MustCompile(`(?i)article|body|content|entry|main|post|text|story|blog`)
	badClass  = regexp.MustCompile(`(?i)author|bio|about|profile|meta|footer|comment|related|share|sidebar|widget|promo|teaser|caption`)
)

// classWeight weighs a candidate container by what its class and id say,
// as readability does: an author box or caption is less likely the
// article than a block named for it.
func classWeight(n *html.Node) float64 {
	co := attr(n, "class") + " " + attr(n, "id")
	w := 1.0
	if badClass.MatchString(co) {
		w *= 0.5
	}
	if goodClass.MatchString(co) {
		w *= 1.25
	}
	return w
}

var leadToken = regexp.MustCompile(`(?i)(^|[-_])(lead|intro|introtext|standfirst|dek|lede|summary|excerpt)$|^article-teaser$|^teaser-text$`)

// findLead is the article's lead paragraph when the theme puts it outside
// the body element (a p.lead beside the headline): an element marked as
// the lead, in the same <article> as the body, before it.
func findLead(container *html.Node) *html.Node {
	art := ancestor(container, func(x *html.Node) bool {
		return x.DataAtom == atom.Article || x.DataAtom == atom.Main || isArticleScope(x)
	})
	if art == nil {
		return nil
	}
	var lead *html.Node
	passed := false // only what stands before the body leads it
	walk(art, func(x *html.Node) bool {
		if lead != nil || passed || x == container {
			passed = passed || x == container
			return false
		}
		if x.Type != html.ElementNode {
			return true
		}
		if furniture(x) && x.DataAtom != atom.Header {
			return false
		}
		if strings.EqualFold(attr(x, "itemprop"), "description") && x.DataAtom != atom.Meta && textLen(x) >= 40 &&
			isArticleScope(ancestor(x, func(p *html.Node) bool { return hasAttr(p, "itemscope") })) {
			lead = x // schema.org's description of the article (not of its author): its standfirst
			return false
		}
		for _, c := range classes(x) {
			if leadToken.MatchString(c) && textLen(x) >= 40 {
				lead = x
				return false
			}
		}
		return true
	})
	return lead
}

// isArticleScope is an element holding a schema.org article in microdata
// (itemscope itemtype=.../Article, NewsArticle, BlogPosting, ...), the
// article's bounds where a theme writes no <article>.
func isArticleScope(n *html.Node) bool {
	if n == nil || !hasAttr(n, "itemscope") {
		return false
	}
	for _, t := range strings.Fields(strings.ToLower(attr(n, "itemtype"))) {
		if i := strings.LastIndex(t, "schema.org/"); i >= 0 {
			switch t[i+len("schema.org/"):] {
			case "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
				"opinionnewsarticle", "reviewnewsarticle", "techarticle", "scholarlyarticle", "report", "posting", "socialmediaposting":
				return true
			}
		}
	}
	return false
}
