package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	code, _, stderr := runCLI("build", "-q", "--out", a)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI("build", "-q", "--out", b, filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input"), filepath.Join("..", "..", "fixtures", "wxr", "isso-wxr-1.0", "input"))
	require.Equal(t, 0, code, stderr)

	code, out, stderr := runCLI("diff", a, a)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "change: NONE")

	code, out, stderr = runCLI("diff", "--json", a, b)
	require.Equal(t, 0, code, stderr)
	var r struct {
		Change string `json:"change"`
		Tables []struct {
			Name  string `json:"name"`
			Added int    `json:"added"`
		} `json:"tables"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, "minor", r.Change)
	assert.Equal(t, "articles", r.Tables[0].Name)
	assert.Equal(t, 3, r.Tables[0].Added, "the isso export's posts")

	code, _, _ = runCLI("diff", a)
	assert.Equal(t, exitUsage, code)
	code, _, stderr = runCLI("diff", a, filepath.Join(dir, "nothere"))
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "not a threadset dataset")
}
