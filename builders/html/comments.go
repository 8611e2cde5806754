package html

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// item is one comment found in the markup.
type item struct {
	node     *html.Node
	id       string // native ID ("" when the markup gives none)
	parent   int    // index of the parent item, -1 at top level
	pingback string // "pingback" or "trackback" when it is one
	author   string
	time     *time.Time
	text     string
	links    []string
	// replyTo is what the markup says the comment replies to when it is
	// shown at top level ("In reply to X", a link to #comment-N).
	replyTo string
}

// wpID matches the element ids comment systems give a comment:
// WordPress's li#comment-N, li#li-comment-N, article#div-comment-N,
// Drupal's article#comment-N (or an a#comment-N anchor before it), and
// their variants (comment_N, kommentar_N).
var wpID = regexp.MustCompile(`^(?:li-|div-)?(?:comment|kommentar|commentaire|comentario)[-_]?(\d+)$`)

func wpNumber(n *html.Node) string {
	id := attr(n, "id")
	if id == "" {
		return ""
	}
	m := wpID.FindStringSubmatch(id)
	if m == nil {
		return ""
	}
	return m[1]
}

// anchorTarget is the comment element an empty a#comment-N (or
// a[name=comment-N]) anchor stands before, as Drupal writes them.
func anchorTarget(a *html.Node) (*html.Node, string) {
	if a.DataAtom != atom.A || textLen(a) > 0 {
		return nil, ""
	}
	id := attr(a, "id")
	if id == "" {
		id = attr(a, "name")
	}
	m := wpID.FindStringSubmatch(id)
	if m == nil {
		return nil, ""
	}
	for s := a.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			if wpNumber(s) == "" && textLen(s) > 0 && hasCommentClass(s) {
				return s, m[1]
			}
			return nil, ""
		}
	}
	return nil, ""
}

// commentUnitClass is a class a theme gives one comment: comment,
// comment-item, c-comment, comment__item, commentbox, single-comment.
// A unit's class may carry one prefix (a system's or theme's name:
// isso-comment, single-komment, c-comment) or be a compound
// (leserkommentar, usercomment), in the languages seen on blogs.
var commentUnitClass = regexp.MustCompile(`(?i)^([a-z0-9]+(-|_|__))?(leser|reader|user|blog)?(comment|kommentar|komment|commentaire|comentario|commento|reactie|komentarz)(s?-?item|_item|__item|-?box|-?entry|-?wrapper|-?container|-?single|-?unit)?$`)

// hasCommentClass is an element a theme marks as one comment.
func hasCommentClass(n *html.Node) bool {
	if strings.EqualFold(strings.TrimSpace(attr(n, "role")), "comment") {
		return true // ARIA's comment role
	}
	for _, c := range classes(n) {
		if commentUnitClass.MatchString(c) {
			return true
		}
	}
	return false
}

// markupItems finds comments by their element ids. An element carrying
// the same number as an enclosing one (div#comment-5 in li#li-comment-5)
// belongs to it; anchors and empty elements are not comments, nor is
// anything inside a form.
func markupItems(doc *html.Node) (items []*item, evidence string) {
	byNum := map[string]int{}
	byNode := map[*html.Node]int{}
	tags := map[string]int{}
	add := func(n *html.Node, num, shape string) {
		it := &item{node: n, id: num, parent: -1}
		byNum[num] = len(items)
		byNode[n] = len(items)
		items = append(items, it)
		tags[shape]++
	}
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Form, atom.Template, atom.Textarea:
			return false
		case atom.A:
			if t, num := anchorTarget(n); t != nil {
				if _, dup := byNum[num]; !dup {
					add(t, num, "a#"+idShape(attr(n, "id")+attr(n, "name"))+" + "+t.Data+".comment")
				}
			}
			return false
		}
		if inWidget(n) {
			return false // a recent-comments list links to comments, it holds none
		}
		if isUserAnswer(n) && textLen(n) > 0 {
			id := attr(n, "id")
			if id == "" {
				id = attr(n, "itemid")
			}
			if _, dup := byNum[id]; id == "" || !dup {
				add(n, id, n.Data+"[itemtype=schema.org/Answer]")
			}
			return true
		}
		num := wpNumber(n)
		if num == "" || textLen(n) == 0 {
			return true
		}
		if _, dup := byNum[num]; dup {
			return true // the inner element of the same comment
		}
		add(n, num, n.Data+"#"+idShape(attr(n, "id")))
		return true
	})
	if len(items) == 0 {
		return nil, ""
	}
	linkParents(items, byNode)
	depthParents(items, byNode)
	return items, shapes(tags) + whereItems(items)
}

// isUserAnswer is a reader's answer on a question-and-answer page
// (schema.org Answer microdata, as Stack Exchange and other Q&A software
// write it): a comment on the question, with its own comments replying
// to it. An FAQ's answers are the page's own text: an Answer counts only
// on a QAPage, or with an author of its own outside an FAQPage.
func isUserAnswer(n *html.Node) bool {
	if !hasAttr(n, "itemscope") || !strings.HasSuffix(strings.ToLower(attr(n, "itemtype")), "schema.org/answer") {
		return false
	}
	if ancestor(n, func(p *html.Node) bool { return hasItemType(p, "schema.org/qapage") }) != nil {
		return true
	}
	if ancestor(n, func(p *html.Node) bool { return hasItemType(p, "schema.org/faqpage") }) != nil {
		return false
	}
	return find(n, func(x *html.Node) bool {
		return x != n && strings.Contains(strings.ToLower(attr(x, "itemprop")), "author")
	}) != nil
}

func hasItemType(n *html.Node, suffix string) bool {
	if n == nil {
		return false
	}
	for _, t := range strings.Fields(strings.ToLower(attr(n, "itemtype"))) {
		if strings.HasSuffix(t, suffix) {
			return true
		}
	}
	return false
}

// depthClass is a level a theme writes into a class: WordPress's depth-N
// (1 at top level), and the same idea elsewhere: level-N, kmt-child-N
// (0 at top level), comment-indent-N.
var depthClass = regexp.MustCompile(`(?i)(?:^|[-_])(?:depth|level|lvl|child|indent|nest|nested)[-_]?(\d+)$`)

// depthOf is the level WordPress's comment_class gives an item (depth-1
// at top level), on the item or an element around it below the enclosing
// item; -1 when none.
func depthOf(it *item, byNode map[*html.Node]int) int {
	for p := it.node; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if _, other := byNode[p]; other && p != it.node {
			return -1
		}
		for _, c := range classes(p) {
			if m := depthClass.FindStringSubmatch(c); m != nil {
				d := 0
				for _, ch := range m[1] {
					d = d*10 + int(ch-'0')
				}
				return d
			}
		}
	}
	return -1
}

// depthParents rebuilds the tree from the depth-N classes when every
// item has one: themes that close a comment's element before its replies,
// or that list a thread's replies flat in one ul.children, still give each
// comment its level, and a comment at level d replies to the last one
// before it at level d-1.
func depthParents(items []*item, byNode map[*html.Node]int) {
	depths := make([]int, len(items))
	top := -1
	for i, it := range items {
		if depths[i] = depthOf(it, byNode); depths[i] < 0 {
			return
		}
		if top < 0 || depths[i] < top {
			top = depths[i]
		}
	}
	if top > 1 {
		return // no thread starts there: not levels
	}
	last := map[int]int{}
	for i, it := range items {
		d := depths[i]
		if d == top {
			it.parent = -1
		} else if j, ok := last[d-1]; ok {
			it.parent = j
		}
		last[d] = i
		for k := range last {
			if k > d {
				delete(last, k)
			}
		}
	}
}

// linkParents gives each item its parent: the nearest enclosing item, or,
// where replies follow their parent in an indented block (Drupal's
// div.indented), the item just before that block, or, for a reply shown
// flat with a reply class, the last comment before it.
func linkParents(items []*item, byNode map[*html.Node]int) {
	defer func() {
		// Flat replies: the parent is the last item before them that is
		// not a reply itself.
		top := -1
		for i, it := range items {
			switch {
			case !isReplyUnit(it.node):
				top = i
			case it.parent < 0 && top >= 0:
				it.parent = top
			}
		}
	}()
	for i, it := range items {
		for p := it.node.Parent; p != nil; p = p.Parent {
			if j, ok := byNode[p]; ok && j != i {
				it.parent = j
				break
			}
			if isIndented(p) {
				if j := itemBefore(p, byNode); j >= 0 && j != i {
					it.parent = j
					break
				}
			}
			// A list of replies right after its parent's element in the
			// same list item (li > article + ul.antworten).
			if p.DataAtom == atom.Ul || p.DataAtom == atom.Ol || isChildList(p) {
				if j := prevItem(p, byNode); j >= 0 && j != i {
					it.parent = j
					break
				}
			}
		}
	}
}

// prevItem is the item that is n's nearest earlier element sibling, -1
// when that sibling is not an item.
func prevItem(n *html.Node, byNode map[*html.Node]int) int {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if j, ok := byNode[s]; ok {
			return j
		}
		return -1
	}
	return -1
}

func isIndented(n *html.Node) bool {
	for _, c := range classes(n) {
		switch strings.ToLower(c) {
		case "indented", "comment-indented", "comments-indented":
			return true
		}
	}
	return false
}

// itemBefore is the last item among the elements before n at its level.
func itemBefore(n *html.Node, byNode map[*html.Node]int) int {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if j, ok := byNode[s]; ok {
			return j
		}
		if s.DataAtom == atom.A && textLen(s) == 0 {
			continue // the anchor before the item
		}
		// A wrapper around the item (cicero.de's div.portlet): its last
		// item outside nested indented blocks.
		last := -1
		walk(s, func(x *html.Node) bool {
			if x != s && isIndented(x) {
				return false
			}
			if j, ok := byNode[x]; ok {
				last = j
			}
			return true
		})
		return last
	}
	return -1
}

// isReplyUnit is an item a theme marks as a reply while showing it flat
// after its parent (chefkoch.de's div.comment-item.comment-sub).
func isReplyUnit(n *html.Node) bool {
	for _, c := range classes(n) {
		if replyUnitClass.MatchString(c) {
			return true
		}
	}
	return false
}

// replyUnitClass marks a comment shown flat after its parent as a reply:
// comment-sub, sub-comment, is-reply, and the BEM modifiers
// comment--reply, comment--indented, comment--child (zeit.de and other
// news sites).
var replyUnitClass = regexp.MustCompile(`(?i)^((comment|kommentar|c-comment)(-|_|--|__)(sub|reply|reply-item|answer|indented|child|nested|response|antwort|respuesta|reponse|réponse|risposta)|(sub|child|nested|reply)[-_]comment|is-reply|is-child)$`)

// classItems finds comments marked only by class (div.comment holding a
// .comment-author and a text element), as pre-rendered threads have them.
// Units in sidebars and widgets (recent comments) are not comments.
func classItems(doc *html.Node) (items []*item, evidence string) {
	byNode := map[*html.Node]int{}
	tags := map[string]int{}
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Form, atom.Template, atom.Nav, atom.Footer:
			return false
		}
		if inWidget(n) {
			return false
		}
		if !hasCommentClass(n) || textLen(n) == 0 {
			return true
		}
		none := func(*html.Node) bool { return false }
		if commentAuthor(n, none) == "" || commentContent(n, none) == nil {
			return true
		}
		byNode[n] = len(items)
		items = append(items, &item{node: n, parent: -1, id: unitID(n)})
		tags[n.Data+"."+strings.ToLower(firstCommentClass(n))]++
		return true
	})
	if len(items) == 0 {
		return nil, ""
	}
	// An ID two units share identifies neither.
	seen := map[string]int{}
	for _, it := range items {
		seen[it.id]++
	}
	for _, it := range items {
		if seen[it.id] > 1 {
			it.id = ""
		}
	}
	linkParents(items, byNode)
	return items, shapes(tags) + whereItems(items)
}

func firstCommentClass(n *html.Node) string {
	for _, c := range classes(n) {
		if hasCommentClass(&html.Node{Attr: []html.Attribute{{Key: "class", Val: c}}}) {
			return c
		}
	}
	return ""
}

func shapes(tags map[string]int) string {
	var out []string
	for k, v := range tags {
		out = append(out, fmt.Sprintf("%s ×%d", k, v))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// whereItems names the list or block holding the first item, for evidence.
func whereItems(items []*item) string {
	if l := ancestor(items[0].node, func(p *html.Node) bool {
		return p.DataAtom == atom.Ol || p.DataAtom == atom.Ul || p.DataAtom == atom.Div || p.DataAtom == atom.Section
	}); l != nil {
		return " in " + describe(l)
	}
	return ""
}

// idShape is an id with its number replaced by N ("li-comment-N").
func idShape(id string) string {
	return regexp.MustCompile(`\d+`).ReplaceAllString(id, "N")
}

// describe names an element the way a CSS selector would: ol.commentlist.
func describe(n *html.Node) string {
	s := n.Data
	if id := attr(n, "id"); id != "" && !regexp.MustCompile(`\d`).MatchString(id) {
		s += "#" + id
	}
	for _, c := range classes(n) {
		s += "." + c
		if len(s) > 60 {
			break
		}
	}
	return s
}

// isPingback tells pingbacks and trackbacks (WordPress marks them with
// their comment type as a class) from comments.
func isPingback(n *html.Node) string {
	for _, c := range classes(n) {
		switch c = strings.ToLower(c); {
		case strings.Contains(c, "pingback"):
			return "pingback"
		case strings.Contains(c, "trackback"):
			return "trackback"
		case strings.Contains(c, "webmention"), strings.HasSuffix(c, "type-mention"), strings.HasSuffix(c, "type-pingback"):
			return "pingback" // a webmention is the pingback of today
		}
	}
	if l := ancestor(n, func(p *html.Node) bool {
		return p.DataAtom == atom.Ol || p.DataAtom == atom.Ul || p.DataAtom == atom.Div
	}); l != nil {
		co := classOrID(l)
		if strings.Contains(co, "pingback") || strings.Contains(co, "pinglist") || strings.Contains(co, "trackback") {
			return "pingback"
		}
	}
	return ""
}

// fill reads an item's author, time, text and links. Nested comments
// (isItem) are never part of it.
func (it *item) fill(isItem func(*html.Node) bool, base *url.URL) {
	n := it.node
	inner := func(x *html.Node) bool { return x != n && (isItem(x) || isChildList(x)) }
	it.author = commentAuthor(n, inner)
	it.time = commentTime(n, inner)
	content := commentContent(n, inner)
	// A heading opening the text element is the comment's subject line
	// (Drupal's comment title), not its text.
	skip := func(x *html.Node) bool {
		return inner(x) || isCommentMeta(x) || (isHeading(x) && x.Parent == content && firstElement(content) == x)
	}
	if content == nil {
		content = n
		skip = func(x *html.Node) bool {
			return inner(x) || isCommentMeta(x) || x.DataAtom == atom.Header || x.DataAtom == atom.Footer ||
				isAuthorNode(x) || isHeading(x) // a comment's subject line is not its text
		}
	}
	t := convert(content, skip, base)
	it.text = dropMetaLines(t.Text, it.author)
	it.links = t.Links
	if it.text == "" && content == n {
		// Some themes write the text inside the author block, before the
		// byline (<div class="comment-author vcard"><p>text</p><p><cite>NAME</cite>
		// — date</p></div>): a meta block that wraps paragraphs of its own
		// is opened, and only its meta parts are left out.
		wraps := func(x *html.Node) bool {
			return find(x, func(p *html.Node) bool {
				return p != x && p.DataAtom == atom.P && !isCommentMeta(p) && !isAuthorNode(p) &&
					find(p, func(y *html.Node) bool { return y != p && (isCommentMeta(y) || isAuthorNode(y)) }) == nil &&
					textLen(p) > 0
			}) != nil
		}
		t = convert(n, func(x *html.Node) bool {
			return inner(x) || ((isCommentMeta(x) || isAuthorNode(x) || isHeading(x)) && !wraps(x))
		}, base)
		it.text = dropMetaLines(t.Text, it.author)
		it.links = t.Links
	}
	if it.pingback == "" && (looksLikePingback(it.text) || pingbackAuthor.MatchString(it.author)) {
		it.pingback = "pingback"
	}
	it.replyTo = replyMarker(n, inner)
}

// isChildList is the list a theme nests replies in.
// groupSiblingUnits wraps the comments that no element holds: a theme
// that writes each comment as a run of siblings (classic Blogger's
// dt.comment-author, dd.comment-body, dd.comment-footer in one dl) gets
// a div.comment around each run, so that the class rule reads it. A run
// starts at an element whose class names a comment's author and goes on
// to the next such element; it counts only when an element of the run
// holds the comment's text, and only where a parent holds two runs or
// more, so a lone author box is left alone.
func groupSiblingUnits(doc *html.Node) {
	isHead := func(x *html.Node) bool {
		if x.Type != html.ElementNode {
			return false
		}
		for _, c := range classes(x) {
			c = strings.ToLower(c)
			if commentWord.MatchString(c) && authorLineToken.MatchString(c) {
				return true
			}
		}
		return false
	}
	isText := func(x *html.Node) bool {
		if x.Type != html.ElementNode {
			return false
		}
		for _, c := range classes(x) {
			if contentToken.MatchString(c) {
				return true
			}
		}
		return false
	}
	var parents []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Form, atom.Template:
			return false
		}
		heads := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if isHead(c) && c.NextSibling != nil {
				for s := c.NextSibling; s != nil && !isHead(s); s = s.NextSibling {
					if isText(s) {
						heads++
						break
					}
				}
			}
		}
		if heads >= 2 {
			parents = append(parents, n)
			return false
		}
		return true
	})
	for _, n := range parents {
		var run []*html.Node
		flush := func() {
			if len(run) == 0 {
				return
			}
			w := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div,
				Attr: []html.Attribute{{Key: "class", Val: "comment"}}}
			if id := attr(run[0], "id"); id != "" {
				w.Attr = append(w.Attr, html.Attribute{Key: "data-comment-id", Val: id})
			}
			n.InsertBefore(w, run[0])
			for _, x := range run {
				n.RemoveChild(x)
				w.AppendChild(x)
			}
			run = nil
		}
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if isHead(c) {
				flush()
				run = append(run, c)
			} else if len(run) > 0 {
				run = append(run, c)
			}
			c = next
		}
		flush()
	}
}

var commentWord = regexp.MustCompile(`(?i)comment|kommentar|komment|commentaire|comentario|commento|reactie|komentarz`)

// firstElement is n's first element child.
func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func isChildList(n *html.Node) bool {
	if n.DataAtom != atom.Ol && n.DataAtom != atom.Ul && n.DataAtom != atom.Div {
		return false
	}
	for _, c := range classes(n) {
		switch strings.ToLower(c) {
		case "children", "comment-children", "replies", "comment-replies", "sub-comments", "child-comments",
			"antworten", "respuestas", "reponses", "réponses", "risposte", "follow-up", "thread-replies":
			return true
		}
	}
	return false
}

var metaToken = regexp.MustCompile(`(?i)reply|avatar|metadata|comment-?meta|comment-?info|comment-?header|comment-?footer|comment-?actions|comment-?tools|comment-?author|comment-?date|comment-?time|comment-?permalink|comment-?edit($|-?link)|edit-link|likes?(-|_|$)|(^|-|_)likes?|vcard|rating|vote|share|screen-reader|awaiting-moderation|says`)

// isCommentMeta is a part of a comment that is not its text: author and
// date lines, avatars, Reply and Like widgets.
func isCommentMeta(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Form, atom.Button, atom.Img, atom.Svg, atom.Noscript, atom.Iframe,
		atom.Input, atom.Textarea, atom.Select, atom.Time:
		return true
	}
	if hidden(n) {
		return true
	}
	for _, c := range classes(n) {
		if strings.HasPrefix(strings.ToLower(c), "js-") {
			continue // a script's hook (js-comment-edit-hide), not what the element is
		}
		if metaToken.MatchString(c) {
			return true
		}
	}
	return false
}

func isAuthorNode(n *html.Node) bool {
	if n.DataAtom == atom.Cite {
		return true
	}
	if strings.Contains(strings.ToLower(attr(n, "itemprop")), "author") {
		return true
	}
	for _, c := range classes(n) {
		switch strings.ToLower(c) {
		case "fn", "author", "comment-author", "commentauthor", "comment_author", "author-name", "comment-name", "username", "user-name", "nickname":
			return true
		}
	}
	return false
}

// hidden is an element the browser does not show.
func hidden(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		return true
	}
	st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

// findIn is the first element under n for which ok holds, not looking
// inside the parts that skip selects.
func findIn(n *html.Node, skip, ok func(*html.Node) bool) *html.Node {
	var hit *html.Node
	walk(n, func(x *html.Node) bool {
		if hit != nil || x.Type != html.ElementNode {
			return hit == nil
		}
		if skip(x) {
			return false
		}
		if ok(x) {
			hit = x
			return false
		}
		return true
	})
	return hit
}

var authorClasses = []string{"fn", "comment-author-name", "comment-author", "commentauthor", "comment_author", "author-name", "comment-name", "comment-user", "username", "user-name", "nickname", "author"}

func commentAuthor(n *html.Node, skip func(*html.Node) bool) string {
	content := commentContent(n, skip)
	if a := findIn(n, skip, func(x *html.Node) bool {
		return strings.Contains(strings.ToLower(attr(x, "itemprop")), "author")
	}); a != nil {
		if nm := findIn(a, skip, func(x *html.Node) bool { return strings.EqualFold(attr(x, "itemprop"), "name") }); nm != nil {
			if s := authorName(nm); s != "" {
				return s
			}
			if s := clean(attr(nm, "content")); s != "" {
				return s
			}
		}
		if s := authorName(a); s != "" {
			return s
		}
	}
	if a := findIn(n, skip, func(x *html.Node) bool {
		return x.DataAtom == atom.A && contains(strings.Fields(strings.ToLower(attr(x, "rel"))), "author")
	}); a != nil {
		if s := authorName(a); s != "" {
			return s
		}
	}
	for _, c := range authorClasses {
		if a := findIn(n, skip, func(x *html.Node) bool { return hasClass(x, c) }); a != nil {
			if s := authorName(a); s != "" {
				return s
			}
		}
	}
	if a := findIn(n, skip, func(x *html.Node) bool { return x.DataAtom == atom.Cite }); a != nil {
		if s := authorName(a); s != "" {
			return s
		}
	}
	if a := findIn(n, skip, func(x *html.Node) bool {
		for _, c := range classes(x) {
			if authorToken.MatchString(c) {
				return true
			}
		}
		return false
	}); a != nil {
		if s := authorName(a); s != "" {
			return s
		}
	}
	// A short bold name or heading before the text (chefkoch's strong >
	// a, Drupal's h6 "NAME | DATE").
	if a := findIn(n, func(x *html.Node) bool { return skip(x) || x == content }, func(x *html.Node) bool {
		switch x.DataAtom {
		case atom.Strong, atom.B, atom.H4, atom.H5, atom.H6:
			t := textOf(x)
			return t != "" && len([]rune(t)) <= 80
		}
		return false
	}); a != nil {
		if s := authorName(a); s != "" {
			return s
		}
	}
	// A line about the author (Kirby komments' div.author-action:
	// "NAME schrieb"), not its avatar.
	var line string
	findIn(n, skip, func(x *html.Node) bool {
		for _, c := range classes(x) {
			if authorLineToken.MatchString(c) && !strings.Contains(strings.ToLower(c), "avatar") {
				line = authorName(x)
				return line != ""
			}
		}
		return false
	})
	if line != "" {
		return line
	}
	// "geschrieben von NAME am DATE", "by NAME on DATE" in a meta line.
	var name string
	findIn(n, skip, func(x *html.Node) bool {
		if !isCommentMeta(x) && !strings.Contains(classOrID(x), "meta") {
			return false
		}
		if m := bylineRe.FindStringSubmatch(textOf(x)); m != nil {
			name = clean(m[1])
			return true
		}
		return false
	})
	return name
}

// authorToken is a theme's class for the name element, however prefixed:
// w-comments-item-author, c-comment__author-name.
var authorToken = regexp.MustCompile(`(?i)(^|[-_])(author|autor|auteur|autore|nombre|author[-_]?name|user[-_]?name|commenter|nick|nickname)$`)

// authorLineToken is a class naming a line about the author
// (author-action, author-line): the name with a verb after it.
var authorLineToken = regexp.MustCompile(`(?i)(^|[-_])(author|autor|auteur)([-_]|$)`)

var bylineRe = regexp.MustCompile(`(?i)^(?:geschrieben |written |posted |écrit |escrito |scritto |publié |publicado |pubblicato )?(?:von|by|par|por|da|di|od)\s*:?\s+(\S+(?:\s\S+){0,3}?)\s*(?:\s(?:am|on|le|el|il|dnia|at|um|à|a las)|,|\||—|–|·|•)\s`)

// saysSuffix is what themes write after a commenter's name.
var saysSuffix = regexp.MustCompile(`(?i)\s*(says|said|wrote|writes|sagt|schreibt|schrieb|meint|dit|a écrit|écrit|dice|escribió|escribe|ha detto|ha scritto|scrive|disse|escreveu|zegt|schreef|napisał|napisała|пишет|написал|говорит)\s*(:|\.\.\.|…)?\s*$`)

var (
	// authorPrefix is what some themes write before the name.
	authorPrefix = regexp.MustCompile(`(?i)^(comment by|kommentar von|commentaire de|comentario de|commento di|komentarz od|posted by|written by|von|by)\s+`)
	// authorEnd is where a name line goes on with the date: "NAME | Di,
	// 21. April 2020", "NAME — 17.07, 2011 @ 13:04", "NAME am 18. Oktober".
	authorEnd = regexp.MustCompile(`\s+(\||—|–|·|•|@)\s|\s+(am|on|le|el|il|um|at)\s+\d|\s+\d{1,2}[./]\d{1,2}[./]\d{2,4}`)
)

// authorName is the name shown in an author element, without "says:" and
// without the screen-reader and avatar text around it.
func authorName(n *html.Node) string {
	// A link or bold name inside a larger author line is the name.
	// The name is the first line of the author element: a badge ("Autor",
	// "Author") after a <br> or in a badge element is not part of it.
	c := clone(n, func(x *html.Node) bool {
		return x.Type == html.ElementNode && (x.DataAtom == atom.Img || x.DataAtom == atom.Time || hidden(x) ||
			hasClass(x, "says") || hasClass(x, "screen-reader-text") || hasClass(x, "comment-meta") ||
			hasClass(x, "commentmetadata") || hasClass(x, "comment-date") || hasClass(x, "comment-time") ||
			badgeClass.MatchString(attr(x, "class")))
	})
	s := firstLine(c)
	s = saysSuffix.ReplaceAllString(s, "")
	s = authorPrefix.ReplaceAllString(s, "")
	if i := authorEnd.FindStringIndex(s); i != nil && i[0] > 0 {
		s = s[:i[0]]
	}
	s = strings.TrimSpace(strings.TrimRight(s, ":"))
	if len([]rune(s)) > 80 {
		if a := find(n, func(x *html.Node) bool {
			return x.DataAtom == atom.A || x.DataAtom == atom.B || x.DataAtom == atom.Strong
		}); a != nil {
			s = clean(textOf(a))
		}
	}
	return clean(s)
}

func commentTime(n *html.Node, skip func(*html.Node) bool) *time.Time {
	var t *time.Time
	findIn(n, skip, func(x *html.Node) bool {
		for _, v := range []string{attr(x, "datetime"), timeProp(x)} {
			if v != "" {
				if t = parseDate(v); t != nil {
					return true
				}
			}
		}
		if x.DataAtom == atom.Abbr && (hasClass(x, "published") || hasClass(x, "updated")) {
			t = parseDate(attr(x, "title"))
			return t != nil
		}
		return false
	})
	return t
}

func timeProp(x *html.Node) string {
	switch strings.ToLower(attr(x, "itemprop")) {
	case "datepublished", "datecreated", "datemodified", "commenttime":
		if v := attr(x, "content"); v != "" {
			return v
		}
		return attr(x, "datetime")
	}
	return ""
}

var contentClasses = []string{"comment-content", "comment-text", "comment_text", "commenttext", "comment-entry", "comment_content", "commentcontent", "comment-message", "comment-body-text", "comment-copy", "comment-excerpt"}

// commentContent is the element holding a comment's own text, or nil when
// the theme has none (the text then is the item minus its meta parts).
func commentContent(n *html.Node, skip func(*html.Node) bool) *html.Node {
	if c := findIn(n, skip, func(x *html.Node) bool {
		switch strings.ToLower(attr(x, "itemprop")) {
		case "text", "commenttext":
			return true
		}
		for _, p := range strings.Fields(strings.ToLower(attr(x, "property"))) {
			switch p {
			case "schema:text", "content:encoded", "sioc:content":
				return true
			}
		}
		return false
	}); c != nil {
		return c
	}
	for _, cl := range contentClasses {
		if c := findIn(n, skip, func(x *html.Node) bool { return x != n && hasClass(x, cl) }); c != nil {
			return c
		}
	}
	if c := findIn(n, skip, func(x *html.Node) bool {
		if x == n {
			return false
		}
		for _, c := range classes(x) {
			if contentToken.MatchString(c) {
				return true
			}
		}
		return false
	}); c != nil {
		return c
	}
	// Inside a comment unit, an element whose class ends in text or
	// content (isso-text, leserkommentar__text, kmt-text) is the text.
	return findIn(n, skip, func(x *html.Node) bool {
		if x == n || isCommentMeta(x) {
			return false
		}
		for _, c := range classes(x) {
			if textToken.MatchString(c) {
				return true
			}
		}
		return false
	})
}

var textToken = regexp.MustCompile(`(?i)(^|[-_])(text|texte|texto|testo|tekst|inhalt|message)$`)

// contentToken is a theme's class for a comment's text element, however
// prefixed: w-comments-item-text, c-comment__content.
var contentToken = regexp.MustCompile(`(?i)comment.*(text|content|message|body)$`)

// metaLines are whole lines that are widgets, not words: Reply and Like
// links in the languages of the pages.
var metaLines = map[string]bool{
	"reply": true, "antworten": true, "répondre": true, "repondre": true, "responder": true, "rispondi": true,
	"odpowiedz": true, "odpowiedź": true, "beantwoorden": true, "reageren": true, "ответить": true, "responde": true,
	"log in to reply": true, "login to reply": true, "log in to reply.": true, "zum antworten anmelden": true,
	"like": true, "liked by 1 person": true, "gefällt mir": true, "j'aime": true, "me gusta": true, "mi piace": true,
	"report": true, "melden": true, "permalink": true, "edit": true, "bearbeiten": true, "quote": true, "zitieren": true,
	"loading...": true, "loading…": true, "laden...": true, "lädt …": true, "wird geladen …": true,
	"reply to this comment": true, "auf diesen kommentar antworten": true,
}

var (
	yearRe   = regexp.MustCompile(`\b(19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b`)
	dateWord = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez|janv|févr|avr|juil|août|déc|ene|abr|ago|dic|gen|mag|giu|lug|ott|sty|lut|kwi|maj|cze|lip|sie|wrz|paź|lis|gru|mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)[a-zéèûäöüá]*\.?|\b(at|um|à|a las|alle|o|om|um|uhr|am|pm|h|on|le|el|il|de|del|di|du|van|der|des|den|the|,|\.)\b`)
	// metaLineRe are widget and date lines in the forms the word lists
	// above do not spell out: vote counts, "3 Likes", "Reply to NAME",
	// relative dates.
	metaLineRe = regexp.MustCompile(`(?i)^(\d+|[+-]\d+|(\d+\s+)?(likes?|dislikes?|gefällt mir|daumen hoch|votes?|punkte?|points?)(\s*\(\d+\))?|(reply|antworten|répondre|responder|rispondi|odpowiedz) (to|an|à|a|do) .{1,40}|vor \d+ (sekunden|minuten|stunden|tagen|wochen|monaten|jahren)|(\d+|an?|one) (seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago|il y a \d+ \S+|hace \d+ \S+)$`)
)

// bylineRest is what is left of a byline once the author's name is
// taken out of it ("Kommentar von", "Comment by", "says:").
var bylineRest = regexp.MustCompile(`(?i)^((comment|kommentar|commentaire|comentario|commento|komentarz|reply|antwort|posted|written|geschrieben|écrit|escrito|scritto)\s+)?(by|von|de|di|od|par|por|da)\s*:?$|^(says|said|wrote|sagt|schreibt|schrieb|meint|dit|a écrit|dice|escribió|scrive|ha scritto|disse|zegt|schreef|napisał|napisała)\s*(:|\.\.\.|…)?$`)

// isDateLine is a short line that is only a date and time.
func isDateLine(l string) bool {
	if len([]rune(l)) > 60 || !yearRe.MatchString(l) {
		return false
	}
	rest := yearRe.ReplaceAllString(l, "")
	rest = dateWord.ReplaceAllString(rest, "")
	letters := 0
	for _, r := range rest {
		if r >= 'A' && r <= 'z' || r > 127 {
			letters++
		}
	}
	return letters <= 3
}

// dropMetaLines removes, from the start and end of a comment's text, the
// lines that are its meta data rather than its words: the author line,
// date lines, Reply and Like widgets.
func dropMetaLines(text, author string) string {
	paras := strings.Split(text, "\n\n")
	isMeta := func(l string) bool {
		t := strings.ToLower(strings.TrimSpace(strings.Trim(l, " \u00a0↓→↵|·•–—-")))
		if t == "" || metaLines[t] {
			return true
		}
		if len(t) > 120 {
			return false // no meta line is that long
		}
		if author != "" {
			if t == strings.ToLower(author) || saysSuffix.ReplaceAllString(t, "") == strings.ToLower(author) {
				return true
			}
		}
		return metaLineRe.MatchString(t) || isDateLine(t) || bylineRest.MatchString(t)
	}
	// Lines at the start and the end of the text, across paragraphs;
	// a meta-looking line between text lines is kept.
	type line struct {
		para int
		text string
	}
	var lines []line
	for i, p := range paras {
		for _, l := range strings.Split(p, "\n") {
			lines = append(lines, line{i, l})
		}
	}
	all := lines
	for len(lines) > 0 && isMeta(lines[0].text) {
		lines = lines[1:]
	}
	for len(lines) > 0 && isMeta(lines[len(lines)-1].text) {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 && len(all) > 0 {
		// A comment that is only "+1" or a date is kept: only the widget
		// words go.
		for _, l := range all {
			if !metaLines[strings.ToLower(strings.TrimSpace(l.text))] {
				lines = append(lines, l)
			}
		}
	}
	var out []string
	cur := -1
	for _, l := range lines {
		if l.para != cur {
			out = append(out, l.text)
			cur = l.para
		} else {
			out[len(out)-1] += "\n" + l.text
		}
	}
	return strings.Join(out, "\n\n")
}

var pingbackStart = regexp.MustCompile(`(?i)^(pingback|trackback)\s*:`)

func looksLikePingback(text string) bool { return pingbackStart.MatchString(text) }

// pingbackAuthor is the author line themes give a pingback ("Pingback von
// SITE", "Trackback: SITE").
var pingbackAuthor = regexp.MustCompile(`(?i)^(pingback|trackback)\b`)

var replyToRe = regexp.MustCompile(`(?i)^(in reply to|als antwort auf|antwort auf|en réponse à|en respuesta a|in risposta a|w odpowiedzi na)\b`)

// replyMarker is what a comment's own markup says it replies to: a
// "in reply to X" line or a link to another comment's anchor.
func replyMarker(n *html.Node, skip func(*html.Node) bool) string {
	var out string
	findIn(n, skip, func(x *html.Node) bool {
		if x.DataAtom != atom.A && x.DataAtom != atom.Span && x.DataAtom != atom.Div && x.DataAtom != atom.P {
			return false
		}
		t := textOf(x)
		if len(t) > 200 || !replyToRe.MatchString(t) {
			return false
		}
		out = t
		return true
	})
	return out
}

func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// unitIDRe is an element id that numbers a comment: a short prefix and
// the number (cid-51160747, c7301, lk-88101, isso-41).
var unitIDRe = regexp.MustCompile(`^[A-Za-z]{1,12}[-_]?(\d+)$`)

// unitID is the native ID of a comment found by its class: its
// data-comment-id, else the number in its element id.
func unitID(n *html.Node) string {
	if id := dataCommentID(n); id != "" {
		return id
	}
	if m := unitIDRe.FindStringSubmatch(attr(n, "id")); m != nil {
		return m[1]
	}
	return ""
}

// dataCommentID is the ID a comment element carries in a data attribute
// (data-comment-id="123"), or "".
func dataCommentID(n *html.Node) string {
	for _, k := range []string{"data-comment-id", "data-commentid", "data-comment"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" && len(v) <= 64 {
			return v
		}
	}
	return ""
}

var badgeClass = regexp.MustCompile(`(?i)badge|label|role|author-tag|comment_author$`)

var widgetToken = regexp.MustCompile(`(?i)^(widget|sidebar|secondary)([-_].*)?$|(^|[-_])recent-?comments?$`)

// inWidget is a sidebar or widget (recent comments, top posts): its class
// or id names it, as a word of its own (a layout's content-sidebar-wrap
// is not one, nor are the page's or the article's own classes).
func inWidget(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return false // layout classes (Drupal's body.sidebar-first) say nothing here
	}
	if widgetToken.MatchString(attr(n, "id")) {
		return true
	}
	for _, c := range classes(n) {
		if widgetToken.MatchString(c) {
			return true
		}
	}
	return false
}
