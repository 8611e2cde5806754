package textpage

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDebugDump(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/textpage/seeds/input/*.txt")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		p, err := Parse(string(data))
		if err != nil {
			fmt.Println(f, err)
			continue
		}
		pg := p.Page
		fmt.Printf("=== %s\nsection=%v title=%q\nsub=%v byline=%v declared=%v rs=%s source=%q\n", filepath.Base(f), deref(pg.Section), pg.Title, deref(pg.Subtitle), deref(pg.Byline), pg.DeclaredCount, pg.ReplyStructure, pg.Source.Name)
		fmt.Printf("body: %q ... %q (%d chars)\n", head(pg.Body, 80), tail(pg.Body, 80), len(pg.Body))
		for i, c := range pg.Comments {
			fmt.Printf("  c%d parent=%d author=%v line=%d text=%q\n", i, c.Parent, deref(c.Author), c.Line, head(c.Text, 60))
		}
		for _, d := range p.Dropped {
			fmt.Printf("  dropped %d %s %q\n", d.Line, d.Reason, d.Text)
		}
		for _, w := range pg.Warnings {
			fmt.Printf("  warn %+v\n", w)
		}
	}
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}
func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
