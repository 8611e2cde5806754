package textpage

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnchoredGuardMatchesTheRegexp holds every guarded expression to the
// plain regular expression on every line of the text page fixtures and of
// the saved pages rendered in both variants (as read, trimmed, and from
// each word on), for each call the rules make.
// fixtureLines is every line of benchPages, as read, trimmed and (up to
// 120 bytes) from each word on, and the empty line.
func fixtureLines(t *testing.T) []string {
	seen := map[string]bool{}
	var lines []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			lines = append(lines, s)
		}
	}
	for _, p := range benchPages(t) {
		for _, l := range strings.Split(p, "\n") {
			add(l)
			add(strings.TrimSpace(l))
			if len(l) > 120 {
				continue
			}
			for i := 1; i < len(l); i++ {
				if l[i-1] == ' ' && l[i] != ' ' {
					add(l[i:])
				}
			}
		}
	}
	add("")
	return lines
}

func TestAnchoredGuardMatchesTheRegexp(t *testing.T) {
	lines := fixtureLines(t)
	require.Greater(t, len(lines), 10000)
	require.Greater(t, len(guarded), 30)
	withGuard := 0
	for _, a := range guarded {
		if a.first != nil {
			withGuard++
		}
		plain := regexp.MustCompile(a.String())
		matched := 0
		for _, l := range lines {
			// Where the guard lets a line through, every method runs
			// the expression itself; where it turns one away, the
			// expression must not match it (the Find and Replace
			// methods then answer "no match" without it).
			want := plain.MatchString(l)
			if !assert.Equal(t, want, a.MatchString(l), "%s on %q", a, l) {
				break
			}
			if !a.mayStart(l) {
				assert.False(t, want && a.rest == nil, "%s on %q", a, l)
				if a.rest == nil {
					assert.Nil(t, a.FindStringSubmatchIndex(l))
					assert.Equal(t, l, a.ReplaceAllString(l, "X"))
				}
			}
			if want {
				matched++
			}
		}
		t.Logf("%d lines match %.60s", matched, a)
	}
	assert.Greater(t, withGuard, 30, "expressions with a guard")
}

func TestFirstRunes(t *testing.T) {
	for _, tc := range []struct {
		expr  string
		first []rune // nil: no guard
	}{
		{`(?i)^(?:ab|c)`, []rune{'A', 'A', 'C', 'C', 'a', 'a', 'c', 'c'}},
		{`^\s*x`, []rune{'\t', '\n', '\f', '\r', ' ', ' ', 'x', 'x'}},
		{`(?i)^k`, []rune{'K', 'K', 'k', 'k', '\u212a', '\u212a'}},
		{`^a?`, nil},  // matches the empty text
		{`a`, nil},    // not anchored
		{`^a|b`, nil}, // one branch not anchored
	} {
		a := mustAnchored(tc.expr)
		if tc.first == nil {
			assert.Nil(t, a.first, tc.expr)
			continue
		}
		assert.Equal(t, normRanges(tc.first), a.first, tc.expr)
	}
}

func TestGuardFromTheEnd(t *testing.T) {
	a := mustAnchored(`(?i)\s+(?:delete|report)$`)
	require.True(t, a.fromEnd)
	for s, want := range map[string]bool{"Anna delete": true, "Anna DELETE": true, "Anna deletes": false, "delete": false, "Anna report": true, "": false, "x": false} {
		assert.Equal(t, want, a.MatchString(s), s)
		assert.Equal(t, a.Regexp.MatchString(s), a.MatchString(s), s)
	}
	assert.False(t, mustAnchored(`\s*$`).fromEnd, "matches the empty text: no guard")
}

// TestDateGuards holds the checks dateSpan makes before its expressions to
// the expressions alone, and the form notices' index to strings.Contains.
func TestDateGuards(t *testing.T) {
	lines := append(fixtureLines(t), "2019-08-03", "3.8.19", "11/08/2020", "Jun 20th at 2:41 am", "x1234", "123", "1-2", "a.b")
	hits := map[string]int{}
	for _, l := range lines {
		assert.Equal(t, yearRe.MatchString(l), hasFourDigits(l), "year %q", l)
		assert.Equal(t, isoRe.FindStringSubmatchIndex(l), isoMatch(l, true), "iso %q", l)
		assert.Nil(t, isoMatch(l, false))
		assert.Equal(t, numRe.FindStringSubmatchIndex(l), numMatch(l), "num %q", l)
		assert.Equal(t, monthMatch(mdNoYearRe, l, 2, true), monthMatch(mdNoYearRe, l, 2, strings.IndexByte(l, ':') >= 0), "md %q", l)
		low := strings.ToLower(l)
		want := false
		for _, f := range formNotices {
			want = want || strings.Contains(low, f)
		}
		assert.Equal(t, want, formNoticeIndex.in(low), "notice %q", l)
		for k, ok := range map[string]bool{"year": hasFourDigits(l), "iso": isoMatch(l, true) != nil, "num": numMatch(l) != nil, "notice": want} {
			if ok {
				hits[k]++
			}
		}
	}
	for _, k := range []string{"year", "iso", "num", "notice"} {
		assert.Greater(t, hits[k], 3, k)
	}
	t.Log(hits)
}

// TestIsCopyrightMatchesTheRule holds isCopyright to the single expression
// it splits, copyrightRe, on every fixture line and on its own examples.
func TestIsCopyrightMatchesTheRule(t *testing.T) {
	lines := append(fixtureLines(t), "© 2020 Anna", "(c) 2019 x", "Copyright 2020", "Proudly powered by WordPress", "Powered by Hugo",
		"Theme: Twenty", "ALL RIGHTS RESERVED.", "Alle Rechte vorbehalten", "Tous droits réservés", "todos los derechos reservados",
		"Impressum", "Datenschutzerklärung", "Privacy Policy", "copyrighted", "all rights reservedx", "xall rights reserved",
		"ALL RIGHTS REſERVED", "proudly powered by ſomething", "Alle Rechte Vorbehalten!")
	matched := 0
	for _, l := range lines {
		s := strings.TrimSpace(l)
		want := len([]rune(s)) <= 200 && copyrightRe.MatchString(s)
		assert.Equal(t, want, isCopyright(l), "%q", l)
		if want {
			matched++
		}
	}
	assert.Greater(t, matched, 20)
	t.Log(matched, "lines match")
}

// TestWordCounts holds wordCount, wordsAtMost and runesAtMost to
// len(strings.Fields(s)) and utf8.RuneCountInString on every fixture line.
func TestWordCounts(t *testing.T) {
	lines := append(fixtureLines(t), "a\u00a0b", "a\u0085b\u2003c", " \t\v\f\r x ", "x\u3000y", "\u00e9\u00e9 \u00e9")
	for _, l := range lines {
		words, runes := len(strings.Fields(l)), utf8.RuneCountInString(l)
		require.Equal(t, words, wordCount(l), "%q", l)
		for _, n := range []int{0, 1, 4, 8, words - 1, words, words + 1} {
			require.Equal(t, words <= n, wordsAtMost(l, n), "%q %d", l, n)
		}
		for _, n := range []int{0, 1, 80, 120, 200, runes - 1, runes, runes + 1, len(l) / 4, len(l)/4 + 1} {
			require.Equal(t, runes <= n, runesAtMost(l, n), "%q %d", l, n)
		}
	}
}

// TestInBoilerplate holds inBoilerplate to the map lookup it bounds.
func TestInBoilerplate(t *testing.T) {
	lines := fixtureLines(t)
	for k := range boilerplate {
		lines = append(lines, k, strings.ToUpper(k), " "+k+" ", k+"x")
	}
	hits := 0
	for _, l := range lines {
		want := boilerplate[strings.ToLower(strings.TrimSpace(l))]
		require.Equal(t, want, inBoilerplate(l), "%q", l)
		if want {
			hits++
		}
	}
	assert.Greater(t, hits, len(boilerplate))
}
