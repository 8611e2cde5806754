package reddit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/schema"
)

// MaxDepth is the deepest reply nesting a thread file may have. Reddit
// itself shows 10 levels per page; the limit bounds the recursion a hostile
// file can cause.
const MaxDepth = 10000

// node is a Reddit "thing" ({"kind": ..., "data": {...}}) as the walker
// read it: a Listing with its children, or a submission, comment or "more"
// stub with its record and, for a comment, its replies.
type node struct {
	kind     string
	rec      record
	line     int // where a top-level thing starts
	children []*node
}

// walker reads a thread file in one pass with a streaming decoder: every
// byte is scanned a bounded number of times, whatever the nesting, and
// the file is not held: memory holds the thread's records and the bytes
// since the last token (see source).
type walker struct {
	in  builders.Input
	src *source
	dec *json.Decoder
}

func newWalker(in builders.Input, r io.Reader) *walker {
	src := &source{r: r, line: 1, lastNL: -1}
	return &walker{in: in, src: src, dec: json.NewDecoder(src)}
}

// thread reads the JSON of /comments/<id>.json: [submission Listing,
// comment Listing], comments nesting their replies. One pass over the file
// (see walker): decoding each level's embedded JSON again made the time and
// memory grow with the square of the nesting depth. The file is decoded
// as it is read: memory holds the thread's records, not the file.
func (b *Builder) thread(in builders.Input, r io.Reader, emit func(*builders.Page) error) error {
	w := newWalker(in, r)
	top, err := w.document()
	if err != nil {
		return err
	}
	if len(top) != 2 || top[0].kind != "Listing" || top[1].kind != "Listing" {
		kinds := make([]string, len(top))
		for i, t := range top {
			kinds[i] = strconv.Quote(t.kind)
		}
		return &builders.InputError{Builder: Name, Path: in.Path, Line: 1, Msg: fmt.Sprintf(
			"expected a Reddit thread (a JSON array of a submission Listing and a comment Listing), found an array of %d things of kinds [%s]", len(top), strings.Join(kinds, " "))}
	}
	subs := top[0].children
	if len(subs) == 0 || subs[0].kind != "t3" {
		return &builders.InputError{Builder: Name, Path: in.Path, Line: top[0].line,
			Msg: "expected a Reddit thread: the first Listing holds no submission (kind t3)"}
	}
	page := submission(&subs[0].rec)
	more, hidden := 0, 0
	var walk func(children []*node)
	walk = func(children []*node) {
		for i, ch := range children {
			children[i] = nil // its record is copied to the page: let it go
			switch ch.kind {
			case "more":
				more++
				hidden += ch.rec.Count
			case "t1":
				addComment(page, &ch.rec)
				walk(ch.children)
			}
		}
	}
	walk(top[1].children)
	if more > 0 {
		page.Warnings = append(page.Warnings, builders.Warning{Input: in.Path, Kind: schema.WarnSkippedItems,
			Message: fmt.Sprintf("left out: %d \"more\" stubs standing for %d comments the file does not contain", more, hidden)})
	}
	return emit(page)
}

// document reads the top-level array of things.
func (w *walker) document() ([]*node, error) {
	if err := w.delim('[', "a JSON array"); err != nil {
		return nil, err
	}
	var top []*node
	for w.dec.More() {
		off := w.next()
		if err := w.delim('{', "a Reddit thing (a JSON object with kind and data)"); err != nil {
			return nil, err
		}
		line, _ := w.src.pos(w.src.skipSpace(off))
		n, err := w.thing(off, 0)
		if err != nil {
			return nil, err
		}
		n.line = line
		top = append(top, n)
	}
	if err := w.delim(']', ""); err != nil {
		return nil, err
	}
	if _, err := w.dec.Token(); err != io.EOF {
		off := w.next()
		return nil, w.at(off, "more data after the thread's array")
	}
	return top, nil
}

// thing reads a thing's fields, its "{" already read; depth is its reply level.
func (w *walker) thing(off int64, depth int) (*node, error) {
	if depth > MaxDepth {
		return nil, w.at(off, fmt.Sprintf("replies nested deeper than %d levels", MaxDepth))
	}
	n := &node{}
	for w.dec.More() {
		key, err := w.key()
		if err != nil {
			return nil, err
		}
		switch key {
		case "kind":
			if err := w.value(&n.kind, key); err != nil {
				return nil, err
			}
		case "data":
			if err := w.delim('{', `an object as "data"`); err != nil {
				return nil, err
			}
			if err := w.fields(n, depth); err != nil {
				return nil, err
			}
		default:
			if err := w.skip(); err != nil {
				return nil, err
			}
		}
	}
	return n, w.delim('}', "")
}

// fields reads a thing's data object, its "{" already read.
func (w *walker) fields(n *node, depth int) error {
	for w.dec.More() {
		key, err := w.key()
		if err != nil {
			return err
		}
		switch key {
		case "children": // a Listing's things; a "more" stub's IDs
			if err := w.children(n, depth); err != nil {
				return err
			}
		case "replies": // "" or a Listing
			off := w.next()
			tok, err := w.dec.Token()
			if err != nil {
				return w.fail(err)
			}
			if d, ok := tok.(json.Delim); ok && d == '{' {
				l, err := w.thing(off, depth+1)
				if err != nil {
					return err
				}
				n.children = l.children
			} else if _, ok := tok.(json.Delim); ok {
				return w.at(off, `expected "replies" to be a Listing or "", found an array`)
			}
		case "created_utc":
			if err := w.dec.Decode(&n.rec.CreatedUTC); err != nil {
				return w.fail(err)
			}
		default:
			if f := n.rec.field(key); f != nil {
				if err := w.value(f, key); err != nil {
					return err
				}
			} else if err := w.skip(); err != nil {
				return err
			}
		}
	}
	return w.delim('}', "")
}

func (w *walker) children(n *node, depth int) error {
	off := w.next()
	tok, err := w.dec.Token()
	if err != nil {
		return w.fail(err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return w.at(off, `expected "children" to be an array`)
	}
	for w.dec.More() {
		off := w.next()
		tok, err := w.dec.Token()
		if err != nil {
			return w.fail(err)
		}
		switch t := tok.(type) {
		case json.Delim:
			if t != '{' {
				return w.at(off, "expected a Reddit thing (a JSON object) in \"children\", found an array")
			}
			c, err := w.thing(off, depth)
			if err != nil {
				return err
			}
			n.children = append(n.children, c)
		}
		// Anything else is an ID a "more" stub lists: not in the file.
	}
	return w.delim(']', "")
}

func (r *record) field(key string) any {
	switch key {
	case "id":
		return &r.ID
	case "name":
		return &r.Name
	case "title":
		return &r.Title
	case "selftext":
		return &r.Selftext
	case "url":
		return &r.URL
	case "permalink":
		return &r.Permalink
	case "subreddit":
		return &r.Subreddit
	case "author":
		return &r.Author
	case "body":
		return &r.Body
	case "parent_id":
		return &r.ParentID
	case "link_id":
		return &r.LinkID
	case "count":
		return &r.Count
	}
	return nil
}

// next is where the next token starts, give or take the spaces, commas
// and colons before it (at skips them): the bytes before it are no longer
// needed for error positions.
func (w *walker) next() int64 {
	off := w.dec.InputOffset()
	w.src.forget(off)
	return off
}

func (w *walker) key() (string, error) {
	tok, err := w.dec.Token()
	if err != nil {
		return "", w.fail(err)
	}
	k, ok := tok.(string)
	if !ok { // the decoder returns object keys as strings; be sure
		return "", w.at(w.dec.InputOffset(), "expected an object key")
	}
	return k, nil
}

// value decodes one value into v, reporting a value of the wrong type at
// its place in the file.
func (w *walker) value(v any, key string) error {
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return w.fail(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			line, col := w.src.pos(w.dec.InputOffset() - int64(len(raw)))
			return &builders.InputError{Builder: Name, Path: w.in.Path, Line: line, Col: col,
				Msg: fmt.Sprintf("field %q: found JSON %s, expected %s", key, te.Value, builders.JSONKind(te.Type))}
		}
		return w.fail(err)
	}
	return nil
}

func (w *walker) skip() error {
	if err := w.dec.Decode(&discard{}); err != nil {
		return w.fail(err)
	}
	return nil
}

// discard takes any JSON value without copying or decoding it: the fields
// the builder does not read are most of a thread file.
type discard struct{}

func (discard) UnmarshalJSON([]byte) error { return nil }

// delim reads the delimiter d; what, when not "", says what was expected.
func (w *walker) delim(d json.Delim, what string) error {
	off := w.next()
	tok, err := w.dec.Token()
	if err != nil {
		return w.fail(err)
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		if what == "" {
			what = string(d)
		}
		return w.at(off, fmt.Sprintf("expected %s, found %s", what, found(tok)))
	}
	return nil
}

func found(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		if t == '{' {
			return "an object"
		}
		return string(t)
	case string:
		return "a string"
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(t)
	}
	return "a number"
}

func (w *walker) at(off int64, msg string) error {
	line, col := w.src.pos(w.src.skipSpace(off))
	return &builders.InputError{Builder: Name, Path: w.in.Path, Line: line, Col: col, Msg: msg}
}

// fail reports a decoding error at its line and column in the file.
func (w *walker) fail(err error) error {
	if w.src.err != nil && w.src.err != io.EOF {
		return &builders.InputError{Builder: Name, Path: w.in.Path, Msg: "cannot read: " + w.src.err.Error()}
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// The decoder's Token stops at the start of the value or
		// delimiter it could not read; decoding the value from there
		// finds the bad byte.
		p := w.src.skipSpace(w.dec.InputOffset())
		off := p + 1
		var raw json.RawMessage
		if e := json.NewDecoder(w.src.from(p)).Decode(&raw); e != nil {
			var se2 *json.SyntaxError
			if errors.As(e, &se2) {
				se, off = se2, p+se2.Offset
			}
		}
		line, col := w.src.pos(off - 1)
		return &builders.InputError{Builder: Name, Path: w.in.Path, Line: line, Col: col, Msg: "malformed JSON: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := w.src.pos(w.src.end() - 1)
		return &builders.InputError{Builder: Name, Path: w.in.Path, Line: line, Col: col, Msg: "the JSON ends early (truncated file?)"}
	}
	return &builders.InputError{Builder: Name, Path: w.in.Path, Msg: err.Error()}
}

// source is the file as the decoder reads it. It keeps the bytes from the
// earliest offset an error may still be reported at (the walker forgets
// the rest as it goes), with the line and last newline before them, so
// that positions are lines and columns in the whole file without holding
// it.
type source struct {
	r      io.Reader
	err    error  // the reader's error, io.EOF at the end
	buf    []byte // the file's bytes from start on
	start  int64
	line   int   // the line buf starts on
	lastNL int64 // the offset of the last newline before start, or -1
}

func (s *source) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.buf = append(s.buf, p[:n]...)
	if err != nil {
		s.err = err
	}
	return n, err
}

func (s *source) end() int64 { return s.start + int64(len(s.buf)) }

// forget drops the bytes before off, once they are at least half of what
// is kept, so that each byte is moved a bounded number of times.
func (s *source) forget(off int64) {
	k := int(min(off, s.end()) - s.start)
	if k <= 0 || 2*k < len(s.buf) {
		return
	}
	drop := s.buf[:k]
	s.line += bytes.Count(drop, []byte("\n"))
	if i := bytes.LastIndexByte(drop, '\n'); i >= 0 {
		s.lastNL = s.start + int64(i)
	}
	s.buf = s.buf[:copy(s.buf, s.buf[k:])]
	s.start += int64(k)
}

// pos is the 1-based line and byte column of the byte at off.
func (s *source) pos(off int64) (line, col int) {
	off = max(s.start, min(off, s.end()))
	before := s.buf[:off-s.start]
	line = s.line + bytes.Count(before, []byte("\n"))
	last := s.lastNL
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		last = s.start + int64(i)
	}
	return line, int(off - last)
}

// skipSpace is the offset of the first byte from off on that is not a
// space or a separator the decoder skips.
func (s *source) skipSpace(off int64) int64 {
	off = max(s.start, off)
	for off < s.end() && strings.IndexByte(" \t\r\n,:", s.buf[off-s.start]) >= 0 {
		off++
	}
	return off
}

// from reads the file again from off, which is kept, and on.
func (s *source) from(off int64) io.Reader {
	off = max(s.start, min(off, s.end()))
	return io.MultiReader(bytes.NewReader(s.buf[off-s.start:]), s)
}
