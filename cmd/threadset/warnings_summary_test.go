package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema/dataset"
)

// TestWarningsSummarised: a Pushshift file whose 27 threads match no
// article logs three of them and a count of the rest; the manifest keeps
// all 27.
func TestWarningsSummarised(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ds")
	code, _, stderr := runCLI("build", "--out", out, fixture("reddit", "pushshift-comments", "input"))
	require.Equal(t, exitOK, code, stderr)
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	var unmatched []string
	for _, l := range lines {
		if strings.Contains(l, "pushshift-importer_test_comments.ndjson") {
			unmatched = append(unmatched, l)
		}
	}
	require.Len(t, unmatched, 4, stderr)
	assert.True(t, strings.HasSuffix(unmatched[3], "pushshift-importer_test_comments.ndjson: 24 more unmatched_thread warning(s), 27 in all: every one is in manifest.json"), unmatched[3])
	assert.True(t, strings.HasPrefix(unmatched[3], "warning: "))
	m, err := dataset.ReadManifest(out)
	require.NoError(t, err)
	assert.Len(t, m.Warnings, 27)
}
