package reddit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/threadset/threadset/builders"
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
	off      int64 // where the thing starts
	children []*node
}

// walker reads a thread file in one pass with a streaming decoder: every
// byte is scanned a bounded number of times, whatever the nesting.
type walker struct {
	in    builders.Input
	data  []byte
	dec   *json.Decoder
	lines lineCounter
}

func newWalker(in builders.Input, data []byte) *walker {
	return &walker{in: in, data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: lineCounter{data: data, line: 1}}
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
		n, err := w.thing(off, 0)
		if err != nil {
			return nil, err
		}
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
	n := &node{off: off}
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

// next is the offset of the next token.
func (w *walker) next() int64 {
	off := w.dec.InputOffset()
	rest := w.data[off:]
	t := bytes.TrimLeft(rest, " \t\r\n,:")
	return off + int64(len(rest)-len(t))
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
			start := w.dec.InputOffset() - int64(len(raw))
			line, col := builders.Pos(w.data, start)
			return &builders.InputError{Builder: Name, Path: w.in.Path, Line: line, Col: col,
				Msg: fmt.Sprintf("field %q: found JSON %s, expected %s", key, te.Value, builders.JSONKind(te.Type))}
		}
		return w.fail(err)
	}
	return nil
}

func (w *walker) skip() error {
	var raw json.RawMessage
	if err := w.dec.Decode(&raw); err != nil {
		return w.fail(err)
	}
	return nil
}

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
	line, col := builders.Pos(w.data, off)
	return &builders.InputError{Builder: Name, Path: w.in.Path, Line: line, Col: col, Msg: msg}
}

func (w *walker) fail(err error) error {
	return builders.JSONStreamError(Name, w.in.Path, w.data, 0, w.dec, err)
}

// lineCounter turns increasing offsets into line numbers in time linear in
// the file, however many it is asked for.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	if off < c.off {
		c.off, c.line = 0, 1
	}
	off = min(off, int64(len(c.data)))
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}
