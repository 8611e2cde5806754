package builders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/threadset/threadset/builders/textnorm"
)

// JSONError turns a decoding error into an InputError with the line and
// column of the byte offset where data stopped making sense.
func JSONError(builder, path string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := LineCol(data, se.Offset)
		return &InputError{Builder: builder, Path: path, Line: line, Col: col, Msg: "malformed JSON: " + se.Error()}
	case errors.As(err, &te):
		line, col := LineCol(data, te.Offset)
		return &InputError{Builder: builder, Path: path, Line: line, Col: col, Msg: fmt.Sprintf("field %q: found JSON %s, expected %s", te.Field, te.Value, JSONKind(te.Type))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := LineCol(data, int64(len(data)))
		return &InputError{Builder: builder, Path: path, Line: line, Col: col, Msg: "the JSON ends early (truncated file?)"}
	}
	return &InputError{Builder: builder, Path: path, Msg: err.Error()}
}

// JSONStreamError is JSONError for an error of a json.Decoder reading
// data[base:]: it finds the place in the whole file where data stops being
// JSON, which the decoder's own offsets do not always say.
func JSONStreamError(builder, path string, data []byte, base int64, dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return JSONError(builder, path, data, err)
	}
	// The decoder stops at the start of the value or delimiter it could
	// not read; scanning the value from there finds the bad byte.
	p := min(base+dec.InputOffset(), int64(len(data)))
	for p < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[p]) >= 0 {
		p++
	}
	off := p + 1
	var raw json.RawMessage
	if e := json.NewDecoder(bytes.NewReader(data[p:])).Decode(&raw); e != nil {
		var se2 *json.SyntaxError
		if errors.As(e, &se2) {
			se, off = se2, p+se2.Offset
		}
	}
	line, col := LineCol(data, off)
	return &InputError{Builder: builder, Path: path, Line: line, Col: col, Msg: "malformed JSON: " + se.Error()}
}

// LineCol converts an offset as encoding/json reports it ("after reading
// off bytes": the offending byte is the one before off) into the 1-based
// line and byte column of that byte.
func LineCol(data []byte, off int64) (line, col int) {
	return Pos(data, off-1)
}

// Pos is the 1-based line and byte column of the byte at index i.
func Pos(data []byte, i int64) (line, col int) {
	i = max(0, min(i, int64(len(data))))
	before := data[:i]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(i) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// ReadAll reads an input whole, reporting an empty file as an InputError.
func ReadAll(builder string, in Input) ([]byte, error) {
	data, err := ReadInput(in)
	if err != nil {
		return nil, &InputError{Builder: builder, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &InputError{Builder: builder, Path: in.Path, Msg: "empty file"}
	}
	return data, nil
}

// ReadInput reads an input whole into a buffer sized to the file, so that
// a large file is not copied while a buffer doubles (only a decoded UTF-16
// or UTF-32 file can outgrow it).
func ReadInput(in Input) ([]byte, error) {
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := bytes.NewBuffer(make([]byte, 0, max(in.Size, 0)+bytes.MinRead))
	_, err = buf.ReadFrom(rc)
	return buf.Bytes(), err
}

// FirstJSONByte is the first non-space byte of data, or 0.
func FirstJSONByte(data []byte) byte {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) == 0 {
		return 0
	}
	return t[0]
}

// Paragraphs normalises text given as paragraphs of lines (textnorm rules).
func Paragraphs(paras [][]string) string {
	var out [][]string
	for _, p := range paras {
		var lines []string
		for _, l := range p {
			lines = append(lines, textnorm.Lines(l)...)
		}
		out = append(out, lines)
	}
	return textnorm.Paragraphs(out)
}

// JSONKind names what JSON a Go type decodes from, for messages.
func JSONKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a value"
	}
	if t == reflect.TypeFor[json.Number]() {
		return "a number"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}
