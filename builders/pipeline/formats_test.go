package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/unicode"

	"github.com/threadset/threadset/builders/all"
)

func seedPage(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input", "000_27271087f4f471d8.txt"))
	require.NoError(t, err)
	return data
}

// TestFilesInNoFormatAreBadInputs: a .json file holding null, true or an
// API's "Too Many Requests" is not built as a text page; it is skipped
// with a warning, and fails a --strict build.
func TestFilesInNoFormatAreBadInputs(t *testing.T) {
	in := t.TempDir()
	files := map[string]string{"null.json": "null\n", "true.json": "true", "limited.json": `"Too Many Requests"`}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(in, name), []byte(content), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(in, "page.txt"), seedPage(t), 0o644))

	m, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: filepath.Join(t.TempDir(), "ds")})
	require.NoError(t, err)
	assert.Equal(t, int64(1), m.Table("articles").Rows)
	skipped := map[string]string{}
	for _, i := range m.Inputs {
		if i.Skipped != "" {
			skipped[i.Path] = i.Skipped
		}
	}
	assert.Equal(t, map[string]string{
		"null.json":    "not in a format threadset reads: found JSON (null), expected one of [disqus html reddit textpage wprest wxr]; use --format to force one",
		"true.json":    "not in a format threadset reads: found JSON (true), expected one of [disqus html reddit textpage wprest wxr]; use --format to force one",
		"limited.json": "not in a format threadset reads: found JSON (a string), expected one of [disqus html reddit textpage wprest wxr]; use --format to force one",
	}, skipped)
	assert.Len(t, m.Warnings, 3)

	out := filepath.Join(t.TempDir(), "ds")
	_, err = Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Strict: true, Out: out})
	var fail *InputFailure
	require.True(t, errors.As(err, &fail), "got %v", err)
	assert.NoDirExists(t, out)
}

// TestInputsAreDecoded: the pipeline opens every input through
// builders.Decoded, so a UTF-16 page and a REST file with a UTF-8
// byte-order mark build like their UTF-8 versions.
func TestInputsAreDecoded(t *testing.T) {
	in := t.TempDir()
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(seedPage(t))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(in, "page.txt"), utf16, 0o644))
	posts, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "wprest", "posts-and-comments", "input", "posts.json"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(in, "posts.json"), append([]byte("\xef\xbb\xbf"), posts...), 0o644))

	m, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Strict: true, Out: filepath.Join(t.TempDir(), "ds")})
	require.NoError(t, err)
	for _, i := range m.Inputs {
		assert.Positive(t, i.Articles, i.Path)
	}
	assert.Empty(t, m.Warnings)
}
