package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// Comments' language is detected unless --no-comment-language; articles'
// always is, and a build gives the same bytes with 1 and 2 workers.
func TestLanguageColumns(t *testing.T) {
	count := func(dir, table string) map[string]int {
		out := map[string]int{}
		for _, r := range rows2(t, dir, table2(table)) {
			out[r["language"].(string)]++
		}
		return out
	}
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	for _, args := range [][]string{{"--out", a, "--workers", "1"}, {"--out", b, "--workers", "2"}, {"--out", c, "--no-comment-language"}} {
		code, _, stderr := runCLI(append([]string{"build", "-q"}, args...)...)
		require.Equal(t, 0, code, stderr)
	}
	assert.Equal(t, map[string]int{"en": 5}, count(a, "articles"))
	detected := count(a, "comments")
	assert.Greater(t, detected["en"], 40, "%v", detected)
	assert.Equal(t, detected, count(b, "comments"))
	assert.Equal(t, map[string]int{"und": 70}, count(c, "comments"))
	assert.Equal(t, map[string]int{"en": 5}, count(c, "articles"))
}

func table2(name string) *schema.Table {
	if name == "articles" {
		return schema.Articles
	}
	return schema.Comments
}
