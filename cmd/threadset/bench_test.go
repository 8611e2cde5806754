package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkThroughput builds generated corpora with `threadset build` and,
// when DuckDB (@duckdb/node-api, through the DuckDB test helper) is there,
// times DuckDB's JSON-Lines-to-Parquet conversion of the same records:
//
//	go test ./cmd/threadset -run '^$' -bench Throughput -benchtime 3x
//
// It reports threadset's MB/s of input, DuckDB's time for the same
// records, and the ratio of DuckDB's time to threadset's (1 would be as
// fast as DuckDB).
func BenchmarkThroughput(b *testing.B) {
	for _, c := range []struct {
		name string
		make func(b *testing.B) (in string, jsonl []string, size int64)
	}{
		{"textpages", textCorpus},
		{"reddit-ndjson", redditCorpus},
	} {
		b.Run(c.name, func(b *testing.B) {
			in, jsonl, size := c.make(b)
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "ds")
				if code, _, stderr := runCLI("build", "--quiet", "--workers", "2", "--out", out, in); code != exitOK {
					b.Fatal(stderr)
				}
			}
			b.StopTimer()
			ours := b.Elapsed().Seconds() / float64(b.N)
			if d := duckDBSeconds(b, jsonl); d > 0 {
				b.ReportMetric(d, "duckdb-s")
				b.ReportMetric(d/ours, "ratio")
			}
		})
	}
}

// textCorpus is 2,000 text pages from the seed pages, and the same pages
// as JSON Lines records (path, text) for DuckDB.
func textCorpus(b *testing.B) (string, []string, int64) {
	seeds, err := filepath.Glob(filepath.Join(fixturesDir, "textpage", "seeds", "input", "*.txt"))
	require.NoError(b, err)
	dir := b.TempDir()
	in := filepath.Join(dir, "pages")
	require.NoError(b, os.MkdirAll(in, 0o755))
	jf, err := os.Create(filepath.Join(dir, "pages.jsonl"))
	require.NoError(b, err)
	jw := bufio.NewWriter(jf)
	var size int64
	for i := 0; i < 2000; i++ {
		data, err := os.ReadFile(seeds[i%len(seeds)])
		require.NoError(b, err)
		page := string(data)
		nl := strings.IndexByte(page, '\n')
		page = fmt.Sprintf("%s (copy %d)%s", page[:nl], i, page[nl:])
		name := fmt.Sprintf("page-%05d.txt", i)
		require.NoError(b, os.WriteFile(filepath.Join(in, name), []byte(page), 0o644))
		rec, err := json.Marshal(map[string]string{"path": name, "text": page})
		require.NoError(b, err)
		jw.Write(append(rec, '\n'))
		size += int64(len(page))
	}
	require.NoError(b, jw.Flush())
	require.NoError(b, jf.Close())
	return in, []string{jf.Name()}, size
}

// redditCorpus is a Pushshift-style month: 2,500 submissions and 50,000
// comments, interleaved as dumps are.
func redditCorpus(b *testing.B) (string, []string, int64) {
	in := b.TempDir()
	var size int64
	write := func(name string, n int, line func(i int) string) {
		f, err := os.Create(filepath.Join(in, name))
		require.NoError(b, err)
		w := bufio.NewWriterSize(f, 1<<20)
		for i := 0; i < n; i++ {
			s := line(i) + "\n"
			w.WriteString(s)
			size += int64(len(s))
		}
		require.NoError(b, w.Flush())
		require.NoError(b, f.Close())
	}
	const threads, per, jan = 2500, 20, 1546300800
	write("RS_2019-01", threads, func(t int) string {
		return fmt.Sprintf(`{"id":"s%d","title":"Thread %d","selftext":"Body of thread %d.","subreddit":"sr%d","author":"a%d","created_utc":%d,"permalink":"/r/sr%d/comments/s%d/t/","url":"https://www.reddit.com/r/sr%d/comments/s%d/t/"}`,
			t, t, t, t%7, t%13, jan+t*60, t%7, t, t%7, t)
	})
	write("RC_2019-01", threads*per, func(i int) string {
		t, k := i%threads, i/threads
		parent := fmt.Sprintf("t3_s%d", t)
		if k%2 == 1 {
			parent = fmt.Sprintf("t1_c%d_%d", t, k-1)
		}
		return fmt.Sprintf(`{"id":"c%d_%d","link_id":"t3_s%d","parent_id":"%s","author":"a%d","body":"Comment %d in thread %d, about as long as a typical Reddit comment is, with a few more words.","subreddit":"sr%d","created_utc":%d,"score":%d}`,
			t, k, t, parent, (t+k)%97, k, t, t%7, jan+t*60+k, k)
	})
	return in, []string{filepath.Join(in, "RS_2019-01"), filepath.Join(in, "RC_2019-01")}, size
}

// duckDBSeconds times DuckDB's conversion of JSON Lines files to Parquet
// inside node (so that node's start-up does not count), the fastest of
// three runs on this shared machine; 0 when node is not there.
func duckDBSeconds(b *testing.B, jsonl []string) float64 {
	if _, err := exec.LookPath("node"); err != nil {
		b.Log("node not found: no DuckDB comparison")
		return 0
	}
	ci := ensureDuckDB(b)
	out := filepath.Join(b.TempDir(), "out.parquet")
	files := "['" + strings.Join(jsonl, "', '") + "']"
	sql := fmt.Sprintf("COPY (SELECT * FROM read_json_auto(%s, format='newline_delimited', union_by_name=true)) TO '%s' (FORMAT parquet)", files, out)
	script := `import { DuckDBInstance } from '@duckdb/node-api';
const con = await (await DuckDBInstance.create(':memory:')).connect();
let best = Infinity;
for (let i = 0; i < 3; i++) {
  const start = process.hrtime.bigint();
  await con.run(process.argv[1]);
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(best);`
	cmd := exec.Command("node", "--input-type=module", "-e", script, sql)
	cmd.Dir = ci // where @duckdb/node-api resolves
	msg, err := cmd.CombinedOutput()
	require.NoError(b, err, "duckdb: %s", msg)
	var secs float64
	_, err = fmt.Sscan(string(msg), &secs)
	require.NoError(b, err, "duckdb printed %q", msg)
	return secs
}
