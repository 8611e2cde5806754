package builders

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/threadset/threadset/builders/textnorm"
)

// XMLNode is an element decoded generically, for formats whose namespaces
// vary between versions (WXR 1.0 to 1.2, http or https URIs): builders
// match children by local name.
type XMLNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []XMLNode  `xml:",any"`
}

// Child returns the first child with this local name, or nil.
func (n *XMLNode) Child(local string) *XMLNode {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == local {
			return &n.Nodes[i]
		}
	}
	return nil
}

// ChildIn returns the first child with this local name whose namespace
// contains ns, or nil.
func (n *XMLNode) ChildIn(ns, local string) *XMLNode {
	for i := range n.Nodes {
		if c := &n.Nodes[i]; c.XMLName.Local == local && strings.Contains(c.XMLName.Space, ns) {
			return c
		}
	}
	return nil
}

// Value is the trimmed text of the first child with this local name.
func (n *XMLNode) Value(local string) string {
	if c := n.Child(local); c != nil {
		return strings.TrimSpace(c.Text)
	}
	return ""
}

// Attr returns the value of the attribute with this local name.
func (n *XMLNode) Attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// XMLError turns a decoding error into an InputError with its line and,
// for malformed XML, the offending line quoted.
func XMLError(builder string, in Input, dec *xml.Decoder, err error) error {
	path := in.Path
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := "malformed XML: " + se.Msg
		if l := QuoteLine(in, se.Line); l != "" {
			msg += ": " + l
		}
		return &InputError{Builder: builder, Path: path, Line: se.Line, Msg: msg}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line, _ := dec.InputPos()
		return &InputError{Builder: builder, Path: path, Line: line, Msg: "the XML ends before its elements are closed (truncated file?)"}
	}
	line, _ := dec.InputPos()
	return &InputError{Builder: builder, Path: path, Line: line, Msg: err.Error()}
}

// ParseTime reads a UTC timestamp in the layouts exports use. An empty
// string is unknown (nil, no error); anything unreadable, including
// WordPress's "0000-00-00 00:00:00", is an error for the caller to report.
func ParseTime(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1 || strings.HasPrefix(s, "0000") {
				break
			}
			u := t.UTC()
			return &u, nil
		}
	}
	return nil, fmt.Errorf("unreadable date %q", s)
}

// CleanText normalises a one-line value read from structured input (a
// title, a name): textnorm rules, surrounding whitespace removed.
func CleanText(s string) string { return textnorm.String(s) }

// Host is the lower-cased host of a URL without "www.", or "".
func Host(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// QuoteLine returns line n (1-based) of the input, trimmed, clipped and
// quoted, for error messages; "" when it cannot be read.
func QuoteLine(in Input, n int) string {
	if in.Open == nil || n < 1 {
		return ""
	}
	rc, err := in.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			l := strings.TrimSpace(sc.Text())
			if r := []rune(l); len(r) > 80 {
				l = string(r[:80]) + "…"
			}
			return strconv.Quote(l)
		}
	}
	return ""
}

// XMLElements streams an XML input, checks that its root element is root
// and decodes every element at depth (1 is the root) into an XMLNode for
// fn, with the line it starts on. WXR items sit at depth 3, Disqus
// threads and posts at depth 2. Errors name the builder, file and line.
func XMLElements(builder, what string, in Input, root string, depth int, fn func(n *XMLNode, line int) error) error {
	rc, err := in.Open()
	if err != nil {
		return &InputError{Builder: builder, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	defer rc.Close()
	br := bufio.NewReader(rc)
	head, _ := br.Peek(SniffBytes) // a shorter head at the end of the file; errors show when decoding
	// JSON can hold markup in its strings, which the XML decoder would take
	// for elements: say what the file is instead.
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) > 0 && strings.HasPrefix(Describe(head), "JSON") {
		line, _ := Pos(head, int64(len(head)-len(t)))
		return &InputError{Builder: builder, Path: in.Path, Line: line, Msg: fmt.Sprintf("expected %s (<%s>), found %s", what, root, Describe(head))}
	}
	dec := xml.NewDecoder(br)
	dec.Strict = true
	level, sawRoot := 0, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return XMLError(builder, in, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			level++
			line, _ := dec.InputPos()
			if level == 1 {
				if t.Name.Local != root {
					return &InputError{Builder: builder, Path: in.Path, Line: line, Msg: fmt.Sprintf("not %s: the root element is <%s>, not <%s>", what, t.Name.Local, root)}
				}
				sawRoot = true
			}
			if level != depth {
				continue
			}
			n, err := decodeNode(dec, t)
			if err != nil {
				return XMLError(builder, in, dec, err)
			}
			level--
			if err := fn(n, line); err != nil {
				return err
			}
		case xml.EndElement:
			level--
		}
	}
	if !sawRoot {
		return &InputError{Builder: builder, Path: in.Path, Msg: fmt.Sprintf("expected %s (<%s>), found %s", what, root, Describe(head))}
	}
	return nil
}

// decodeNode reads the element start opens into an XMLNode, as
// dec.DecodeElement would (same nodes, same errors) without reflection,
// which was a third of a Disqus or WXR build's CPU.
func decodeNode(dec *xml.Decoder, start xml.StartElement) (*XMLNode, error) {
	type open struct {
		node *XMLNode
		text []byte
	}
	root := &XMLNode{}
	setStart(root, start)
	stack := []open{{node: root}}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		top := &stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			top.node.Nodes = append(top.node.Nodes, XMLNode{})
			// The child is filled in place: its parent's Nodes do not
			// grow again until the child is closed.
			child := &top.node.Nodes[len(top.node.Nodes)-1]
			setStart(child, t)
			stack = append(stack, open{node: child})
		case xml.CharData:
			top.text = append(top.text, t...)
		case xml.EndElement:
			top.node.Text = string(top.text)
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return root, nil
			}
		}
	}
}

func setStart(n *XMLNode, t xml.StartElement) {
	n.XMLName = t.Name
	if len(t.Attr) > 0 {
		n.Attrs = append([]xml.Attr(nil), t.Attr...)
	}
}
