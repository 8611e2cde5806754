package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/threadset/threadset/schema"
)

// TestXLSXRoundTrip: tasks exported as .xlsx, filled in as a spreadsheet
// would (a drop-down value, free text that starts with "=", a typo),
// import with spreadsheet row numbers; an untouched workbook changes
// nothing; the export's bytes are the same every time.
func TestXLSXRoundTrip(t *testing.T) {
	work, ds, _ := importFixture(t)
	book := filepath.Join(work, "tasks.xlsx")
	mustRun(t, "labels", "export", ds, "--format", "xlsx", "--max-depth", "0", "--out", book)
	again := filepath.Join(work, "again.xlsx")
	mustRun(t, "labels", "export", ds, "--format", "xlsx", "--max-depth", "0", "--out", again)
	a, err := os.ReadFile(book)
	require.NoError(t, err)
	b, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.Equal(t, a, b, "the same export gives the same bytes")

	f, err := excelize.OpenFile(book)
	require.NoError(t, err)
	rows, err := f.GetRows("tasks")
	require.NoError(t, err)
	require.Greater(t, len(rows), 3)
	header := rows[0]
	assert.Equal(t, []string{"item_id", "item_table", "article_title", "context", "author", "text", "stance", "stance_target", "reply_stance", "discourse_act"}, header)
	dvs, err := f.GetDataValidations("tasks")
	require.NoError(t, err)
	assert.NotEmpty(t, dvs, "closed vocabularies get a drop-down")

	// Untouched: nothing to import, the dataset is unchanged.
	before := snapshot(t, ds)
	code, _, stderr := runCLI("labels", "import", ds, book, "--annotator", "ann")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "tasks.xlsx: no labels in the file")
	assert.Equal(t, before, snapshot(t, ds))

	// Filled in: row 2 and 3 of the sheet.
	require.NoError(t, f.SetCellStr("tasks", "G2", "against"))
	require.NoError(t, f.SetCellStr("tasks", "H2", "=the army"))
	require.NoError(t, f.SetCellStr("tasks", "J3", "questoin"))
	filled := filepath.Join(work, "filled.xlsx")
	require.NoError(t, f.SaveAs(filled))
	require.NoError(t, f.Close())
	code, _, stderr = runCLI("labels", "import", ds, filled, "--annotator", "ann")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, `filled.xlsx: row 3: discourse_act "questoin" is not one of [`)
	assert.Contains(t, stderr, `did you mean "question"?`)

	g, err := excelize.OpenFile(filled)
	require.NoError(t, err)
	require.NoError(t, g.SetCellStr("tasks", "J3", "question"))
	require.NoError(t, g.SaveAs(filled))
	require.NoError(t, g.Close())
	out := mustRun(t, "labels", "import", ds, filled, "--annotator", "ann")
	assert.Contains(t, out, "imported 3 label(s)")
	mustRun(t, "validate", ds)
	assert.Equal(t, "against", labelOf(t, ds, "comments", rows[1][0], "stance"))
	assert.Equal(t, "=the army", labelOf(t, ds, "comments", rows[1][0], "stance_target"), "a string cell is text, never a formula")
	assert.Equal(t, "question", labelOf(t, ds, "comments", rows[2][0], "discourse_act"))
	for _, r := range rows2(t, ds, schema.Annotations) {
		assert.Contains(t, []any{int32(2), int32(3)}, r["source_row"], "rows as the spreadsheet shows them")
	}

	// Not a spreadsheet: named, not "invalid character 'P'".
	broken := filepath.Join(work, "broken.xlsx")
	require.NoError(t, os.WriteFile(broken, append([]byte("PK\x03\x04"), make([]byte, 40)...), 0o644))
	code, _, stderr = runCLI("labels", "import", ds, broken, "--annotator", "ann")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "broken.xlsx: not a readable .xlsx workbook")
}
