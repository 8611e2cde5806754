package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// peakHeap builds in and returns the largest HeapInuse seen while it ran,
// sampled every few milliseconds, with the GC kept close to the live heap.
func peakHeap(t *testing.T, in string) uint64 {
	t.Helper()
	defer debug.SetGCPercent(debug.SetGCPercent(25))
	runtime.GC()
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	_, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 2, Out: filepath.Join(t.TempDir(), "ds")})
	close(stop)
	<-done
	require.NoError(t, err)
	return peak
}

// Memory does not grow with the size of a Pushshift dump or a Disqus
// export: their comments are partitioned on disk by thread, and joining
// inputs' pages wait on disk. Before, a build held every comment (about 5
// bytes of memory per input byte): 4 times the comments took about 4
// times the heap.
func TestMemoryDoesNotGrowWithCorpusSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 200,000 comments")
	}
	srs, authors := []string{"a", "b", "c", "d"}, []string{"u1", "u2", "u3", "u4", "u5"}
	for _, tc := range []struct {
		name   string
		corpus func(threads int) (string, int64)
	}{
		{"pushshift", func(n int) (string, int64) { return pushshiftCorpus(t, n, 20, srs, authors) }},
		{"disqus", func(n int) (string, int64) { return disqusCorpus(t, n, 20) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small, smallBytes := tc.corpus(1000)
			big, bigBytes := tc.corpus(4000)
			s, b := peakHeap(t, small), peakHeap(t, big)
			t.Logf("peak heap in use: %d comments (%.1f MB): %.1f MB; %d comments (%.1f MB): %.1f MB",
				20000, float64(smallBytes)/1e6, float64(s)/1e6, 80000, float64(bigBytes)/1e6, float64(b)/1e6)
			// Four times the input may add what it adds to the per-thread
			// index and the per-author bookkeeping, not four times the
			// comments.
			assert.Less(t, float64(b), 1.5*float64(s), "peak heap grew with the corpus")
		})
	}
}

// Partitioning on disk changes nothing in the dataset: a Pushshift month
// split over two daily files with half its submissions, and a Disqus
// export with a text page that one of its threads joins, give the same
// rows, in the same order, and the same manifest whether the builders
// group on disk or in memory.
func TestPartitioningKeepsTheOutput(t *testing.T) {
	ps, _ := pushshiftCorpus(t, 300, 6, []string{"a", "b"}, []string{"u1", "u2", "u3"})
	dq, _ := disqusCorpus(t, 300, 6)
	in := t.TempDir()
	rc, err := os.ReadFile(filepath.Join(ps, "RC_2019-01"))
	require.NoError(t, err)
	lines := strings.SplitAfter(string(rc), "\n")
	half := len(lines) / 2
	writeTree(t, in, map[string]string{
		"reddit/RC_2019-01-01": strings.Join(lines[:half], ""),
		"reddit/RC_2019-01-02": strings.Join(lines[half:], ""),
		"page.txt":             pageA,
		"threadset-pages.csv":  "path,url\npage.txt,https://example.org/post-7/\n",
	})
	// Half the submissions: the other threads are stub articles, written
	// in the order of their first comments.
	data, err := os.ReadFile(filepath.Join(ps, "RS_2019-01"))
	require.NoError(t, err)
	subs := strings.SplitAfter(string(data), "\n")
	require.NoError(t, os.WriteFile(filepath.Join(in, "reddit", "RS_2019-01"), []byte(strings.Join(subs[:150], "")), 0o644))
	data, err = os.ReadFile(filepath.Join(dq, "export.xml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(in, "export.xml"), data, 0o644))

	dump := func(r buildResult) map[string]string {
		out := map[string]string{}
		for _, tb := range schema.Tables() {
			var b bytes.Buffer
			require.NoError(t, dataset.Dump(r.out, tb, &b))
			out[tb.Name] = b.String()
		}
		m, err := os.ReadFile(filepath.Join(r.out, dataset.ManifestName))
		require.NoError(t, err)
		out["manifest"] = string(m)
		return out
	}
	disk := build(t, Options{Inputs: []string{in}})
	require.NoError(t, disk.err, disk.log)
	testHookNoScratch = true
	defer func() { testHookNoScratch = false }()
	mem := build(t, Options{Inputs: []string{in}})
	require.NoError(t, mem.err, mem.log)
	require.Equal(t, int64(600), disk.m.Table("articles").Rows, "150 submissions, 150 stubs; 300 Disqus threads, one joined to the page")
	assert.Equal(t, dump(mem), dump(disk))
	// The temporary space differs (builders group in memory without
	// scratch); every other line is the same.
	assert.Contains(t, disk.log, "\ntemporary space: at most about ")
	assert.Equal(t, withoutScratchLine(mem.log), withoutScratchLine(disk.log))
}

func withoutScratchLine(log string) string {
	var out []string
	for _, l := range strings.SplitAfter(log, "\n") {
		if !strings.HasPrefix(l, "temporary space: ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}
