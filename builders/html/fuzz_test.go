package html

import (
	"errors"
	"testing"

	"github.com/threadset/threadset/builders"
)

// FuzzBuild: any bytes either build into pages or give an InputError;
// nothing panics.
func FuzzBuild(f *testing.F) {
	for _, s := range []string{wordpressPage, "<html><head><title>x</title></head><body><p>y</p></body></html>",
		"<!doctype html><a id=comment-1></a><article class=comment><cite>a</cite><p>b</p></article><div class=indented><a id=comment-2></a><article class=comment>c</article></div>",
		`<html><script type="application/ld+json">{"@graph":[{"@type":"Article","headline":"h","comment":[{"text":"t","comment":{"text":"u"}}]}]}</script></html>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := New().Build(input("f.html", string(data)), func(p *builders.Page) error {
			if !p.OnlyWarnings && p.Title == "" {
				t.Fatalf("an article without a title")
			}
			return nil
		})
		var ie *builders.InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("not an InputError: %v", err)
		}
	})
}
