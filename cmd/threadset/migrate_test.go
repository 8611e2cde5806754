package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// A dataset built and labelled by the previous release (schema 1.1.0,
// text-page IDs from the file's bytes) carries every label into a build of
// this version: the items are re-matched by their unchanged text.
func TestLabelsFromSchema110Dataset(t *testing.T) {
	old := filepath.Join("..", "..", "fixtures", "migrate", "schema-1.1.0")
	out := filepath.Join(t.TempDir(), "ds")
	code, _, stderr := runCLI("build", "--out", out, "--labels-from", old)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "labels from "+old+": 0 kept by ID, 24 re-matched by unchanged text, 0 orphaned")
	code, _, stderr = runCLI("validate", out)
	require.Equal(t, 0, code, stderr)
	ann := rows2(t, out, schema.Annotations)
	assert.Len(t, ann, 24)
	for _, a := range ann {
		assert.NotNil(t, a["rematched_from"])
		assert.Equal(t, "alice", a["annotator"])
	}
	assert.Empty(t, rows2(t, out, schema.OrphanedAnnotations))
}
