package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const demoMetadata = `name: isso-demo
pretty_name: Isso demo comments
description: A tiny export used to show metadata.
license: CC-BY-4.0
citation: "@dataset{isso_demo, title={Isso demo}, year={2026}}"
languages: [de]
sections:
  - title: Collection process
    body: We exported the blog.
`

// The metadata file beside the inputs makes the card; a labels import
// keeps it; a card edited by hand is found by validate and not overwritten.
func TestMetadataSurvivesImportsAndCardEditsAreFound(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "wxr", "isso-wxr-1.0", "input", "isso_tests_wordpress.xml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(in, "export.xml"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "threadset.yaml"), []byte(demoMetadata), 0o644))
	ds := filepath.Join(dir, "ds")
	code, _, stderr := runCLI("build", "-q", "--out", ds, in)
	require.Equal(t, 0, code, stderr)

	checkCard := func() string {
		card, err := os.ReadFile(filepath.Join(ds, "README.md"))
		require.NoError(t, err)
		s := string(card)
		assert.Contains(t, s, "pretty_name: \"Isso demo comments\"\nlicense: cc-by-4.0\nlanguage:\n- de\n")
		assert.Contains(t, s, "# Isso demo comments\n")
		assert.Contains(t, s, "## Collection process\n\nWe exported the blog.\n")
		assert.Contains(t, s, "@dataset{isso_demo")
		assert.NotContains(t, s, "antisemitic", "the sample's content warning is the sample's")
		return s
	}
	checkCard()

	var comment string
	code, out, stderr := runCLI("labels", "export", ds, "--format", "jsonl", "--out", filepath.Join(dir, "tasks.jsonl"))
	require.Equal(t, 0, code, stderr+out)
	tasks, err := os.ReadFile(filepath.Join(dir, "tasks.jsonl"))
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(tasks), `"item_id":"cmt_`)
	require.True(t, ok)
	comment = "cmt_" + rest[:16]
	labels := filepath.Join(dir, "alice.csv")
	require.NoError(t, os.WriteFile(labels, []byte("item_id,stance\n"+comment+",favor\n"), 0o644))
	code, _, stderr = runCLI("labels", "import", ds, labels, "--annotator", "alice")
	require.Equal(t, 0, code, stderr)
	checkCard()

	code, _, stderr = runCLI("validate", ds)
	require.Equal(t, 0, code, stderr)
	card := filepath.Join(ds, "README.md")
	edited := checkCard() + "\nMy notes.\n"
	require.NoError(t, os.WriteFile(card, []byte(edited), 0o644))
	code, _, stderr = runCLI("validate", ds)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "README.md differs from the card threadset generated")
	code, _, stderr = runCLI("labels", "import", ds, labels, "--annotator", "bob")
	assert.NotEqual(t, 0, code)
	after, err := os.ReadFile(card)
	require.NoError(t, err)
	assert.Equal(t, edited, string(after), "the edited card is not overwritten")
}
