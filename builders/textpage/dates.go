package textpage

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The visible dates of comment meta lines, in the formats WordPress and the
// common comment systems print in the languages below. A small parser of
// our own: go-dateparser reads far more, but it is a large dependency, much
// slower per line, and every line of a page is a candidate here (see the
// README's "Text pages" section). Dates without a zone are read as UTC, as
// the page shows them.

var monthNames = buildMonthNames()

func buildMonthNames() map[string]time.Month {
	out := map[string]time.Month{}
	for m, names := range [12][]string{
		{"january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari", "января", "январь", "stycznia", "styczeń", "sty"},
		{"february", "feb", "februar", "février", "févr", "fév", "febrero", "febbraio", "fevereiro", "fev", "februari", "февраля", "февраль", "lutego", "luty", "lut"},
		{"march", "mar", "märz", "mär", "mars", "marzo", "março", "maart", "mrt", "марта", "март", "marca", "marzec"},
		{"april", "apr", "avril", "avr", "abril", "abr", "aprile", "апреля", "апрель", "kwietnia", "kwiecień", "kwi"},
		{"may", "mai", "mayo", "maggio", "mag", "maio", "mei", "мая", "май", "maja", "maj"},
		{"june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "июня", "июнь", "czerwca", "czerwiec", "cze"},
		{"july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "июля", "июль", "lipca", "lipiec", "lip"},
		{"august", "aug", "août", "aout", "agosto", "ago", "augustus", "августа", "август", "sierpnia", "sierpień", "sie"},
		{"september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro", "сентября", "сентябрь", "września", "wrzesień", "wrz"},
		{"october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out", "октября", "октябрь", "października", "październik", "paź"},
		{"november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "listopada", "listopad", "lis"},
		{"december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre", "dezembro", "desember", "декабря", "декабрь", "grudnia", "grudzień", "gru"},
	} {
		for _, n := range names {
			out[n] = time.Month(m + 1)
		}
	}
	return out
}

var (
	// Day Month Year: "11. Dezember 2012", "3 de agosto de 2019", "3 августа 2019 г.".
	// The month word is looked up in monthNames.
	dmyRe = regexp.MustCompile(`(?:^|[^\pL\d])(\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?(\pL{3,12})\.?,?\s+(?:de\s+)?(\d{4})(?:\s*г\.)?`)
	// Month Day, Year: "August 3, 2019", "Aug 3rd 2019".
	mdyRe = regexp.MustCompile(`(?:^|[^\pL\d])(\pL{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	// Month Day without a year, then a time: "Jun 20th at 2:41 am".
	mdNoYearRe = regexp.MustCompile(`(?:^|[^\pL\d])(\pL{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:at\s+|um\s+|à\s+)?\d{1,2}:\d{2}`)
	isoRe      = regexp.MustCompile(`(?:^|\D)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?`)
	yearRe     = regexp.MustCompile(`\d{4}`)
	// Numeric: "11/08/2020", "11.12.2012", "03-08-2019".
	numRe = regexp.MustCompile(`(?:^|\D)(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})(?:\D|$)`)
	// Time of day: "4:11 am", "16:11", "16 h 11 min", "11:07 Uhr".
	clockRe = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{1,2})\s?(?::|\.|h\s?)(\d{2})(?::\d{2})?(?:\s?min)?\s*(a\.?m\.?|p\.?m\.?)?`)
	// Relative dates carry no absolute time; they still mark a meta line.
	relRe = mustAnchored(`(?i)^(?:(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|vor\s+(?:\d+|einem|einer)\s+\pL+|il y a\s+\d+\s+\pL+|hace\s+\d+\s+\pL+|\d+\s+\pL+\s+назад|(?:yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy|ieri|oggi|ontem|hoje|gisteren|vandaag|вчера|сегодня)(?:,?\s+(?:um|at|à|a las|alle|às|om|в)?\s*\d{1,2}(?:[:.]\d{2}|\s?h\s?\d{2})\s*(?:uhr|am|pm|a\.m\.|p\.m\.)?)?)$`)
	// What may stand beside a date on a meta line.
	// commentNumRe: a comment's number before its date, "#12 —", "#1.1 ·".
	commentNumRe = mustAnchored(`^#\d{1,6}(?:\.\d{1,4})*\s*[—–|·-]?\s*`)
	dateFillerRe = mustAnchored(`(?i)^(?:[\s,|·•@–—\-/()\[\]#:]|#\d{1,6}|at|um|à|a|las|às|alle|ore|om|в|o|godz\.?|le|el|il|em|op|on|am|de|del|the|uhr|h|г\.|posted|gepostet|publié|publicado|pubblicato|geplaatst|opublikowano|edit|bearbeiten|modifier|editar|permalink|permanenter|link|uhr\.|\[|\]|zum|antworten|anmelden|zitieren|melden|quote|report|reply|log|in|to)*$`)
)

// monthMatch is the first match of re in s whose group g (counted in
// FindStringSubmatchIndex pairs) is a month name.
func monthMatch(re *regexp.Regexp, s string, g int, hasYear bool) []int {
	if !hasYear {
		return nil
	}
	for _, loc := range re.FindAllStringSubmatchIndex(s, 8) {
		if _, ok := monthNames[strings.ToLower(s[loc[g]:loc[g+1]])]; ok {
			return loc
		}
	}
	return nil
}

// hasFourDigits is yearRe.MatchString(s): four ASCII digits in a row.
func hasFourDigits(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// isoMatch is isoRe's match when s holds a year; a match holds '-'.
func isoMatch(s string, hasYear bool) []int {
	if !hasYear || strings.IndexByte(s, '-') < 0 {
		return nil
	}
	return isoRe.FindStringSubmatchIndex(s)
}

// numMatch is numRe's match; a match holds two of '.', '/', '-'.
func numMatch(s string) []int {
	n := 0
	for i := 0; i < len(s) && n < 2; i++ {
		if c := s[i]; c == '.' || c == '/' || c == '-' {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	return numRe.FindStringSubmatchIndex(s)
}

// dateSpan finds a visible date in s: where it is and the time it gives
// (zero when the page shows no year or only a relative date).
func dateSpan(s string) (start, end int, t time.Time, ok bool) {
	var (
		y, d  int
		m     time.Month
		found []int
	)
	if m := commentNumRe.FindStringIndex(strings.TrimSpace(s)); m != nil && relRe.MatchString(strings.TrimSpace(s)[m[1]:]) {
		// "#1.1 — vor 8 Stunden": the comment's number before its age.
		return 0, len(s), time.Time{}, true
	}
	if !strings.ContainsAny(s, "0123456789") {
		if relRe.MatchString(strings.TrimSpace(s)) {
			return 0, len(s), time.Time{}, true
		}
		return 0, 0, time.Time{}, false
	}
	hasYear := hasFourDigits(s) // yearRe
	// The cheap checks before isoRe, numRe and mdNoYearRe are bytes every
	// match of theirs holds (TestDateGuards).
	if loc := monthMatch(dmyRe, s, 4, hasYear); loc != nil {
		d, _ = strconv.Atoi(s[loc[2]:loc[3]])
		m = monthNames[strings.ToLower(s[loc[4]:loc[5]])]
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		found = []int{loc[2], loc[1]}
	} else if loc := monthMatch(mdyRe, s, 2, hasYear); loc != nil {
		m = monthNames[strings.ToLower(s[loc[2]:loc[3]])]
		d, _ = strconv.Atoi(s[loc[4]:loc[5]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		found = []int{loc[2], loc[1]}
	} else if loc := isoMatch(s, hasYear); loc != nil {
		y, _ = strconv.Atoi(s[loc[2]:loc[3]])
		mm, _ := strconv.Atoi(s[loc[4]:loc[5]])
		m = time.Month(mm)
		d, _ = strconv.Atoi(s[loc[6]:loc[7]])
		found = []int{loc[2], loc[7]}
	} else if loc := numMatch(s); loc != nil && s[loc[4]:loc[5]] == s[loc[8]:loc[9]] {
		a, _ := strconv.Atoi(s[loc[2]:loc[3]])
		b, _ := strconv.Atoi(s[loc[6]:loc[7]])
		y, _ = strconv.Atoi(s[loc[10]:loc[11]])
		if y < 100 {
			y += 2000
		}
		// "/" is month first in English unless the first number cannot be
		// a month; "." and "-" are day first.
		if s[loc[4]:loc[5]] == "/" && a <= 12 && b <= 31 {
			a, b = b, a
		}
		d, m = a, time.Month(b)
		found = []int{loc[2], loc[11]}
	} else if loc := monthMatch(mdNoYearRe, s, 2, strings.IndexByte(s, ':') >= 0); loc != nil {
		// No year: a date the page shows, but no time we can give.
		return loc[2], len(s), time.Time{}, true
	} else if relRe.MatchString(strings.TrimSpace(s)) {
		return 0, len(s), time.Time{}, true
	} else {
		return 0, 0, time.Time{}, false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2100 {
		return 0, 0, time.Time{}, false
	}
	start, end = found[0], found[1]
	hh, mi := 0, 0
	if c := clockRe.FindStringSubmatchIndex(s[end:]); c != nil {
		h, _ := strconv.Atoi(s[end+c[2] : end+c[3]])
		mn, _ := strconv.Atoi(s[end+c[4] : end+c[5]])
		ampm := ""
		if c[6] >= 0 {
			ampm = strings.ToLower(strings.ReplaceAll(s[end+c[6]:end+c[7]], ".", ""))
		}
		if ampm == "pm" && h < 12 {
			h += 12
		} else if ampm == "am" && h == 12 {
			h = 0
		}
		if h < 24 && mn < 60 && dateFillerRe.MatchString(s[end:end+c[2]]) {
			hh, mi = h, mn
			end += c[1]
		}
	} else if c := clockRe.FindStringSubmatchIndex(s[:start]); c != nil && c[1] >= start-4 {
		// "11:07, 3. August 2019": the time before the date.
		h, _ := strconv.Atoi(s[c[2]:c[3]])
		mn, _ := strconv.Atoi(s[c[4]:c[5]])
		if h < 24 && mn < 60 && dateFillerRe.MatchString(s[c[1]:start]) {
			hh, mi = h, mn
			start = c[2]
		}
	}
	t = time.Date(y, m, d, hh, mi, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, 0, time.Time{}, false
	}
	return start, end, t, true
}

// isDateLine: the whole line is a visible date (with "at", "um", "Uhr",
// "|", a permalink mark and the like around it).
func isDateLine(s string) bool {
	_, ok := dateLine(s)
	return ok
}

func dateLine(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return time.Time{}, false
	}
	start, end, t, ok := dateSpan(s)
	if !ok || !dateFillerRe.MatchString(s[:start]) || !dateFillerRe.MatchString(s[end:]) {
		return time.Time{}, false
	}
	return t, true
}
