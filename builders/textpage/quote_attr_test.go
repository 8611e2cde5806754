package textpage

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIsQuoteAttrMatchesTheRule checks isQuoteAttr against the single
// regular expression it replaces, on every line of the text page
// fixtures and on the rule's own examples.
func TestIsQuoteAttrMatchesTheRule(t *testing.T) {
	rule := regexp.MustCompile(`(?i)(?:\s↑$|^(?:zitat von|quote from|quoting|originally posted by|citation de|cita de|citazione di|citaat van|цитата)\s+\S.{0,40}$|^\S.{0,40}\s(?:hat geschrieben|a écrit|ha scritto)\s*:?$)`)
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "textpage", "*", "input", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	lines := []string{"bitrot_hunter said: ↑", "said:↑", "↑", " ↑", "x\t↑", "netzwerker hat geschrieben:", "Zitat von Tom_89",
		"Quote from Anna", "Originally Posted by Anna", "ORIGINALLY POSTED BY   Anna", "quote fromAnna", "x ↑ y"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, l := range strings.Split(string(data), "\n") {
			lines = append(lines, l, strings.TrimSpace(l))
		}
	}
	matched := 0
	for _, l := range lines {
		want := rule.MatchString(l)
		assert.Equal(t, want, isQuoteAttr(l), "%q", l)
		if want {
			matched++
		}
	}
	assert.Greater(t, matched, 8)
}
