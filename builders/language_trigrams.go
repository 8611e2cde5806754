package builders

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
	_ "unsafe" // go:linkname to whatlanggo's trigram profiles

	"github.com/abadojack/whatlanggo"
)

// whatlanggo measures a text's distance to each language of its script
// with one map lookup for each of the 300 trigrams of every language's
// profile (about 12,000 for Latin script) however short the text, and
// counts the text's trigrams as strings of runes: about 0.2 ms a comment,
// most of a build's CPU. detectTrigrams computes the same distances and
// confidence from the other side: the text's trigrams (a few dozen in a
// comment) are looked up once each in an index of every profile, so a
// detection costs what the text's length costs. It answers exactly as
// whatlanggo.Detect does (TestDetectTrigramsMatchesWhatlanggo); the
// profiles are whatlanggo's own, read through go:linkname, so that the
// two cannot drift apart (the test fails if a new version changes them).

//go:linkname whatlangLatin github.com/abadojack/whatlanggo.latinLangs
var whatlangLatin map[whatlanggo.Lang][]string

//go:linkname whatlangCyrillic github.com/abadojack/whatlanggo.cyrillicLangs
var whatlangCyrillic map[whatlanggo.Lang][]string

//go:linkname whatlangArabic github.com/abadojack/whatlanggo.arabicLangs
var whatlangArabic map[whatlanggo.Lang][]string

//go:linkname whatlangDevanagari github.com/abadojack/whatlanggo.devanagariLangs
var whatlangDevanagari map[whatlanggo.Lang][]string

//go:linkname whatlangEthiopic github.com/abadojack/whatlanggo.ethiopicLangs
var whatlangEthiopic map[whatlanggo.Lang][]string

//go:linkname whatlangHebrew github.com/abadojack/whatlanggo.hebrewLangs
var whatlangHebrew map[whatlanggo.Lang][]string

// whatlanggo's constants (constants.go).
const (
	maxTrigramDistance = 300
	maxTotalDistance   = 90000
)

// trigramKey packs three runes (21 bits each) into one integer; integer
// order is the order of the trigrams' UTF-8 strings, which whatlanggo
// sorts by.
type trigramKey uint64

func packTrigram(a, b, c rune) trigramKey {
	return trigramKey(a)<<42 | trigramKey(b)<<21 | trigramKey(c)
}

// trigramHit is one profile holding a trigram, at position pos.
type trigramHit struct {
	lang int32 // index into trigramIndex.langs
	pos  int32
}

// trigramIndex is one script's profiles turned inside out.
type trigramIndex struct {
	langs []whatlanggo.Lang // sorted, so that ties break the same way every run
	base  []int             // each language's distance to a text sharing no trigram with it
	hits  map[trigramKey][]trigramHit
}

func newTrigramIndex(profiles map[whatlanggo.Lang][]string) *trigramIndex {
	ix := &trigramIndex{hits: map[trigramKey][]trigramHit{}}
	for l := range profiles {
		ix.langs = append(ix.langs, l)
	}
	slices.Sort(ix.langs)
	for li, l := range ix.langs {
		ix.base = append(ix.base, maxTrigramDistance*len(profiles[l]))
		for pos, tg := range profiles[l] {
			r := []rune(tg)
			if len(r) != 3 {
				panic("whatlanggo profile trigram " + tg + " is not three runes")
			}
			k := packTrigram(r[0], r[1], r[2])
			ix.hits[k] = append(ix.hits[k], trigramHit{lang: int32(li), pos: int32(pos)})
		}
	}
	return ix
}

var trigramIndexes = func() map[*unicode.RangeTable]*trigramIndex {
	return map[*unicode.RangeTable]*trigramIndex{
		unicode.Latin:      newTrigramIndex(whatlangLatin),
		unicode.Cyrillic:   newTrigramIndex(whatlangCyrillic),
		unicode.Arabic:     newTrigramIndex(whatlangArabic),
		unicode.Devanagari: newTrigramIndex(whatlangDevanagari),
		unicode.Ethiopic:   newTrigramIndex(whatlangEthiopic),
		unicode.Hebrew:     newTrigramIndex(whatlangHebrew),
	}
}()

// detectTrigrams is whatlanggo.Detect(text), without the cost.
func detectTrigrams(text string) whatlanggo.Info {
	script := detectScript(text)
	ix := trigramIndexes[script]
	if ix == nil {
		// No trigram profiles (Han, Greek, ...): the script alone decides,
		// cheaply.
		return whatlanggo.Detect(text)
	}
	lang, conf := ix.detect(text)
	return whatlanggo.Info{Lang: lang, Script: script, Confidence: conf}
}

// detectScript is whatlanggo.DetectScript(text). That counts every
// letter against each script's table in turn; a text whose letters are
// all Latin (most of them) can only be Latin, and is told in one pass.
func detectScript(text string) *unicode.RangeTable {
	latin := false
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			latin = true
		case r < utf8.RuneSelf && r > ' ' && r != 0x7f:
			// ASCII punctuation, digits and symbols are stop characters.
		case isTrigramStop(r):
		case unicode.Is(unicode.Latin, r):
			latin = true
		default:
			return whatlanggo.DetectScript(text)
		}
	}
	if latin {
		return unicode.Latin
	}
	return whatlanggo.DetectScript(text) // no letter at all: nil, as it says
}

// iso6391 is Lang.Iso6391, which builds a map of every language on each
// call, worked out once.
var iso6391 = func() map[whatlanggo.Lang]string {
	m := map[whatlanggo.Lang]string{}
	for l := range whatlanggo.Langs {
		m[l] = l.Iso6391()
	}
	return m
}()

type trigramCount struct {
	key   trigramKey
	count int
}

// trigramBuf is one detection's scratch space, reused.
type trigramBuf struct {
	keys           []trigramKey
	ranked, sorted []trigramCount
	starts         []int
}

var trigramBufs = sync.Pool{New: func() any { return new(trigramBuf) }}

func (ix *trigramIndex) detect(text string) (whatlanggo.Lang, float64) {
	// Count the trigrams as whatlanggo's count does: stop characters
	// (punctuation, digits, symbols, spaces) are spaces, letters lower
	// case, a space appended; trigrams of a lone space are skipped.
	buf := trigramBufs.Get().(*trigramBuf)
	defer trigramBufs.Put(buf)
	keys := buf.keys[:0]
	r1, r2, first := ' ', rune(0), true
	step := func(r3 rune) {
		if first {
			r2, first = r3, false
			return
		}
		if !(r2 == ' ' && (r1 == ' ' || r3 == ' ')) {
			keys = append(keys, packTrigram(r1, r2, r3))
		}
		r1, r2 = r2, r3
	}
	for _, r := range text {
		if isTrigramStop(r) {
			r = ' '
		}
		step(unicode.ToLower(r))
	}
	step(' ')
	slices.Sort(keys)
	ranked := buf.ranked[:0]
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		ranked = append(ranked, trigramCount{keys[i], j - i})
		i = j
	}
	buf.keys, buf.ranked = keys, ranked

	// Positions: most frequent first, ties by the larger trigram first.
	// ranked is in ascending trigram order, so a counting sort by count
	// that takes it from the end gives that order without comparisons.
	maxCount := 0
	for _, tc := range ranked {
		maxCount = max(maxCount, tc.count)
	}
	starts := slices.Grow(buf.starts[:0], maxCount+1)[:maxCount+1]
	clear(starts)
	for _, tc := range ranked {
		starts[tc.count]++
	}
	for c, at := maxCount, 0; c >= 1; c-- {
		n := starts[c]
		starts[c] = at
		at += n
	}
	sorted := slices.Grow(buf.sorted[:0], len(ranked))[:len(ranked)]
	for i := len(ranked) - 1; i >= 0; i-- {
		tc := ranked[i]
		sorted[starts[tc.count]] = tc
		starts[tc.count]++
	}
	buf.starts, buf.sorted = starts, sorted
	ranked = sorted

	dist := slices.Clone(ix.base)
	for pos, tc := range ranked {
		for _, h := range ix.hits[tc.key] {
			d := pos - int(h.pos)
			if d < 0 {
				d = -d
			}
			dist[h.lang] += d - maxTrigramDistance
		}
	}

	switch len(ix.langs) {
	case 0:
		return -1, 0
	case 1:
		return ix.langs[0], 1
	}
	// The two closest languages, as whatlanggo's calculateConfidence.
	best, second := -1, -1
	for i := range dist {
		switch {
		case best < 0 || dist[i] < dist[best]:
			best, second = i, best
		case second < 0 || dist[i] < dist[second]:
			second = i
		}
	}
	score1 := maxTotalDistance - dist[best]
	score2 := maxTotalDistance - dist[second]
	if score1 == 0 {
		return -1, 0
	}
	if score2 == 0 {
		return ix.langs[best], min(float64(score1/500.0), 1.0)
	}
	rate := float64(score1-score2) / float64(score2)
	confidentRate := float64(12.0/float64(len(ranked))) + 0.05
	if rate > confidentRate {
		return ix.langs[best], 1.0
	}
	return ix.langs[best], rate / confidentRate
}

// isTrigramStop is whatlanggo's isStopChar.
func isTrigramStop(r rune) bool {
	return unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsDigit(r)
}
