package html

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/threadset/threadset/builders"
)

// meta is what a page says about itself in its head and structured data.
type meta struct {
	lang      string
	canonical string // absolute, as written (archive.org wrappers removed)
	base      *url.URL
	siteName  string
	docTitle  string // <title>

	// From JSON-LD articles, then OpenGraph / article:* / name= meta.
	headline     string
	ogTitle      string
	subtitle     string
	authors      []string
	published    string
	section      string
	tags         []string
	ldComments   []any // schema.org Comment objects of the article's JSON-LD
	hasLDArticle bool
	wordpress    bool // generator meta or wp-content assets

	metaByName map[string][]string // lower-cased name or property -> contents, in page order
}

func (m *meta) first(keys ...string) string {
	for _, k := range keys {
		for _, v := range m.metaByName[k] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// articleTypes are the schema.org types whose object describes the page's article.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"backgroundnewsarticle": true, "scholarlyarticle": true, "techarticle": true,
	"socialmediaposting": true, "liveblogposting": true, "report": true, "posting": true,
	"discussionforumposting": true,
}

func readMeta(doc *html.Node) *meta {
	m := &meta{metaByName: map[string][]string{}}
	var ld []any
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Html:
			if m.lang == "" {
				m.lang = strings.TrimSpace(attr(n, "lang"))
				if m.lang == "" {
					m.lang = strings.TrimSpace(attr(n, "xml:lang"))
				}
			}
		case atom.Title:
			if m.docTitle == "" && ancestor(n, func(p *html.Node) bool { return p.DataAtom == atom.Svg }) == nil {
				m.docTitle = clean(textOf(n))
			}
			return false
		case atom.Meta:
			key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
			}
			if key == "" {
				key = strings.ToLower(strings.TrimSpace(attr(n, "http-equiv")))
			}
			if key == "" && attr(n, "itemprop") != "" && ancestor(n, func(p *html.Node) bool { return hasAttr(p, "itemscope") }) == nil {
				key = "itemprop:" + strings.ToLower(attr(n, "itemprop"))
			}
			if key != "" {
				m.metaByName[key] = append(m.metaByName[key], attr(n, "content"))
			}
		case atom.Link:
			if strings.Contains(attr(n, "href"), "/wp-content/") || strings.Contains(attr(n, "href"), "/wp-includes/") {
				m.wordpress = true
			}
			rel := strings.ToLower(attr(n, "rel"))
			if hasWord(rel, "canonical") && m.canonical == "" {
				m.canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Base:
			if u, err := url.Parse(strings.TrimSpace(attr(n, "href"))); err == nil && u.IsAbs() && m.base == nil {
				m.base = u
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
				var v any
				if json.Unmarshal([]byte(cdata(n.FirstChild.Data)), &v) == nil {
					ld = append(ld, v)
				}
			}
			return false
		case atom.Style, atom.Noscript, atom.Template:
			return false
		}
		return true
	})
	if m.lang == "" {
		m.lang = m.first("content-language", "og:locale", "dc.language", "language")
	}
	if i := strings.IndexAny(m.lang, ",;"); i >= 0 {
		m.lang = m.lang[:i]
	}
	m.lang = strings.ReplaceAll(strings.TrimSpace(m.lang), "_", "-")

	m.readLD(ld)
	if strings.HasPrefix(strings.ToLower(m.first("generator")), "wordpress") {
		m.wordpress = true
	}

	if m.canonical == "" {
		m.canonical = m.first("og:url", "twitter:url")
	}
	m.canonical = unwrapArchive(m.canonical)
	if u, err := url.Parse(m.canonical); err == nil && !u.IsAbs() && m.base != nil {
		m.canonical = m.base.ResolveReference(u).String()
	}
	if u, err := url.Parse(m.canonical); err == nil && u.IsAbs() && m.base == nil {
		m.base = u
	}
	if m.siteName == "" {
		m.siteName = clean(m.first("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"))
		m.siteName = strings.TrimPrefix(m.siteName, "@")
	}
	m.ogTitle = clean(m.first("og:title", "twitter:title", "dc.title", "title", "itemprop:headline"))
	if len(m.authors) == 0 {
		for _, a := range append(m.metaByName["article:author"], m.metaByName["author"]...) {
			a = clean(a)
			if a != "" && !strings.Contains(a, "://") && !contains(m.authors, a) {
				m.authors = append(m.authors, a)
			}
		}
	}
	if m.published == "" {
		m.published = m.first("article:published_time", "og:article:published_time", "datepublished", "itemprop:datepublished",
			"dc.date.issued", "dc.date", "dcterms.date", "date", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date")
	}
	if m.section == "" {
		m.section = clean(m.first("article:section", "og:article:section"))
	}
	for _, t := range append(m.metaByName["article:tag"], m.metaByName["og:article:tag"]...) {
		if t = clean(t); t != "" && !contains(m.tags, t) {
			m.tags = append(m.tags, t)
		}
	}
	return m
}

// cdata strips what CMSs wrap around JSON-LD (<!--, //<![CDATA[).
func cdata(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<!--")
	s = strings.TrimSuffix(s, "-->")
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "//<![CDATA[")
	s = strings.TrimSuffix(s, "//]]>")
	return s
}

// readLD takes the first article object of the page's JSON-LD (top level,
// in an array or in @graph) and the site's name from a WebSite or
// publisher object.
func (m *meta) readLD(docs []any) {
	var objs []map[string]any
	var collect func(v any)
	collect = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				collect(e)
			}
		case map[string]any:
			objs = append(objs, x)
			if g, ok := x["@graph"]; ok {
				collect(g)
			}
		}
	}
	for _, d := range docs {
		collect(d)
	}
	var art map[string]any
	for _, o := range objs {
		if art == nil && hasType(o, articleTypes) {
			art = o
		}
		if m.siteName == "" && hasType(o, map[string]bool{"website": true}) {
			m.siteName = clean(ldString(o["name"]))
		}
	}
	if art == nil {
		// A WebPage whose mainEntity is the article.
		for _, o := range objs {
			if me, ok := o["mainEntity"].(map[string]any); ok && hasType(me, articleTypes) {
				art = me
				break
			}
		}
	}
	if art == nil {
		return
	}
	m.hasLDArticle = true
	m.headline = clean(ldString(art["headline"]))
	if m.headline == "" {
		m.headline = clean(ldString(art["name"]))
	}
	m.subtitle = clean(ldString(art["alternativeHeadline"]))
	for _, a := range ldList(art["author"]) {
		name := ""
		switch x := a.(type) {
		case string:
			name = x
		case map[string]any:
			name = ldString(x["name"])
		}
		if name = clean(name); name != "" && !strings.Contains(name, "://") && !contains(m.authors, name) {
			m.authors = append(m.authors, name)
		}
	}
	m.published = ldString(art["datePublished"])
	if m.published == "" {
		m.published = ldString(art["dateCreated"])
	}
	for _, s := range ldList(art["articleSection"]) {
		if s, ok := s.(string); ok && m.section == "" {
			m.section = clean(s)
		}
	}
	switch k := art["keywords"].(type) {
	case string:
		for _, t := range strings.Split(k, ",") {
			if t = clean(t); t != "" && !contains(m.tags, t) {
				m.tags = append(m.tags, t)
			}
		}
	case []any:
		for _, t := range k {
			if s, ok := t.(string); ok {
				if s = clean(s); s != "" && !contains(m.tags, s) {
					m.tags = append(m.tags, s)
				}
			}
		}
	}
	if p, ok := art["publisher"].(map[string]any); ok && m.siteName == "" {
		m.siteName = clean(ldString(p["name"]))
	}
	if m.lang == "" {
		m.lang = ldString(art["inLanguage"])
	}
	if m.canonical == "" {
		m.canonical = ldString(art["url"])
		if m.canonical == "" {
			switch me := art["mainEntityOfPage"].(type) {
			case string:
				m.canonical = me
			case map[string]any:
				m.canonical = ldString(me["@id"])
			}
		}
	}
	m.ldComments = ldList(art["comment"])
}

func hasType(o map[string]any, types map[string]bool) bool {
	for _, t := range ldList(o["@type"]) {
		if s, ok := t.(string); ok {
			s = strings.ToLower(s)
			s = s[strings.LastIndexAny(s, "/:")+1:]
			if types[s] {
				return true
			}
		}
	}
	return false
}

func ldList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	}
	return []any{v}
}

// ldString is a JSON-LD value as a string: a string, the first of a list,
// or a number.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		if s, ok := x["@value"]; ok {
			return ldString(s)
		}
	case float64:
		return strings.TrimSpace(strings.TrimRight(strings.TrimRight(jsonNumber(x), "0"), "."))
	}
	return ""
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// unwrapArchive turns a Wayback Machine address
// (https://web.archive.org/web/20190101000000/http://example.com/a) into
// the page's own address, which is what other inputs know the page by.
func unwrapArchive(u string) string {
	for _, p := range []string{"://web.archive.org/web/", "://archive.org/web/"} {
		i := strings.Index(u, p)
		if i < 0 {
			continue
		}
		rest := u[i+len(p):]
		j := strings.Index(rest, "/")
		if j < 0 {
			return u
		}
		inner := rest[j+1:]
		if strings.HasPrefix(inner, "http://") || strings.HasPrefix(inner, "https://") {
			return inner
		}
		if strings.HasPrefix(inner, "http:/") || strings.HasPrefix(inner, "https:/") {
			return strings.Replace(inner, ":/", "://", 1)
		}
	}
	return u
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// clean normalises a one-line value: entities are decoded by the parser,
// whitespace collapsed, textnorm applied.
func clean(s string) string {
	return builders.CleanText(strings.Join(strings.Fields(html.UnescapeString(s)), " "))
}

// parseDate reads the machine-readable dates pages carry (ISO 8601 in its
// common spellings); it returns nil for anything else.
func parseDate(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range []string{
		time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00",
		"2006-01-02 15:04:05 -0700", "2006-01-02T15:04", "2006-01-02", time.RFC1123Z, time.RFC1123,
		"Mon, 2 Jan 2006 15:04:05 -0700",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 {
				return nil
			}
			u := t.UTC()
			return &u
		}
	}
	return nil
}
