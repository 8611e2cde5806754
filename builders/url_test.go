package builders

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCanonicalURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://Example.COM/a/b/", "https://example.com/a/b"},
		{"https://www.example.com/a/b#comment-12", "https://example.com/a/b"},
		{"https://example.com:443/", "https://example.com"},
		{"https://example.com:8080/x", "https://example.com:8080/x"},
		{"https://example.com/p?utm_source=tw&b=2&a=1&fbclid=x", "https://example.com/p?a=1&b=2"},
		{"https://example.com/caf%C3%A9/", "https://example.com/caf%C3%A9"},
		{"  https://example.com/x  ", "https://example.com/x"},
	}
	for _, tc := range cases {
		got, ok := CanonicalURL(tc.in)
		assert.True(t, ok, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"", "example.com/x", "ftp://example.com/", "/relative", "mailto:a@b.c"} {
		_, ok := CanonicalURL(bad)
		assert.False(t, ok, bad)
	}
	assert.Equal(t, "", URLKey("nope"))
}
