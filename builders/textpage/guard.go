package textpage

import (
	"regexp"
	"regexp/syntax"
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
}

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
	p = p.Simplify()
	if !anchoredAtStart(p) {
		return a
	}
	set, nullable, ok := firstRunes(p)
	if ok && !nullable {
		a.first = set
	}
	return a
}

// mayStart: s's first rune can begin a match.
func (a *anchoredRe) mayStart(s string) bool {
	if a.first == nil {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	if s == "" {
		return false // every match takes at least one rune
	}
	for i := 0; i < len(a.first); i += 2 {
		if r < a.first[i] {
			return false
		}
		if r <= a.first[i+1] {
			return true
		}
	}
	return false
}

func (a *anchoredRe) MatchString(s string) bool { return a.mayStart(s) && a.Regexp.MatchString(s) }

func (a *anchoredRe) FindStringIndex(s string) []int {
	if !a.mayStart(s) {
		return nil
	}
	return a.Regexp.FindStringIndex(s)
}

func (a *anchoredRe) FindStringSubmatch(s string) []string {
	if !a.mayStart(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatch(s)
}

func (a *anchoredRe) FindStringSubmatchIndex(s string) []int {
	if !a.mayStart(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatchIndex(s)
}

// ReplaceAllString: an expression anchored at the start and not matching
// the empty text matches at most once, at 0.
func (a *anchoredRe) ReplaceAllString(s, repl string) string {
	if !a.mayStart(s) {
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
