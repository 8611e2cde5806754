package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// lsTasks exports n top-level comments of ds as Label Studio tasks and
// returns them decoded.
func lsTasks(t *testing.T, work, ds string, n int) []map[string]any {
	t.Helper()
	tasks := filepath.Join(work, "ls-tasks.json")
	mustRun(t, "labels", "export", ds, "--format", "labelstudio", "--sample", itoa(n), "--seed", "3", "--out", tasks, "--force")
	data, err := os.ReadFile(tasks)
	require.NoError(t, err)
	var out []map[string]any
	require.NoError(t, json.Unmarshal(data, &out))
	require.Len(t, out, n)
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func choice(col, v string) map[string]any {
	return map[string]any{"from_name": col, "to_name": "text", "type": "choices", "value": map[string]any{"choices": []string{v}}}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

func agreementOf(t *testing.T, ds, col string) dataset.ColumnAgreement {
	t.Helper()
	var ag []dataset.ColumnAgreement
	require.NoError(t, json.Unmarshal([]byte(mustRun(t, "labels", "agreement", "--json", ds)), &ag))
	return findColumn(t, ag, col)
}

// TestLabelStudioTeam: a Label Studio project export with two annotators
// per task imports as two annotators (named through --annotators), with
// agreement as computed by hand; the JSON-MIN export of the same project
// imports the same labels.
func TestLabelStudioTeam(t *testing.T) {
	work := t.TempDir()
	ds := filepath.Join(work, "ds")
	mustRun(t, "build", "--quiet", "--out", ds)
	tasks := lsTasks(t, work, ds, 4)

	// User 1 (alice) and user 2 (bob@example.org, written as an object as
	// older exports do) label stance; they disagree on the last task.
	alice := []string{"favor", "against", "none", "favor"}
	bob := []string{"favor", "against", "none", "against"}
	var min []map[string]any
	for i, task := range tasks {
		task["id"] = i + 1
		task["annotations"] = []any{
			map[string]any{"completed_by": 1, "result": []any{choice("stance", alice[i])}},
			map[string]any{"completed_by": map[string]any{"id": 2, "email": "Bob@Example.org"}, "result": []any{choice("stance", bob[i])}},
			// A cancelled annotation counts for nobody.
			map[string]any{"completed_by": 3, "was_cancelled": true, "result": []any{choice("stance", "none")}},
		}
		id := task["data"].(map[string]any)["item_id"]
		min = append(min,
			map[string]any{"id": i + 1, "item_id": id, "stance": alice[i], "annotator": "alice@example.org", "annotation_id": 2*i + 1},
			map[string]any{"id": i + 1, "item_id": id, "stance": bob[i], "annotator": "bob@example.org", "annotation_id": 2*i + 2})
	}
	export := filepath.Join(work, "project-1-at-2026-11-20.json")
	writeJSON(t, export, tasks)
	team := filepath.Join(work, "team.csv")
	require.NoError(t, os.WriteFile(team, []byte("from,to\n1,Alice\nbob@example.org,bob\nalice@example.org,alice\n"), 0o644))

	out := mustRun(t, "labels", "import", ds, export, "--annotators", team)
	assert.Contains(t, out, "imported 8 label(s) from 2 annotator(s) [alice bob]")
	mustRun(t, "validate", ds)
	ann := rows2(t, ds, schema.Annotations)
	require.Len(t, ann, 8)
	byWho := map[any]int{}
	for _, a := range ann {
		byWho[a["annotator"]]++
	}
	assert.Equal(t, map[any]int{"alice": 4, "bob": 4}, byWho)
	// By hand: 3 of 4 agree (0.75). Kappa: alice favor 2, against 1, none
	// 1; bob favor 1, against 2, none 1; pe = (2*1+1*2+1*1)/16 = 5/16;
	// kappa = (12/16-5/16)/(11/16) = 7/11. Alpha: 8 values, favor 3,
	// against 3, none 2; one disagreeing unit gives o(favor,against) =
	// o(against,favor) = 1; alpha = 1 - (8-1)*2/(3*3+3*2+3*3+3*2+2*3+2*3)
	// = 1 - 14/42 = 2/3.
	st := agreementOf(t, ds, "comments.stance")
	require.Len(t, st.Pairs, 1)
	assert.Equal(t, "alice", st.Pairs[0].A)
	assert.Equal(t, "bob", st.Pairs[0].B)
	require.NotNil(t, st.Pairs[0].Kappa)
	assert.InDelta(t, 7.0/11, *st.Pairs[0].Kappa, 1e-9)
	require.NotNil(t, st.Alpha)
	assert.InDelta(t, 2.0/3, *st.Alpha, 1e-9)
	m, err := dataset.ReadManifest(ds)
	require.NoError(t, err)
	assert.Equal(t, []string{"alice", "bob"}, m.Imports[len(m.Imports)-1].Annotators)

	// DuckDB reads the new version: both annotators, and the label column
	// holds their value where they agree, null on the tie.
	counts := filepath.Join(work, "counts.csv")
	duckdb(t, "COPY (SELECT a.annotator, count(*) AS n, count(c.stance) AS agreed FROM read_parquet('"+filepath.Join(ds, "annotations", "*.parquet")+
		"') a JOIN read_parquet('"+filepath.Join(ds, "comments", "*.parquet")+"') c ON a.item_id = c.comment_id AND c.stance = a.value "+
		"GROUP BY a.annotator ORDER BY a.annotator) TO '"+counts+"' (HEADER)")
	got, err := os.ReadFile(counts)
	require.NoError(t, err)
	assert.Equal(t, "annotator,n,agreed\nalice,3,3\nbob,3,3\n", string(got), "3 of 4 items agree; the tie is null")

	// A round for an adjudicator starts from the majority; the tie (the
	// last task) has no prediction. One annotator's labels can be offered
	// instead.
	adj := filepath.Join(work, "adjudicate.json")
	mustRun(t, "labels", "export", ds, "--format", "labelstudio", "--prefill", "majority", "--out", adj)
	predicted := predictions(t, adj)
	for i, task := range tasks {
		id := task["data"].(map[string]any)["item_id"].(string)
		if i == 3 {
			assert.NotContains(t, predicted, id, "a tie is not offered")
			continue
		}
		assert.Equal(t, map[string]string{"stance": alice[i]}, predicted[id])
	}
	byBob := filepath.Join(work, "bob.json")
	mustRun(t, "labels", "export", ds, "--format", "labelstudio", "--prefill", "Bob", "--out", byBob)
	lastID := tasks[3]["data"].(map[string]any)["item_id"].(string)
	assert.Equal(t, map[string]string{"stance": "against"}, predictions(t, byBob)[lastID])
	code, _, stderr := runCLI("labels", "export", ds, "--format", "labelstudio", "--prefill", "zed", "--out", filepath.Join(work, "z.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `no labels by annotator "zed" to prefill; give "majority" or one of the annotators [alice bob]`)
	code, _, stderr = runCLI("labels", "export", ds, "--prefill", "majority", "--out", filepath.Join(work, "z.csv"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "prefilled labels go into a Label Studio export only")

	// The adjudicator (user 9) accepts the predictions and decides the tie.
	var round []map[string]any
	data, err := os.ReadFile(adj)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &round))
	for i, task := range round {
		task["id"] = 100 + i
		if task["data"].(map[string]any)["item_id"] == lastID {
			task["annotations"] = []any{map[string]any{"completed_by": 9, "result": []any{choice("stance", "favor")}}}
		}
	}
	adjDone := filepath.Join(work, "adjudicated.json")
	writeJSON(t, adjDone, round)
	out = mustRun(t, "labels", "import", ds, adjDone, "--annotators", team, "--annotator", "dora", "--adjudicator")
	assert.Contains(t, out, "imported 1 label(s) from dora", "a file of one unmapped user is --annotator's")
	mustRun(t, "validate", ds)
	assert.Equal(t, "favor", labelOf(t, ds, "comments", lastID, "stance"), "the adjudicator decides the tie")

	// The JSON-MIN export of the same project, into a fresh copy.
	ds2 := filepath.Join(work, "ds2")
	mustRun(t, "build", "--quiet", "--out", ds2)
	minFile := filepath.Join(work, "project-1-min.json")
	writeJSON(t, minFile, min)
	out = mustRun(t, "labels", "import", ds2, minFile, "--annotators", team)
	assert.Contains(t, out, "imported 8 label(s) from 2 annotator(s) [alice bob]")
	mustRun(t, "validate", ds2)
	assert.Equal(t, ann2set(ann), ann2set(rows2(t, ds2, schema.Annotations)))
}

// predictions reads a Label Studio export's predictions by item.
func predictions(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var tasks []struct {
		Data        map[string]any `json:"data"`
		Predictions []struct {
			ModelVersion string `json:"model_version"`
			Result       []struct {
				FromName string `json:"from_name"`
				Value    struct {
					Choices []string `json:"choices"`
				} `json:"value"`
			} `json:"result"`
		} `json:"predictions"`
	}
	require.NoError(t, json.Unmarshal(data, &tasks))
	out := map[string]map[string]string{}
	for _, task := range tasks {
		for _, p := range task.Predictions {
			assert.Contains(t, p.ModelVersion, "threadset ")
			for _, r := range p.Result {
				if out[task.Data["item_id"].(string)] == nil {
					out[task.Data["item_id"].(string)] = map[string]string{}
				}
				out[task.Data["item_id"].(string)][r.FromName] = strings.Join(r.Value.Choices, ";")
			}
		}
	}
	return out
}

// ann2set keeps what two imports of the same labels share.
func ann2set(rows []map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, r := range rows {
		out[r["item_id"].(string)+" "+r["label"].(string)+" "+r["annotator"].(string)+" "+r["value"].(string)] = true
	}
	return out
}

// TestCorrections: names are normalised; a file imported twice is
// refused unless --again; labels remove gives back the Parquet files of
// the version before the import, byte for byte; an adjudicator's label
// wins over the majority; every step is in the import log.
func TestCorrections(t *testing.T) {
	work, ds, ids := importFixture(t)
	a := filepath.Join(work, "a.csv")
	require.NoError(t, os.WriteFile(a, []byte("item_id,stance\n"+ids[0]+",favor\n"+ids[1]+",none\n"), 0o644))
	mustRun(t, "labels", "import", ds, a, "--annotator", "Alice ")
	before := parquetFiles(t, ds)

	// The same labels under "alice" are the same annotator: refused as a
	// file imported before; with --again they replace, not add.
	code, _, stderr := runCLI("labels", "import", ds, a, "--annotator", "alice")
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "a.csv was imported before: 2 label(s) in the dataset come from a file with the same sha256")
	assert.Contains(t, stderr, "--again")
	out := mustRun(t, "labels", "import", ds, a, "--annotator", "ALICE", "--again")
	assert.Contains(t, out, "imported 2 label(s) from alice (replacing 2 earlier label(s)")
	assert.Len(t, rows2(t, ds, schema.Annotations), 2)

	// Bob agrees on one, then is removed by his file's sha256 prefix.
	b := filepath.Join(work, "b.csv")
	require.NoError(t, os.WriteFile(b, []byte("item_id,stance\n"+ids[0]+",against\n"), 0o644))
	mustRun(t, "labels", "import", ds, b, "--annotator", "bob")
	assert.Nil(t, labelOf(t, ds, "comments", ids[0], "stance"), "a tie")
	m, err := dataset.ReadManifest(ds)
	require.NoError(t, err)
	bobSHA := m.Imports[len(m.Imports)-1].SHA256
	out = mustRun(t, "labels", "remove", ds, "--file", bobSHA[:10])
	assert.Contains(t, out, "removed 1 label(s)")
	mustRun(t, "validate", ds)
	assert.Equal(t, before, parquetFiles(t, ds), "removing an import gives back the Parquet files of the version before it")

	// An adjudicator decides against the majority.
	mustRun(t, "labels", "import", ds, b, "--annotator", "bob")
	c := filepath.Join(work, "c.csv")
	require.NoError(t, os.WriteFile(c, []byte("item_id,stance\n"+ids[0]+",favor\n"), 0o644))
	mustRun(t, "labels", "import", ds, c, "--annotator", "carol")
	assert.Equal(t, "favor", labelOf(t, ds, "comments", ids[0], "stance"), "two of three say favor")
	d := filepath.Join(work, "d.csv")
	require.NoError(t, os.WriteFile(d, []byte("item_id,stance,note\n"+ids[0]+",against,adjudicated\n"), 0o644))
	mustRun(t, "labels", "import", ds, d, "--annotator", "dora", "--adjudicator")
	mustRun(t, "validate", ds)
	assert.Equal(t, "against", labelOf(t, ds, "comments", ids[0], "stance"), "the adjudicator's label wins")
	assert.Equal(t, "none", labelOf(t, ds, "comments", ids[1], "stance"), "where the adjudicator gave none, the majority")
	card, err := os.ReadFile(filepath.Join(ds, "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(card), "adjudicator")

	// Removing an annotator; the log keeps every step.
	out = mustRun(t, "labels", "remove", ds, "--annotator", " Dora")
	assert.Contains(t, out, "removed 1 label(s)")
	assert.Equal(t, "favor", labelOf(t, ds, "comments", ids[0], "stance"))
	m, err = dataset.ReadManifest(ds)
	require.NoError(t, err)
	var log []string
	for _, im := range m.Imports {
		log = append(log, im.Action+":"+im.Annotator+":"+im.File)
	}
	assert.Equal(t, []string{":alice:a.csv", ":alice:a.csv", ":bob:b.csv", "remove::b.csv", ":bob:b.csv", ":carol:c.csv", ":dora:d.csv", "remove:dora:"}, log)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--annotator", "zed"}, `no labels by annotator "zed" in ` + ds + `; the annotators are [alice bob carol]`},
		{[]string{"--file", "00000000"}, `no labels from a file with sha256 "00000000"; the imported files are [`},
		{[]string{"--file", "abc"}, `give at least 8 hex digits`},
	} {
		code, _, stderr := runCLI(append([]string{"labels", "remove", ds}, tc.args...)...)
		assert.Equal(t, exitFailure, code, stderr)
		assert.Contains(t, stderr, tc.want)
	}
	code, _, stderr = runCLI("labels", "remove", ds)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "--annotator NAME or --file SHA256")
}

// parquetFiles are the dataset's Parquet files by name, with their bytes.
func parquetFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range snapshot(t, dir) {
		if strings.HasSuffix(k, ".parquet") {
			out[strings.TrimPrefix(k, dir)] = v
		}
	}
	require.NotEmpty(t, out)
	return out
}

// TestImportMessages: the messages for a team's natural mistakes.
func TestImportMessages(t *testing.T) {
	work, ds, ids := importFixture(t)

	t.Run("another dataset", func(t *testing.T) {
		path := filepath.Join(work, "other.csv")
		var b strings.Builder
		b.WriteString("item_id,stance,discourse_act\n")
		for i := 0; i < 70; i++ {
			b.WriteString("cmt_" + strings.Repeat("0", 14) + itoa(10+i) + ",favor,question\n")
		}
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		code, _, stderr := runCLI("labels", "import", ds, path, "--annotator", "x")
		assert.Equal(t, exitFailure, code)
		assert.Equal(t, "threadset: nothing was imported: other.csv: none of the 70 IDs in other.csv are in "+ds+"; was it exported from another dataset?\n", stderr)
	})

	t.Run("semicolon CSV with spreadsheet rows", func(t *testing.T) {
		path := filepath.Join(work, "excel-de.csv")
		require.NoError(t, os.WriteFile(path, []byte("item_id;stance;stance_target\n"+ids[0]+";favor;\"Assad; the army\"\n"+ids[1]+";favour;\n"), 0o644))
		code, _, stderr := runCLI("labels", "import", ds, path, "--annotator", "x")
		assert.Equal(t, exitFailure, code)
		assert.Contains(t, stderr, `excel-de.csv: row 3: stance "favour" is not one of [favor against none]; did you mean "favor"?`)
		require.NoError(t, os.WriteFile(path, []byte("item_id;stance;stance_target\n"+ids[0]+";favor;\"Assad; the army\"\n"), 0o644))
		mustRun(t, "labels", "import", ds, path, "--annotator", "x")
		assert.Equal(t, "Assad; the army", labelOf(t, ds, "comments", ids[0], "stance_target"))
	})

	t.Run("tab-separated", func(t *testing.T) {
		path := filepath.Join(work, "tabs.txt")
		require.NoError(t, os.WriteFile(path, []byte("item_id\tdiscourse_act\n"+ids[2]+"\tquestion\n"), 0o644))
		mustRun(t, "labels", "import", ds, path, "--annotator", "y", "--format", "csv")
		assert.Equal(t, "question", labelOf(t, ds, "comments", ids[2], "discourse_act"))
	})

	t.Run("Label Studio CSV export with annotators", func(t *testing.T) {
		// Label Studio's CSV export: one row per annotation, the annotator's
		// e-mail, a multiple choice as JSON.
		path := filepath.Join(work, "project-2-at-2026.csv")
		require.NoError(t, os.WriteFile(path, []byte("annotation_id,annotator,discourse_act,id,item_id,text\n"+
			"1,eve@example.org,\"{\"\"choices\"\": [\"\"humor\"\"]}\",7,"+ids[1]+",some text\n"+
			"2,fred@example.org,humor,7,"+ids[1]+",some text\n"), 0o644))
		out := mustRun(t, "labels", "import", ds, path)
		assert.Contains(t, out, "imported 2 label(s) from 2 annotator(s) [eve@example.org fred@example.org]")
		assert.Equal(t, "humor", labelOf(t, ds, "comments", ids[1], "discourse_act"))
	})

	t.Run("did you mean a flag", func(t *testing.T) {
		code, _, stderr := runCLI("labels", "import", ds, "x.csv", "--annotater", "x")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "unknown flag: --annotater; did you mean --annotator?")
	})

	t.Run("annotators file", func(t *testing.T) {
		path := filepath.Join(work, "bad-team.csv")
		require.NoError(t, os.WriteFile(path, []byte("1,alice\n2\n"), 0o644))
		code, _, stderr := runCLI("labels", "import", ds, "x.csv", "--annotators", path)
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, stderr, "--annotators: bad-team.csv: row 2: 1 cell(s), want 2 (from, to)")
	})
}

// TestAgreementOutput: percent agreement beside alpha and kappa, 1 where
// everybody agrees, confusion tables naming the annotators, and the
// breakdowns by depth and source, the same on every run.
func TestAgreementOutput(t *testing.T) {
	work, ds, _ := importFixture(t)
	tasks := filepath.Join(work, "all.csv")
	mustRun(t, "labels", "export", ds, "--out", tasks)
	header, rows := readTasks(t, tasks)
	require.Len(t, rows, 70)
	fill := func(name string, f func(i int) string) string {
		var out []map[string]string
		for i, r := range rows {
			r = copyMap(r)
			r["discourse_act"], r["stance"] = "question", f(i)
			out = append(out, r)
		}
		path := filepath.Join(work, name+".csv")
		writeTasks(t, path, header, out)
		return path
	}
	mustRun(t, "labels", "import", ds, fill("ann", func(i int) string { return "favor" }), "--annotator", "ann")
	mustRun(t, "labels", "import", ds, fill("ben", func(i int) string {
		if i%10 == 0 {
			return "against"
		}
		return "favor"
	}), "--annotator", "ben")

	da := agreementOf(t, ds, "comments.discourse_act")
	assert.Equal(t, 70, da.Items)
	require.NotNil(t, da.Alpha, "70 of 70 identical values: alpha is 1, not undefined")
	assert.Equal(t, 1.0, *da.Alpha)
	assert.Contains(t, da.AlphaNote, "1 by definition")
	require.NotNil(t, da.Pairs[0].Kappa)
	assert.Equal(t, 1.0, *da.Pairs[0].Kappa)
	assert.Equal(t, 1.0, *da.Percent)

	st := agreementOf(t, ds, "comments.stance")
	assert.InDelta(t, 63.0/70, *st.Percent, 1e-9)
	assert.InDelta(t, 63.0/70, st.Pairs[0].Percent, 1e-9)
	none := agreementOf(t, ds, "articles.stance")
	assert.Nil(t, none.Alpha)
	assert.Equal(t, "undefined: no item has labels from two or more annotators", none.AlphaNote)

	out := mustRun(t, "labels", "agreement", ds)
	assert.Contains(t, out, "comments.stance: 70 item(s) with 2+ annotators, percent agreement 90.0%, Krippendorff's alpha (nominal) ")
	assert.Contains(t, out, "  ann vs ben: 70 item(s), agreement 90.0%, Cohen's kappa 0.000\n"+
		"    ann \\ ben  against  favor\n"+
		"    against          0      0\n"+
		"    favor            7     63\n"+
		"    specific agreement per value: against 0.0% (ann 0, ben 7, both 0); favor 94.7% (ann 70, ben 63, both 63)\n")
	assert.Contains(t, out, "Krippendorff's alpha (nominal) 1.000 (1 by definition: every label is the same value")

	byDepth := mustRun(t, "labels", "agreement", "--by", "depth", ds)
	assert.Contains(t, byDepth, "  by group:\n    depth 0: ")
	assert.Contains(t, byDepth, "    depth 1: 2 item(s) with 2+ annotators")
	bySource := mustRun(t, "labels", "agreement", "--by", "source", ds)
	assert.Contains(t, bySource, "    Anti-Empire: 3 item(s) with 2+ annotators")
	assert.Equal(t, bySource, mustRun(t, "labels", "agreement", "--by", "source", ds), "deterministic")
	code, _, stderr := runCLI("labels", "agreement", "--by", "author", ds)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown --by "author", must be one of [source depth]`)
}

// TestExportMessages: filters that match nothing fail with the values that
// would match; a sample larger than the items says so; every task carries
// the article's lead and its parent.
func TestExportMessages(t *testing.T) {
	work, ds, _ := importFixture(t)
	out := filepath.Join(work, "t.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--source", "Anti Empire"}, `no source "Anti Empire"; the sources are ["Anti-Empire" "unknown"] (or their source_id); did you mean "Anti-Empire"?`},
		{[]string{"--article", "art_nothere"}, `no article "art_nothere" in ` + ds + `; its 5 article(s) are [art_`},
		{[]string{"--source", "Anti-Empire", "--max-depth", "0", "--article", articleOf(t, ds, "003_08501f5dcdae8cc7.txt")}, "no comments in " + ds + ` match the filters: --source "Anti-Empire", --article art_`},
	} {
		code, _, stderr := runCLI(append([]string{"labels", "export", ds, "--out", out}, tc.args...)...)
		assert.Equal(t, exitUsage, code, stderr)
		assert.Contains(t, stderr, tc.want)
		assert.NoFileExists(t, out, "nothing is written")
	}

	code, _, stderr := runCLI("labels", "export", ds, "--out", out, "--sample", "200")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "--sample 200 is more than the 70 item(s) that match the filters: all 70 exported")

	_, rows := readTasks(t, out)
	var reply map[string]string
	for _, r := range rows {
		if strings.Contains(r["context"], "Marko Marjanović: I read that Hafez") {
			reply = r
		}
	}
	require.NotNil(t, reply)
	lead := strings.SplitN(reply["context"], "\n\n---\n\n", 2)[0]
	assert.True(t, strings.HasPrefix(lead, "article: "+reply["article_title"]+"\n\n"), "the article's title, then its lead: %q", lead)
	assert.Greater(t, len(lead), len("article: "+reply["article_title"])+40)

	jsonl := filepath.Join(work, "t.jsonl")
	mustRun(t, "labels", "export", ds, "--format", "jsonl", "--out", jsonl, "--max-depth", "0", "--sample", "1")
	data, err := os.ReadFile(jsonl)
	require.NoError(t, err)
	var task struct {
		ArticleLead string `json:"article_lead"`
	}
	require.NoError(t, json.Unmarshal(data, &task))
	assert.NotEmpty(t, task.ArticleLead, "a top-level comment's reply_stance is toward the article: its lead is in the task")
}
