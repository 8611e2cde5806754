package builders

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDetectTrigramsMatchesWhatlanggo checks that the indexed detector
// answers exactly as whatlanggo.Detect on the fixtures' texts (lines,
// paragraphs and prefixes of every input, in every script they hold) and
// on random mixes of their words.
func TestDetectTrigramsMatchesWhatlanggo(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "fixtures", "*", "*", "input", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var texts, words []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil || !utf8.Valid(data) {
			continue // directories, binary inputs
		}
		s := string(data)
		texts = append(texts, prefix(s, 1000), prefix(s, 120))
		for i, p := range strings.Split(s, "\n\n") {
			if i%3 == 0 {
				texts = append(texts, prefix(p, 400))
			}
		}
		for i, l := range strings.Split(s, "\n") {
			if i%5 == 0 {
				texts = append(texts, l)
			}
		}
		words = append(words, strings.Fields(prefix(s, 2000))...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		var b strings.Builder
		for j := rng.IntN(40); j >= 0; j-- {
			b.WriteString(words[rng.IntN(len(words))] + " ")
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, "", " ", "a", "...", "ab", "Ünïcödé ÀÉÎ", "Привет, как дела? Это русский текст.", "שלום עולם", "مرحبا بالعالم", "नमस्ते दुनिया", "日本語のテキスト", "中文文本", "ελληνικά κείμενα")
	reliable := 0
	for _, text := range texts {
		want, got := whatlanggo.Detect(text), detectTrigrams(text)
		assert.Equal(t, want.Script, got.Script, "%q", text)
		assert.Equal(t, want.Confidence, got.Confidence, "%q", text)
		if want.IsReliable() {
			reliable++
			assert.Equal(t, want.Lang, got.Lang, "%q", text)
		}
	}
	t.Logf("%d texts, %d with a reliable answer", len(texts), reliable)
	assert.Greater(t, reliable, 500, "enough texts with an answer to compare")
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

func BenchmarkWhatlanggo(b *testing.B) {
	text := strings.Repeat("word ", 30) + "This is a comment in English about the article above."
	for i := 0; i < b.N; i++ {
		whatlanggo.Detect(text)
	}
}

func TestISO6391(t *testing.T) {
	for l := range whatlanggo.Langs {
		assert.Equal(t, l.Iso6391(), iso6391[l], l.String())
	}
	assert.Equal(t, "", iso6391[-1])
}
