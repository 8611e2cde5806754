package builders

import (
	"fmt"
	"strings"
	"time"

	"github.com/threadset/threadset/schema"
)

// Filter keeps only some records of a build, as Pushshift users' dump
// scripts do: by source (subreddit), author, date and thread ID. The zero
// value keeps everything.
//
// A page is kept when its source is one of Sources, its ID one of Threads,
// and, for an article, its date within [Since, Until) (an article without
// a date is not known to be in range). Within a kept page, a comment is
// kept when its author is one of Authors and its date within the range; a
// reply whose parent was left out stays, at top level, with an orphan
// anomaly that says so. Authors filters comments only: articles stay as
// their context (a comment thread of another input may join them). A
// comment thread (its article elsewhere) left with no comment is dropped.
type Filter struct {
	Sources map[string]bool // normalised by SourceKey
	Authors map[string]bool
	Since   *time.Time
	Until   *time.Time // exclusive
	Threads map[string]bool
}

// Active reports whether the filter leaves anything out.
func (f *Filter) Active() bool {
	return f != nil && (len(f.Sources) > 0 || len(f.Authors) > 0 || f.Since != nil || f.Until != nil || len(f.Threads) > 0)
}

// SourceKey is how source names are compared: lower-case, without the r/ of
// a subreddit, so that --subreddit AskHistorians matches r/askhistorians.
func SourceKey(name string) string {
	k := strings.ToLower(strings.TrimSpace(name))
	return strings.TrimPrefix(k, "r/")
}

// ThreadKeys are the IDs a thread may be named by in a --threads list:
// the platform's ID as given and without Reddit's kind prefix (t3_abc and
// abc), and the page's URL.
func ThreadKeys(p *Page) []string {
	var keys []string
	if p.NativeID != "" {
		keys = append(keys, p.NativeID)
		if i := strings.Index(p.NativeID, "_"); i == 2 && p.NativeID[0] == 't' {
			keys = append(keys, p.NativeID[3:])
		}
	}
	if p.URL != nil {
		keys = append(keys, *p.URL)
	}
	return keys
}

// KeepThread reports whether records of the thread with this source and
// platform ID pass the page-level filter: a builder that groups records
// into threads (Pushshift comments) drops the others as it reads them,
// with the same result as dropping the finished page. Article dates are
// not checked here.
func (f *Filter) KeepThread(source, nativeID string) bool {
	if !f.Active() {
		return true
	}
	if len(f.Sources) > 0 && !f.Sources[SourceKey(source)] {
		return false
	}
	return len(f.Threads) == 0 || f.Threads[nativeID] || (strings.HasPrefix(nativeID, "t3_") && f.Threads[nativeID[3:]])
}

// KeepPage reports whether a page passes the page-level part of the
// filter: source, thread ID and, for an article, date.
func (f *Filter) KeepPage(p *Page) bool {
	if !f.Active() {
		return true
	}
	if len(f.Sources) > 0 && !f.Sources[SourceKey(p.Source.Name)] {
		return false
	}
	if len(f.Threads) > 0 {
		found := false
		for _, k := range ThreadKeys(p) {
			found = found || f.Threads[k]
		}
		if !found {
			return false
		}
	}
	if !p.Thread && (f.Since != nil || f.Until != nil) && !f.inRange(p.PublishedAt) {
		return false
	}
	return true
}

// KeepComment reports whether a comment passes the filter: author and date.
func (f *Filter) KeepComment(c *PageComment) bool {
	if !f.Active() {
		return true
	}
	if len(f.Authors) > 0 && (c.Author == nil || !f.Authors[*c.Author]) {
		return false
	}
	return f.inRange(c.PublishedAt)
}

func (f *Filter) inRange(t *time.Time) bool {
	if f.Since == nil && f.Until == nil {
		return true
	}
	if t == nil {
		return false
	}
	return (f.Since == nil || !t.Before(*f.Since)) && (f.Until == nil || t.Before(*f.Until))
}

// Apply filters p in place and reports whether anything of it is kept.
func (f *Filter) Apply(p *Page) bool {
	if !f.Active() {
		return true
	}
	if !f.KeepPage(p) {
		return false
	}
	commentFilter := len(f.Authors) > 0 || f.Since != nil || f.Until != nil
	if !commentFilter {
		return true
	}
	newIndex := make([]int, len(p.Comments)) // -1: left out
	kept := p.Comments[:0:0]
	for i := range p.Comments {
		c := p.Comments[i]
		if !f.KeepComment(&c) {
			newIndex[i] = -1
			if c.NativeID != "" {
				if p.LeftOut == nil {
					p.LeftOut = map[string]string{}
				}
				p.LeftOut[c.NativeID] = "by the build's filter"
			}
			continue
		}
		newIndex[i] = len(kept)
		kept = append(kept, c)
	}
	var anomalies []PageAnomaly
	for _, a := range p.Anomalies {
		if a.Comment >= 0 {
			if newIndex[a.Comment] < 0 {
				continue
			}
			a.Comment = newIndex[a.Comment]
		}
		anomalies = append(anomalies, a)
	}
	for i := range kept {
		c := &kept[i]
		if c.NativeParent != "" || c.Parent < 0 {
			continue
		}
		if j := newIndex[c.Parent]; j >= 0 {
			c.Parent = j
			continue
		}
		anomalies = append(anomalies, PageAnomaly{Comment: i, Kind: schema.AnomalyOrphan,
			Detail: fmt.Sprintf("parent (comment %d of the page) of comment %d was left out (by the build's filter)", c.Parent+1, i+1)})
		c.Parent = -1
	}
	p.Comments, p.Anomalies = kept, anomalies
	if len(kept) > 0 {
		return true
	}
	// An article stays without comments: threads from other inputs may
	// still join it, and it is the context of those that do.
	return !p.Thread
}
