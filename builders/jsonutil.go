package builders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

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
		return &InputError{Builder: builder, Path: path, Line: line, Col: col, Msg: fmt.Sprintf("field %q: JSON %s where %s was expected", te.Field, te.Value, te.Type)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := LineCol(data, int64(len(data)))
		return &InputError{Builder: builder, Path: path, Line: line, Col: col, Msg: "the JSON ends early (truncated file?)"}
	}
	return &InputError{Builder: builder, Path: path, Msg: err.Error()}
}

// LineCol converts a byte offset into a 1-based line and byte column.
func LineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// ReadAll reads an input whole, reporting an empty file as an InputError.
func ReadAll(builder string, in Input) ([]byte, error) {
	rc, err := in.Open()
	if err != nil {
		return nil, &InputError{Builder: builder, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, &InputError{Builder: builder, Path: in.Path, Msg: "cannot read: " + err.Error()}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &InputError{Builder: builder, Path: in.Path, Msg: "empty file"}
	}
	return data, nil
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
