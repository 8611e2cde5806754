package textpage

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/pageeval"
)

// benchPages is the text of every text page fixture and of the saved
// pages of fixtures/html-pages rendered in both variants.
func benchPages(tb testing.TB) []string {
	var pages []string
	txt, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "textpage", "*", "input", "*.txt"))
	require.NoError(tb, err)
	for _, f := range txt {
		data, err := os.ReadFile(f)
		require.NoError(tb, err)
		pages = append(pages, string(data))
	}
	html, err := filepath.Glob(filepath.Join(pageeval.Dir(), "*", "*.html"))
	require.NoError(tb, err)
	require.NotEmpty(tb, html)
	for _, f := range html {
		data, err := os.ReadFile(f)
		require.NoError(tb, err)
		for _, v := range []pageeval.Variant{pageeval.ArticleAndComments, pageeval.WholePage} {
			pages = append(pages, pageeval.Render(data, v))
		}
	}
	return pages
}

// BenchmarkParse parses every page of benchPages once an iteration
// (pages that are rejected count too); it reports MB/s of page text.
//
//	go test ./builders/textpage -run '^$' -bench Parse -cpuprofile /tmp/cpu.out
func BenchmarkParse(b *testing.B) {
	pages := benchPages(b)
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range pages {
			_, _ = Parse(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}
