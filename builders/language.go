package builders

import (
	"strings"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Language detection settings. Measured on the 84 saved pages of
// fixtures/html-pages (their <html lang> as the truth): article text
// 75 of 82 right; comments 404 of the 409 it answered (98.8%), "und" for
// the 137 too short or ambiguous to tell; about 0.5 ms per text.
const (
	// languageMinRunes is the shortest text whose language is detected.
	languageMinRunes = 40
	// languageMaxBytes caps the text a detection reads: the first
	// paragraphs tell the language, the rest only costs time.
	languageMaxBytes = 1000
)

// DetectLanguage returns the ISO 639-1 code of the language text is
// written in, or "und" when the text is too short or the detector is not
// confident. It is deterministic.
func DetectLanguage(text string) string {
	if len(text) > languageMaxBytes {
		text = text[:languageMaxBytes]
		for len(text) > 0 && !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	if utf8.RuneCountInString(strings.TrimSpace(text)) < languageMinRunes {
		return UndeterminedLanguage
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()
	if !info.IsReliable() || code == "" {
		return UndeterminedLanguage
	}
	return code
}
