package builders

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestInputErrorIsPrintable: decoders quote input bytes in their
// messages; an error never carries invalid UTF-8 or control characters
// (found by FuzzBuild in builders/wxr).
func TestInputErrorIsPrintable(t *testing.T) {
	e := &InputError{Builder: "wxr", Path: "x.xml", Line: 1, Msg: "invalid character entity &\xfe00000 (no semicolon) \x1b[31m\u0085"}
	assert.Equal(t, `wxr: x.xml: line 1: invalid character entity &\xfe00000 (no semicolon) \u001b[31m\u0085`, e.Error())
	assert.Equal(t, "plain – text", Printable("plain – text"))
}
