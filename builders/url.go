package builders

import (
	"net/url"
	"sort"
	"strings"
)

// trackingParams are query parameters that identify a visit, not a page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true, "mc_eid": true,
	"_ga": true, "_gl": true, "igshid": true, "yclid": true, "ref_src": true, "share": true,
}

// CanonicalURL is the form of a URL that builders match on, so that the
// same page written two ways is one article: scheme https, lower-case host
// without "www." or a default port, no fragment, no tracking parameters
// (utm_* and the click IDs in trackingParams), remaining parameters
// sorted, and no trailing slash on the path (the root is "").
// It returns false for anything that is not an absolute http(s) URL.
func CanonicalURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "utm_") || trackingParams[strings.ToLower(k)] {
			q.Del(k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var query []string
	for _, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for _, v := range vs {
			query = append(query, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	out := "https://" + host + path
	if len(query) > 0 {
		out += "?" + strings.Join(query, "&")
	}
	return out, true
}

// URLKey is the join key of a URL, or "" when it is not a usable URL.
func URLKey(raw string) string {
	if c, ok := CanonicalURL(raw); ok {
		return "url:" + c
	}
	return ""
}
