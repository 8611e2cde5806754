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
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"regexp"
	"sort"
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
	Count      int             `json:"count"`
}

// Build reads a thread JSON file or an NDJSON dump.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	emit = builders.CleanEmit(emit)
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
	switch builders.FirstJSONByte(head) {
	case '[':
		// A thread is one JSON document, decoded as it is read.
		return b.thread(in, br, emit)
	case 0:
		// A head of only spaces: an empty file (which ReadAll reports),
		// or a document after a long run of them, read whole.
		data, err := builders.ReadAll(Name, builders.Input{Path: in.Path, Open: func() (io.ReadCloser, error) { return io.NopCloser(br), nil }})
		if err != nil {
			return err
		}
		if builders.FirstJSONByte(data) == '[' {
			return b.thread(in, bytes.NewReader(data), emit)
		}
		return notReddit(in, data)
	case '{':
		return b.records(in, br, emit)
	}
	return notReddit(in, head)
}

// notReddit says what a file that is neither a thread nor a dump holds.
func notReddit(in builders.Input, data []byte) error {
	t := bytes.TrimLeft(data, " \t\r\n")
	line, _ := builders.Pos(data, int64(len(data)-len(t)))
	return &builders.InputError{Builder: Name, Path: in.Path, Line: line,
		Msg: "expected a Reddit thread (a JSON array of two Listings) or Pushshift NDJSON (JSON objects, one per line), found " + builders.Describe(data[:min(len(data), builders.SniffBytes)])}
}

// records reads Pushshift-style dumps as a stream: JSON objects, one per
// line (dumps have lines of many megabytes; a record written over several
// lines is read too). Comments are grouped by thread, on disk when the
// build gives a temporary directory, so memory does not grow with the
// dump; comments of threads the filter leaves out are dropped as read.
func (b *Builder) records(in builders.Input, br *bufio.Reader, emit func(*builders.Page) error) error {
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
	next := 1                        // the line the next read starts on
	for {
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return &builders.InputError{Builder: Name, Path: in.Path, Line: next, Msg: "cannot read: " + err.Error()}
		}
		eof := err == io.EOF
		n := next
		next++
		rec := bytes.TrimSpace(line)
		if len(rec) == 0 {
			if eof {
				break
			}
			continue
		}
		var r record
		uerr := json.Unmarshal(rec, &r)
		for {
			// A value that goes on past the line's end: read on.
			var se *json.SyntaxError
			if eof || !errors.As(uerr, &se) || se.Offset != int64(len(rec)) {
				break
			}
			more, err := br.ReadBytes('\n')
			if err != nil && err != io.EOF {
				return &builders.InputError{Builder: Name, Path: in.Path, Line: next, Msg: "cannot read: " + err.Error()}
			}
			eof = err == io.EOF
			next++
			rec = bytes.TrimSpace(append(append(rec, '\n'), more...))
			r = record{}
			uerr = json.Unmarshal(rec, &r)
		}
		if uerr != nil {
			return recordError(in, rec, n, uerr)
		}
		switch {
		case r.Body != nil && r.LinkID != "":
			if !in.Options.Filter.KeepThread("r/"+r.Subreddit, r.LinkID) {
				// Dropped as read, so that a filtered dump is never held whole.
				if _, ok := dropped[r.LinkID]; !ok {
					dropped[r.LinkID] = struct{}{}
					in.Dropped.Articles++
				}
				in.Dropped.Comments++
			} else if err := g.add(n, &r); err != nil {
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
			return &builders.InputError{Builder: Name, Path: in.Path, Line: n, Msg: expectedRecord(rec)}
		}
		if eof {
			break
		}
	}
	return g.emit(emit)
}

// recordError reports a record that could not be decoded, at its place
// in the file: rec starts on line first.
func recordError(in builders.Input, rec []byte, first int, err error) error {
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return &builders.InputError{Builder: Name, Path: in.Path, Line: first, Col: 1,
			Msg: "expected a Reddit submission or comment (a JSON object), found JSON " + te.Value}
	case errors.As(err, &te) && !isReddit(rec):
		return &builders.InputError{Builder: Name, Path: in.Path, Line: first, Msg: expectedRecord(rec)}
	}
	e := builders.JSONError(Name, in.Path, rec, err)
	var ie *builders.InputError
	if errors.As(e, &ie) {
		if ie.Line == 0 {
			ie.Line = 1
		}
		ie.Line += first - 1
	}
	return e
}

func colAt(data []byte, off int64) int {
	_, col := builders.Pos(data, off)
	return col
}

// isReddit reports whether a JSON object has a field only Reddit records have.
func isReddit(obj []byte) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(obj, &keys) != nil {
		return false
	}
	for _, k := range []string{"subreddit", "link_id", "selftext", "subreddit_id"} {
		if _, ok := keys[k]; ok {
			return true
		}
	}
	return false
}

// expectedRecord says what a record should hold and which fields obj has.
func expectedRecord(obj []byte) string {
	msg := "expected a Reddit submission (with title) or comment (with body and link_id)"
	var keys map[string]json.RawMessage
	if json.Unmarshal(obj, &keys) != nil {
		return msg
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, strconv.Quote(k))
	}
	sort.Strings(names)
	if len(names) > 12 {
		names = append(names[:12], "…")
	}
	return msg + fmt.Sprintf(", found a JSON object with the fields [%s]", strings.Join(names, " "))
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
