package scratch

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordsReadBack(t *testing.T) {
	var buf bytes.Buffer
	var r Record
	s := "ünï\x00code"
	for i := 0; i < 3; i++ {
		r.Reset()
		r.String("")
		r.String(s)
		r.OptString(nil)
		r.OptString(&s)
		r.Int(int64(-i) << 40)
		r.Bool(i == 1)
		_, err := r.WriteTo(&buf)
		require.NoError(t, err)
	}
	whole := buf.Bytes()
	br := bufio.NewReader(bytes.NewReader(whole))
	var scratch []byte
	for i := 0; i < 3; i++ {
		f, b, err := ReadRecord(br, scratch)
		require.NoError(t, err)
		scratch = b
		assert.Equal(t, "", f.String())
		assert.Equal(t, s, f.String())
		assert.Nil(t, f.OptString())
		assert.Equal(t, &s, f.OptString())
		assert.Equal(t, int64(-i)<<40, f.Int())
		assert.Equal(t, i == 1, f.Bool())
		assert.NoError(t, f.Err())
	}
	_, _, err := ReadRecord(br, scratch)
	assert.Equal(t, io.EOF, err)

	// A record cut short, or read as more fields than it has, is damaged.
	_, _, err = ReadRecord(bufio.NewReader(bytes.NewReader(whole[:len(whole)-1])), nil)
	require.NoError(t, err) // the first record is whole
	br = bufio.NewReader(bytes.NewReader(whole[:5]))
	_, _, err = ReadRecord(br, nil)
	assert.ErrorIs(t, err, ErrDamaged)
	f := NewFields(r.Bytes())
	_ = f.String()
	assert.ErrorIs(t, f.Err(), ErrDamaged, "fields left over")
	for i := 0; i < 8; i++ {
		_ = f.String()
	}
	assert.ErrorIs(t, f.Err(), ErrDamaged, "read past the end")
}
