// Package reddit reads Reddit threads: the JSON that /comments/<id>.json
// returns (a listing with the submission, then a listing of nested
// comments) and Pushshift-style NDJSON dumps of submissions and comments.
// A submission is an article; its comments keep their tree; a comment
// whose parent is not in the input is kept and reported.
package reddit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/schema"
)

// Name is the builder's name.
const Name = "reddit"

// Builder is the Reddit builder.
type Builder struct{}

// New returns the Reddit builder.
func New() *Builder { return &Builder{} }

func (*Builder) Name() string    { return Name }
func (*Builder) Version() string { return "1" }
func (*Builder) Description() string {
	return "Reddit thread JSON (/comments/<id>.json) and Pushshift NDJSON dumps of submissions and comments"
}
func (*Builder) Extensions() []string { return []string{".json", ".ndjson", ".jsonl"} }
func (*Builder) Joins() bool          { return true }

// dumpName is how Pushshift and Arctic Shift name their monthly (and
// daily) dumps, once decompressed: RC_ for comments, RS_ for submissions.
var dumpName = regexp.MustCompile(`^R[CS]_\d{4}-\d{2}(-\d{2})?$`)

// ClaimsName takes Pushshift dump names, which have no extension.
func (*Builder) ClaimsName(name string) bool { return dumpName.MatchString(name) }

// Sniff looks for Reddit listings or Pushshift records.
func (*Builder) Sniff(name string, head []byte) bool {
	switch builders.FirstJSONByte(head) {
	case '[':
		return bytes.Contains(head, []byte(`"Listing"`)) && bytes.Contains(head, []byte(`"kind"`))
	case '{':
		return bytes.Contains(head, []byte(`"subreddit"`)) &&
			(bytes.Contains(head, []byte(`"link_id"`)) || bytes.Contains(head, []byte(`"selftext"`)))
	}
	return false
}

// Obtain says how to get files in this format.
func (*Builder) Obtain() string {
	return "Save https://www.reddit.com/comments/ID.json (append ?limit=500 for more comments), or take Pushshift/Arctic Shift NDJSON dumps of submissions (RS_*) and comments (RC_*), decompressed, as .ndjson files."
}

func (*Builder) Rules() []string {
	return []string{
		"A submission (kind t3) is an article: title, selftext as body (a link post has an empty body and its URL in links), the permalink as url, created_utc (published_at), name (native_id, t3_…); its subreddit is the source (r/NAME, platform reddit) and its category.",
		"A comment (kind t1) is a comment: name (native_id, t1_…), parent_id (a t3_ parent means top level, a t1_ parent gives the tree), author, created_utc (an integer, float or string of seconds), body (Markdown kept as written, with Reddit's &amp; &lt; &gt; escapes decoded).",
		"A comment whose body is [deleted] or [removed] is kept as a placeholder (text null, deleted true, status deleted or removed) so that its replies keep their parent; the author [deleted] is no author.",
		"\"more\" stubs (comments Reddit did not include) are counted in a skipped_items warning, with the number of comments they stand for; their comments are not in the input.",
		"In Pushshift dumps, comments are grouped by link_id under their submission from any file of the build; comments whose submission is not in the build are kept under a stub article (article_missing), and replies whose parent is not in the input are kept at top level with an orphan anomaly.",
	}
}

type thing struct {
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data"`
}

type listing struct {
	Children []thing `json:"children"`
}

type record struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Title      *string         `json:"title"`
	Selftext   string          `json:"selftext"`
	URL        string          `json:"url"`
	Permalink  string          `json:"permalink"`
	Subreddit  string          `json:"subreddit"`
	Author     string          `json:"author"`
	Body       *string         `json:"body"`
	ParentID   string          `json:"parent_id"`
	LinkID     string          `json:"link_id"`
	CreatedUTC json.RawMessage `json:"created_utc"`
	IsSelf     bool            `json:"is_self"`
	Replies    json.RawMessage `json:"replies"`
	Count      int             `json:"count"`
}

// Build reads a thread JSON file or an NDJSON dump. A dump is read line by
// line, never whole; its comments wait, grouped by thread, until the end of
// the file: partitioned on disk when the input has a scratch directory
// (see diskGroups), else in memory.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	rc, err := in.Open()
	if err != nil {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<20)
	head, err := br.Peek(builders.SniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	if first := builders.FirstJSONByte(head); first == '[' || first == 0 {
		// A thread is one JSON document; a head of only spaces may be
		// an empty file, which ReadAll reports.
		data, err := builders.ReadAll(Name, builders.Input{Path: in.Path, Open: func() (io.ReadCloser, error) { return io.NopCloser(br), nil }})
		if err != nil {
			return err
		}
		return b.thread(in, data, emit)
	}
	return b.ndjson(in, br, emit)
}

func (b *Builder) thread(in builders.Input, data []byte, emit func(*builders.Page) error) error {
	var listings []thing
	if err := json.Unmarshal(data, &listings); err != nil {
		return builders.JSONError(Name, in.Path, data, err)
	}
	if len(listings) != 2 || listings[0].Kind != "Listing" || listings[1].Kind != "Listing" {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: fmt.Sprintf("not a Reddit thread: want [submission listing, comment listing], got %d elements", len(listings))}
	}
	var subs listing
	if err := json.Unmarshal(listings[0].Data, &subs); err != nil || len(subs.Children) == 0 || subs.Children[0].Kind != "t3" {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "not a Reddit thread: the first listing holds no submission (t3)"}
	}
	var sub record
	if err := json.Unmarshal(subs.Children[0].Data, &sub); err != nil {
		return builders.JSONError(Name, in.Path, data, err)
	}
	page := submission(&sub)
	more, hidden := 0, 0
	var walk func(l listing, parent string) error
	walk = func(l listing, parent string) error {
		for _, ch := range l.Children {
			var r record
			if err := json.Unmarshal(ch.Data, &r); err != nil {
				return builders.JSONError(Name, in.Path, data, err)
			}
			switch ch.Kind {
			case "more":
				more++
				hidden += r.Count
				continue
			case "t1":
			default:
				continue
			}
			addComment(page, &r)
			if len(r.Replies) > 0 && r.Replies[0] == '{' { // "" when there are none
				var rep thing
				if err := json.Unmarshal(r.Replies, &rep); err != nil {
					return builders.JSONError(Name, in.Path, data, err)
				}
				var rl listing
				if err := json.Unmarshal(rep.Data, &rl); err != nil {
					return builders.JSONError(Name, in.Path, data, err)
				}
				if err := walk(rl, r.Name); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var comments listing
	if err := json.Unmarshal(listings[1].Data, &comments); err != nil {
		return builders.JSONError(Name, in.Path, data, err)
	}
	if err := walk(comments, sub.Name); err != nil {
		return err
	}
	if more > 0 {
		page.Warnings = append(page.Warnings, builders.Warning{Input: in.Path, Kind: schema.WarnSkippedItems,
			Message: fmt.Sprintf("left out: %d \"more\" stubs standing for %d comments the file does not contain", more, hidden)})
	}
	return emit(page)
}

func (b *Builder) ndjson(in builders.Input, r io.Reader, emit func(*builders.Page) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var g grouper = &memGroups{groups: map[string]*builders.Page{}}
	if in.TempDir != "" {
		dg, err := newDiskGroups(in.TempDir)
		if err != nil {
			return err
		}
		defer dg.remove()
		g = dg
	}
	dropped := map[string]struct{}{} // threads left out by the filter
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			e := builders.JSONError(Name, in.Path, line, err).(*builders.InputError)
			e.Line = n
			return e
		}
		switch {
		case r.Body != nil && r.LinkID != "":
			if !in.Options.Filter.KeepThread("r/"+r.Subreddit, r.LinkID) {
				// Dropped as read, so that a filtered dump is never
				// held whole.
				if _, ok := dropped[r.LinkID]; !ok {
					dropped[r.LinkID] = struct{}{}
					in.Dropped.Articles++
				}
				in.Dropped.Comments++
				continue
			}
			if err := g.add(n, &r); err != nil {
				return err
			}
		case r.Title != nil:
			if r.Name == "" {
				r.Name = "t3_" + r.ID
			}
			if err := emit(submission(&r)); err != nil {
				return err
			}
		default:
			return &builders.InputError{Builder: Name, Path: in.Path, Line: n, Msg: "not a Reddit submission or comment: a record needs title (submission) or body and link_id (comment)"}
		}
	}
	if err := sc.Err(); err != nil {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: err.Error()}
	}
	return g.emit(emit)
}

// grouper groups a dump's comments by thread (link_id) and emits one page
// per thread, in the order of each thread's first comment, its comments in
// input order.
type grouper interface {
	add(line int, r *record) error
	emit(func(*builders.Page) error) error
}

// memGroups groups in memory: memory grows with the file.
type memGroups struct {
	order  []string
	groups map[string]*builders.Page
}

func (g *memGroups) add(line int, r *record) error {
	p, ok := g.groups[r.LinkID]
	if !ok {
		p = newThread(r)
		g.groups[r.LinkID] = p
		g.order = append(g.order, r.LinkID)
	}
	addDumpComment(p, r, line)
	return nil
}

func (g *memGroups) emit(emit func(*builders.Page) error) error {
	for _, k := range g.order {
		if err := emit(g.groups[k]); err != nil {
			return err
		}
	}
	return nil
}

// newThread is the page of a thread's comments, from its first comment.
func newThread(r *record) *builders.Page {
	p := &builders.Page{Thread: true, Stub: true, NativeID: r.LinkID, ReplyStructure: schema.ReplyNested,
		IDKey: []string{Name, r.LinkID}, JoinKeys: []string{"reddit:" + r.LinkID}, Source: subredditSource(r.Subreddit)}
	if r.Subreddit != "" {
		p.Categories = []string{r.Subreddit}
	}
	return p
}

func addDumpComment(p *builders.Page, r *record, line int) {
	if r.Name == "" {
		r.Name = "t1_" + r.ID
	}
	addComment(p, r)
	p.Comments[len(p.Comments)-1].Line = line
}

func subredditSource(sr string) builders.SourceInfo {
	platform := "reddit"
	si := builders.SourceInfo{Platform: &platform}
	if sr != "" {
		home := "https://www.reddit.com/r/" + sr + "/"
		si.Name, si.Homepage = "r/"+sr, &home
	}
	return si
}

func submission(r *record) *builders.Page {
	name := r.Name
	if name == "" {
		name = "t3_" + r.ID
	}
	p := &builders.Page{
		NativeID: name, Title: builders.CleanText(html.UnescapeString(deref(r.Title))),
		ReplyStructure: schema.ReplyNested,
		IDKey:          []string{Name, name},
		JoinKeys:       []string{"reddit:" + name},
		Source:         subredditSource(r.Subreddit),
		Body:           markdown(r.Selftext),
	}
	if r.Subreddit != "" {
		p.Categories = []string{r.Subreddit}
	}
	if r.Permalink != "" {
		u := "https://www.reddit.com" + r.Permalink
		p.URL = &u
		if k := builders.URLKey(u); k != "" {
			p.JoinKeys = append(p.JoinKeys, k)
		}
	}
	if r.URL != "" && !strings.Contains(r.URL, r.Permalink) {
		p.Links = []string{html.UnescapeString(r.URL)}
	}
	if a := author(r.Author); a != nil {
		p.Byline = a
	}
	t, err := created(r.CreatedUTC)
	if err != nil {
		p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: -1, Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("%s: created_utc: %v", name, err)})
	}
	p.PublishedAt = t
	return p
}

func addComment(p *builders.Page, r *record) {
	pc := builders.PageComment{Parent: -1, NativeID: r.Name, Author: author(r.Author)}
	if strings.HasPrefix(r.ParentID, "t1_") {
		pc.NativeParent = r.ParentID
	}
	switch body := deref(r.Body); body {
	case "[deleted]", "[removed]":
		pc.Deleted, pc.Status = true, strings.Trim(body, "[]")
	default:
		pc.Text = markdown(body)
	}
	t, err := created(r.CreatedUTC)
	if err != nil {
		p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: len(p.Comments), Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("%s: created_utc: %v", r.Name, err)})
	}
	pc.PublishedAt = t
	p.Comments = append(p.Comments, pc)
}

// markdown keeps Reddit's Markdown as written, undoing the HTML escapes
// Reddit applies to &, < and >, then normalises it as all text is.
func markdown(s string) string {
	s = html.UnescapeString(s)
	var paras [][]string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		paras = append(paras, strings.Split(para, "\n"))
	}
	return builders.Paragraphs(paras)
}

func author(a string) *string {
	if a == "" || a == "[deleted]" || a == "[removed]" {
		return nil
	}
	return &a
}

// created reads created_utc, which dumps write as an integer, a float or a
// string of seconds.
func created(raw json.RawMessage) (*time.Time, error) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return nil, fmt.Errorf("unreadable time %s", string(raw))
	}
	sec, frac := math.Modf(f)
	t := time.Unix(int64(sec), int64(math.Round(frac*1e6))*1000).UTC()
	return &t, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
