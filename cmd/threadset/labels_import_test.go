package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importFixture builds the sample dataset and returns it with the IDs of
// three comments.
func importFixture(t *testing.T) (work, ds string, ids []string) {
	t.Helper()
	work = t.TempDir()
	ds = filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--out", ds)
	tasks := filepath.Join(work, "tasks.csv")
	mustRun(t, "labels", "export", ds, "--out", tasks, "--sample", "3", "--seed", "1")
	_, rows := readTasks(t, tasks)
	require.Len(t, rows, 3)
	for _, r := range rows {
		ids = append(ids, r["item_id"])
	}
	return work, ds, ids
}

// TestImportEncodings: a Latin-1 file is refused with the file, row and
// column (it made the dataset unreadable to DuckDB), or decoded when its
// encoding is named; UTF-16 with a byte order mark is read as such.
func TestImportEncodings(t *testing.T) {
	work, ds, ids := importFixture(t)
	latin1 := filepath.Join(work, "latin1.csv")
	require.NoError(t, os.WriteFile(latin1, []byte("item_id,stance_target\n"+ids[0]+",Assad\n"+ids[1]+",P\xe9tain\n"), 0o644))
	jsonl := filepath.Join(work, "latin1.jsonl")
	require.NoError(t, os.WriteFile(jsonl, []byte(`{"item_id":"`+ids[0]+`","stance_target":"Ren`+"\xe9\"}\n"), 0o644))

	for _, tc := range []struct{ file, want string }{
		{latin1, `latin1.csv: row 3: column stance_target: not valid UTF-8: byte 0xe9 in "P\xe9tain"`},
		{jsonl, `latin1.jsonl: row 1: byte 55: not valid UTF-8: byte 0xe9`},
	} {
		before := snapshot(t, ds)
		code, _, stderr := runCLI("labels", "import", ds, tc.file, "--annotator", "alice")
		assert.Equal(t, exitFailure, code, stderr)
		assert.Contains(t, stderr, tc.want)
		assert.Contains(t, stderr, "--encoding")
		assert.Equal(t, before, snapshot(t, ds), "a refused import changed the dataset")
	}

	mustRun(t, "labels", "import", ds, latin1, "--annotator", "alice", "--encoding", "latin1")
	mustRun(t, "validate", ds)
	assert.Equal(t, "Pétain", labelOf(t, ds, "comments", ids[1], "stance_target"))

	// UTF-16 little-endian with a byte order mark, as Excel saves "Unicode
	// text", needs no flag; without the mark it needs --encoding utf-16.
	utf16 := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xff, 0xfe}
		}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	withBOM := filepath.Join(work, "bom.csv")
	require.NoError(t, os.WriteFile(withBOM, utf16("item_id,stance_target\n"+ids[2]+",Łódź\n", true), 0o644))
	mustRun(t, "labels", "import", ds, withBOM, "--annotator", "bob")
	assert.Equal(t, "Łódź", labelOf(t, ds, "comments", ids[2], "stance_target"))
	noBOM := filepath.Join(work, "nobom.csv")
	require.NoError(t, os.WriteFile(noBOM, utf16("item_id,stance_target\n"+ids[0]+",Köln\n", false), 0o644))
	mustRun(t, "labels", "import", ds, noBOM, "--annotator", "carol", "--encoding", "utf-16")
	mustRun(t, "validate", ds)

	code, _, stderr := runCLI("labels", "import", ds, latin1, "--annotator", "dana", "--encoding", "klingon")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, `unknown encoding "klingon"`)
}

// TestSkipInvalidOneRecordPerRow: a row with three bad values is one
// rejected row, written once with its three errors; an existing
// FILE.rejected.jsonl, or a symbolic link of that name, is left alone and
// the next free name is used.
func TestSkipInvalidOneRecordPerRow(t *testing.T) {
	work, ds, ids := importFixture(t)
	path := filepath.Join(work, "mixed.csv")
	require.NoError(t, os.WriteFile(path, []byte("item_id,stance,reply_stance,discourse_act\n"+
		ids[0]+",favor,,\n"+ids[1]+",favour,agree,nope\n"), 0o644))

	// Someone's earlier rejected rows, and a link of the next name to a
	// file outside.
	existing := path + ".rejected.jsonl"
	require.NoError(t, os.WriteFile(existing, []byte("earlier\n"), 0o644))
	outside := filepath.Join(work, "outside.txt")
	require.NoError(t, os.WriteFile(outside, []byte("keep me\n"), 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(work, "mixed.csv.rejected-2.jsonl")))

	code, _, stderr := runCLI("labels", "import", ds, path, "--annotator", "x", "--skip-invalid")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "1 row(s) rejected")
	written := filepath.Join(work, "mixed.csv.rejected-3.jsonl")
	assert.Contains(t, stderr, "rejected rows written to "+written)

	data, err := os.ReadFile(existing)
	require.NoError(t, err)
	assert.Equal(t, "earlier\n", string(data), "an existing rejected-rows file is never replaced")
	data, err = os.ReadFile(outside)
	require.NoError(t, err)
	assert.Equal(t, "keep me\n", string(data), "a symbolic link is never followed")

	data, err = os.ReadFile(written)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 1, "one record per rejected row")
	var rec struct {
		Row    int               `json:"row"`
		Errors []string          `json:"errors"`
		Record map[string]string `json:"record"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &rec))
	assert.Equal(t, 3, rec.Row, "the header is row 1")
	assert.Len(t, rec.Errors, 3)
	assert.Equal(t, "favour", rec.Record["stance"])
	assert.Equal(t, "favor", labelOf(t, ds, "comments", ids[0], "stance"))
	assert.Nil(t, labelOf(t, ds, "comments", ids[1], "stance"))
}

// TestJSONLLabelWithoutID: a JSON Lines row with a label but no ID stops
// the import with the file and line (it was skipped silently).
func TestJSONLLabelWithoutID(t *testing.T) {
	work, ds, ids := importFixture(t)
	path := filepath.Join(work, "noid.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(`{"item_id":"`+ids[0]+`","stance":"favor"}`+"\n"+
		`{"comment":"a note without labels is skipped"}`+"\n"+`{"id":"`+ids[1]+`","stance":"against"}`+"\n"), 0o644))
	before := snapshot(t, ds)
	code, _, stderr := runCLI("labels", "import", ds, path, "--annotator", "x")
	assert.Equal(t, exitFailure, code, stderr)
	assert.Contains(t, stderr, "noid.jsonl: row 3: a stance label but no item_id (or comment_id, article_id)")
	assert.Equal(t, before, snapshot(t, ds))
}
