package textpage

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The headline is decided from evidence, not from position alone: a copy
// of a whole page opens with menus, the site's name and tagline, a
// category label or a cookie notice, and a copy of the article area opens
// with a kicker, a photo credit or the date. What marks the headline is
// what the page says around it and later: the article's date or byline
// under it (or over it), its first paragraph right below it, and the
// comment header that quotes it ("2 Kommentare zu „…“").

// Scores of the evidence for a headline.
const (
	scoreQuoted    = 100 // a comment header later on the page names it
	scoreMetaBelow = 40  // the article's date or byline stands under it
	scoreMetaAbove = 15  // ... or right over it
	scoreNameBelow = 15  // the author's name under it
	scoreTrail     = 40  // a breadcrumb trail over it ends with it
	// scoreDateOverText: the date over it and the article right under it.
	scoreDateOverText = 15
	scoreProse        = 20 // the article's first paragraph follows
	scoreProseNear    = 10 // ... after a dek or a meta line
	scoreWords        = 10 // three words or more
	scoreTwoWords     = 5
	scoreRepeated     = -30 // the same line twice in a row: a site name
	scorePerson       = -30 // a person's name: the byline
	scoreLongProse    = -20 // a long line ending a sentence: a paragraph

	// noHeadline is the score of a line that cannot be a headline.
	noHeadline = -1000
	// minHeadlineScore: less evidence than a following paragraph and a
	// headline's length is no evidence.
	minHeadlineScore = 30
	// headlineMargin: how much more evidence a line needs to replace the
	// line that the page's layout gives as the headline.
	headlineMargin = 10
	// maxKickerWords: a kicker over a headline ("Corona-Tests weiterhin
	// positiv") is a few words.
	maxKickerWords = 4
	// maxDekWords: the dek under a headline is a sentence or two.
	maxDekWords = 40
	minDekWords = 3
	// maxHeadlineWords: longer lines are paragraphs.
	maxHeadlineWords = 20
	// maxHeadlineParas: the headline stands above the article's first
	// paragraphs; the search ends after this many paragraphs.
	maxHeadlineParas = 6
)

// headlineCandidate: a line that could be a headline: one line, not
// indented, a few words, and none of the page furniture that stands around
// headlines (navigation words, category lists, dates, bylines, reading
// times, comment counts, previous/next links, photo credits).
func headlineCandidate(b block) bool {
	if !b.single() || b.first().indent > 0 {
		return false
	}
	s := b.first().trimmed()
	n := wordCount(s)
	if n == 0 || n > maxHeadlineWords || utf8.RuneCountInString(s) > maxTitleRunes || !hasLetter(s) {
		return false
	}
	if _, ok := commentHeader(s); ok {
		return false
	}
	if startsItem(s) || isNavWord(s) || isBoilerplate(s) || isByline(s) || isDateLine(s) || readingTimeRe.MatchString(s) ||
		isReplyLine(s) || isWidgetHeading(s) || isCopyright(s) || isBreadcrumb(s) || isTeaser(s) || strings.HasSuffix(s, ":") {
		return false
	}
	if a, ok := authorLine(s); ok && a.time != nil {
		return false // "Martina Berg 19. Juni 2019"
	}
	if isMetaLine(s) || isPrevNext(s) || isCategoryList(s) || strings.Contains(s, "©") || hasCountSegment(s) || opensWithSymbol(s) ||
		creditRe.MatchString(s) || len(shareWordRe.FindAllStringIndex(s, 3)) >= 2 || (n <= 6 && endsWithByRe.MatchString(s)) {
		return false
	}
	return true
}

// opensWithSymbol: a line that opens with a symbol or a dash is a tagline
// ("~ Hunde & was mich bewegt", "…through the looking glass…"), a label
// ("#GameTechie", "- Advertorial -") or a widget's link ("± Suchen"); a
// headline opens with a letter, a digit, a quote or a bracket.
func opensWithSymbol(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'„“”‘’‚«»‹›([¿¡*", r) {
		return false
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// hasCountSegment: one of the parts of a meta line is a comment count
// ("5343 mal gelesen | 32 Kommentare").
func hasCountSegment(s string) bool {
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '·' || r == '•' }) {
		if isCountHeader(part) {
			return true
		}
	}
	return false
}

// isShortDate: a few words that give a day, a month and a year in any
// order, with a weekday between ("31 Donnerstag Okt 2019").
func isShortDate(s string) bool {
	if wordCount(s) > 5 {
		return false
	}
	day, month, year := false, false, false
	for _, w := range strings.Fields(s) {
		w = strings.Trim(strings.ToLower(w), ".,")
		if n, err := strconv.Atoi(w); err == nil {
			switch {
			case n >= 1990 && n <= 2100:
				year = true
			case n >= 1 && n <= 31:
				day = true
			}
			continue
		}
		if _, ok := monthNames[w]; ok {
			month = true
		}
	}
	return day && month && year
}

// isMetaLine: a line that carries the article's date among a few words
// ("Managua, Nicaragua 26, Abril, 2022 7:43 p.m.", "31 Donnerstag Okt
// 2019", "17. Februar 2020 Frau Sabienes 4 Kommentare").
func isMetaLine(s string) bool {
	if isDateLine(s) || isByline(s) || isShortDate(s) || readingTimeRe.MatchString(s) || (metaWordRe.MatchString(s) && wordCount(s) <= 6) ||
		(numDateStartRe.MatchString(s) && wordCount(s) <= 12) || (wordCount(s) <= 8 && timeOfDayRe.MatchString(s)) {
		return true
	}
	start, end, _, ok := dateSpan(s)
	if !ok {
		return false
	}
	// The date is most of the line, or the line is short and names a
	// time of day.
	return 2*(end-start) >= len(strings.TrimSpace(s)) || (wordCount(s) <= 8 && clockRe.MatchString(s)) ||
		(wordCount(s) <= 12 && (bylineRe.MatchString(s) || metaWordRe.MatchString(s))) ||
		(wordCount(s) <= 25 && metaPartsRe.MatchString(s))
}

// isPrevNext: a link to the previous or next post ("← Older title",
// "Newer title →").
func isPrevNext(s string) bool {
	return strings.HasPrefix(s, "←") || strings.HasSuffix(s, "→") || strings.HasPrefix(s, "↓") || strings.HasPrefix(s, "«") || strings.HasSuffix(s, "»")
}

// isCategoryList: a line of categories or tags, "Allgemein, Essen und
// Trinken, Gesellschaft, Lifestyle" or "Marketing • Social Media" or
// "Site | Kabarett | Satire".
func isCategoryList(s string) bool {
	if strings.Contains(s, " • ") || strings.Count(s, " | ") >= 2 || strings.Count(s, " // ") >= 1 {
		return true
	}
	parts := strings.Split(s, ",")
	if len(parts) < 3 || endsSentence(s) {
		return false
	}
	for _, p := range parts {
		if wordCount(p) > 3 {
			return false
		}
	}
	return true
}

// isMetaBlock: the block under (or over) a headline that gives the
// article's date, author or comment count.
func isMetaBlock(b block) bool {
	s := b.first().trimmed()
	if b.single() {
		if isMetaLine(s) {
			return true
		}
		if a, ok := authorLine(s); ok && a.time != nil {
			return true
		}
		_, _, _, ok := dateSpan(s)
		return ok && wordCount(s) <= 15 && strings.ContainsAny(s, "0123456789")
	}
	// "Von:" over the author's name, or the byline over a date.
	return len(b.lines) <= 3 && (metaWordRe.MatchString(s) || isByline(s) || hasDate(b.lines[1].trimmed()) && wordCount(b.lines[1].text) <= 12)
}

// headlineScore is the evidence that blocks[k] is the article's headline,
// or noHeadline when it is no candidate. quotes are the titles later comment
// headers name, normalised.
func headlineScore(blocks []block, k int, quotes []string) int {
	if k < 0 || k >= len(blocks) || !candAt(blocks, k) {
		return noHeadline
	}
	s := blocks[k].first().trimmed()
	score := 0
	if ns := normTitle(s); len(ns) >= 4 {
		for _, q := range quotes {
			if q == ns || (strings.Contains(q, ns) && 2*len(ns) >= len(q)) {
				score += scoreQuoted
				break
			}
		}
	}
	n := wordCount(s)
	if n <= 3 && isNameLike(s) && personish(s) && ((k > 0 && metaAt(blocks, k-1)) || (k+1 < len(blocks) && metaAt(blocks, k+1))) {
		score += scorePerson // the author's name by the date
	}
	switch {
	case n >= 3:
		score += scoreWords
	case n == 2:
		score += scoreTwoWords
	}
	if n >= 12 && endsSentence(s) && !strings.HasSuffix(s, "?") {
		score += scoreLongProse
	}
	if k+1 < len(blocks) {
		nk := k + 1
		if blocks[nk].single() && votesRe.MatchString(blocks[nk].first().trimmed()) && k+2 < len(blocks) {
			nk = k + 2 // the article's votes or comment count, then its meta
		}
		next := blocks[nk]
		switch {
		case metaAt(blocks, nk):
			score += scoreMetaBelow
		case overDek(blocks, k):
			score += scoreMetaBelow
		case next.single() && isNameLike(next.first().trimmed()) && personish(next.first().trimmed()):
			score += scoreNameBelow
		}
		if isParagraph(next) {
			score += scoreProse
		} else if k+2 < len(blocks) && isParagraph(blocks[k+2]) && (!next.single() || wordCount(next.first().text) <= 30) {
			score += scoreProseNear
		}
		if next.single() && sameTitle(next.first().trimmed(), s) {
			score += scoreRepeated
		}
	}
	if trailEndsWith(blocks, k) {
		score += scoreTrail
	}
	if k > 0 {
		prev := blocks[k-1]
		if candAt(blocks, k-1) && overDek(blocks, k-1) {
			score -= scoreMetaBelow // the dek under the headline
		}
		if ps := prev.first().trimmed(); prev.single() && metaAt(blocks, k-1) && !(isByline(ps) && !hasDate(ps)) {
			// A date over it; a byline without one belongs to the line
			// above.
			score += scoreMetaAbove
			if k+1 < len(blocks) && isParagraph(blocks[k+1]) {
				score += scoreDateOverText // date, headline, text
			}
		}
		if prev.single() && sameTitle(prev.first().trimmed(), s) {
			score += scoreRepeated
		}
	}
	return score
}

// headlineByEvidence is the block with the most evidence of being the
// headline among the blocks above the article's first paragraphs, and its
// score; -1 when no line has enough.
func headlineByEvidence(blocks []block, quotes []string) (int, int) {
	best, bestScore, paras, under := -1, minHeadlineScore-1, 0, 0
	for k := range blocks {
		if isParagraph(blocks[k]) || isSentence(blocks[k]) {
			paras++
			under++
			// The headline stands over the article's first paragraphs;
			// lines below them are subheadings and comments. A site's
			// name over its one-paragraph description does not end the
			// search.
			if paras > maxHeadlineParas || bestScore >= scoreMetaBelow || (best >= 0 && under >= 2) {
				break
			}
		}
		if s := blocks[k].first().trimmed(); blocks[k].single() && isCountHeader(s) {
			break // the comment thread
		}
		if sc := headlineScore(blocks, k, quotes); sc > bestScore {
			best, bestScore, under = k, sc, 0
		}
	}
	if best < 0 {
		return -1, 0
	}
	return best, bestScore
}

// headerTitles are the titles that comment headers name ("2 Kommentare zu
// „Die Überforderung“", "142 Antworten zu Würde des Lebens", "5 thoughts
// on “…”"), normalised, and the first one named in quotes, as written.
func headerTitles(blocks []block) (norm []string, quoted string) {
	for _, b := range blocks {
		if !b.single() {
			continue
		}
		s := b.first().trimmed()
		if n, ok := commentHeader(s); !ok || n < 0 {
			continue
		}
		t := headerTitle(s)
		if t == "" {
			continue
		}
		if quoted == "" && strings.ContainsAny(s, "“„\"«‘»”") {
			quoted = t
		}
		norm = append(norm, normTitle(t))
		if len(norm) == maxQuotedTitles {
			break // a page names its article in a header or two
		}
	}
	return norm, quoted
}

// headerOnRe: the word between a comment count and the title it names.
var headerOnRe = regexp.MustCompile(`(?i)\s(?:on|to|zu|zum|zur|über|à|au|sur|a|en|sobre|para|su|per|em|op|over|на|к|do|na|o)\s`)

// headerTitle is what a comment header says the comments are on: the
// text after "on", "zu", "to", "à" (without quotes), or "".
func headerTitle(s string) string {
	s = trimIcon(s)
	m := countHeaderRe.FindStringSubmatchIndex(s)
	if m == nil {
		return ""
	}
	rest := strings.TrimSpace(s[m[3]:])
	if c := headerOnRe.FindStringIndex(rest); c != nil {
		t := strings.TrimSpace(rest[c[1]:])
		return strings.TrimFunc(t, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	}
	return ""
}

// maxQuotedTitles bounds the work per candidate line on a page of many
// comment headers.
const maxQuotedTitles = 4

// maxTitleBytes: lines longer than a headline can be (maxTitleRunes of up
// to four bytes) are never folded for comparing; a page's body may be one
// line of megabytes.
const maxTitleBytes = 4 * maxTitleRunes

// sameTitle: a and b read the same, letters and digits only.
func sameTitle(a, b string) bool {
	return len(a) <= maxTitleBytes && len(b) <= maxTitleBytes && normTitle(a) == normTitle(b)
}

// normTitle compares titles by their letters and digits only.
func normTitle(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// endsWithByRe: a short line that ends with its author, "Eine Analyse von
// Caspar Schwietering", "A column by Jane Doe".
var endsWithByRe = regexp.MustCompile(`\s(?:von|by|par|por|di|door|av|af)\s+\p{Lu}[\pL.'-]*(?:\s+\p{Lu}[\pL.'-]*){0,2}$`)

// creditRe: a photo credit or source line ("Foto: Jure Makovec", "Bild:
// shutterstock").
var creditRe = mustAnchored(`(?i)^(?:foto|fotos|bild|bilder|photo|photos|image|images|picture|quelle|source|credit|credits|grafik|illustration|video|titelbild|beitragsbild|crédit|crédito|fuente|fonte)s?\s*:`)

// shareWordRe: the verbs of share buttons; two of them on a line are a
// row of buttons ("Auf Facebook teilen Auf Twitter teilen").
var shareWordRe = regexp.MustCompile(`(?i)\b(?:teilen|share|partager|compartir|condividi|partilhar|delen|tweet|twittern)\b`)

// timeOfDayRe: a time of day ("12.09 Uhr", "7:43 p.m.").
var timeOfDayRe = regexp.MustCompile(`(?i)\b\d{1,2}[:.]\d{2}\s*(?:uhr|h|am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b`)

// metaPartsRe: the parts of a meta line with a date: the author ("von
// NAME", "by NAME") or the parts run together with "·" or "|".
var metaPartsRe = regexp.MustCompile(`(?i)\s(?:von|by|par|por|di|door|от)\s|\s[·|]\s`)

// numDateStartRe: a line that opens with a numeric date, the published
// and modified dates run together ("17/11/201917/11/2019 ~ Cem Basman").
var numDateStartRe = mustAnchored(`^\d{1,2}[./-]\d{1,2}[./-]\d{4}`)

// metaWordRe: words that open an article's meta line.
var metaWordRe = mustAnchored(`(?i)^(?:von:?|by:?|posted|published|updated|veröffentlicht|aktualisiert|geschrieben|erstellt|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|filed under|datum|date|autor|author|опубликовано)(?:[:\s]|$)`)

// proseBetween: a paragraph of the article stands in blocks[i:k].
func proseBetween(blocks []block, i, k int) bool {
	for _, b := range blocks[i:k] {
		if isParagraph(b) {
			return true
		}
	}
	return false
}

// titleOnPage: some line of the page reads t.
func titleOnPage(blocks []block, t string) bool {
	nt := normTitle(t)
	for _, b := range blocks {
		for _, l := range b.lines {
			if len(l.text) <= maxTitleBytes && normTitle(l.text) == nt {
				return true
			}
		}
	}
	return false
}

// overrides: a line with score replaces the layout's headline with cur:
// the layout's line is no headline at all, or the other line has clearly
// more evidence, and strong evidence (a date or byline under it, or a
// comment header naming it).
func overrides(score, cur int) bool {
	return cur < 0 || (score >= cur+headlineMargin && score >= scoreMetaBelow)
}

// overDek: blocks[k] is a headline over its dek, over the byline or date.
// A short line over a longer one is a kicker over the headline instead.
func overDek(blocks []block, k int) bool {
	if k+2 >= len(blocks) || !blocks[k+1].single() || blocks[k+1].first().indent > 0 || wordCount(blocks[k+1].first().text) > maxDekWords || wordCount(blocks[k+1].first().text) < minDekWords ||
		metaAt(blocks, k+1) || !metaAt(blocks, k+2) {
		return false
	}
	n := wordCount(blocks[k].first().text)
	return !(n <= maxKickerWords && wordCount(blocks[k+1].first().text) >= n)
}

// isSentence: a short paragraph, a sentence of six words or more ending
// with a full stop; headlines end without one, or with "?" or "!".
func isSentence(b block) bool {
	s := b.text()
	return wordCount(s) >= 6 && strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..")
}

// trailEndsWith: a breadcrumb trail a few blocks over blocks[k] ends with
// its text ("Home>Articles>TITLE", "Business JargonsBusinessTITLE"): the
// trail's last step is the page itself.
func trailEndsWith(blocks []block, k int) bool {
	t := normTitle(blocks[k].first().trimmed())
	if wordCount(blocks[k].first().text) < 2 || len(t) < 8 {
		return false
	}
	for j := max(0, k-3); j < k; j++ {
		if !blocks[j].single() {
			continue
		}
		if len(blocks[j].first().text) > maxTitleBytes {
			continue
		}
		u := normTitle(blocks[j].first().trimmed())
		if len(u) > len(t) && strings.HasSuffix(u, t) {
			return true
		}
	}
	return false
}

// candAt and metaAt are headlineCandidate and isMetaBlock of blocks[k],
// computed once per block: the score of a line reads its neighbours.
func candAt(blocks []block, k int) bool {
	return cached(&blocks[k].cand, func() bool { return headlineCandidate(blocks[k]) })
}

func metaAt(blocks []block, k int) bool {
	return cached(&blocks[k].meta, func() bool { return isMetaBlock(blocks[k]) })
}
