package labels

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrNoAnnotator is returned when labels would be imported without an
// annotator: the file names none and the import gave none.
var ErrNoAnnotator = errors.New("no annotator: labels are kept per annotator")

// AlreadyImportedError refuses a file whose labels are in the dataset
// already (the same sha256), or a file given twice.
type AlreadyImportedError struct {
	File   string
	SHA256 string
	Labels int    // labels of the file in the dataset
	Same   string // the other argument with the same content
}

func (e *AlreadyImportedError) Error() string {
	if e.Same != "" {
		return fmt.Sprintf("%s and %s are the same file (sha256 %s)", e.Same, e.File, e.SHA256)
	}
	return fmt.Sprintf("%s was imported before: %d label(s) in the dataset come from a file with the same sha256 %s", e.File, e.Labels, e.SHA256)
}

// NormaliseAnnotator is an annotator's name as it is kept: trimmed,
// inner white space collapsed to one space, lower case, so that "Alice "
// and "alice" are one annotator.
func NormaliseAnnotator(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// resolveAnnotator is the annotator a file's names stand for: the first
// that the map names, else the first non-empty one, normalised.
func resolveAnnotator(m map[string]string, names ...string) string {
	for _, n := range names {
		if to, ok := m[NormaliseAnnotator(n)]; ok {
			return to
		}
	}
	for _, n := range names {
		if n := NormaliseAnnotator(n); n != "" {
			return n
		}
	}
	return ""
}

// isMapped says whether the map names one of the names.
func isMapped(m map[string]string, names ...string) bool {
	for _, n := range names {
		if _, ok := m[NormaliseAnnotator(n)]; ok {
			return true
		}
	}
	return false
}

// ReadAnnotatorMap reads a file that maps the names, e-mails or user IDs
// found in exports to annotator names: a JSON object {"from": "to", ...},
// or CSV (or tab-separated) rows of two cells, from and to, with an
// optional header row "from,to". Both sides are normalised.
func ReadAnnotatorMap(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	out := map[string]string{}
	add := func(where, from, to string) error {
		f, t := NormaliseAnnotator(from), NormaliseAnnotator(to)
		if f == "" || t == "" {
			return fmt.Errorf("%s: %s: an empty name (%q -> %q)", name, where, from, to)
		}
		if prev, ok := out[f]; ok && prev != t {
			return fmt.Errorf("%s: %s: %q is mapped twice, to %q and %q", name, where, from, prev, t)
		}
		out[f] = t
		return nil
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var m map[string]any
		if err := json.Unmarshal(trimmed, &m); err != nil {
			return nil, fmt.Errorf("%s: not a JSON object of names: %w", name, err)
		}
		for _, k := range sortedSet(anyKeys(m)) {
			to, ok := m[k].(string)
			if !ok {
				return nil, fmt.Errorf("%s: %q: the name must be a string, not %v", name, k, m[k])
			}
			if err := add(fmt.Sprintf("key %q", k), k, to); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
	r.FieldsPerRecord = -1
	for row := 1; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", name, row, err)
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("%s: row %d: %d cell(s), want 2 (from, to): %q", name, row, len(rec), strings.Join(rec, string(r.Comma)))
		}
		if row == 1 && NormaliseAnnotator(rec[0]) == "from" && NormaliseAnnotator(rec[1]) == "to" {
			continue
		}
		if err := add(fmt.Sprintf("row %d", row), rec[0], rec[1]); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no names in the file", name)
	}
	return out, nil
}

func anyKeys(m map[string]any) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sniffComma is the delimiter of CSV data: of comma, semicolon (Excel in
// much of Europe) and tab, the one that occurs most often outside quotes
// in the first line; comma on a tie.
func sniffComma(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(data) {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if r == '\n' {
			break
		}
		counts[r]++
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
