package textpage

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textnorm"
)

// Comment rules: how a page's comments were found (articles.comment_rule).
const (
	// RuleHeader: a comment section header ("3 Comments", "45 Gedanken zu
	// …", "Comments (4)") directly over comment units.
	RuleHeader = "text:header"
	// RuleUnits: no header, but repeated comment units: author lines with
	// a says-verb, a date or a reply link, or a list of them.
	RuleUnits = "text:units"
	// RuleNameRuns: the Disqus shape, a run of name lines each over a
	// short text, to the end of the page.
	RuleNameRuns = "text:name-runs"
	// RuleNone: no evidence of a comment section.
	RuleNone = "none"
)

// lineInfo is what the thread search knows about one line.
type lineInfo struct {
	item    bool
	num     int // item number, 0 for a bullet
	rest    string
	author  author
	isName  bool // rest reads as an author line (perhaps only a bare name)
	date    bool
	reply   bool
	form    bool
	ping    bool
	badge   bool   // "Author", "Autor": the article's author wrote the comment
	quote   bool   // the attribution of a quote inside a comment, "NAME said: ↑"
	action  bool   // a row of action links with the reply link, "Report Like Quote Reply"
	votes   bool   // a bare number: the comment's votes or likes, "20"
	replyTo string // the author a reply names, "Antwort auf #1 von NAME"
	nextTxt int    // index of the next non-blank line, -1 at the end
}

type scan struct {
	lines []line
	info  []lineInfo
}

func newScan(lines []line) *scan {
	s := &scan{lines: lines, info: make([]lineInfo, len(lines))}
	next := -1
	for k := len(lines) - 1; k >= 0; k-- {
		s.info[k].nextTxt = next
		if lines[k].text != "" {
			next = k
		}
	}
	for k, l := range lines {
		if l.text == "" {
			continue
		}
		in := &s.info[k]
		t := l.trimmed()
		in.rest = t
		if num, rest, ok := matchItem(t); ok && !isDateLine(t) {
			in.item, in.num, in.rest = true, num, rest
		}
		in.date = isDateLine(in.rest)
		in.reply = isReplyLine(in.rest)
		in.action = !in.reply && isActionLine(in.rest)
		in.form = isFormLine(in.rest)
		in.ping = isPingback(in.rest)
		in.badge = badgeRe.MatchString(in.rest)
		in.quote = isQuoteAttr(in.rest)
		in.votes = votesRe.MatchString(in.rest)
		if m := replyToRe.FindStringSubmatch(in.rest); m != nil {
			in.replyTo = m[1]
		}
		if !in.date && !in.reply && !in.form && !in.ping && !in.quote && in.replyTo == "" {
			in.author, in.isName = authorLine(in.rest)
		}
	}
	for k := range s.info {
		if in := &s.info[k]; in.item && !in.ping && saysLine(in.rest) && s.excerptBelow(k) {
			in.ping = true // "BLOG TITLE sagt:" over a "[...] excerpt [...]"
		}
	}
	return s
}

// excerptBelow: the text under the list item k, past its date line, is a
// pingback's excerpt, "[...] quoted words [...]".
func (s *scan) excerptBelow(k int) bool {
	for j, seen := s.info[k].nextTxt, 0; j >= 0 && seen < 2; j, seen = s.info[j].nextTxt, seen+1 {
		if s.info[j].date {
			continue
		}
		return excerptRe.MatchString(s.info[j].rest)
	}
	return false
}

// saysLine: a line ending in a says-verb, whatever stands before it.
func saysLine(s string) bool {
	_, ok := cutSayVerb(s)
	return ok
}

// excerptRe: the excerpt WordPress shows for a pingback.
var excerptRe = mustAnchored(`^\[(?:\.\.\.|…)\]`)

// strong reports whether line k opens a comment by itself: a says-verb on a
// list item, a date beside the name or on the next line, or a reply link
// closing the unit before the next author line.
func (s *scan) strong(k int) bool {
	in := s.info[k]
	if in.item && s.byLine(in.nextTxt) && s.lines[in.nextTxt].indent > s.lines[k].indent {
		return true // a comment's title over its "by NAME on DATE" line
	}
	if s.titleOver(k) {
		return true
	}
	if !in.isName {
		return false
	}
	if in.author.time != nil || in.author.by || (in.item && in.author.strong) {
		return true
	}
	n := in.nextTxt
	if n >= 0 && s.info[n].badge {
		n = s.info[n].nextTxt // "Autor", "Author" under the name
	}
	if n >= 0 && (s.info[n].date || s.byLine(n)) && s.lines[n].indent >= s.lines[k].indent {
		return true
	}
	if !in.author.strong {
		return !in.item && s.textDateReply(k)
	}
	// A says-verb without a list: the unit must end in a reply link, or
	// in its date under the text (Blogger's "NAME hat gesagt…").
	for j, seen := in.nextTxt, 0; j >= 0 && seen < 40; j, seen = s.info[j].nextTxt, seen+1 {
		if s.info[j].reply || (seen > 0 && s.info[j].date && !s.info[j].item) {
			return true
		}
		if s.info[j].isName && s.info[j].author.strong {
			return false
		}
	}
	return false
}

// onlyNameDate: line k is a comment only for its name and date (no
// says-verb, no "by", no list).
func (s *scan) onlyNameDate(k int) bool {
	in := s.info[k]
	return !in.item && !in.author.says && !in.author.by
}

// textDateReply: the bare name on line k is over a comment's unit that
// ends in its date and a reply row: NAME / text / DATE / "Antworten"
// (recipe and news sites, forums).
func (s *scan) textDateReply(k int) bool {
	text := 0
	for j, seen := s.info[k].nextTxt, 0; j >= 0 && seen < 12; j, seen = s.info[j].nextTxt, seen+1 {
		in := s.info[j]
		switch {
		case in.date && !in.item:
			n := in.nextTxt
			return text > 0 && n >= 0 && (s.info[n].reply || s.info[n].action)
		case in.reply || in.action || in.form || in.item || (in.isName && in.author.strong):
			return false
		default:
			text++
		}
	}
	return false
}

// unitAfterForm: the form line k is followed, past other form lines, by
// a comment unit.
func (s *scan) unitAfterForm(k int) bool {
	j := s.info[k].nextTxt
	for j >= 0 && s.info[j].form {
		j = s.info[j].nextTxt
	}
	return j >= 0 && s.info[j].isName && s.strong(j)
}

// unitEndsInReply: the list item k (a bare name) is a reply's unit: its
// indented text ends in a reply or action row before the next item.
func (s *scan) unitEndsInReply(k int) bool {
	for j, seen := s.info[k].nextTxt, 0; j >= 0 && seen < 20; j, seen = s.info[j].nextTxt, seen+1 {
		in := s.info[j]
		if in.item || s.lines[j].indent <= s.lines[k].indent {
			return false
		}
		if in.reply || in.action {
			return seen > 0
		}
	}
	return false
}

// sidebarFrom: from line k to the end the page holds only widgets, each a
// short heading over a list ("Wer ist online?" over "• 12 Besucher"), and
// a copyright line: the sidebar and footer under the last comment.
func (s *scan) sidebarFrom(k int) bool {
	widgets := 0
	for k >= 0 {
		in := s.info[k]
		switch {
		case isCopyright(in.rest) || isWidgetHeading(in.rest):
			return widgets > 0
		case !in.item && s.lines[k].indent == 0 && wordCount(in.rest) <= 5 && !strings.HasSuffix(in.rest, ".") && !strings.HasSuffix(in.rest, "!"):
			n := in.nextTxt
			if n < 0 || !s.info[n].item || s.lines[n].indent == 0 {
				return false
			}
			for n >= 0 && s.info[n].item && s.lines[n].indent > 0 {
				n = s.info[n].nextTxt
			}
			widgets++
			k = n
		default:
			return false
		}
	}
	return widgets > 0
}

// titleOver: line k is a comment's title over its "Submitted by NAME on
// DATE" line (Drupal, phpBB's "Re: …"): a short heading, no sentence, at
// the by-line's indent, right over it.
func (s *scan) titleOver(k int) bool {
	if k < 0 || s.lines[k].text == "" {
		return false
	}
	in := s.info[k]
	n := in.nextTxt
	return !in.item && !in.author.by && !in.date && !in.reply && !in.form && s.byLine(n) && s.lines[n].indent == s.lines[k].indent &&
		wordCount(in.rest) <= 10 && !endsSentence(in.rest)
}

// titleAbove returns the title line over the by-line k, or k.
func (s *scan) titleAbove(k int) int {
	for j := k - 1; j >= 0; j-- {
		if s.lines[j].text == "" {
			continue
		}
		if s.titleOver(j) && s.info[j].nextTxt == k {
			return j
		}
		break
	}
	return k
}

// byLine: line n is a "by NAME on DATE" meta line.
func (s *scan) byLine(n int) bool {
	return n >= 0 && s.info[n].isName && s.info[n].author.by && !s.info[n].item
}

// findThread looks for the evidence of a comment section: a header over
// comment units, a list thread, or at least two strong comment units. It
// returns the index of the first comment line, the header line (-1) and
// the rule.
func (s *scan) findThread() (start, header int, rule, evidence string) {
	lines := s.lines
	for h, l := range lines {
		if l.text == "" || l.indent > 0 {
			continue
		}
		n, ok := commentHeader(l.trimmed())
		if !ok {
			continue
		}
		// The first comment follows, past the form and its notices.
		for k := s.info[h].nextTxt; k >= 0; k = s.info[k].nextTxt {
			in := s.info[k]
			if in.form || in.reply {
				continue
			}
			// (form lines such as "Sort by" may stand between)
			if (n > 0 && lines[k].indent > 0 && in.item) || s.strong(k) {
				return k, h, RuleHeader, l.trimmed()
			}
			break
		}
	}
	strongSeen, first, prevUnit := 0, -1, -1
	// Names with dates alone are teaser cards as often as comments: they
	// need a reply link somewhere below the first.
	replyAfter := false
	for _, in := range s.info {
		replyAfter = replyAfter || in.reply || in.action || (in.date && replyWordRe.MatchString(in.rest))
	}
	firstProse := len(lines)
	for k, l := range lines {
		if wordCount(l.text) >= 12 {
			firstProse = k
			break
		}
	}
	// A list region without an author line holds no thread start;
	// remembering where it ends keeps the scan linear.
	noListUntil := 0
	for k := range lines {
		if lines[k].text == "" || !s.info[k].isName {
			continue
		}
		in := s.info[k]
		if in.item && in.num == 1 && lines[k].indent > 0 && k >= noListUntil {
			if s.listHasStrong(k) {
				return k, -1, RuleUnits, fmt.Sprintf("a list of comments opening with %q", lines[k].trimmed())
			}
			noListUntil = threadEnd(s.lines, k)
		}
		// Without a header, a name and a date are a comment only after the
		// article's first paragraph (above it they are its byline) and
		// when the name reads as a person's (not a teaser's headline).
		if s.strong(k) && k > firstProse && (!s.onlyNameDate(k) || (personish(in.author.name) && lines[k].indent == 0 && replyAfter)) {
			// Units follow each other closely; one far above the next is
			// the article's byline, not a comment.
			if first >= 0 && s.nonBlank(prevUnit, k) > maxUnitGap {
				first, strongSeen = -1, 0
			}
			if first < 0 {
				first = k
			}
			prevUnit = k
			strongSeen++
			if strongSeen == 2 {
				return s.titleAbove(first), -1, RuleUnits, fmt.Sprintf("comment author lines such as %q", lines[first].trimmed())
			}
		}
	}
	return -1, -1, "", ""
}

// maxUnitGap is the most non-blank lines between two comment units of one
// thread found without a header.
const maxUnitGap = 40

// nonBlank counts the non-blank lines in lines[from:to].
func (s *scan) nonBlank(from, to int) int {
	n := 0
	for k := from; k < to; k++ {
		if s.lines[k].text != "" {
			n++
		}
	}
	return n
}

// listHasStrong: the indented region from k holds an item that is an
// author line with a says-verb or a date. Items are checked only up to the
// first author line, so a long list without one is scanned once.
func (s *scan) listHasStrong(k int) bool {
	end := threadEnd(s.lines, k)
	for j := k; j < end; j++ {
		in := s.info[j]
		if in.item && in.isName && (in.author.strong || in.author.time != nil) {
			return true
		}
	}
	return false
}

// readThread reads the comments from lines[start:] and returns them with
// the index of the first line after the thread.
func (p *parser) readThread(s *scan, start int) ([]builders.PageComment, int) {
	type open struct{ indent, idx int }
	var (
		lines    = s.lines
		comments []builders.PageComment
		paras    [][][]string
		stack    []open
		top      = lines[start].indent
		list     = s.info[start].item
		nextTop  = 1
		blank    = false
		hasText  = false // the current comment has text
		inPing   = false
		pingInd  = 0
		end      = len(lines)
		metaAt   = -1 // the by-line of the comment just opened
		dateItem bool // the comment opened on a list item that is its date
	)
	addLine := func(t string) {
		ps := paras[len(paras)-1]
		if blank || len(ps) == 0 {
			ps = append(ps, nil)
		}
		ps[len(ps)-1] = append(ps[len(ps)-1], t)
		paras[len(paras)-1] = ps
		blank, hasText = false, true
	}
	opens := func(k int) (who *author, first string, ok bool) {
		in := s.info[k]
		l := lines[k]
		if list && !in.item {
			return nil, "", false
		}
		if in.item && in.date {
			// "1. Januar 15, 2014 um 23:36" over "Agi Joe sagt:".
			var a author
			if t, ok := dateLine(in.rest); ok && !t.IsZero() {
				a.time = &t
			}
			if n := in.nextTxt; n >= 0 && s.info[n].isName && !s.info[n].item && (s.info[n].author.says || s.info[n].author.by) && lines[n].indent > l.indent {
				a.name = s.info[n].author.name
				metaAt = n
			}
			dateItem = true
			return &a, "", true
		}
		if n := in.nextTxt; in.item && s.byLine(n) && lines[n].indent > l.indent {
			a := s.info[n].author
			metaAt = n
			if numberLabelRe.MatchString(in.rest) {
				// "1. 1" over "Kommentar von NAME": the comment's
				// number, no text.
				p.drop(l, DropNumber)
				return &a, "", true
			}
			if a.by && wordCount(in.rest) <= maxCommentTitleWords && !endsSentence(in.rest) {
				// "• Ein Argument" over "geschrieben von NAME am DATE":
				// the comment's title, no text.
				p.drop(l, DropTitle)
				return &a, "", true
			}
			return &a, in.rest, true
		}
		if n := in.nextTxt; !list && s.titleOver(k) {
			// A comment's title over its "Submitted by NAME on DATE"
			// line (Drupal and forum posts): the title is no text.
			a := s.info[n].author
			metaAt = n
			p.drop(l, DropTitle)
			return &a, "", true
		}
		if in.isName && (s.strong(k) || (list && l.indent == top) || (list && in.item && l.indent > top && s.unitEndsInReply(k))) {
			a := in.author
			return &a, "", true
		}
		if list && l.indent == top && in.item && (in.num == nextTop || len(comments) == 0) {
			return nil, in.rest, true // a numbered comment with no author line
		}
		if list && in.item && l.indent > top && in.num == 0 && s.signedItem(k) {
			// A reply in a list whose comments end with their signature,
			// "Tobsen · Mai 15, 2019".
			return nil, in.rest, true
		}
		if len(comments) == 0 {
			return nil, in.rest, true // the thread's first line, under a header
		}
		return nil, "", false
	}
	for k := start; k < len(lines); k++ {
		l := lines[k]
		if l.text == "" {
			blank = true
			continue
		}
		in := s.info[k]
		if k == metaAt {
			p.drop(l, DropByline)
			continue
		}
		if list && l.indent < top {
			end = k
			break
		}
		if inPing && l.indent > pingInd {
			p.drop(l, DropPingback)
			continue
		}
		inPing = false
		if in.ping && (!list || in.item) {
			p.drop(l, DropPingback)
			p.pingbacks++
			inPing, pingInd = true, l.indent
			if !list {
				pingInd = -1 // a flat pingback runs to the next comment
			}
			if list && l.indent == top && in.num > 0 {
				nextTop = in.num + 1
			}
			continue
		}
		if a, first, ok := opens(k); ok {
			if list && l.indent == top && in.num > 0 {
				nextTop = in.num + 1
			}
			ind := l.indent
			if list && ind == top && in.item && in.num == 0 && nextTop > 1 {
				// A bulleted list beside a numbered thread, at its depth:
				// the replies to the numbered comment above it.
				ind = top + 1
			}
			for len(stack) > 0 && stack[len(stack)-1].indent >= ind {
				stack = stack[:len(stack)-1]
			}
			parent := -1
			if len(stack) > 0 {
				parent = stack[len(stack)-1].idx
			}
			c := builders.PageComment{Parent: parent, Line: l.n}
			if dateItem {
				p.drop(l, DropMeta)
				dateItem = false
				c.PublishedAt = a.time
				if a.name == "" {
					a = nil
				}
			}
			if a != nil {
				name := a.name
				c.Author = &name
				c.PublishedAt = a.time
			}
			comments = append(comments, c)
			paras = append(paras, nil)
			stack = append(stack, open{ind, len(comments) - 1})
			blank, hasText = false, false
			if first != "" {
				addLine(first)
			}
			continue
		}
		if !list && l.indent == 0 && in.form && s.unitAfterForm(k) {
			// "Alle Kommentare anzeigen" between two pages of comments.
			p.drop(l, DropForm)
			continue
		}
		if !list && l.indent == 0 && (isThreadEnd(in) || s.sidebarFrom(k) || (in.form && !strings.HasPrefix(strings.ToLower(in.rest), "reply to"))) {
			end = k
			break
		}
		cur := &comments[len(comments)-1]
		if m := signatureRe.FindStringSubmatch(in.rest); m != nil && cur.Author == nil && isNameLike(m[1]) {
			name := m[1]
			cur.Author = &name
			p.drop(l, DropByline)
			continue
		}
		if cur.Author == nil && hasText && !in.item && in.isName && in.author.time != nil {
			// "Tobsen · April 19, 2019" under the text: its signature.
			name := in.author.name
			cur.Author, cur.PublishedAt = &name, in.author.time
			p.drop(l, DropByline)
			continue
		}
		if in.replyTo != "" && hasText && !list && cur.Parent < 0 {
			// The comment names whom it answers: the last comment of
			// that author above it.
			for j := len(comments) - 2; j >= 0; j-- {
				if a := comments[j].Author; a != nil && *a == in.replyTo {
					cur.Parent = j
					break
				}
			}
			p.drop(l, DropReply)
			continue
		}
		switch {
		case in.reply || (in.action && hasText) || (hasText && isModerationLine(in.rest)):
			p.drop(l, DropReply)
		case in.votes && !hasText:
			p.drop(l, DropMeta)
		case in.form:
			p.drop(l, DropForm)
		case in.badge && !hasText:
			p.drop(l, DropMeta)
		case in.date && !in.item && (!hasText || cur.PublishedAt == nil):
			// The date over the text, or under it (Blogger) when the
			// comment has none yet.
			if t, ok := dateLine(in.rest); ok && cur.PublishedAt == nil && !t.IsZero() {
				tt := t
				cur.PublishedAt = &tt
			}
			p.drop(l, DropMeta)
		default:
			addLine(l.trimmed())
		}
	}
	for i := range comments {
		comments[i].Text = textnorm.Paragraphs(paras[i])
	}
	if !list {
		mentionParents(comments)
	}
	return comments, end
}

// mentionRe: a reply that names whom it answers, "@Caesi: …", "@Jan Dark …".
var mentionRe = mustAnchored(`^@(\S[^:,\n]{0,40}?)\s*[:,]`)

// mentionParents: in a thread whose nesting the page does not show, a
// top-level comment whose text opens with "@NAME:" replies to NAME's
// latest comment above it, the one reply structure such a page does show.
func mentionParents(cs []builders.PageComment) {
	last := map[string]int{}
	for i := range cs {
		c := &cs[i]
		if m := mentionRe.FindStringSubmatch(c.Text); m != nil && c.Parent < 0 {
			if j, ok := last[strings.TrimSpace(m[1])]; ok {
				c.Parent = j
			}
		}
		if c.Author != nil {
			last[*c.Author] = i
		}
	}
}

// badgeRe: the mark a theme puts by a comment of the article's author.
var badgeRe = mustAnchored(`(?i)^(?:autor|autorin|author|post author|beitragsautor|auteur|autor del artículo|autore|auteur de l'article|admin|administrator)$`)

// replyWordRe: a reply or quote link on a comment's date line.
var replyWordRe = regexp.MustCompile(`(?i)(?:^|\s)(?:reply|antworten|répondre|responder|rispondi|zitieren|quote|citer|citar)(?:\s|$)`)

// signatureRe: an author line under a comment's text, "Comment by NAME — DATE".
var signatureRe = mustAnchored(`(?i)^(?:comment|kommentar|commentaire|comentario|commento) (?:by|von|par|de|di)\s+(.+?)(?:\s+[—–|-]\s+.*)?$`)

// isThreadEnd: page furniture that closes a flat thread.
func isThreadEnd(in lineInfo) bool {
	return isWidgetHeading(in.rest) || isCopyright(in.rest)
}

// numberLabelRe: a comment's number shown as its own line ("1", "#12").
var numberLabelRe = mustAnchored(`^#?\d{1,5}\.?$`)

// votesRe: a comment's votes or likes shown alone over its text.
var votesRe = mustAnchored(`^[+-]?\d{1,6}$`)

// signedItem: the bulleted item k is a comment signed under its text:
// before the next item, a line of the item's text is its author and date
// ("NAME · DATE").
func (s *scan) signedItem(k int) bool {
	for j := k + 1; j < len(s.lines); j++ {
		if s.lines[j].text == "" {
			continue
		}
		in := s.info[j]
		if in.item || s.lines[j].indent <= s.lines[k].indent {
			return false
		}
		if in.isName && in.author.time != nil {
			return true
		}
	}
	return false
}

// maxCommentTitleWords: a comment's title over its by-line is a few words.
const maxCommentTitleWords = 10
