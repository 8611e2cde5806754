package textpage

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// anchoredRe is a regular expression anchored at the start of the text
// ("^...") with a guard in front: the runes a match can begin with, worked
// out from the expression itself. A line whose first rune is not one of
// them cannot match, and is turned away without running the expression.
// The rules run many large case-folded alternations on every line of a
// page; most lines fail on their first rune, and the regexp package pays
// for the size of the program on each call. The answers are those of the
// expression (TestAnchoredGuardMatchesTheRegexp).
type anchoredRe struct {
	*regexp.Regexp
	// first holds rune ranges, lo and hi in pairs; nil: no guard (the
	// expression is not anchored, can match the empty text, or uses an
	// operator the guard does not read).
	first []rune
	// prefixes holds, case-folded (foldRune), the first prefixLen runes a
	// match can begin with, or fewer where the expression goes on with a
	// large class or a repetition; nil: no such guard.
	prefixes map[string]struct{}
	// rest, when set, is the expression's branches that no guard can
	// turn lines away from (they begin with a large class, "\\S.{0,40}
	// hat geschrieben"); first and prefixes then guard the other
	// branches, and MatchString runs rest alone on the lines they turn
	// away. The Find and Replace methods run the whole expression.
	rest *anchoredRe
	// fromEnd: the expression is anchored at the end of the text ("...$")
	// instead, and the guard reads the last runes, from the end.
	fromEnd bool
}

// prefixLen is how many runes the prefix guard reads.
const prefixLen = 3

// guarded lists every anchoredRe, for the test that holds them to their
// expressions.
var guarded []*anchoredRe

func mustAnchored(expr string) *anchoredRe {
	re := regexp.MustCompile(expr)
	a := &anchoredRe{Regexp: re}
	guarded = append(guarded, a)
	p, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic(err)
	}
	if !anchoredAtStart(p) {
		guardEnd(a, p)
		return a
	}
	var guardedBranches []*syntax.Regexp
	var rest []string
	for _, b := range topBranches(p) {
		sb := b.Simplify()
		if _, nullable, ok := firstRunes(sb); !ok || nullable || prefixSet(sb) == nil {
			rest = append(rest, b.String())
			continue
		}
		guardedBranches = append(guardedBranches, sb)
	}
	if len(guardedBranches) == 0 {
		// No prefix guard ("^\\S.{0,40}\\s(?:hat geschrieben|...)$"):
		// the end may guard it; else the first rune.
		if guardEnd(a, p); a.fromEnd {
			return a
		}
		set, nullable, ok := firstRunes(p.Simplify())
		if ok && !nullable {
			a.first = set
		}
		return a
	}
	g := &syntax.Regexp{Op: syntax.OpAlternate, Sub: guardedBranches}
	if len(guardedBranches) == 1 {
		g = guardedBranches[0]
	}
	set, nullable, ok := firstRunes(g)
	if !ok || nullable {
		return a
	}
	a.first, a.prefixes = set, prefixSet(g)
	if len(rest) > 0 {
		a.rest = mustAnchored(strings.Join(rest, "|"))
	}
	return a
}

// guardEnd guards a by the end of the text when p is anchored there and a
// prefix of its reverse can be read: the reverse is anchored at the start,
// and a match must end at the text's end. Branches are not split.
func guardEnd(a *anchoredRe, p *syntax.Regexp) {
	r := reverseRe(p.Simplify())
	if !anchoredAtStart(r) {
		return
	}
	set, nullable, ok := firstRunes(r)
	if !ok || nullable {
		return
	}
	if pre := prefixSet(r); pre != nil {
		a.first, a.prefixes, a.fromEnd = set, pre, true
	} else if !anchoredAtStart(p) {
		a.first, a.fromEnd = set, true
	}
}

// topBranches splits an expression anchored at the start into its
// branches, each anchored: "^(?:a|b)" and "^a|^b" into "^a" and "^b".
func topBranches(p *syntax.Regexp) []*syntax.Regexp {
	switch {
	case p.Op == syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, s := range p.Sub {
			out = append(out, topBranches(s)...)
		}
		return out
	case p.Op == syntax.OpConcat && len(p.Sub) == 2 && p.Sub[0].Op == syntax.OpBeginText && p.Sub[1].Op == syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, s := range p.Sub[1].Sub {
			out = append(out, &syntax.Regexp{Op: syntax.OpConcat, Flags: p.Flags, Sub: []*syntax.Regexp{p.Sub[0], s}})
		}
		return out
	}
	return []*syntax.Regexp{p}
}

// mayStart: s's first rune can begin a match.
func (a *anchoredRe) mayStart(s string) bool {
	if a.first == nil {
		return true
	}
	if a.fromEnd {
		return a.mayEnd(s)
	}
	r, _ := utf8.DecodeRuneInString(s)
	if s == "" {
		return false // every match takes at least one rune
	}
	in := false
	for i := 0; i < len(a.first); i += 2 {
		if r < a.first[i] {
			break
		}
		if r <= a.first[i+1] {
			in = true
			break
		}
	}
	if !in || a.prefixes == nil {
		return in
	}
	var buf [prefixLen * utf8.UTFMax]byte
	key := buf[:0]
	for i, n := 0, 0; n < prefixLen && i < len(s); n++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		key = utf8.AppendRune(key, foldRune(r))
		if _, ok := a.prefixes[string(key)]; ok {
			return true
		}
	}
	return false
}

// mayEnd is mayStart for an expression anchored at the end: s's last
// runes, read backwards, can end a match.
func (a *anchoredRe) mayEnd(s string) bool {
	if s == "" {
		return false // every match takes at least one rune
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if !inRanges(a.first, r) {
		return false
	}
	if a.prefixes == nil {
		return true
	}
	var buf [prefixLen * utf8.UTFMax]byte
	key := buf[:0]
	for i, n := len(s), 0; n < prefixLen && i > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		key = utf8.AppendRune(key, foldRune(r))
		if _, ok := a.prefixes[string(key)]; ok {
			return true
		}
	}
	return false
}

func inRanges(set []rune, r rune) bool {
	for i := 0; i < len(set); i += 2 {
		if r < set[i] {
			return false
		}
		if r <= set[i+1] {
			return true
		}
	}
	return false
}

// reverseRe is re read backwards: it matches the reversed texts of re's
// matches, with the start and end of the text swapped.
func reverseRe(re *syntax.Regexp) *syntax.Regexp {
	c := *re
	c.Sub = nil
	switch re.Op {
	case syntax.OpBeginText:
		c.Op = syntax.OpEndText
	case syntax.OpEndText:
		c.Op = syntax.OpBeginText
	case syntax.OpBeginLine:
		c.Op = syntax.OpEndLine
	case syntax.OpEndLine:
		c.Op = syntax.OpBeginLine
	case syntax.OpLiteral:
		c.Rune = make([]rune, len(re.Rune))
		for i, r := range re.Rune {
			c.Rune[len(re.Rune)-1-i] = r
		}
	}
	for _, s := range re.Sub {
		c.Sub = append(c.Sub, reverseRe(s))
	}
	if re.Op == syntax.OpConcat {
		for i, j := 0, len(c.Sub)-1; i < j; i, j = i+1, j-1 {
			c.Sub[i], c.Sub[j] = c.Sub[j], c.Sub[i]
		}
	}
	return &c
}

// foldRune is the smallest rune of r's case-folding orbit: runes that
// match each other under (?i) have the same foldRune.
func foldRune(r rune) rune {
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return min
}

// prefixSeq is the start of a match: its runes, folded; open when the
// expression may go on after them (the part read so far can end there),
// closed when the guard stops reading (any text may follow).
type prefixSeq struct {
	r    []rune
	open bool
}

// maxPrefixes and maxClassRunes bound the work of prefixSet: past them the
// guard reads fewer runes.
const (
	maxPrefixes   = 20000
	maxClassRunes = 64
)

// prefixSet is the set of folded prefixes (up to prefixLen runes) a match
// of re can begin with, each ending where it is cut; nil when an empty
// prefix would be in it (the guard could turn nothing away) or the set
// grows past maxPrefixes.
func prefixSet(re *syntax.Regexp) map[string]struct{} {
	seqs, ok := prefixSeqs(re)
	if !ok {
		return nil
	}
	set := map[string]struct{}{}
	for _, q := range seqs {
		if len(q.r) == 0 {
			return nil
		}
		set[string(q.r)] = struct{}{}
	}
	return set
}

// dedupSeqs drops repeated prefixes, keeping the first.
func dedupSeqs(seqs []prefixSeq) []prefixSeq {
	seen := make(map[string]bool, len(seqs))
	out := seqs[:0]
	for _, q := range seqs {
		k := string(q.r)
		if q.open {
			k += "\x00open"
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, q)
		}
	}
	return out
}

func prefixSeqs(re *syntax.Regexp) ([]prefixSeq, bool) {
	closed := []prefixSeq{{}}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []prefixSeq{{open: true}}, true
	case syntax.OpLiteral:
		n := len(re.Rune)
		if n > prefixLen {
			n = prefixLen
		}
		r := make([]rune, n)
		for i := range r {
			r[i] = foldRune(re.Rune[i])
		}
		return []prefixSeq{{r: r, open: len(re.Rune) < prefixLen}}, true
	case syntax.OpCharClass:
		var out []prefixSeq
		seen := map[rune]bool{}
		count := 0
		for i := 0; i < len(re.Rune); i += 2 {
			count += int(re.Rune[i+1]-re.Rune[i]) + 1
			if count > maxClassRunes {
				return closed, true
			}
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if f := foldRune(c); !seen[f] {
					seen[f] = true
					out = append(out, prefixSeq{r: []rune{f}, open: true})
				}
			}
		}
		return out, true
	case syntax.OpCapture:
		return prefixSeqs(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest, syntax.OpPlus, syntax.OpRepeat:
		sub, ok := prefixSeqs(re.Sub[0])
		if !ok {
			return nil, false
		}
		out := make([]prefixSeq, 0, len(sub)+1)
		for _, q := range sub {
			out = append(out, prefixSeq{r: q.r}) // closed: what follows is not read
		}
		if re.Op != syntax.OpPlus && !(re.Op == syntax.OpRepeat && re.Min > 0) {
			out = append(out, prefixSeq{open: true})
		}
		return out, true
	case syntax.OpConcat:
		cur := []prefixSeq{{open: true}}
		for _, s := range re.Sub {
			next, ok := prefixSeqs(s)
			if !ok {
				return nil, false
			}
			var out []prefixSeq
			for _, a := range cur {
				if !a.open {
					out = append(out, a)
					continue
				}
				for _, b := range next {
					r := append(append([]rune(nil), a.r...), b.r...)
					open := b.open
					if len(r) >= prefixLen {
						r, open = r[:prefixLen], false
					}
					out = append(out, prefixSeq{r: r, open: open})
				}
				if len(out) > 4*maxPrefixes {
					out = dedupSeqs(out)
				}
			}
			if cur = dedupSeqs(out); len(cur) > maxPrefixes {
				return nil, false
			}
		}
		return cur, true
	case syntax.OpAlternate:
		var out []prefixSeq
		for _, s := range re.Sub {
			sub, ok := prefixSeqs(s)
			if !ok {
				return nil, false
			}
			out = dedupSeqs(append(out, sub...))
			if len(out) > maxPrefixes {
				return nil, false
			}
		}
		return out, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return closed, true
	}
	return nil, false
}

func (a *anchoredRe) MatchString(s string) bool {
	if a.mayStart(s) {
		return a.Regexp.MatchString(s)
	}
	return a.rest != nil && a.rest.MatchString(s)
}

func (a *anchoredRe) FindStringIndex(s string) []int {
	if a.rest == nil && !a.mayStart(s) {
		return nil
	}
	return a.Regexp.FindStringIndex(s)
}

func (a *anchoredRe) FindStringSubmatch(s string) []string {
	if a.rest == nil && !a.mayStart(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatch(s)
}

func (a *anchoredRe) FindStringSubmatchIndex(s string) []int {
	if a.rest == nil && !a.mayStart(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatchIndex(s)
}

// ReplaceAllString: an expression anchored at the start and not matching
// the empty text matches at most once, at 0.
func (a *anchoredRe) ReplaceAllString(s, repl string) string {
	if a.rest == nil && !a.mayStart(s) {
		return s
	}
	return a.Regexp.ReplaceAllString(s, repl)
}

// anchoredAtStart: every match of re begins at the start of the text.
func anchoredAtStart(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpConcat, syntax.OpCapture:
		return len(re.Sub) > 0 && anchoredAtStart(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !anchoredAtStart(s) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// firstRunes is the set of runes a match of re can begin with (sorted,
// merged ranges), whether re can match without taking a rune, and false
// when it meets an operator it does not read.
func firstRunes(re *syntax.Regexp) (set []rune, nullable, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, true, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, true, true
		}
		r := re.Rune[0]
		set = []rune{r, r}
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				set = append(set, f, f)
			}
		}
		return normRanges(set), false, true
	case syntax.OpCharClass:
		return normRanges(append([]rune(nil), re.Rune...)), false, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return []rune{0, unicode.MaxRune}, false, true
	case syntax.OpCapture:
		return firstRunes(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		set, _, ok = firstRunes(re.Sub[0])
		return set, true, ok
	case syntax.OpPlus:
		return firstRunes(re.Sub[0])
	case syntax.OpRepeat:
		set, nullable, ok = firstRunes(re.Sub[0])
		return set, nullable || re.Min == 0, ok
	case syntax.OpConcat:
		nullable = true
		for _, s := range re.Sub {
			f, n, ok := firstRunes(s)
			if !ok {
				return nil, false, false
			}
			set = append(set, f...)
			if !n {
				nullable = false
				break
			}
		}
		return normRanges(set), nullable, true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			f, n, ok := firstRunes(s)
			if !ok {
				return nil, false, false
			}
			set = append(set, f...)
			nullable = nullable || n
		}
		return normRanges(set), nullable, true
	}
	return nil, false, false
}

// normRanges sorts rune ranges (pairs) and merges the ones that touch.
func normRanges(r []rune) []rune {
	n := len(r) / 2
	for i := 1; i < n; i++ { // insertion sort: the sets are small
		for j := i; j > 0 && r[2*j] < r[2*j-2]; j-- {
			r[2*j], r[2*j-2] = r[2*j-2], r[2*j]
			r[2*j+1], r[2*j-1] = r[2*j-1], r[2*j+1]
		}
	}
	out := r[:0]
	for i := 0; i < len(r); i += 2 {
		if k := len(out); k > 0 && r[i] <= out[k-1]+1 {
			if r[i+1] > out[k-1] {
				out[k-1] = r[i+1]
			}
			continue
		}
		out = append(out, r[i], r[i+1])
	}
	return out
}
