package pipeline

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/threadset/threadset/builders"
)

// Sidecar metadata files: put beside the inputs (anywhere under an INPUT
// directory, or name them as INPUTs) to give sources and pages what the
// inputs do not carry. CSV files have a header row; JSON Lines files have
// one object per line. Unknown columns are an error, so a typo is caught.
const (
	SourcesCSV   = "threadset-sources.csv"
	SourcesJSONL = "threadset-sources.jsonl"
	PagesCSV     = "threadset-pages.csv"
	PagesJSONL   = "threadset-pages.jsonl"
)

func isSidecar(name string) bool {
	switch name {
	case SourcesCSV, SourcesJSONL, PagesCSV, PagesJSONL:
		return true
	}
	return false
}

// SourceMeta describes a site.
type SourceMeta struct {
	Name     string `json:"name"`
	Homepage string `json:"homepage"`
	Platform string `json:"platform"`
	Language string `json:"language"`
	Country  string `json:"country"`
}

// PageMeta describes one input file.
type PageMeta struct {
	// Path is the input file, relative to the sidecar's directory.
	Path        string `json:"path"`
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
	Source      string `json:"source"`
}

// meta is the loaded sidecar metadata.
type meta struct {
	sources map[string]SourceMeta // by lower-cased name
	byHost  map[string]string     // homepage host -> source name
	pages   map[string]PageMeta   // by cleaned OS path of the input
	times   map[string]time.Time
}

// MetaError is a problem in a sidecar file; the build stops, since the
// metadata applies to many inputs.
type MetaError struct {
	Path string
	Line int
	Msg  string
}

func (e *MetaError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

func loadMeta(paths []string) (*meta, error) {
	m := &meta{sources: map[string]SourceMeta{}, byHost: map[string]string{}, pages: map[string]PageMeta{}, times: map[string]time.Time{}}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, &MetaError{Path: p, Msg: err.Error()}
		}
		base := filepath.Base(p)
		rows, err := readRecords(p, data, strings.HasSuffix(base, ".csv"))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if strings.HasPrefix(base, "threadset-sources") {
				var s SourceMeta
				if err := decodeRecord(r, &s); err != nil {
					return nil, &MetaError{Path: p, Line: r.line, Msg: err.Error()}
				}
				if s.Name == "" {
					return nil, &MetaError{Path: p, Line: r.line, Msg: "a source needs a name"}
				}
				m.sources[strings.ToLower(s.Name)] = s
				if u, err := url.Parse(s.Homepage); err == nil && u.Host != "" {
					m.byHost[hostKey(u.Hostname())] = s.Name
				}
				continue
			}
			var pm PageMeta
			if err := decodeRecord(r, &pm); err != nil {
				return nil, &MetaError{Path: p, Line: r.line, Msg: err.Error()}
			}
			if pm.Path == "" {
				return nil, &MetaError{Path: p, Line: r.line, Msg: "a page needs the path of its input file"}
			}
			if pm.URL != "" {
				if _, ok := builders.CanonicalURL(pm.URL); !ok {
					return nil, &MetaError{Path: p, Line: r.line, Msg: fmt.Sprintf("url %q is not an absolute http(s) URL", pm.URL)}
				}
			}
			key := filepath.Clean(filepath.Join(filepath.Dir(p), filepath.FromSlash(pm.Path)))
			if pm.PublishedAt != "" {
				t, err := parseMetaTime(pm.PublishedAt)
				if err != nil {
					return nil, &MetaError{Path: p, Line: r.line, Msg: fmt.Sprintf("published_at %q: want RFC 3339 (2020-03-15T10:00:00Z) or a date (2020-03-15)", pm.PublishedAt)}
				}
				m.times[key] = t
			}
			m.pages[key] = pm
		}
	}
	return m, nil
}

func hostKey(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }

func parseMetaTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Parse("2006-01-02", s)
}

type record struct {
	line   int
	fields map[string]string
}

// readRecords reads CSV (header row) or JSON Lines into field maps.
func readRecords(p string, data []byte, isCSV bool) ([]record, error) {
	var out []record
	if isCSV {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = 0
		header, err := cr.Read()
		if err != nil {
			return nil, &MetaError{Path: p, Line: 1, Msg: "no header row: " + err.Error()}
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			line, _ := cr.FieldPos(0)
			if err != nil {
				return nil, &MetaError{Path: p, Line: line, Msg: err.Error()}
			}
			f := map[string]string{}
			for i, h := range header {
				f[strings.TrimSpace(h)] = strings.TrimSpace(rec[i])
			}
			out = append(out, record{line: line, fields: f})
		}
		return out, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var raw map[string]any
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			return nil, &MetaError{Path: p, Line: n, Msg: "not a JSON object: " + err.Error()}
		}
		f := map[string]string{}
		for k, v := range raw {
			s, ok := v.(string)
			if !ok && v != nil {
				return nil, &MetaError{Path: p, Line: n, Msg: fmt.Sprintf("field %q must be a string", k)}
			}
			f[k] = s
		}
		out = append(out, record{line: n, fields: f})
	}
	return out, sc.Err()
}

// decodeRecord fills v's string fields by their json tags and rejects
// unknown fields.
func decodeRecord(r record, v any) error {
	b, _ := json.Marshal(r.fields)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%v (see README: sidecar metadata)", err)
	}
	return nil
}

// apply sets what the metadata of the page's input file (keyed by its OS
// path) and of its source say: what the user states overrides what the
// builder read (a source name from a page footer, a URL, a date).
func (m *meta) apply(p *builders.Page, osPath string) {
	key := filepath.Clean(osPath)
	if pm, ok := m.pages[key]; ok {
		if pm.URL != "" {
			if p.URL != nil {
				// The page's own URL no longer joins threads to it.
				p.JoinKeys = without(p.JoinKeys, builders.URLKey(*p.URL))
			}
			u := pm.URL
			p.URL = &u
		}
		if t, ok := m.times[key]; ok {
			p.PublishedAt = &t
		}
		if pm.Source != "" {
			p.Source.Name = pm.Source
		}
	}
	if p.URL != nil {
		if k := builders.URLKey(*p.URL); k != "" && !contains(p.JoinKeys, k) {
			p.JoinKeys = append(p.JoinKeys, k)
		}
		if p.Source.Name == "" {
			if u, err := url.Parse(*p.URL); err == nil {
				p.Source.Name = m.byHost[hostKey(u.Hostname())]
			}
		}
	}
	if sm, ok := m.sources[strings.ToLower(p.Source.Name)]; ok && p.Source.Name != "" {
		// What the user states overrides what a builder inferred.
		set := func(dst **string, v string) {
			if v != "" {
				*dst = &v
			}
		}
		set(&p.Source.Homepage, sm.Homepage)
		set(&p.Source.Platform, sm.Platform)
		set(&p.Source.Country, sm.Country)
		if sm.Language != "" {
			// What the sidecar says overrides what was detected.
			p.Source.Language, p.Language = sm.Language, sm.Language
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func without(xs []string, x string) []string {
	var out []string
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}
