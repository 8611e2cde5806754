package html

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/threadset/threadset/builders/pageeval"
)

// BenchmarkBuild reads the 84 saved pages of fixtures/html-pages (parse,
// metadata, body, comments). Run with -bench Build -benchmem; it reports
// pages/s and MB/s.
func BenchmarkBuild(b *testing.B) {
	var pages [][]byte
	var size int64
	err := filepath.WalkDir(pageeval.Dir(), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		pages = append(pages, data)
		size += int64(len(data))
		return err
	})
	if err != nil || len(pages) == 0 {
		b.Fatalf("no pages: %v", err)
	}
	read := pageeval.BuilderFunc(New())
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, data := range pages {
			if _, err := read("page.html", data); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(pages)*b.N)/b.Elapsed().Seconds(), "pages/s")
}
