package pageeval

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/threadset/threadset/builders"
)

// prefixRunes is how much of a comment's normalised text start must be
// found in a produced comment's text for the two to match.
const prefixRunes = 40

// minShareRunes: comment paragraphs shorter than this (normalised) are not
// looked for in bodies; "Danke!" would be found in any article.
const minShareRunes = 20

// Options change how produced pages are judged.
type Options struct {
	// DisqusFlagged reports whether a reader said that the page's thread
	// is loaded by Disqus. Nil means: some warning of the produced pages
	// names Disqus in its kind or message.
	DisqusFlagged func(pages []*builders.Page) bool
}

// Produced is what a reader emitted for one truth page. Err is the
// reader's error, if it failed.
type Produced struct {
	Pages []*builders.Page
	Err   error
}

// Counts are the raw tallies behind the metrics; they add up across pages.
type Counts struct {
	Pages        int
	ReaderErrors int

	TruthComments    int // real comments in truth (pingbacks excluded)
	ProducedComments int // comments the reader emitted on pages of kind comments
	Matched          int
	AuthorCorrect    int // of matched
	ParentCorrect    int // of matched
	DepthCorrect     int // of matched
	TextStartCorrect int // of matched: the produced text starts with the truth's text
	PingbacksEmitted int // produced comments that match a truth pingback

	TitlePages   int
	TitleCorrect int

	BodyFirstPages int
	BodyFirstFound int
	BodyLastPages  int
	BodyLastFound  int

	BodyRunes        int // normalised body runes on pages of kind comments
	BodyCommentRunes int // of which truth comment text

	NoCommentPages    int // kind none or disqus
	InventedComments  int // comments produced on them
	PagesWithInvented int

	DisqusPages   int // pages whose thread Disqus loads (comment_platform disqus)
	DisqusFlagged int
}

func (c *Counts) add(o Counts) {
	c.Pages += o.Pages
	c.ReaderErrors += o.ReaderErrors
	c.TruthComments += o.TruthComments
	c.ProducedComments += o.ProducedComments
	c.Matched += o.Matched
	c.AuthorCorrect += o.AuthorCorrect
	c.ParentCorrect += o.ParentCorrect
	c.DepthCorrect += o.DepthCorrect
	c.TextStartCorrect += o.TextStartCorrect
	c.PingbacksEmitted += o.PingbacksEmitted
	c.TitlePages += o.TitlePages
	c.TitleCorrect += o.TitleCorrect
	c.BodyFirstPages += o.BodyFirstPages
	c.BodyFirstFound += o.BodyFirstFound
	c.BodyLastPages += o.BodyLastPages
	c.BodyLastFound += o.BodyLastFound
	c.BodyRunes += o.BodyRunes
	c.BodyCommentRunes += o.BodyCommentRunes
	c.NoCommentPages += o.NoCommentPages
	c.InventedComments += o.InventedComments
	c.PagesWithInvented += o.PagesWithInvented
	c.DisqusPages += o.DisqusPages
	c.DisqusFlagged += o.DisqusFlagged
}

// Metrics are Counts turned into rates. A rate with nothing to measure
// (no truth comments, no matched comments) is 1: nothing was missed.
type Metrics struct {
	Counts
	Precision      float64
	Recall         float64
	F1             float64
	AuthorAccuracy float64
	ParentAccuracy float64
	DepthAccuracy  float64
	TextStartRate  float64
	TitleAccuracy  float64
	BodyFirstRate  float64
	BodyLastRate   float64
	// CommentShare is the share of body characters (normalised, pages of
	// kind comments) that are truth comment text.
	CommentShare float64
}

func ratio(num, den int) float64 {
	if den == 0 {
		return 1
	}
	return float64(num) / float64(den)
}

func metricsOf(c Counts) Metrics {
	m := Metrics{Counts: c}
	m.Precision = ratio(c.Matched, c.ProducedComments)
	m.Recall = ratio(c.Matched, c.TruthComments)
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	m.AuthorAccuracy = ratio(c.AuthorCorrect, c.Matched)
	m.ParentAccuracy = ratio(c.ParentCorrect, c.Matched)
	m.DepthAccuracy = ratio(c.DepthCorrect, c.Matched)
	m.TextStartRate = ratio(c.TextStartCorrect, c.Matched)
	m.TitleAccuracy = ratio(c.TitleCorrect, c.TitlePages)
	m.BodyFirstRate = ratio(c.BodyFirstFound, c.BodyFirstPages)
	m.BodyLastRate = ratio(c.BodyLastFound, c.BodyLastPages)
	if c.BodyRunes > 0 {
		m.CommentShare = float64(c.BodyCommentRunes) / float64(c.BodyRunes)
	}
	return m
}

// PageResult is the score of one page, for debugging a reader.
type PageResult struct {
	Truth  *Truth
	Err    error
	Counts Counts
	// Title is the title the reader produced.
	Title string
	// Missed are the truth comments no produced comment matched
	// ("native_id author: text start"); Extra the produced comments that
	// matched none; Wrong the matched ones with a wrong author or parent.
	Missed []string
	Extra  []string
	Wrong  []string
}

// Report is a scoring run: totals per split and over all pages, and every
// page's result in truth order.
type Report struct {
	All, Dev, Holdout Metrics
	Pages             []PageResult
}

// Score judges what a reader produced for each truth page; produced is
// indexed like truths.
func Score(truths []Truth, produced []Produced, opts Options) Report {
	if opts.DisqusFlagged == nil {
		opts.DisqusFlagged = warnsDisqus
	}
	var all, dev, hold Counts
	rep := Report{}
	for i := range truths {
		var p Produced
		if i < len(produced) {
			p = produced[i]
		}
		pr := scorePage(&truths[i], p, opts)
		rep.Pages = append(rep.Pages, pr)
		all.add(pr.Counts)
		if truths[i].Split == SplitHoldout {
			hold.add(pr.Counts)
		} else {
			dev.add(pr.Counts)
		}
	}
	rep.All, rep.Dev, rep.Holdout = metricsOf(all), metricsOf(dev), metricsOf(hold)
	return rep
}

func warnsDisqus(pages []*builders.Page) bool {
	for _, p := range pages {
		for _, w := range p.Warnings {
			if strings.Contains(strings.ToLower(w.Kind+" "+w.Message), "disqus") {
				return true
			}
		}
	}
	return false
}

// article is the produced page that holds the article: the first page
// that is not only warnings.
func article(pages []*builders.Page) *builders.Page {
	for _, p := range pages {
		if p != nil && !p.OnlyWarnings {
			return p
		}
	}
	return nil
}

func scorePage(t *Truth, p Produced, opts Options) PageResult {
	pr := PageResult{Truth: t, Err: p.Err}
	c := &pr.Counts
	c.Pages = 1
	real := t.RealComments()
	if t.Kind == KindComments {
		c.TruthComments = len(real)
	} else {
		c.NoCommentPages = 1
	}
	// toptal.com's thread is in the markup and loaded by Disqus too: it
	// counts as a Disqus page as well as a page with comments.
	if t.CommentPlatform == "disqus" {
		c.DisqusPages = 1
	}
	if t.Title != "" {
		c.TitlePages = 1
	}
	if t.BodyFirst != "" {
		c.BodyFirstPages = 1
	}
	if t.BodyLast != "" {
		c.BodyLastPages = 1
	}
	if p.Err != nil {
		c.ReaderErrors = 1
		for _, tc := range real {
			pr.Missed = append(pr.Missed, describeTruth(tc))
		}
		return pr
	}
	if t.CommentPlatform == "disqus" && opts.DisqusFlagged(p.Pages) {
		c.DisqusFlagged = 1
	}
	a := article(p.Pages)
	if a == nil {
		c.ReaderErrors = 1
		return pr
	}
	pr.Title = a.Title
	if t.Title != "" && Normalize(a.Title) == Normalize(t.Title) {
		c.TitleCorrect = 1
	}
	body := Normalize(a.Body)
	if t.BodyFirst != "" && strings.Contains(body, Normalize(t.BodyFirst)) {
		c.BodyFirstFound = 1
	}
	if t.BodyLast != "" && strings.Contains(body, Normalize(t.BodyLast)) {
		c.BodyLastFound = 1
	}
	if t.Kind != KindComments {
		c.InventedComments = len(a.Comments)
		if len(a.Comments) > 0 {
			c.PagesWithInvented = 1
		}
		for _, pc := range a.Comments {
			pr.Extra = append(pr.Extra, describeProduced(pc))
		}
		return pr
	}
	c.BodyRunes = runeLen(body)
	c.BodyCommentRunes = commentRunesIn(body, real)
	c.ProducedComments = len(a.Comments)

	match := matchComments(a.Comments, real)
	pings := pingbackMatches(a.Comments, match, t.Comments)
	c.PingbacksEmitted = pings
	realIndex := map[string]int{}
	for j, tc := range real {
		if tc.NativeID != "" {
			realIndex[tc.NativeID] = j
		}
	}
	parents := producedParents(a.Comments)
	depths := depthsOf(parents)
	matchedTruth := make([]bool, len(real))
	for i, j := range match {
		if j < 0 {
			pr.Extra = append(pr.Extra, describeProduced(a.Comments[i]))
			continue
		}
		matchedTruth[j] = true
		c.Matched++
		tc := real[j]
		pc := a.Comments[i]
		author := ""
		if pc.Author != nil {
			author = *pc.Author
		}
		var wrong []string
		if Normalize(author) == Normalize(tc.Author) {
			c.AuthorCorrect++
		} else {
			wrong = append(wrong, "author "+quote(author)+" want "+quote(tc.Author))
		}
		if parentRight(parents[i], match, tc, realIndex) {
			c.ParentCorrect++
		} else {
			wrong = append(wrong, "parent wrong")
		}
		if depths[i] == tc.Depth {
			c.DepthCorrect++
		}
		if strings.HasPrefix(Normalize(pc.Text), truthPrefix(tc)) {
			c.TextStartCorrect++
		} else {
			wrong = append(wrong, "text starts "+quote(firstRunes(oneLine(pc.Text), 40)))
		}
		if len(wrong) > 0 {
			pr.Wrong = append(pr.Wrong, describeTruth(tc)+": "+strings.Join(wrong, ", "))
		}
	}
	for j, tc := range real {
		if !matchedTruth[j] {
			pr.Missed = append(pr.Missed, describeTruth(tc))
		}
	}
	return pr
}

// parentRight: a matched comment's parent is right when both are top
// level, or when its produced parent is the match of its truth parent. A
// truth parent that is a pingback (not a real comment) is right when the
// reader put the reply at top level.
func parentRight(producedParent int, match []int, tc TruthComment, realIndex map[string]int) bool {
	if tc.Parent == nil {
		return producedParent < 0
	}
	tp, ok := realIndex[*tc.Parent]
	if !ok {
		return producedParent < 0
	}
	return producedParent >= 0 && match[producedParent] == tp
}

// producedParents resolves each produced comment's parent to an index in
// the same slice, -1 at top level or when the parent cannot be found.
func producedParents(cs []builders.PageComment) []int {
	byNative := map[string]int{}
	for i, pc := range cs {
		if pc.NativeID != "" {
			if _, dup := byNative[pc.NativeID]; !dup {
				byNative[pc.NativeID] = i
			}
		}
	}
	out := make([]int, len(cs))
	for i, pc := range cs {
		out[i] = -1
		if pc.NativeParent != "" {
			if j, ok := byNative[pc.NativeParent]; ok && j != i {
				out[i] = j
			}
			continue
		}
		if pc.Parent >= 0 && pc.Parent < i {
			out[i] = pc.Parent
		}
	}
	return out
}

func depthsOf(parents []int) []int {
	d := make([]int, len(parents))
	for i := range parents {
		n, k := 0, parents[i]
		for k >= 0 && n <= len(parents) {
			n++
			k = parents[k]
		}
		d[i] = n
	}
	return d
}

// matchComments pairs produced comments with truth comments: first by
// author and text prefix, then by text prefix alone (so that a wrong
// author still counts as found, and is scored as a wrong author), then
// comments without text by author alone. Among candidates the first truth
// comment after the previous match wins, so that repeated short texts
// ("Danke!") pair in page order. It returns, per produced comment, the
// index of its truth comment or -1.
func matchComments(produced []builders.PageComment, truth []TruthComment) []int {
	match := make([]int, len(produced))
	for i := range match {
		match[i] = -1
	}
	taken := make([]bool, len(truth))
	ptexts := make([]string, len(produced))
	pauthors := make([]string, len(produced))
	for i, pc := range produced {
		ptexts[i] = Normalize(pc.Text)
		if pc.Author != nil {
			pauthors[i] = Normalize(*pc.Author)
		}
	}
	prefixes := make([]string, len(truth))
	tauthors := make([]string, len(truth))
	for j, tc := range truth {
		prefixes[j] = truthPrefix(tc)
		tauthors[j] = Normalize(tc.Author)
	}
	passes := []func(i, j int) bool{
		func(i, j int) bool {
			return prefixes[j] != "" && pauthors[i] == tauthors[j] && strings.Contains(ptexts[i], prefixes[j])
		},
		func(i, j int) bool { return prefixes[j] != "" && strings.Contains(ptexts[i], prefixes[j]) },
		func(i, j int) bool { return prefixes[j] == "" && pauthors[i] == tauthors[j] },
	}
	for _, ok := range passes {
		last := -1
		for i := range produced {
			if match[i] >= 0 {
				last = match[i]
				continue
			}
			// the first candidate after the last match, else the first
			best, after := -1, -1
			for j := range truth {
				if taken[j] || !ok(i, j) {
					continue
				}
				if best < 0 {
					best = j
				}
				if j > last {
					after = j
					break
				}
			}
			if after >= 0 {
				best = after
			}
			if best >= 0 {
				match[i] = best
				taken[best] = true
				last = best
			}
		}
	}
	return match
}

// pingbackMatches counts unmatched produced comments whose text holds a
// truth pingback's text start: pingbacks a reader kept as comments.
func pingbackMatches(produced []builders.PageComment, match []int, all []TruthComment) int {
	n := 0
	for i, pc := range produced {
		if match[i] >= 0 {
			continue
		}
		text := Normalize(pc.Text)
		for _, tc := range all {
			if tc.IsPingback && truthPrefix(tc) != "" && strings.Contains(text, truthPrefix(tc)) {
				n++
				break
			}
		}
	}
	return n
}

// commentRunesIn counts the normalised runes of truth comment paragraphs
// found in body.
func commentRunesIn(body string, cs []TruthComment) int {
	n := 0
	seen := map[string]bool{}
	for _, c := range cs {
		for _, para := range strings.Split(c.Text, "\n\n") {
			p := Normalize(para)
			if runeLen(p) < minShareRunes || seen[p] {
				continue
			}
			seen[p] = true
			if strings.Contains(body, p) {
				n += runeLen(p)
			}
		}
	}
	return n
}

func truthPrefix(tc TruthComment) string {
	s := tc.TextStart
	if s == "" {
		s = tc.Text
	}
	return firstRunes(Normalize(s), prefixRunes)
}

// Normalize folds text for comparison: NFKC, lower case, and only letters
// and digits kept, so that whitespace, punctuation, quote markers and
// list bullets do not decide a match.
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func firstRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

func runeLen(s string) int { return len([]rune(s)) }

func quote(s string) string { return "\"" + s + "\"" }

func describeTruth(tc TruthComment) string {
	return tc.NativeID + " " + quote(tc.Author) + ": " + firstRunes(oneLine(tc.TextStart), 50)
}

func describeProduced(pc builders.PageComment) string {
	a := ""
	if pc.Author != nil {
		a = *pc.Author
	}
	return quote(a) + ": " + firstRunes(oneLine(pc.Text), 50)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
