package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// seedsDir copies the seed pages (all, or all but the one named) into a
// fresh directory.
func seedsDir(t *testing.T, without string) string {
	t.Helper()
	dir := t.TempDir()
	seeds, err := filepath.Glob(fixture("textpage", "seeds", "input", "*.txt"))
	require.NoError(t, err)
	for _, s := range seeds {
		if strings.HasPrefix(filepath.Base(s), without+"_") && without != "" {
			continue
		}
		data, err := os.ReadFile(s)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(s)), data, 0o644))
	}
	return dir
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCLI(args...)
	require.Equal(t, exitOK, code, "%v: %s", args, stderr)
	return stdout
}

// readCSV reads an exported task file.
func readTasks(t *testing.T, path string) ([]string, []map[string]string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return recs[0], out
}

func writeTasks(t *testing.T, path string, header []string, rows []map[string]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	require.NoError(t, w.Write(header))
	for _, r := range rows {
		var rec []string
		for _, h := range header {
			rec = append(rec, r[h])
		}
		require.NoError(t, w.Write(rec))
	}
	w.Flush()
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
}

func labelOf(t *testing.T, dir, table, id, col string) any {
	t.Helper()
	m, err := dataset.ReadManifest(dir)
	require.NoError(t, err)
	tb := m.Labels().Table(table)
	var got any = "<missing item>"
	require.NoError(t, dataset.ReadTable(dir, tb, func(r schema.Row) error {
		if r[tb.Index(schema.IDColumn(table))] == id {
			got = r[tb.Index(col)]
		}
		return nil
	}))
	return got
}

// TestRoundTrip is the annotator's and researcher's round trip: build,
// export, two annotators label overlapping items with one disagreement,
// import both, check annotations, aggregates and agreement; rebuild with
// --labels-from and find every label; rebuild without a page and find its
// labels orphaned.
func TestRoundTrip(t *testing.T) {
	work := t.TempDir()
	seeds := seedsDir(t, "")
	ds := filepath.Join(work, "v1")
	mustRun(t, "build", "--quiet", "--out", ds, seeds)

	tasks := filepath.Join(work, "tasks.csv")
	mustRun(t, "labels", "export", ds, "--article", articleOf(t, ds, "000_27271087f4f471d8.txt"), "--out", tasks)
	header, rows := readTasks(t, tasks)
	require.Len(t, rows, 3, "seed 000 has three comments")
	assert.Equal(t, "JHK", rows[2]["author"])
	assert.Contains(t, rows[2]["context"], "Marko Marjanović: I read that Hafez", "the chain of parents is the context")
	assert.Equal(t, "", rows[0]["stance"])

	// Alice labels all three, Bob the first two; they disagree on the second.
	alice := []map[string]string{}
	for i, r := range rows {
		r = copyMap(r)
		r["stance"] = []string{"against", "against", "favor"}[i]
		r["stance_target"] = "Assad"
		alice = append(alice, r)
	}
	bob := []map[string]string{copyMap(rows[0]), copyMap(rows[1])}
	bob[0]["stance"], bob[1]["stance"] = "against", "favor"
	writeTasks(t, filepath.Join(work, "alice.csv"), header, alice)
	writeTasks(t, filepath.Join(work, "bob.csv"), header, bob)
	mustRun(t, "labels", "import", ds, filepath.Join(work, "alice.csv"), "--annotator", "alice")
	mustRun(t, "labels", "import", ds, filepath.Join(work, "bob.csv"), "--annotator", "bob")
	mustRun(t, "validate", ds)

	ann := rows2(t, ds, schema.Annotations)
	assert.Len(t, ann, 3+3+2, "alice: 3 stance + 3 stance_target, bob: 2 stance")
	ids := []string{rows[0]["item_id"], rows[1]["item_id"], rows[2]["item_id"]}
	assert.Equal(t, "against", labelOf(t, ds, "comments", ids[0], "stance"), "both say against")
	assert.Nil(t, labelOf(t, ds, "comments", ids[1], "stance"), "a tie stays null")
	assert.Equal(t, "favor", labelOf(t, ds, "comments", ids[2], "stance"))
	assert.Equal(t, "Assad", labelOf(t, ds, "comments", ids[2], "stance_target"))

	var ag []dataset.ColumnAgreement
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "labels", "agreement", "--json", ds)), &ag))
	st := findColumn(t, ag, "comments.stance")
	assert.Equal(t, 2, st.Items)
	require.Len(t, st.Pairs, 1)
	// Two items, against/against and against/favor: observed agreement
	// 1/2, chance agreement (2/2)(1/2) = 1/2, so kappa = 0; alpha: n = 4,
	// n_against = 3, n_favor = 1, one disagreeing pair each way:
	// 1 - 3*2/(2*3*1) = 0.
	require.NotNil(t, st.Pairs[0].Kappa)
	assert.InDelta(t, 0.0, *st.Pairs[0].Kappa, 1e-9)
	require.NotNil(t, st.Alpha)
	assert.InDelta(t, 0.0, *st.Alpha, 1e-9)
	assert.Equal(t, []dataset.Cell{{A: "against", B: "against", Count: 1}, {A: "against", B: "favor", Count: 1}}, st.Pairs[0].Confusion)
	card, err := os.ReadFile(filepath.Join(ds, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(card), "8 label(s) from 2 annotator(s); alice: 6; bob: 2")
	assert.Contains(t, string(card), "alice vs bob: Cohen's kappa 0.000 on 2 item(s)")
	assert.Contains(t, string(card), "percent agreement 50.0%, Krippendorff's alpha (nominal) 0.000")

	// Rebuild from the same inputs: every label is still there.
	v2 := filepath.Join(work, "v2")
	mustRun(t, "build", "--quiet", "--out", v2, "--labels-from", ds, seeds)
	mustRun(t, "validate", v2)
	assert.Equal(t, ann, rows2(t, v2, schema.Annotations))
	assert.Equal(t, "against", labelOf(t, v2, "comments", ids[0], "stance"))
	assert.Equal(t, "favor", labelOf(t, v2, "comments", ids[2], "stance"))

	// Rebuild without seed 000: its labels are orphaned, not dropped.
	v3 := filepath.Join(work, "v3")
	mustRun(t, "build", "--quiet", "--out", v3, "--labels-from", v2, seedsDir(t, "000"))
	mustRun(t, "validate", v3)
	assert.Empty(t, rows2(t, v3, schema.Annotations))
	orph := rows2(t, v3, schema.OrphanedAnnotations)
	assert.Len(t, orph, len(ann))
	assert.Contains(t, orph[0]["reason"], "is not in this build")
	m3, err := dataset.ReadManifest(v3)
	require.NoError(t, err)
	assert.Equal(t, schema.WarnOrphanedLabels, m3.Warnings[len(m3.Warnings)-1].Kind, "the build says how many labels it orphaned")
	assert.Contains(t, m3.Warnings[len(m3.Warnings)-1].Message, "8 annotation(s) have no item in this build")

	// And back: building v4 from v3 with all pages re-matches nothing (the
	// items have their old IDs again) but keeps the orphans as orphans.
	v4 := filepath.Join(work, "v4")
	mustRun(t, "build", "--quiet", "--out", v4, "--labels-from", v3, seeds)
	assert.Len(t, rows2(t, v4, schema.OrphanedAnnotations), len(ann))
}

// TestRematchByText: a re-scraped page keeps its IDs; one whose headline
// was edited (so a different article ID and comment IDs) keeps its
// comments' labels by their text.
func TestRematchByText(t *testing.T) {
	work := t.TempDir()
	seeds := seedsDir(t, "")
	ds := filepath.Join(work, "v1")
	mustRun(t, "build", "--quiet", "--out", ds, seeds)
	tasks := filepath.Join(work, "t.csv")
	art := articleOf(t, ds, "000_27271087f4f471d8.txt")
	mustRun(t, "labels", "export", ds, "--article", art, "--out", tasks)
	header, rows := readTasks(t, tasks)
	rows[0]["discourse_act"] = "announcement"
	writeTasks(t, tasks, header, rows[:1])
	mustRun(t, "labels", "import", ds, tasks, "--annotator", "alice")

	page := filepath.Join(seeds, "000_27271087f4f471d8.txt")
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(page, append(data, "\n\n"...), 0o644)) // re-scraped: same text, new bytes
	same := filepath.Join(work, "same")
	mustRun(t, "build", "--quiet", "--out", same, "--labels-from", ds, seeds)
	kept := rows2(t, same, schema.Annotations)
	require.Len(t, kept, 1)
	assert.Equal(t, rows[0]["item_id"], kept[0]["item_id"], "a re-scrape keeps the comment's ID")
	assert.Nil(t, kept[0]["rematched_from"])

	headline, rest, _ := strings.Cut(string(data), "\n")
	require.NoError(t, os.WriteFile(page, []byte(headline+" (updated)\n"+rest), 0o644)) // an edited headline
	v2 := filepath.Join(work, "v2")
	mustRun(t, "build", "--quiet", "--out", v2, "--labels-from", ds, seeds)
	mustRun(t, "validate", v2)
	ann := rows2(t, v2, schema.Annotations)
	require.Len(t, ann, 1)
	assert.Equal(t, rows[0]["item_id"], ann[0]["rematched_from"])
	assert.NotEqual(t, rows[0]["item_id"], ann[0]["item_id"])
	assert.Equal(t, "announcement", labelOf(t, v2, "comments", ann[0]["item_id"].(string), "discourse_act"))
	assert.Empty(t, rows2(t, v2, schema.OrphanedAnnotations))
}

// TestImportFromDuckDBAndLabelStudio: a Parquet file written by DuckDB
// with a filled label column, and a Label Studio export.
func TestImportFromDuckDBAndLabelStudio(t *testing.T) {
	work := t.TempDir()
	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--out", ds)

	// A researcher fills reply_stance in DuckDB and writes the Parquet back.
	ensureDuckDB(t)
	pq := filepath.Join(work, "notebook.parquet")
	sql := "COPY (SELECT comment_id, 'comment' AS reply_stance, text FROM read_parquet('" + filepath.Join(ds, "comments", "*.parquet") +
		"') WHERE depth = 1 ORDER BY comment_id) TO '" + pq + "' (FORMAT parquet)"
	duckdb(t, sql)
	mustRun(t, "labels", "import", ds, pq, "--annotator", "carol")
	mustRun(t, "validate", ds)
	ann := rows2(t, ds, schema.Annotations)
	require.Len(t, ann, 2, "the sample has two depth-1 comments")
	for _, a := range ann {
		assert.Equal(t, "carol", a["annotator"])
		assert.Equal(t, "comment", labelOf(t, ds, "comments", a["item_id"].(string), "reply_stance"))
	}

	// Label Studio: export tasks, annotate as the Label Studio UI would.
	tasks := filepath.Join(work, "ls.json")
	mustRun(t, "labels", "export", ds, "--format", "labelstudio", "--max-depth", "0", "--sample", "2", "--seed", "5", "--out", tasks)
	config, err := os.ReadFile(filepath.Join(work, "ls.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(config), `<Choices name="discourse_act" toName="text" choice="single">`)
	assert.Contains(t, string(config), `layout="dialogue"`)
	var exported []map[string]any
	data, err := os.ReadFile(tasks)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &exported))
	require.Len(t, exported, 2)
	for i, task := range exported {
		task["id"] = i + 1
		task["annotations"] = []any{map[string]any{"was_cancelled": false, "result": []any{
			map[string]any{"from_name": "discourse_act", "to_name": "text", "type": "choices", "value": map[string]any{"choices": []string{"question"}}},
			map[string]any{"from_name": "stance_target", "to_name": "text", "type": "textarea", "value": map[string]any{"text": []string{"Turkey"}}},
		}}}
	}
	out, err := json.Marshal(exported)
	require.NoError(t, err)
	lsExport := filepath.Join(work, "project-1-at-2026.json")
	require.NoError(t, os.WriteFile(lsExport, out, 0o644))
	mustRun(t, "labels", "import", ds, lsExport, "--annotator", "dana")
	mustRun(t, "validate", ds)
	id := exported[0]["data"].(map[string]any)["item_id"].(string)
	assert.Equal(t, "question", labelOf(t, ds, "comments", id, "discourse_act"))
	assert.Equal(t, "Turkey", labelOf(t, ds, "comments", id, "stance_target"))
	m, err := dataset.ReadManifest(ds)
	require.NoError(t, err)
	require.Len(t, m.Imports, 2)
	assert.Equal(t, "labelstudio", m.Imports[1].Format)
	assert.Equal(t, 4, m.Imports[1].Labels)
}

// TestBadImports: every bad import names the file, the row and what is
// allowed, and leaves the dataset exactly as it was.
func TestBadImports(t *testing.T) {
	work := t.TempDir()
	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--out", ds)
	tasks := filepath.Join(work, "tasks.csv")
	mustRun(t, "labels", "export", ds, "--out", tasks, "--sample", "3", "--seed", "1")
	_, rows := readTasks(t, tasks)
	id0, id1 := rows[0]["item_id"], rows[1]["item_id"]

	cases := []struct {
		name, file, content string
		want                []string
	}{
		{"unknown value", "a.csv", "item_id,stance\n" + id0 + ",favour\n", []string{"a.csv: row 2: stance \"favour\" is not one of [favor against none]; did you mean \"favor\"?", "nothing was imported"}},
		{"unknown ID", "b.csv", "item_id,stance\n" + id0 + ",favor\ncmt_0000000000000000,none\n", []string{"b.csv: row 3: no article or comment with ID \"cmt_0000000000000000\" in the dataset"}},
		{"duplicate row", "c.csv", "item_id,stance\n" + id0 + ",favor\n" + id1 + ",none\n" + id0 + ",against\n", []string{"c.csv: row 4: " + id0 + " stance is labelled twice in this file (rows 2 and 4)"}},
		{"missing ID column", "d.csv", "id,stance\n" + id0 + ",favor\n", []string{"d.csv: no item_id column (or comment_id, article_id); the columns are [id stance]"}},
		{"unknown value in JSON Lines", "e.jsonl", `{"item_id": "` + id0 + `", "reply_stance": "agree"}` + "\n", []string{"e.jsonl: row 1: reply_stance \"agree\" is not one of [support deny query comment]"}},
		{"not JSON", "f.jsonl", "{\"item_id\": \"" + id0 + "\", \"stance\": \"favor\"}\n{oops\n", []string{"f.jsonl: row 2: not a JSON object"}},
		{"label column of another table", "g.csv", "item_id,reply_stance\n" + articleOf(t, ds, "003_08501f5dcdae8cc7.txt") + ",support\n", []string{"g.csv: row 2: art_", "is in articles, which has no label column \"reply_stance\"", "nothing was imported"}},
		{"nothing filled", "h.csv", "item_id,stance\n" + id0 + ",\n", []string{"h.csv: no labels in the file"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(work, tc.file)
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o644))
			before := snapshot(t, ds)
			code, _, stderr := runCLI("labels", "import", ds, path, "--annotator", "x")
			assert.Equal(t, exitFailure, code, stderr)
			for _, w := range tc.want {
				assert.Contains(t, stderr, w)
			}
			assert.Equal(t, before, snapshot(t, ds), "a failed import changed the dataset")
			assertNoLeftovers(t, work)
		})
	}

	t.Run("no annotator", func(t *testing.T) {
		path := filepath.Join(work, "anonymous.csv")
		require.NoError(t, os.WriteFile(path, []byte("item_id,stance\n"+id0+",favor\n"), 0o644))
		code, _, stderr := runCLI("labels", "import", ds, path)
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "--annotator")
	})

	t.Run("skip invalid", func(t *testing.T) {
		path := filepath.Join(work, "mixed.csv")
		require.NoError(t, os.WriteFile(path, []byte("item_id,stance\n"+id0+",favor\n"+id1+",favour\n"), 0o644))
		before, err := os.ReadFile(path)
		require.NoError(t, err)
		code, _, stderr := runCLI("labels", "import", ds, path, "--annotator", "x", "--skip-invalid")
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, stderr, "1 row(s) rejected")
		rejected, err := os.ReadFile(path + ".rejected.jsonl")
		require.NoError(t, err)
		assert.Contains(t, string(rejected), `"row":3`, "the header is row 1")
		assert.Contains(t, string(rejected), `favour`)
		after, _ := os.ReadFile(path)
		assert.Equal(t, before, after, "the input is never modified")
		assert.Equal(t, "favor", labelOf(t, ds, "comments", id0, "stance"))
		assert.Nil(t, labelOf(t, ds, "comments", id1, "stance"))
	})
}

func TestLabelSetFile(t *testing.T) {
	work := t.TempDir()
	lsPath := filepath.Join(work, "labels.json")
	require.NoError(t, os.WriteFile(lsPath, []byte(`{
  "name": "toxicity", "version": "2", "extends": "default",
  "columns": [
    {"table": "comments", "name": "toxicity", "type": "many", "definition": "kinds of abuse in the comment",
     "origin": "our guidelines v2", "values": [
       {"value": "insult", "definition": "attacks a person"},
       {"value": "antisemitism", "definition": "hostility toward Jews"},
       {"value": "threat", "definition": "threatens violence"}]}
  ]
}`), 0o644))
	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--label-set", lsPath, "--out", ds)
	m, err := dataset.ReadManifest(ds)
	require.NoError(t, err)
	assert.Equal(t, "toxicity", m.LabelSet.Name)
	assert.Equal(t, "2", m.LabelSet.Version)
	card, _ := os.ReadFile(filepath.Join(ds, "README.md"))
	assert.Contains(t, string(card), "### `comments.toxicity` (many)")
	assert.Contains(t, string(card), "| `antisemitism` | hostility toward Jews |")

	tasks := filepath.Join(work, "t.csv")
	mustRun(t, "labels", "export", ds, "--out", tasks, "--sample", "1")
	header, rows := readTasks(t, tasks)
	assert.Contains(t, header, "toxicity")
	rows[0]["toxicity"] = "threat; insult"
	writeTasks(t, tasks, header, rows)
	mustRun(t, "labels", "import", ds, tasks, "--annotator", "a")
	assert.Equal(t, "insult;threat", labelOf(t, ds, "comments", rows[0]["item_id"], "toxicity"), "several values, in vocabulary order")
	mustRun(t, "validate", ds)

	bad := filepath.Join(work, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"name": "x", "version": "1", "columns": [{"table": "comments", "name": "text", "type": "one", "definition": "d", "values": [{"value": "a"}]}]}`), 0o644))
	code, _, stderr := runCLI("build", "--quiet", "--label-set", bad, "--out", filepath.Join(work, "x"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "text is a column of comments already, not a label")
}

func copyMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func rows2(t *testing.T, dir string, tb *schema.Table) []map[string]any { return rows(t, dir, tb) }

func articleOf(t *testing.T, dir, inputPath string) string {
	t.Helper()
	m, err := dataset.ReadManifest(dir)
	require.NoError(t, err)
	return one(t, rows(t, dir, m.Labels().Table("articles")), "input_path", inputPath)["article_id"].(string)
}

func findColumn(t *testing.T, cols []dataset.ColumnAgreement, name string) dataset.ColumnAgreement {
	t.Helper()
	for _, c := range cols {
		if c.Column == name {
			return c
		}
	}
	t.Fatalf("no agreement for %s", name)
	return dataset.ColumnAgreement{}
}

// ensureDuckDB installs @duckdb/node-api, once per package.json and
// lock file, outside the source tree (see duckDBInstall), and returns the
// directory holding the .ci/duckdb scripts, placed where node finds it.
func ensureDuckDB(t testing.TB) string {
	t.Helper()
	dir, err := duckDBInstall(filepath.Join("..", "..", ".ci", "duckdb"))
	require.NoError(t, err)
	return dir
}

// duckdb runs one SQL statement in DuckDB.
func duckdb(t *testing.T, sql string) {
	t.Helper()
	ciDir := ensureDuckDB(t)
	cmd := exec.Command("node", filepath.Join(ciDir, "sql.mjs"), sql)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "duckdb: %s", msg)
}
