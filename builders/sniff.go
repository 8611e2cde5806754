package builders

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Describe says in a few words what the first bytes of a file (decoded, as
// DecodeHead returns them) look like, for messages of the form "expected
// X, found Y": "JSON (an object)", "XML (<rss>)", "text", ...
func Describe(head []byte) string {
	t := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(t) == 0:
		return "an empty file"
	case bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimCut(head)):
		return "binary data (not UTF-8, UTF-16 or UTF-32 text)"
	}
	switch t[0] {
	case '{':
		return "JSON (an object)"
	case '[':
		return "JSON (an array)"
	case '<':
		if root := xmlRoot(t); root != "" {
			if strings.EqualFold(root, "html") {
				return "HTML"
			}
			return fmt.Sprintf("XML (<%s>)", root)
		}
		return "markup"
	}
	if v, ok := JSONScalar(t); ok {
		return "JSON (" + v + ")"
	}
	return "text"
}

// JSONScalar reports whether a whole file's first bytes are one JSON
// scalar (null, true, false, a number or a string, as API error responses
// are), and says which.
func JSONScalar(head []byte) (string, bool) {
	t := bytes.TrimSpace(head)
	if len(t) == 0 || len(t) >= SniffBytes-8 || !json.Valid(t) {
		return "", false
	}
	switch t[0] {
	case 'n':
		return "null", true
	case 't', 'f':
		return string(t), true
	case '"':
		return "a string", true
	case '{', '[':
		return "", false
	}
	return "a number", true
}

// trimCut drops a multi-byte character cut off at the end of head.
func trimCut(head []byte) []byte {
	for i := 0; i < utf8.UTFMax && i < len(head); i++ {
		if utf8.Valid(head[:len(head)-i]) {
			return head[:len(head)-i]
		}
	}
	return head
}

// xmlRoot is the local name of the first element in head, or "".
func xmlRoot(head []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(head))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil { // io.EOF too: no element in head
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local
		case xml.Directive:
			if bytes.HasPrefix(bytes.ToLower(t), []byte("doctype html")) {
				return "html"
			}
		}
	}
}
