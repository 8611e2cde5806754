package html

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/htmltext"
	"github.com/threadset/threadset/schema"
)

// result is a read page and what was left out of it.
type result struct {
	*builders.Page
	skipped builders.Skipped
}

// read turns a parsed page into an article with its comments.
func read(doc *html.Node) (*result, error) {
	m := readMeta(doc)
	p := &builders.Page{ReplyStructure: schema.ReplyNested}
	res := &result{Page: p, skipped: builders.Skipped{}}

	items, rule, evidence := findComments(doc, m)
	commentNodes := map[*html.Node]bool{}
	for _, it := range items {
		if it.node != nil {
			commentNodes[it.node] = true
		}
	}
	isComment := func(n *html.Node) bool { return commentNodes[n] }

	title, titleNode := pickTitle(doc, m)
	container := findBodyContainer(doc, isComment)
	var body htmltext.Text
	if container != nil {
		total := textLen(container)
		body = convert(container, func(x *html.Node) bool {
			if x == titleNode || isComment(x) || furniture(x) {
				return true
			}
			return boilerplate(x) && textLen(x)*2 < total
		}, m.base)
		if lead := findLead(container); lead != nil {
			t := convert(lead, furniture, m.base)
			if t.Text != "" && !strings.Contains(body.Text, t.Text) {
				body.Text = strings.TrimSpace(t.Text + "\n\n" + body.Text)
				body.Links = append(t.Links, body.Links...)
			}
		}
	}
	if title == "" {
		return nil, fmt.Errorf("no article: the page has no title or headline (no <title>, <h1>, og:title or JSON-LD headline)")
	}
	p.Title = title
	p.Body, p.Links = body.Text, body.Links
	m.fillArticle(p, doc, container)

	for _, it := range items {
		if it.pingback != "" {
			res.skipped[it.pingback+"s"]++
			if it.id != "" {
				if p.LeftOut == nil {
					p.LeftOut = map[string]string{}
				}
				p.LeftOut[it.id] = it.pingback
			}
		}
	}
	kept := map[int]int{} // item index -> comment index
	for i, it := range items {
		if it.pingback != "" {
			continue
		}
		pc := builders.PageComment{Parent: -1, NativeID: it.id, PublishedAt: it.time, Text: it.text, Links: it.links}
		if it.author != "" {
			a := it.author
			pc.Author = &a
		}
		if it.parent >= 0 {
			par := items[it.parent]
			switch {
			case par.id != "" && it.id != "":
				pc.NativeParent = par.id
			default:
				if j, ok := kept[it.parent]; ok {
					pc.Parent = j
				} else if par.id != "" {
					pc.NativeParent = par.id // a reply to a pingback: an orphan, as in WXR
				}
			}
		}
		kept[i] = len(p.Comments)
		if it.replyTo != "" && it.parent < 0 {
			p.Warnings = append(p.Warnings, builders.Warning{Kind: schema.WarnDepthCapped,
				Message: fmt.Sprintf("comment %s is shown at top level but its markup says %q: the theme caps the reply depth; the tree keeps the level shown", it.id, it.replyTo)})
		}
		p.Comments = append(p.Comments, pc)
	}

	switch {
	case len(p.Comments) > 0:
		p.CommentRule, p.CommentEvidence = rule, evidence
	case rule != "":
		p.CommentRule, p.CommentEvidence = rule, evidence+"; every item is a pingback or trackback"
	}
	if name, ev, export := scriptThread(doc); name != "" {
		var msg string
		if len(p.Comments) == 0 {
			p.CommentRule, p.CommentEvidence = "script:"+name, ev
			msg = fmt.Sprintf("the page's comment thread is loaded by %s (%s) and is not in the saved page; %s", platformTitle(name), ev, export)
		} else {
			msg = fmt.Sprintf("the page shows %d comments in its markup and also loads a %s thread (%s), which may hold more; %s", len(p.Comments), platformTitle(name), ev, export)
		}
		if p.URL == nil && name == "disqus" {
			msg += " (the page names no canonical URL: give it in threadset-pages.csv)"
		}
		p.Warnings = append(p.Warnings, builders.Warning{Kind: schema.WarnScriptThread, Message: msg})
	} else if p.CommentRule == "" {
		p.CommentRule, p.CommentEvidence = "none", noCommentsWhy(doc)
	}
	if link := pagedThread(doc); link != "" {
		p.Warnings = append(p.Warnings, builders.Warning{Kind: schema.WarnPagedThread,
			Message: fmt.Sprintf("the comment thread continues on other pages (%s); only this page's comments are read", link)})
	}
	return res, nil
}

func platformTitle(name string) string {
	switch name {
	case "disqus":
		return "Disqus"
	case "facebook":
		return "Facebook comments"
	}
	return name
}

// noCommentsWhy says why a page has no comments: a form without
// comments, closed comments, or no comment markup at all.
func noCommentsWhy(doc *html.Node) string {
	if f := find(doc, func(x *html.Node) bool {
		id := attr(x, "id")
		return id == "commentform" || id == "respond" || hasClass(x, "comment-respond")
	}); f != nil {
		return "a comment form (" + describe(f) + ") and no comment markup"
	}
	return "no comment markup (WordPress comment ids, schema.org Comment), no comment form, no comment script"
}

// findComments tries the comment markups in turn: WordPress's element
// ids, schema.org Comment microdata, the article's JSON-LD comments.
func findComments(doc *html.Node, m *meta) (items []*item, rule, evidence string) {
	if items, ev := markupItems(doc); len(items) > 0 {
		isItem := itemSet(items)
		for _, it := range items {
			if it.pingback = isPingback(it.node); it.pingback == "" {
				it.fill(isItem, m.base)
			}
		}
		rule := "html:comment-id"
		if m.wordpress || wordPressMarkup(items) {
			rule = "html:wordpress"
		}
		return items, rule, ev
	}
	if items, ev := microdataItems(doc); len(items) > 0 {
		isItem := itemSet(items)
		for _, it := range items {
			it.fill(isItem, m.base)
		}
		return items, "html:schemaorg", ev
	}
	groupSiblingUnits(doc)
	if items, ev := classItems(doc); len(items) > 0 {
		isItem := itemSet(items)
		for _, it := range items {
			if it.pingback = isPingback(it.node); it.pingback == "" {
				it.fill(isItem, m.base)
			}
		}
		return items, "html:comment-class", ev
	}
	if len(m.ldComments) > 0 {
		var items []*item
		ldItems(m.ldComments, -1, &items)
		if len(items) > 0 {
			return items, "html:schemaorg", fmt.Sprintf("JSON-LD Comment ×%d in the article's comment property", len(items))
		}
	}
	return nil, "", ""
}

func itemSet(items []*item) func(*html.Node) bool {
	set := map[*html.Node]bool{}
	for _, it := range items {
		set[it.node] = true
	}
	return func(n *html.Node) bool { return set[n] }
}

func isCommentType(n *html.Node) bool {
	if !hasAttr(n, "itemscope") {
		return false
	}
	t := strings.ToLower(attr(n, "itemtype"))
	return strings.HasSuffix(t, "schema.org/comment") || strings.HasSuffix(t, "schema.org/usercomments")
}

// microdataItems finds schema.org Comment items; a Comment inside another
// replies to it.
func microdataItems(doc *html.Node) ([]*item, string) {
	var items []*item
	index := map[*html.Node]int{}
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode || !isCommentType(n) {
			return true
		}
		it := &item{node: n, parent: -1, id: microdataID(n)}
		if p := ancestor(n, isCommentType); p != nil {
			it.parent = index[p]
		}
		index[n] = len(items)
		items = append(items, it)
		return true
	})
	if len(items) == 0 {
		return nil, ""
	}
	nested := false
	for _, it := range items {
		nested = nested || it.parent >= 0
	}
	if !nested {
		depthParents(items, index) // a flat list whose classes give the levels (Komento's kmt-child-N)
	}
	return items, fmt.Sprintf("%s[itemtype=schema.org/Comment] ×%d", items[0].node.Data, len(items))
}

func microdataID(n *html.Node) string {
	if num := wpNumber(n); num != "" {
		return num
	}
	if v := attr(n, "itemid"); v != "" {
		return v
	}
	return attr(n, "id")
}

// ldItems flattens JSON-LD Comment objects and their nested replies
// (comment) in page order.
func ldItems(list []any, parent int, out *[]*item) {
	for _, v := range list {
		o, ok := v.(map[string]any)
		if !ok {
			continue
		}
		it := &item{parent: parent}
		it.id = ldString(o["@id"])
		if it.id == "" {
			it.id = ldString(o["identifier"])
		}
		if it.id == "" {
			it.id = ldString(o["url"])
		}
		for _, a := range ldList(o["author"]) {
			switch x := a.(type) {
			case string:
				it.author = clean(x)
			case map[string]any:
				it.author = clean(ldString(x["name"]))
			}
			if it.author != "" {
				break
			}
		}
		for _, k := range []string{"dateCreated", "datePublished", "commentTime"} {
			if t := parseDate(ldString(o[k])); t != nil {
				it.time = t
				break
			}
		}
		txt := htmltext.Convert(ldString(o["text"]))
		it.text, it.links = txt.Text, txt.Links
		if looksLikePingback(it.text) {
			it.pingback = "pingback"
		}
		idx := len(*out)
		*out = append(*out, it)
		ldItems(ldList(o["comment"]), idx, out)
	}
}

// titleSeparators split a document title into headline and site name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " : ", " » ", " « ", " · ", " • ", " / ", ": "}

// stripSite removes the site name from a document title ("Headline |
// Site", "Site - Headline").
func stripSite(title, site string) string {
	if site != "" {
		ls, lt := strings.ToLower(site), strings.ToLower(title)

		for _, sep := range titleSeparators {
			if strings.HasSuffix(lt, strings.ToLower(sep)+ls) {
				return strings.TrimSpace(title[:len(title)-len(sep)-len(site)])
			}
			if strings.HasPrefix(lt, ls+strings.ToLower(sep)) {
				return strings.TrimSpace(title[len(site)+len(sep):])
			}
		}
	}
	// Without a known site name, the last " | " or " - " part is taken
	// for it when it is the shorter one.
	for _, sep := range titleSeparators[:4] {
		if i := strings.LastIndex(title, sep); i > 0 {
			head, tail := title[:i], title[i+len(sep):]
			if len(tail) < len(head) {
				return strings.TrimSpace(head)
			}
		}
	}
	return title
}

// titleParts splits a document title at its separators: one of the
// parts is the headline, the others name the site or section.
func titleParts(title string) []string {
	parts := []string{title}
	for _, sep := range titleSeparators[:len(titleSeparators)-1] {
		var next []string
		for _, p := range parts {
			for _, q := range strings.Split(p, sep) {
				if q = strings.TrimSpace(q); q != "" {
					next = append(next, q)
				}
			}
		}
		parts = next
	}
	return parts
}

// siteHeading is a heading that names the site, not the article: the
// logo or site title, a link to the home page.
func siteHeading(h *html.Node, site string) bool {
	for p := h; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			break // the page's own classes, and the article's, say nothing here
		}
		co := classOrID(p)
		for _, w := range []string{"logo", "site-title", "site-name", "blog-title", "blogtitle", "site-branding", "masthead", "site-header"} {
			if strings.Contains(co, w) {
				return true
			}
		}
		if p.DataAtom == atom.Header && p.Parent != nil && p.Parent.DataAtom == atom.Body {
			return true
		}
	}
	if a := find(h, func(x *html.Node) bool { return x.DataAtom == atom.A }); a != nil {
		if hasWord(strings.ToLower(attr(a, "rel")), "home") {
			return true
		}
		if u, err := url.Parse(unwrapArchive(attr(a, "href"))); err == nil && u.Host != "" && strings.Trim(u.Path, "/") == "" {
			return true
		}
	}
	return site != "" && strings.EqualFold(clean(textOf(h)), site)
}

// pickTitle chooses the headline: the visible heading that the page's
// metadata confirms (equal to the JSON-LD headline, og:title or a part
// of <title>, or one holding the other), else the metadata's headline,
// else the first <h1>, else the document title without the site name.
// Headings naming the site are never it. It returns the heading element
// when the title was read from one, to leave it out of the body.
func pickTitle(doc *html.Node, m *meta) (string, *html.Node) {
	var heads []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Head, atom.Script, atom.Style, atom.Nav, atom.Aside, atom.Footer, atom.Form:
			return false
		case atom.H1, atom.H2, atom.H3:
			if !siteHeading(n, m.siteName) {
				heads = append(heads, n)
			}
			return false
		}
		return !isCommentSection(n)
	})
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	cands := []string{m.headline, m.ogTitle, stripSite(m.ogTitle, m.siteName), stripSite(m.docTitle, m.siteName), m.docTitle}
	for _, k := range []string{"og:title", "twitter:title"} {
		for _, v := range m.metaByName[k] { // pages that carry two og:title
			cands = append(cands, clean(v))
		}
	}
	for _, p := range titleParts(m.docTitle) {
		if len(p) >= 8 && !strings.EqualFold(p, m.siteName) {
			cands = append(cands, p)
		}
	}
	for _, c := range cands {
		if c == "" {
			continue
		}
		for _, h := range heads {
			if t := clean(textOf(h)); t != "" && norm(t) == norm(c) {
				return t, h
			}
		}
	}
	// A site that adds a kicker or the author to its meta title, or to
	// its <h1> ("Chronik: Lotte Tobisch ist tot", "Kuchen von jesusfreak",
	// "\"Pure Leere\": Marita Kramer verpasst ..."): the visible <h1> is
	// the headline.
	for _, c := range cands[:4] {
		for _, h := range heads {
			if h.DataAtom != atom.H1 || c == "" {
				continue
			}
			t := clean(textOf(h))
			nt, nc := norm(t), norm(c)
			if len(t) >= 8 && ((len(t)*2 >= len(c) && strings.Contains(nc, nt)) || (len(c)*2 >= len(t) && strings.Contains(nt, nc))) {
				return t, h
			}
		}
	}
	if m.headline != "" {
		return m.headline, nil
	}
	if m.ogTitle != "" {
		return stripSite(m.ogTitle, m.siteName), nil
	}
	for _, h := range heads {
		if h.DataAtom == atom.H1 {
			if t := clean(textOf(h)); t != "" {
				return t, h
			}
		}
	}
	return stripSite(m.docTitle, m.siteName), nil
}

// fillArticle copies the page's metadata into the article.
func (m *meta) fillArticle(p *builders.Page, doc, container *html.Node) {
	if c := m.canonical; c != "" {
		if _, ok := builders.CanonicalURL(c); ok {
			u := c
			p.URL = &u
			p.JoinKeys = append(p.JoinKeys, builders.URLKey(c))
			p.IDKey = []string{Name, "url", c}
		}
	}
	if m.subtitle != "" && m.subtitle != p.Title {
		s := m.subtitle
		p.Subtitle = &s
	}
	if len(m.authors) > 0 {
		b := strings.Join(m.authors, ", ")
		p.Byline = &b
	} else if b := markupByline(doc, container); b != "" {
		p.Byline = &b
	}
	p.PublishedAt = parseDate(m.published)
	if p.PublishedAt == nil {
		p.PublishedAt = markupPublished(doc)
	}
	if m.section != "" {
		s := m.section
		p.Section = &s
	}
	p.Categories, p.Tags = markupTerms(container)
	if p.Section == nil && len(p.Categories) > 0 {
		s := p.Categories[0]
		p.Section = &s
	}
	for _, t := range m.tags {
		if !contains(p.Tags, t) {
			p.Tags = append(p.Tags, t)
		}
	}
	p.Source.Name = m.siteName
	if p.Source.Name == "" && p.URL != nil {
		p.Source.Name = builders.Host(*p.URL)
	}
	if p.URL != nil {
		if h := builders.Host(*p.URL); h != "" {
			home := "https://" + h + "/"
			p.Source.Homepage = &home
		}
	}
	p.Source.Language = m.lang
	if m.wordpress {
		wp := "wordpress"
		p.Source.Platform = &wp
	}
}

// markupByline is the author the article's markup names (rel=author,
// .author .fn, .byline), outside comments.
func markupByline(doc, container *html.Node) string {
	scope := doc
	if container != nil {
		if a := ancestor(container, func(x *html.Node) bool {
			return x.DataAtom == atom.Article || hasClass(x, "hentry") || hasClass(x, "post")
		}); a != nil {
			scope = a
		}
	}
	skip := func(x *html.Node) bool {
		return isCommentSection(x) || x.DataAtom == atom.Script || x.DataAtom == atom.Aside || x.DataAtom == atom.Nav
	}
	if a := findIn(scope, skip, func(x *html.Node) bool {
		return hasWord(strings.ToLower(attr(x, "rel")), "author") || (hasClass(x, "author") && hasClass(x, "vcard")) ||
			hasClass(x, "byline") || strings.EqualFold(attr(x, "itemprop"), "author")
	}); a != nil {
		if n := find(a, func(x *html.Node) bool { return hasClass(x, "fn") || strings.EqualFold(attr(x, "itemprop"), "name") }); n != nil {
			a = n
		}
		s := clean(textOf(a))
		for _, p := range []string{"By ", "by ", "Von ", "von ", "Par ", "par ", "Por ", "por ", "Di ", "di "} {
			s = strings.TrimPrefix(s, p)
		}
		if len([]rune(s)) <= 80 {
			return s
		}
	}
	return ""
}

// markupPublished is the article's machine-readable date in the markup:
// a <time> or element marked as the publication date, outside comments.
func markupPublished(doc *html.Node) *time.Time {
	var t *time.Time
	skip := func(x *html.Node) bool {
		return isCommentSection(x) || x.DataAtom == atom.Aside || x.DataAtom == atom.Script
	}
	findIn(doc, skip, func(x *html.Node) bool {
		ip := strings.ToLower(attr(x, "itemprop"))
		if ip == "datepublished" || (x.DataAtom == atom.Time && (hasClass(x, "published") || hasClass(x, "entry-date") || hasAttr(x, "pubdate"))) {
			v := attr(x, "datetime")
			if v == "" {
				v = attr(x, "content")
			}
			t = parseDate(v)
			return t != nil
		}
		return false
	})
	return t
}

// markupTerms are the WordPress category and tag links of the article
// (rel="category tag", rel="tag") near its body.
func markupTerms(container *html.Node) (cats, tags []string) {
	if container == nil {
		return nil, nil
	}
	scope := container
	if a := ancestor(container, func(x *html.Node) bool {
		return x.DataAtom == atom.Article || hasClass(x, "hentry") || hasClass(x, "post")
	}); a != nil {
		scope = a
	}
	walk(scope, func(x *html.Node) bool {
		if x.Type != html.ElementNode || isCommentSection(x) || x.DataAtom == atom.Aside {
			return false
		}
		if x.DataAtom == atom.A {
			rel := strings.ToLower(attr(x, "rel"))
			t := clean(textOf(x))
			switch {
			case t == "":
			case hasWord(rel, "category"):
				cats = appendNew(cats, t)
			case hasWord(rel, "tag"):
				tags = appendNew(tags, t)
			}
			return false
		}
		return true
	})
	return cats, tags
}

// wordPressMarkup tells WordPress's comment markup (comment_class gives
// every item a depth-N class) from other systems using comment-N ids.
func wordPressMarkup(items []*item) bool {
	for _, it := range items {
		for _, c := range classes(it.node) {
			if strings.HasPrefix(c, "depth-") {
				return true
			}
		}
	}
	return false
}
