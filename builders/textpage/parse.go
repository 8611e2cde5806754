package textpage

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textnorm"
	"github.com/threadset/threadset/schema"
)

// Parsed is what Parse read from one page.
type Parsed struct {
	Page builders.Page
	// Dropped lists every non-blank line that is in none of the page's
	// fields, with the rule that dropped it. Nothing else is left out.
	Dropped []Dropped
}

// Dropped is a line left out of the output on purpose.
type Dropped struct {
	Line   int
	Text   string
	Reason string
}

// Reasons a line is dropped.
const (
	DropBoilerplate  = "boilerplate"
	DropTeaser       = "related_teaser"
	DropCountHeader  = "comment_count_header"
	DropRepeat       = "repeated_header"
	DropFooter       = "site_footer"
	DropAfterThread  = "after_thread"
	DropHeaderMarker = "header_marker"
	DropReply        = "reply_link"
	DropForm         = "comment_form"
	DropMeta         = "comment_date"
	DropByline       = "comment_byline"
	DropTitle        = "comment_title"
	DropPingback     = "pingback"
	DropNav          = "navigation"
	DropFurniture    = "page_furniture"
	DropNumber       = "comment_number"
)

// ParseError is a page this builder cannot read.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

type line struct {
	n      int // 1-based line number
	text   string
	indent int
}

func (l line) trimmed() string { return strings.TrimSpace(l.text) }

type block struct {
	lines []line
	gap   int  // blank lines before the block
	name  int8 // isNameBlock, cached by nameAt: 0 unknown, 1 yes, 2 no
	cand  int8 // headlineCandidate, cached by candAt
	meta  int8 // isMetaBlock, cached by metaAt
}

func (b block) single() bool { return len(b.lines) == 1 }
func (b block) first() line  { return b.lines[0] }
func (b block) text() string {
	parts := make([]string, len(b.lines))
	for i, l := range b.lines {
		parts[i] = l.trimmed()
	}
	return strings.Join(parts, "\n")
}

func toBlocks(lines []line) []block {
	var out []block
	gap := 0
	for i := 0; i < len(lines); {
		if lines[i].text == "" {
			gap++
			i++
			continue
		}
		b := block{gap: gap}
		for i < len(lines) && lines[i].text != "" {
			b.lines = append(b.lines, lines[i])
			i++
		}
		out = append(out, b)
		gap = 0
	}
	return out
}

// Parse reads one text page. text must be valid UTF-8 (textnorm.CheckUTF8).
func Parse(text string) (*Parsed, error) {
	raw := textnorm.Lines(text)
	lines := make([]line, len(raw))
	for i, l := range raw {
		lines[i] = line{n: i + 1, text: l, indent: textnorm.Indent(l)}
		if strings.TrimSpace(l) == "" {
			lines[i].text = ""
		}
	}
	blocks := toBlocks(lines)
	if len(blocks) == 0 {
		return nil, &ParseError{Line: 1, Msg: "the page has no text, only whitespace"}
	}
	p := &parser{res: &Parsed{}}
	h, err := p.header(blocks)
	if err != nil {
		return nil, err
	}
	if h == len(blocks) {
		return p.res, nil
	}
	if p.titleLine > 0 {
		// A headline below the first block is read; the rest of the page
		// goes on without it.
		lines[p.titleLine-1].text = ""
	}
	p.rest(lines[blocks[h].first().n-1:])
	return p.res, nil
}

type parser struct {
	res    *Parsed
	byline string
	// pingbacks counts the pingbacks left out of the thread: WordPress
	// counts them in its header.
	pingbacks int
	// titleLine is the headline's line when it stands below the first
	// paragraph (0 otherwise); the body leaves it out.
	titleLine int
}

func (p *parser) drop(l line, reason string) {
	p.res.Dropped = append(p.res.Dropped, Dropped{Line: l.n, Text: l.trimmed(), Reason: reason})
}

func (p *parser) dropBlock(b block, reason string) {
	for _, l := range b.lines {
		p.drop(l, reason)
	}
}

// header reads the breadcrumb, title, subtitle and byline at the top of the
// page and returns the index of the first body block.
func (p *parser) header(blocks []block) (int, error) {
	pg := &p.res.Page
	mark := len(p.res.Dropped)
	quotes, quoted := headerTitles(blocks)
	i := leadNav(blocks)
	if i > 0 && blocks[i-1].single() && isBreadcrumb(blocks[i-1].first().trimmed()) {
		i-- // the trail right over the headline is its section
	}
	for _, b := range blocks[:i] {
		p.dropBlock(b, DropNav)
	}
	if len(blocks) > i+1 && blocks[i].single() && isBreadcrumb(blocks[i].first().trimmed()) {
		s := blocks[i].first().trimmed()
		pg.Section = &s
		i++
	}
	if k := datedHeadline(blocks, i); k > i {
		for _, b := range blocks[i:k] {
			p.dropBlock(b, DropNav)
		}
		i = k
	}
	if k := headlineBelow(blocks, i); k > i {
		for _, b := range blocks[i:k] {
			p.dropBlock(b, DropNav)
		}
		i = k
	}
	if k := headlineUnderMenu(blocks, i); k > i {
		for _, b := range blocks[i:k] {
			p.dropBlock(b, DropNav)
		}
		i = k
	}
	if k, score := headlineByEvidence(blocks, quotes); k >= 0 && k != i && overrides(score, headlineScore(blocks, i, quotes)) {
		// The layout put another line first; the page's own evidence
		// (a date or byline under it, the article under it, a comment
		// header naming it) says which line is the headline.
		if k > i && proseBetween(blocks, i, k) {
			pg.Title = blocks[k].first().trimmed()
			p.titleLine = blocks[k].first().n
			return i, nil
		}
		p.res.Dropped = p.res.Dropped[:mark]
		pg.Section = nil
		for _, b := range blocks[:k] {
			p.dropBlock(b, DropNav)
		}
		i = k
	} else if q := quoted; q != "" && (k < 0 || k == i) && headlineScore(blocks, i, quotes) < scoreMetaBelow && !titleOnPage(blocks, q) {
		// No line of the copy is the headline, but the comment header
		// names the article.
		pg.Title = q
		return i, nil
	}
	tb := blocks[i]
	if !tb.single() || utf8.RuneCountInString(tb.first().trimmed()) > maxTitleRunes {
		if k := headlineAfterParagraph(blocks, i); k > 0 {
			// The copy starts below the headline, with the intro or a
			// block of page furniture: the first heading under it stands
			// for the headline and the block stays in the body.
			pg.Title = blocks[k].first().trimmed()
			p.titleLine = blocks[k].first().n
			return i, nil
		}
	}
	switch {
	case !tb.single():
		return 0, &ParseError{Line: tb.first().n, Msg: fmt.Sprintf("no recognisable title: the page starts with a paragraph of %d lines, not a one-line headline", len(tb.lines))}
	case utf8.RuneCountInString(tb.first().trimmed()) > maxTitleRunes:
		return 0, &ParseError{Line: tb.first().n, Msg: fmt.Sprintf("no recognisable title: the first line is %d characters long (a headline has at most %d)", utf8.RuneCountInString(tb.first().trimmed()), maxTitleRunes)}
	case !hasLetter(tb.first().trimmed()) || (isBoilerplate(tb.first().trimmed()) && !datedBelow(blocks, i)):
		return 0, &ParseError{Line: tb.first().n, Msg: fmt.Sprintf("no recognisable title: the first line %q is not a headline", tb.first().trimmed())}
	}
	pg.Title = tb.first().trimmed()
	i++

	if i+1 < len(blocks) && blocks[i].gap == 1 && blocks[i].single() {
		s := blocks[i].first().trimmed()
		if utf8.RuneCountInString(s) <= maxSubtitleRunes && !strings.HasSuffix(s, ":") && !isBoilerplate(s) && !isByline(s) &&
			!isCountHeader(s) && blocks[i].first().indent == 0 && !isSubscribe(blocks[i+1]) {
			pg.Subtitle = &s
			i++
		}
	}
	if i < len(blocks) && blocks[i].single() && blocks[i].first().indent == 0 {
		s := blocks[i].first().trimmed()
		if isByline(s) || (i+1 < len(blocks) && isSubscribe(blocks[i+1]) && isNameLike(s)) {
			pg.Byline = &s
			p.byline = s
			i++
		}
	}
	// Sites repeat the byline and a "subscribe" prompt as page furniture.
	for i < len(blocks) && blocks[i].single() {
		s := blocks[i].first().trimmed()
		switch {
		case p.byline != "" && s == p.byline:
			p.dropBlock(blocks[i], DropRepeat)
		case isBoilerplate(s):
			p.dropBlock(blocks[i], DropBoilerplate)
		default:
			return i, nil
		}
		i++
	}
	return i, nil
}

// leadNav is the number of blocks of navigation above the headline: menus,
// navigation words ("Menu", "Skip to content", "Live"), numbered or bulleted
// breadcrumbs, and the site name and tagline over them. It is 0 when the
// page opens with its headline, or when what follows the navigation is no
// headline either.
func leadNav(blocks []block) int {
	lead := 0
	for j := 0; j < len(blocks)-1 && j < maxLeadBlocks; j++ {
		b := blocks[j]
		if isLeadNav(b) {
			lead = j + 1
			continue
		}
		if s := b.first().trimmed(); b.single() && wordCount(s) <= maxLeadWords && !endsSentence(s) && !isByline(s) {
			continue // a site name or tagline, or the headline
		}
		break
	}
	if lead == 0 || lead >= len(blocks) {
		return 0
	}
	if tb := blocks[lead]; !tb.single() || utf8.RuneCountInString(tb.first().trimmed()) > maxTitleRunes || isNavWord(tb.first().trimmed()) ||
		(isBoilerplate(tb.first().trimmed()) && !datedBelow(blocks, lead)) {
		return 0
	}
	return lead
}

// headlineBelow: when blocks[i] is page furniture rather than a headline
// (a section label, a tag list, a byline with a date, a reading time, a
// share or comment-form line), the index of the first headline below it
// and above the article's first paragraph; otherwise i.
func headlineBelow(blocks []block, i int) int {
	if i >= len(blocks) || !isKicker(blocks[i]) || datedBelow(blocks, i) {
		return i
	}
	if k := i + 1; k+1 < len(blocks) && isBoilerplate(blocks[i].first().trimmed()) && blocks[k].single() && !isKicker(blocks[k+1]) &&
		wordCount(blocks[k].first().text) == 1 && !isBoilerplate(blocks[k].first().trimmed()) && !isNavWord(blocks[k].first().trimmed()) {
		return k // a one-word headline under the comment form's link
	}
	for k := i + 1; k < len(blocks) && k < i+maxLeadBlocks; k++ {
		b := blocks[k]
		if isProse(b) {
			return i
		}
		if isKicker(b) || !b.single() {
			continue
		}
		s := b.first().trimmed()
		if wordCount(s) >= 2 && utf8.RuneCountInString(s) <= maxTitleRunes && !isBreadcrumb(s) && !isByline(s) && !strings.HasSuffix(s, ":") {
			return k
		}
	}
	return i
}

// datedHeadline: on a page that opens with navigation, a site name or
// teasers, the headline is the first line above the article's first
// paragraph that stands over the article's date or byline. It returns i
// when blocks[i] is that line or there is none.
func datedHeadline(blocks []block, i int) int {
	for k := i; k < len(blocks)-1 && k < i+maxDatedSearch; k++ {
		if isParagraph(blocks[k]) {
			return i
		}
		if !blocks[k].single() || blocks[k].first().indent > 0 {
			continue
		}
		s := blocks[k].first().trimmed()
		if wordCount(s) < 2 || utf8.RuneCountInString(s) > maxTitleRunes || isKicker(blocks[k]) || isByline(s) {
			continue
		}
		if datedBelow(blocks, k) || (blocks[k+1].single() && isByline(blocks[k+1].first().trimmed())) {
			if k == i+1 && blocks[i].single() && !isKicker(blocks[i]) {
				return i // a headline over its dek
			}
			return k
		}
	}
	return i
}

// datedBelow: the block under blocks[i] is the article's date or byline
// with a date, so blocks[i] is its headline whatever it says.
func datedBelow(blocks []block, i int) bool {
	if i+1 >= len(blocks) || !blocks[i].single() || !blocks[i+1].single() {
		return false
	}
	s := blocks[i+1].first().trimmed()
	if isDateLine(s) {
		return true
	}
	_, _, _, ok := dateSpan(s)
	return ok && (bylineRe.MatchString(s) || strings.Contains(strings.ToLower(s), " von ") || strings.Contains(strings.ToLower(s), " by "))
}

var readingTimeRe = mustAnchored(`(?i)^\d+\s*(?:min|mins|minute|minutes|minuten|minutos|minuti)\.?(?:\s+(?:read|reading time|lesezeit|lesen|de lecture|de lectura|di lettura))?$`)

// headlineAfterParagraph: for a page that opens with a paragraph, the
// first heading-like line (2 to 20 words, no sentence) among the next
// blocks, or 0.
func headlineAfterParagraph(blocks []block, i int) int {
	for k := i + 1; k < len(blocks) && k <= i+maxLeadBlocks; k++ {
		b := blocks[k]
		if !b.single() || b.first().indent > 0 || isKicker(b) {
			continue
		}
		s := b.first().trimmed()
		if n := wordCount(s); n >= 2 && n <= 20 && !endsSentence(s) && !isByline(s) {
			return k
		}
	}
	return 0
}

// isKicker: a block above the headline that is not one.
func isKicker(b block) bool {
	if len(b.lines) > 1 {
		for _, l := range b.lines {
			if wordCount(l.text) > 3 && !startsItem(l.trimmed()) {
				return false
			}
		}
		return true // a tag list or a menu
	}
	s := b.first().trimmed()
	if a, ok := authorLine(s); ok && a.time != nil {
		return true // the author and date over the headline
	}
	return wordCount(s) == 1 || isBoilerplate(s) || isNavWord(s) || isDateLine(s) || readingTimeRe.MatchString(s) ||
		isReplyLine(s) || isCountHeader(s) || startsItem(s)
}

// hasDate: s shows a date, as a forum post's "von NAME » DATE" line does
// and a breadcrumb does not.
func hasDate(s string) bool {
	_, _, _, ok := dateSpan(s)
	return ok
}

// isParagraph: a paragraph of the article, not a tagline ("Modeberatung
// mit Leidenschaft!"): a long line, or a sentence over several lines.
func isParagraph(b block) bool {
	for _, l := range b.lines {
		if wordCount(l.text) >= 12 {
			return true
		}
	}
	return len(b.lines) > 1 && isProse(b) && !startsItem(b.first().trimmed())
}

// headlineUnderMenu: when blocks[i], the headline so far, stands over a
// menu (a list, or a navigation word and a list) rather than over the
// article, it is the site's name; the headline is the heading-like line
// under the menus right over the article's first paragraph. It returns
// that line's index, or i.
func headlineUnderMenu(blocks []block, i int) int {
	k := i + 1
	menus := 0
	for k < len(blocks) && (isLeadNav(blocks[k]) || isListBlock(blocks[k]) || (blocks[k].single() && isNavWord(blocks[k].first().trimmed()))) {
		if isListBlock(blocks[k]) || isLeadNav(blocks[k]) {
			menus++
		}
		k++
	}
	if menus == 0 {
		return i
	}
	for ; k+1 < len(blocks) && k < i+maxLeadBlocks; k++ {
		b := blocks[k]
		if !b.single() || b.first().indent > 0 {
			return i
		}
		s := b.first().trimmed()
		if n := wordCount(s); n < 2 || n > 20 || utf8.RuneCountInString(s) > maxTitleRunes || isKicker(b) || isByline(s) || isWidgetHeading(s) || strings.HasSuffix(s, ":") {
			if n == 1 && (isNavWord(s) || isBoilerplate(s) || isShareWidget(s)) {
				continue // "Schliessen", "Drucken"
			}
			return i
		}
		if isParagraph(blocks[k+1]) || datedBelow(blocks, k) {
			return k
		}
		return i
	}
	return i
}

// isListBlock: a block of indented list items ("  • Start"), not a line
// that opens with a date ("17. Februar 2020").
func isListBlock(b block) bool {
	for _, l := range b.lines {
		if l.indent == 0 {
			return false
		}
	}
	return startsItem(b.first().trimmed())
}

// isProse: a paragraph of running text: a long line, or a sentence.
func isProse(b block) bool {
	for _, l := range b.lines {
		if wordCount(l.text) >= 12 {
			return true
		}
	}
	last := b.lines[len(b.lines)-1].trimmed()
	return wordCount(last) >= 2 && strings.ContainsAny(last[len(last)-1:], ".!?")
}

// isLeadNav: a block of navigation at the top of a page.
func isLeadNav(b block) bool {
	all := true
	for _, l := range b.lines {
		s := l.trimmed()
		all = all && (isNavWord(s) || (strings.Contains(s, "»") && !endsSentence(s) && !hasDate(s)))
	}
	if all {
		return true
	}
	if len(b.lines) < 2 {
		return false
	}
	for _, l := range b.lines {
		_, rest, ok := matchItem(l.trimmed())
		if !ok || wordCount(rest) > maxLeadWords || endsSentence(rest) {
			return false
		}
	}
	return true
}

// rest reads the body, the comment thread and the page footer.
func (p *parser) rest(lines []line) {
	pg := &p.res.Page
	sc := newScan(lines)
	start, h, rule, evidence := sc.findThread()
	bodyEnd := len(lines)
	var tail []line
	switch {
	case start >= 0:
		bodyEnd = start
		if h >= 0 {
			bodyEnd = h
			if n, _ := commentHeader(lines[h].trimmed()); n >= 0 {
				n32 := int32(n)
				pg.DeclaredCount = &n32
			}
			p.drop(lines[h], DropCountHeader)
			for k := h + 1; k < start; k++ {
				if lines[k].text != "" {
					p.drop(lines[k], DropForm)
				}
			}
		}
		comments, end := p.readThread(sc, start)
		pg.Comments = comments
		pg.ReplyStructure = schema.ReplyFlat
		for _, c := range comments {
			if c.Parent >= 0 || sc.info[start].item {
				pg.ReplyStructure = schema.ReplyNested
			}
		}
		if sc.info[start].item {
			platform := "wordpress"
			pg.Source.Platform = &platform
		}
		pg.CommentRule, pg.CommentEvidence = rule, evidence
		tail = lines[end:]
	default:
		// A count header with nothing after it but furniture: the page
		// states a thread it does not show.
		for k, l := range lines {
			if l.text != "" && l.indent == 0 && isCountHeader(l.trimmed()) && !proseAfter(lines[k+1:]) {
				n, _ := commentHeader(l.trimmed())
				n32 := int32(n)
				pg.DeclaredCount = &n32
				p.drop(l, DropCountHeader)
				bodyEnd = k
				tail = lines[k+1:]
				pg.CommentRule, pg.CommentEvidence = RuleNone, fmt.Sprintf("the count header %q has no comment under it", l.trimmed())
				break
			}
		}
	}
	body := toBlocks(lines[:bodyEnd])
	if pg.CommentRule == "" {
		// No thread marker: the tail is whatever furniture ends the page.
		n := len(body)
		for n > 0 && (isFurnitureBlock(body[n-1]) || (n == len(body) && n >= 2 && isFurnitureBlock(body[n-2]) && isFooter(body[n-1])) ||
			(n >= 2 && isWidgetList(body[n-2], body[n-1]))) {
			n--
		}
		if n < len(body) {
			tail = lines[body[n].first().n-lines[0].n : bodyEnd]
		}
		body = body[:n]
		if h := headerFlatStart(body); h > 0 {
			hl := body[h].first()
			if n, _ := commentHeader(hl.trimmed()); n >= 0 {
				n32 := int32(n)
				pg.DeclaredCount = &n32
			}
			p.drop(hl, DropCountHeader)
			j := h + 1
			for ; isBoilerplateBlock(body[j]); j++ {
				p.dropBlock(body[j], DropForm)
			}
			end := flatEnd(body, j)
			pg.Comments = p.flatThread(body[j:end])
			pg.ReplyStructure = schema.ReplyFlat
			pg.CommentRule, pg.CommentEvidence = RuleHeader, hl.trimmed()
			if end < len(body) {
				tail = lines[body[end].first().n-lines[0].n : bodyEnd]
			}
			body = body[:h]
		} else if s := flatThreadStart(body); s > 0 {
			pg.Comments = p.flatThread(body[s:])
			pg.ReplyStructure = schema.ReplyFlat
			pg.CommentRule, pg.CommentEvidence = RuleNameRuns, fmt.Sprintf("%d name lines each over a short text, from %q to the end of the page", len(pg.Comments), body[s].first().trimmed())
			platform := "disqus"
			pg.Source.Platform = &platform
			body = body[:s]
		} else {
			pg.CommentRule, pg.CommentEvidence = RuleNone, "no comment header, no comment author lines, no run of name lines"
		}
	}
	p.body(body)
	p.tail(toBlocks(tail))
	if pg.DeclaredCount != nil && int(*pg.DeclaredCount) != len(pg.Comments) && int(*pg.DeclaredCount) != len(pg.Comments)+p.pingbacks {
		ln := 0
		for _, d := range p.res.Dropped {
			if d.Reason == DropCountHeader {
				ln = d.Line
			}
		}
		msg := fmt.Sprintf("the page states %d comments but %d were read", *pg.DeclaredCount, len(pg.Comments))
		pg.Warnings = append(pg.Warnings, builders.Warning{Line: ln, Kind: schema.WarnCountMismatch, Message: msg})
		pg.Anomalies = append(pg.Anomalies, builders.PageAnomaly{Comment: -1, Kind: schema.AnomalyCountMismatch, Detail: fmt.Sprintf("line %d: %s", ln, msg)})
	}
}

// proseAfter: lines hold a paragraph of running text (the article goes on
// below a "5 Comments" link in its meta line).
func proseAfter(lines []line) bool {
	for _, l := range lines {
		if l.text != "" && wordCount(l.text) >= 12 && !isBoilerplate(l.trimmed()) {
			return true
		}
	}
	return false
}

func (p *parser) body(blocks []block) {
	var paras [][]string
	for _, b := range blocks {
		var kept []string
		for _, l := range b.lines {
			s := l.trimmed()
			switch {
			case isTeaser(s):
				p.drop(l, DropTeaser)
			case isBoilerplate(s):
				p.drop(l, DropBoilerplate)
			case isPingback(s):
				p.drop(l, DropPingback)
			case p.byline != "" && s == p.byline && b.single():
				p.drop(l, DropRepeat)
			default:
				kept = append(kept, s)
			}
		}
		paras = append(paras, kept)
	}
	p.res.Page.Body = textnorm.Paragraphs(paras)
}

func (p *parser) tail(blocks []block) {
	for i, b := range blocks {
		switch {
		case isBoilerplateBlock(b):
			p.dropBlock(b, DropBoilerplate)
		case isFurnitureBlock(b) || (i > 0 && isWidgetList(blocks[i-1], b)):
			p.dropBlock(b, DropFurniture)
		case i == len(blocks)-1 && isFooter(b) && (i == 0 || isFurnitureBlock(blocks[i-1])):
			p.res.Page.Source.Name = b.first().trimmed()
			p.dropBlock(b, DropFooter)
		default:
			p.dropBlock(b, DropAfterThread)
			p.res.Page.Warnings = append(p.res.Page.Warnings, builders.Warning{
				Line: b.first().n, Kind: schema.WarnUnparsedText,
				Message: fmt.Sprintf("text after the comment thread is neither a comment nor known page furniture and was left out: %q", clip(b.text(), 80)),
			})
		}
	}
}

var (
	itemRe   = mustAnchored(`^(\d{1,5})\.\s+(\S.*)$`)
	bulletRe = mustAnchored(`^[•◦▪‣·*–-]\s+(\S.*)$`)
	saysRe   = mustAnchored(`^(\S.{0,99}?)\s+(?:says|said|wrote):?$`)
)

// matchItem splits a list item line into its number (0 for a bullet) and text.
func matchItem(s string) (num int, rest string, ok bool) {
	if m := itemRe.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2], true
	}
	if m := bulletRe.FindStringSubmatch(s); m != nil {
		return 0, m[1], true
	}
	return 0, "", false
}

func startsItem(s string) bool {
	_, _, ok := matchItem(s)
	return ok
}

func saysAuthor(rest string) (string, bool) {
	if m := saysRe.FindStringSubmatch(rest); m != nil {
		return strings.TrimSpace(m[1]), true
	}
	return "", false
}

// threadEnd is the index of the first non-blank line after start that is
// not indented: the thread is everything indented from start on.
func threadEnd(lines []line, start int) int {
	for k := start + 1; k < len(lines); k++ {
		if lines[k].text != "" && lines[k].indent == 0 {
			return k
		}
	}
	return len(lines)
}

func nextNonBlank(lines []line, from int) int {
	for k := from; k < len(lines); k++ {
		if lines[k].text != "" {
			return k
		}
	}
	return -1
}

// flatThreadStart finds where a Disqus-style flat thread begins among the
// body blocks: the first name-like line from which the rest of the page
// reads as a run of comments (two or more named, short on average, the
// first of at most three paragraphs). It
// returns 0 when there is none; the first block is never a comment.
func flatThreadStart(blocks []block) int {
	// A flat thread is not indented: it starts after the last indented
	// block (a list, a sidebar widget's links).
	tried, skipTo := 0, 0
	for _, b := range blocks {
		if b.first().indent > 0 {
			skipTo = b.first().n
		}
	}
	// Nor does it start above the article's first paragraph of prose,
	// where a name is the article's byline.
	for _, b := range blocks {
		if len(b.lines) > 1 || wordCount(b.first().text) >= 12 {
			skipTo = max(skipTo, b.first().n)
			break
		}
	}
	for s := 1; s < len(blocks) && tried < maxFlatCandidates; s++ {
		if blocks[s].first().n <= skipTo || !nameAt(blocks, s) {
			continue
		}
		tried++
		cs := readFlat(blocks[s:])
		if len(cs[0].paras) > maxFlatFirstParagraphs {
			continue // a subheading over article paragraphs, not a commenter
		}
		if long := longFlat(cs); long >= 0 {
			skipTo = cs[long].line // a section of the article, not a comment
			continue
		}
		named, paras, gaps, words, most := 0, 0, 0, 0, 0
		seen := map[string]int{}
		for _, c := range cs {
			if c.author != nil {
				named++
				seen[*c.author]++
				most = max(most, seen[*c.author])
			}
			if c.author == nil || len(c.paras) == 0 {
				gaps++
			}
			paras += len(c.paras)
			for _, p := range c.paras {
				for _, l := range p {
					words += wordCount(l)
				}
			}
		}
		// Subheadings over paragraphs read the same way; a thread shows
		// itself by a name posting twice, an empty name or text line, or
		// its length. A "name" on most items is a link label ("Read
		// more"), and texts of a word or two are a menu or a form.
		persons := 0
		for name := range seen {
			if personish(name) {
				persons++
			}
		}
		evidence := most > 1 || gaps > 0
		if named >= 2 && len(seen) >= 2 && evidence && most <= max(2, named/3) && words >= minFlatMeanWords*len(cs) && 3*persons >= 2*len(seen) &&
			float64(paras)/float64(len(cs)) <= maxFlatMeanParagraphs {
			return s
		}
	}
	return 0
}

// longFlat is the index of the last comment longer than a comment gets
// (an article section under a subheading), or -1.
func longFlat(cs []flatComment) int {
	for i := len(cs) - 1; i >= 0; i-- {
		if len(cs[i].paras) > maxFlatParagraphs {
			return i
		}
	}
	return -1
}

// headerFlatStart finds a comment header over a name line that starts a
// flat thread: it returns the header's block index, or -1.
func headerFlatStart(blocks []block) int {
	for i := 1; i+1 < len(blocks); i++ {
		if !blocks[i].single() || blocks[i].first().indent > 0 {
			continue
		}
		if n, ok := commentHeader(blocks[i].first().trimmed()); !ok || n == 0 {
			continue
		}
		j := i + 1 // past the comment form
		for j < len(blocks) && isBoilerplateBlock(blocks[j]) {
			j++
		}
		if j+1 >= len(blocks) || !nameAt(blocks, j) {
			continue
		}
		cs := readFlat(blocks[j:flatEnd(blocks, j)])
		if cs[0].author != nil && len(cs[0].paras) > 0 && longFlat(cs) < 0 {
			return i
		}
	}
	return -1
}

// flatEnd is the index of the first block after start that closes a flat
// thread under a header: a widget title, a subscribe prompt, a form or
// copyright line, a navigation list.
func flatEnd(blocks []block, start int) int {
	for i := start + 1; i < len(blocks); i++ {
		b := blocks[i]
		if isNavList(b) {
			return i
		}
		if s := b.first().trimmed(); b.single() && (isWidgetHeading(s) || isSubscribePrompt(s) || isCopyright(s) || isFormLine(s)) {
			return i
		}
	}
	return len(blocks)
}

type flatComment struct {
	author *string
	line   int
	paras  [][]string
}

// readFlat reads blocks as a flattened Disqus thread: a name line, a blank
// line, the comment's paragraphs. A second blank line where a name belongs
// means the name is empty (no author); a second blank line where the text
// belongs means the text is empty.
func readFlat(blocks []block) []flatComment {
	var (
		out       []flatComment
		afterName bool
	)
	newNamed := func(b block) {
		a := cleanName(b.first().trimmed())
		out = append(out, flatComment{author: &a, line: b.first().n})
		afterName = true
	}
	newAnon := func(b block) {
		out = append(out, flatComment{line: b.first().n, paras: [][]string{paraLines(b)}})
		afterName = false
	}
	addPara := func(b block) {
		c := &out[len(out)-1]
		c.paras = append(c.paras, paraLines(b))
		afterName = false
	}
	newNamed(blocks[0])
	for i := 1; i < len(blocks); i++ {
		b := blocks[i]
		startsNamed := nameAt(blocks, i) && i+1 < len(blocks) && blocks[i+1].gap == 1 && !nameAt(blocks, i+1)
		switch {
		case afterName && b.gap == 1:
			addPara(b)
		case afterName: // empty text, then the next comment
			if nameAt(blocks, i) {
				newNamed(b)
			} else {
				newAnon(b)
			}
		case b.gap == 1 && nameAt(blocks, i) && i+1 < len(blocks):
			newNamed(b)
		case b.gap == 1:
			addPara(b)
		case startsNamed:
			newNamed(b)
		default:
			newAnon(b)
		}
	}
	return out
}

func paraLines(b block) []string {
	out := make([]string, len(b.lines))
	for i, l := range b.lines {
		out[i] = l.trimmed()
	}
	return out
}

func (p *parser) flatThread(blocks []block) []builders.PageComment {
	fcs := readFlat(blocks)
	out := make([]builders.PageComment, len(fcs))
	for i, c := range fcs {
		out[i] = builders.PageComment{Parent: -1, Author: c.author, Text: textnorm.Paragraphs(c.paras), Line: c.line}
	}
	return out
}

const (
	maxTitleRunes         = 300
	maxLeadBlocks         = 16
	maxLeadWords          = 12
	maxDatedSearch        = 80
	maxSubtitleRunes      = 130
	maxNameRunes          = 40
	maxNameWords          = 5
	maxFlatCandidates     = 64
	minFlatMeanWords      = 6
	maxFlatParagraphs     = 10
	maxFlatMeanParagraphs = 3.0
	// maxFlatFirstParagraphs: the first comment of a flat thread is short;
	// a name-like line over more paragraphs is an article subheading.
	maxFlatFirstParagraphs = 3
)

var boilerplate = map[string]bool{
	"cancel reply":                              true,
	"leave a reply":                             true,
	"leave a comment":                           true,
	"post a comment":                            true,
	"comments are closed.":                      true,
	"comments are closed":                       true,
	"required fields are marked *":              true,
	"your email address will not be published.": true,
	"your email address will not be published. required fields are marked *": true,
	"subscribe to our channel": true,
	"share this:":              true,
	"like this:":               true,
	"loading...":               true,
}

// isBoilerplate: page furniture that is dropped wherever it stands: the
// comment form and its notices, share and like widgets, subscribe and
// follow prompts.
func isBoilerplate(s string) bool {
	return inBoilerplate(s) || isFormLine(s) || isShareWidget(s) || isSubscribePrompt(s)
}

// inBoilerplate: s, trimmed and in lower case, is a key of boilerplate. A
// line longer than the longest key is not lowered (strings.ToLower maps
// rune to rune: the rune count stays).
func inBoilerplate(s string) bool {
	t := strings.TrimSpace(s)
	return runesAtMost(t, boilerplateRunes) && boilerplate[strings.ToLower(t)]
}

// boilerplateRunes is the length of boilerplate's longest key, in runes.
var boilerplateRunes = func() int {
	n := 0
	for k := range boilerplate {
		n = max(n, utf8.RuneCountInString(k))
	}
	return n
}()

// isFurnitureBlock: a block of page furniture: boilerplate, reply links,
// widget titles, copyright lines, navigation words, or a navigation list
// (three or more short items that are not sentences).
func isFurnitureBlock(b block) bool {
	if isNavList(b) {
		return true
	}
	for _, l := range b.lines {
		s := l.trimmed()
		if !isBoilerplate(s) && !isReplyLine(s) && !isWidgetHeading(s) && !isCopyright(s) && !isNavWord(s) {
			return false
		}
	}
	return true
}

// isWidgetList: b is the list under a sidebar widget's title.
func isWidgetList(title, b block) bool {
	if !title.single() || !isWidgetHeading(title.first().trimmed()) {
		return false
	}
	for _, l := range b.lines {
		if !startsItem(l.trimmed()) {
			return false
		}
	}
	return true
}

// isNavList: a list of three or more links, each a few words and none a
// sentence: a menu, a breadcrumb trail or a sidebar widget's list.
func isNavList(b block) bool {
	if len(b.lines) < 3 {
		return false
	}
	for _, l := range b.lines {
		_, rest, ok := matchItem(l.trimmed())
		if !ok || wordCount(rest) > 6 || endsSentence(rest) {
			return false
		}
	}
	return true
}

func isBoilerplateBlock(b block) bool {
	for _, l := range b.lines {
		if !isBoilerplate(l.trimmed()) {
			return false
		}
	}
	return true
}

func isSubscribe(b block) bool {
	return b.single() && isSubscribePrompt(b.first().trimmed())
}

var teaserRe = mustAnchored(`^(?i:related|read also|also read|see also|read more):\s+\S`)

func isTeaser(s string) bool { return teaserRe.MatchString(s) }

var bylineRe = mustAnchored(`^(?:By|BY|by|(?i:eingestellt von|posted by|published by|written by|geschrieben von|verfasst von|veröffentlicht von|publié par|écrit par|publicado por|escrito por|pubblicato da|scritto da|geplaatst door|geschreven door))\s+\p{Lu}`)

func isByline(s string) bool {
	return bylineRe.MatchString(s) && utf8.RuneCountInString(s) <= 100
}

// isBreadcrumb: a category trail such as "conflict zones, latest" or
// "Home » World", not a headline.
func isBreadcrumb(s string) bool {
	if utf8.RuneCountInString(s) > 80 || endsSentence(s) {
		return false
	}
	if strings.Contains(s, "»") || strings.Contains(s, " > ") {
		return true
	}
	return strings.Contains(s, ", ") && s == strings.ToLower(s) && hasLetter(s)
}

// isNameLike: a commenter name or site name, not a sentence: short, few
// words, no sentence-ending punctuation, no list marker, no link.
func isNameLike(s string) bool {
	if s == "" || !runesAtMost(s, maxNameRunes) || !wordsAtMost(s, maxNameWords) {
		return false
	}
	if endsSentence(s) || !hasLetter(s) || startsItem(s) || strings.Contains(s, "://") || strings.Contains(s, "%s") || isBoilerplate(s) || isCountHeader(s) || isNavWord(s) || isWidgetHeading(s) || isReplyLine(s) {
		return false
	}
	return true
}

func isNameBlock(b block) bool {
	return b.single() && b.first().indent == 0 && isNameLike(b.first().trimmed())
}

// nameAt is isNameBlock(blocks[i]), computed once per block: the search for
// a flat thread reads the same blocks from many starts.
func nameAt(blocks []block, i int) bool {
	return cached(&blocks[i].name, func() bool { return isNameBlock(blocks[i]) })
}

// cached is f(), worked out once and kept in *c (0 unknown, 1 yes, 2 no).
func cached(c *int8, f func() bool) bool {
	if *c == 0 {
		*c = 2
		if f() {
			*c = 1
		}
	}
	return *c == 1
}

func isFooter(b block) bool { return isNameBlock(b) }

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == '.' && initialRe.MatchString(s) {
		return false // "Astrid S."
	}
	return strings.ContainsRune(".!?:;,…\"”’'»", r)
}

var initialRe = mustAnchored(`\s\p{Lu}\.$`)

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
