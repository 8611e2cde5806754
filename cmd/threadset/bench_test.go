package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// benchScalesEnv lists the corpus sizes BenchmarkThroughput runs, as
// multiples of the base corpus ("1,4,16"); 1 alone by default, so that the
// default run stays short.
const benchScalesEnv = "THREADSET_BENCH_SCALES"

// benchBaselineEnv names another threadset binary (an earlier commit's)
// to run side by side with this one, for before/after figures.
const benchBaselineEnv = "THREADSET_BENCH_BASELINE"

// BenchmarkThroughput builds generated corpora with the threadset binary
// and times DuckDB's JSON-Lines-to-Parquet conversion of the same records
// side by side, one run of each per iteration, so that both see the same
// load on a shared machine:
//
//	go test ./cmd/threadset -run '^$' -bench Throughput -benchtime 3x
//	THREADSET_BENCH_SCALES=1,4,16 go test ./cmd/threadset -run '^$' -bench Throughput -benchtime 3x
//
// Per format and size it reports medians over the iterations: threadset's
// MB/s of input (ts-MB/s), DuckDB's (duck-MB/s), their ratio (1 would be
// as fast as DuckDB), the peak resident memory of each process (peak-MB;
// DuckDB's includes node's), and the cores threadset kept busy (CPU time
// over wall time, ts-cores; 2 is both cores of the project's machine) and
// its CPU seconds. With THREADSET_BENCH_BASELINE=/path/to/threadset, that
// binary builds the same corpus in each iteration too (base-MB/s,
// base-cores, base-cpu-s).
func BenchmarkThroughput(b *testing.B) {
	scales := []int{1}
	if s := os.Getenv(benchScalesEnv); s != "" {
		scales = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			require.NoError(b, err, "%s=%q", benchScalesEnv, s)
			scales = append(scales, n)
		}
	}
	bin := threadsetBinary(b)
	for _, c := range benchFormats {
		for _, scale := range scales {
			b.Run(fmt.Sprintf("%s/%dx", c.name, scale), func(b *testing.B) {
				in, jsonl, size := c.make(b, scale)
				duck := duckDBRunner(b, jsonl)
				var ours, theirs, ratios, cores, cpus, ourRSS, theirRSS, base, baseCores, baseCPU []float64
				baseline := os.Getenv(benchBaselineEnv)
				b.SetBytes(size)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out := filepath.Join(b.TempDir(), "ds")
					r := runMeasured(b, exec.Command(bin, "build", "--quiet", "--workers", "2", "--out", out, in))
					ours = append(ours, r.wall)
					cores = append(cores, r.cpu/r.wall)
					ourRSS = append(ourRSS, r.peakMB)
					cpus = append(cpus, r.cpu)
					b.StopTimer()
					if baseline != "" {
						bout := filepath.Join(b.TempDir(), "base")
						br := runMeasured(b, exec.Command(baseline, "build", "--quiet", "--workers", "2", "--out", bout, in))
						base, baseCores, baseCPU = append(base, br.wall), append(baseCores, br.cpu/br.wall), append(baseCPU, br.cpu)
						require.NoError(b, os.RemoveAll(bout))
					}
					if duck != nil {
						secs, peak := duck()
						theirs = append(theirs, secs)
						theirRSS = append(theirRSS, peak)
						ratios = append(ratios, secs/r.wall)
					}
					require.NoError(b, os.RemoveAll(out))
					b.StartTimer()
				}
				b.StopTimer()
				mb := float64(size) / 1e6
				b.ReportMetric(mb/median(ours), "ts-MB/s")
				b.ReportMetric(median(cores), "ts-cores")
				b.ReportMetric(median(ourRSS), "ts-peak-MB")
				b.ReportMetric(median(cpus), "ts-cpu-s")
				if baseline != "" {
					b.ReportMetric(mb/median(base), "base-MB/s")
					b.ReportMetric(median(baseCores), "base-cores")
					b.ReportMetric(median(baseCPU), "base-cpu-s")
				}
				if duck != nil {
					b.ReportMetric(mb/median(theirs), "duck-MB/s")
					b.ReportMetric(median(theirRSS), "duck-peak-MB")
					b.ReportMetric(median(ratios), "ratio")
				}
			})
		}
	}
}

var benchFormats = []struct {
	name string
	make func(b *testing.B, scale int) (in string, jsonl []string, size int64)
}{
	{"textpages", textCorpus},
	{"reddit-ndjson", redditCorpus},
	{"disqus", disqusBenchCorpus},
	{"wxr", wxrBenchCorpus},
}

// BenchmarkBuildInProcess builds the same corpora (scale 1) inside the
// test process, for a profile of one format:
//
//	go test ./cmd/threadset -run '^$' -bench 'BuildInProcess/disqus' -benchtime 3x -cpuprofile cpu.out
//	go tool pprof -top cpu.out
func BenchmarkBuildInProcess(b *testing.B) {
	for _, c := range benchFormats {
		b.Run(c.name, func(b *testing.B) {
			in, _, size := c.make(b, 1)
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out := filepath.Join(b.TempDir(), "ds")
				if code, _, stderr := runCLI("build", "--quiet", "--workers", "2", "--out", out, in); code != exitOK {
					b.Fatal(stderr)
				}
			}
		})
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// threadsetBinary builds the command into a directory removed after the
// benchmark, so that each build runs as its own process and its peak
// memory and CPU time can be read.
func threadsetBinary(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "threadset")
	msg, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(b, err, "go build: %s", msg)
	return bin
}

type measured struct {
	wall, cpu, peakMB float64
	stdout            string
}

// runMeasured runs cmd and reads its wall time, CPU time (user and
// system) and peak resident memory from the kernel's accounting.
func runMeasured(b *testing.B, cmd *exec.Cmd) measured {
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	require.NoError(b, err, "%s: %s", cmd.Args[0], stderr.String())
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	return measured{wall: wall, cpu: cpu, peakMB: float64(ru.Maxrss) / 1024, stdout: stdout.String()}
}

// duckDBRunner returns a function that converts the JSON Lines files to
// Parquet in DuckDB, inside node (so that node's start-up does not count),
// and returns its seconds and the process's peak memory; nil when node is
// not there.
func duckDBRunner(b *testing.B, jsonl []string) func() (float64, float64) {
	if _, err := exec.LookPath("node"); err != nil {
		b.Log("node not found: no DuckDB comparison")
		return nil
	}
	ci := ensureDuckDB(b)
	out := filepath.Join(b.TempDir(), "out.parquet")
	files := "['" + strings.Join(jsonl, "', '") + "']"
	sql := fmt.Sprintf("COPY (SELECT * FROM read_json_auto(%s, format='newline_delimited', union_by_name=true)) TO '%s' (FORMAT parquet)", files, out)
	script := `import { DuckDBInstance } from '@duckdb/node-api';
const con = await (await DuckDBInstance.create(':memory:')).connect();
const start = process.hrtime.bigint();
await con.run(process.argv[1]);
console.log(Number(process.hrtime.bigint() - start) / 1e9);`
	return func() (float64, float64) {
		cmd := exec.Command("node", "--input-type=module", "-e", script, sql)
		cmd.Dir = ci // where @duckdb/node-api resolves
		r := runMeasured(b, cmd)
		secs, err := strconv.ParseFloat(strings.TrimSpace(r.stdout), 64)
		require.NoError(b, err, "duckdb printed %q", r.stdout)
		return secs, r.peakMB
	}
}

// jsonlWriter writes the JSON Lines records DuckDB converts.
type jsonlWriter struct {
	f *os.File
	w *bufio.Writer
}

func newJSONL(b *testing.B, path string) *jsonlWriter {
	f, err := os.Create(path)
	require.NoError(b, err)
	return &jsonlWriter{f: f, w: bufio.NewWriterSize(f, 1<<20)}
}

func (j *jsonlWriter) add(b *testing.B, rec map[string]any) {
	data, err := json.Marshal(rec)
	require.NoError(b, err)
	j.w.Write(append(data, '\n'))
}

func (j *jsonlWriter) close(b *testing.B) string {
	require.NoError(b, j.w.Flush())
	require.NoError(b, j.f.Close())
	return j.f.Name()
}

// textCorpus is 1,000 text pages a scale from the seed pages, and the
// same pages as JSON Lines records (path, text) for DuckDB.
func textCorpus(b *testing.B, scale int) (string, []string, int64) {
	seeds, err := filepath.Glob(filepath.Join(fixturesDir, "textpage", "seeds", "input", "*.txt"))
	require.NoError(b, err)
	dir := b.TempDir()
	in := filepath.Join(dir, "pages")
	require.NoError(b, os.MkdirAll(in, 0o755))
	jw := newJSONL(b, filepath.Join(dir, "pages.jsonl"))
	var size int64
	for i := 0; i < 1000*scale; i++ {
		data, err := os.ReadFile(seeds[i%len(seeds)])
		require.NoError(b, err)
		page := string(data)
		nl := strings.IndexByte(page, '\n')
		page = fmt.Sprintf("%s (copy %d)%s", page[:nl], i, page[nl:])
		name := fmt.Sprintf("page-%06d.txt", i)
		require.NoError(b, os.WriteFile(filepath.Join(in, name), []byte(page), 0o644))
		jw.add(b, map[string]any{"path": name, "text": page})
		size += int64(len(page))
	}
	return in, []string{jw.close(b)}, size
}

// benchComment is a generated comment's text, about as long as a typical
// comment is, in plain English so that language detection has work.
func benchComment(k, t int) string {
	return fmt.Sprintf("Comment %d in thread %d, about as long as a typical comment is, with a few more words.", k, t)
}

// redditCorpus is a Pushshift-style month: 2,500 submissions and 50,000
// comments a scale, interleaved as dumps are. DuckDB reads the same files.
func redditCorpus(b *testing.B, scale int) (string, []string, int64) {
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
	const per, jan = 20, 1546300800
	threads := 2500 * scale
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
		return fmt.Sprintf(`{"id":"c%d_%d","link_id":"t3_s%d","parent_id":"%s","author":"a%d","body":"%s","subreddit":"sr%d","created_utc":%d,"score":%d}`,
			t, k, t, parent, (t+k)%97, benchComment(k, t), t%7, jan+t*60+k, k)
	})
	return in, []string{filepath.Join(in, "RS_2019-01"), filepath.Join(in, "RC_2019-01")}, size
}

// disqusBenchCorpus is a Disqus export of 2,500 threads a scale with 20
// posts each (half of them replies), posts listed after the threads and
// interleaved across them as exports are; DuckDB converts the same threads
// and posts as JSON Lines.
func disqusBenchCorpus(b *testing.B, scale int) (string, []string, int64) {
	dir := b.TempDir()
	in := filepath.Join(dir, "export.xml")
	f, err := os.Create(in)
	require.NoError(b, err)
	w := bufio.NewWriterSize(f, 1<<20)
	jw := newJSONL(b, filepath.Join(dir, "disqus.jsonl"))
	threads, per := 2500*scale, 20
	fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">`+"\n")
	for t := 0; t < threads; t++ {
		fmt.Fprintf(w, `<thread dsq:id="t%d"><id/><forum>site</forum><category dsq:id="1"/><link>https://example.org/post-%d/</link><title>Post %d</title><message/><createdAt>2020-01-01T00:00:00Z</createdAt><author><name>editor</name><isAnonymous>false</isAnonymous></author><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>`+"\n", t, t, t)
		jw.add(b, map[string]any{"kind": "thread", "id": fmt.Sprintf("t%d", t), "forum": "site", "link": fmt.Sprintf("https://example.org/post-%d/", t), "title": fmt.Sprintf("Post %d", t), "createdAt": "2020-01-01T00:00:00Z", "author": "editor"})
	}
	for k := 0; k < per; k++ {
		for t := 0; t < threads; t++ {
			parent, jparent := "", ""
			if k%2 == 1 {
				jparent = fmt.Sprintf("p%d_%d", t, k-1)
				parent = fmt.Sprintf(`<parent dsq:id="%s"/>`, jparent)
			}
			msg := "<p>" + benchComment(k, t) + "</p>"
			fmt.Fprintf(w, `<post dsq:id="p%d_%d"><id/><message><![CDATA[%s]]></message><createdAt>2020-01-02T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>a%d</name><isAnonymous>false</isAnonymous><username>a%d</username></author><thread dsq:id="t%d"/>%s</post>`+"\n",
				t, k, msg, (t+k)%97, (t+k)%97, t, parent)
			jw.add(b, map[string]any{"kind": "post", "id": fmt.Sprintf("p%d_%d", t, k), "message": msg, "createdAt": "2020-01-02T00:00:00Z", "isDeleted": false, "isSpam": false, "author": fmt.Sprintf("a%d", (t+k)%97), "thread": fmt.Sprintf("t%d", t), "parent": jparent})
		}
	}
	fmt.Fprint(w, "</disqus>\n")
	require.NoError(b, w.Flush())
	fi, err := f.Stat()
	require.NoError(b, err)
	require.NoError(b, f.Close())
	return in, []string{jw.close(b)}, fi.Size()
}

// wxrBenchCorpus is a WordPress export of 500 posts a scale with 20
// comments each (half of them replies); DuckDB converts the same posts
// and comments as JSON Lines.
func wxrBenchCorpus(b *testing.B, scale int) (string, []string, int64) {
	dir := b.TempDir()
	in := filepath.Join(dir, "export.xml")
	f, err := os.Create(in)
	require.NoError(b, err)
	w := bufio.NewWriterSize(f, 1<<20)
	jw := newJSONL(b, filepath.Join(dir, "wxr.jsonl"))
	posts, per := 500*scale, 20
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench Blog</title>
	<link>https://bench.example.com</link>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
`)
	body := strings.Repeat("<p>A paragraph of the post, about as long as the paragraphs of a news article are, with a link to <a href=\"https://example.org/\">a source</a> and a few more words.</p>\n", 8)
	for p := 0; p < posts; p++ {
		link := fmt.Sprintf("https://bench.example.com/2020/post-%d/", p)
		date := fmt.Sprintf("2020-01-%02d 10:00:00", 1+p%28)
		fmt.Fprintf(w, `	<item>
		<title>Post %d</title>
		<link>%s</link>
		<dc:creator><![CDATA[editor]]></dc:creator>
		<category domain="category" nicename="news"><![CDATA[News]]></category>
		<content:encoded><![CDATA[%s]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>%d</wp:post_id>
		<wp:post_date_gmt>%s</wp:post_date_gmt>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
`, p, link, body, p+1, date)
		jw.add(b, map[string]any{"kind": "post", "title": fmt.Sprintf("Post %d", p), "link": link, "creator": "editor", "category": "News", "content": body, "post_id": p + 1, "date": date, "status": "publish", "type": "post"})
		for k := 0; k < per; k++ {
			id, parent := p*per+k+1, 0
			if k%2 == 1 {
				parent = id - 1
			}
			text := benchComment(k, p)
			author := fmt.Sprintf("a%d", (p+k)%97)
			fmt.Fprintf(w, `		<wp:comment>
			<wp:comment_id>%d</wp:comment_id>
			<wp:comment_author><![CDATA[%s]]></wp:comment_author>
			<wp:comment_date_gmt>%s</wp:comment_date_gmt>
			<wp:comment_content><![CDATA[%s]]></wp:comment_content>
			<wp:comment_approved>1</wp:comment_approved>
			<wp:comment_type></wp:comment_type>
			<wp:comment_parent>%d</wp:comment_parent>
		</wp:comment>
`, id, author, date, text, parent)
			jw.add(b, map[string]any{"kind": "comment", "post_id": p + 1, "comment_id": id, "author": author, "date": date, "content": text, "approved": "1", "parent": parent})
		}
		fmt.Fprint(w, "\t</item>\n")
	}
	fmt.Fprint(w, "</channel>\n</rss>\n")
	require.NoError(b, w.Flush())
	fi, err := f.Stat()
	require.NoError(b, err)
	require.NoError(b, f.Close())
	return in, []string{jw.close(b)}, fi.Size()
}
