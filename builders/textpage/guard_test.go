package textpage

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAnchoredGuardMatchesTheRegexp holds every guarded expression to the
// plain regular expression on every line of the text page fixtures and of
// the saved pages rendered in both variants (as read, trimmed, and from
// each word on), for each call the rules make.
func TestAnchoredGuardMatchesTheRegexp(t *testing.T) {
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
			want := plain.FindStringSubmatchIndex(l)
			if !assert.Equal(t, want != nil, a.MatchString(l), "%s on %q", a, l) {
				break
			}
			assert.Equal(t, want, a.FindStringSubmatchIndex(l), "%s on %q", a, l)
			assert.Equal(t, plain.ReplaceAllString(l, ""), a.ReplaceAllString(l, ""), "%s on %q", a, l)
			if want != nil {
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
