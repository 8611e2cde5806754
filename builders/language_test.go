package builders

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetectLanguage(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"This is a long enough English sentence about the war in Syria and its consequences.", "en"},
		{"Das ist ein ausreichend langer deutscher Satz über den Krieg und seine Folgen für alle.", "de"},
		{"Ceci est une phrase française assez longue sur la guerre et ses conséquences pour tous.", "fr"},
		{"Too short.", UndeterminedLanguage},
		{"", UndeterminedLanguage},
	} {
		assert.Equal(t, tc.want, DetectLanguage(tc.text), tc.text)
	}
	long := strings.Repeat("Ein deutscher Satz über das Wetter und die Zeitung von heute. ", 100000)
	assert.Equal(t, "de", DetectLanguage(long), "reads only the first bytes of a long text")
}

func BenchmarkDetectLanguage(b *testing.B) {
	text := strings.Repeat("word ", 30) + "This is a comment in English about the article above."
	for i := 0; i < b.N; i++ {
		DetectLanguage(text)
	}
}
