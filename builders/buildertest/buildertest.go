// Package buildertest holds the checks the builders' fuzz targets share:
// properties every builder's output has, whatever bytes it is given.
// Tests only; no command imports it.
package buildertest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textnorm"
)

// Input is data as the pipeline hands it to a builder: opened through
// builders.Decoded.
func Input(path string, data []byte) builders.Input {
	return builders.Input{Path: path, SHA256: "sha256-of-" + path, Size: int64(len(data)),
		Open: builders.Decoded(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })}
}

// Build runs b over data and finishes every page it emits.
func Build(b builders.Builder, path string, data []byte) ([]*builders.Page, []*builders.Finished, error) {
	in := Input(path, data)
	var pages []*builders.Page
	var out []*builders.Finished
	err := b.Build(in, func(p *builders.Page) error {
		pages = append(pages, p)
		if p.OnlyWarnings {
			return nil
		}
		f, err := builders.Finish(p, in, b)
		if err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return pages, out, err
}

// Check builds data with b and fails t unless:
//   - the build succeeds or fails with an *builders.InputError naming the
//     builder and the file, whose message is printable text;
//   - every comment's parent is a comment of the same article, one level
//     up and in the same thread, and a comment whose input names a parent
//     that is not kept is at top level with an anomaly saying so;
//   - every string of every row is valid UTF-8 without control characters;
//   - building the same bytes again gives the same rows.
func Check(t *testing.T, b builders.Builder, path string, data []byte) {
	t.Helper()
	pages, out, err := Build(b, path, data)
	if err != nil {
		var ie *builders.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("not an InputError (%T): %v", err, err)
		}
		if ie.Builder != b.Name() || ie.Path != path {
			t.Fatalf("the error names builder %q and file %q, not %q and %q: %v", ie.Builder, ie.Path, b.Name(), path, err)
		}
		if msg := err.Error(); !printable(msg) {
			t.Fatalf("the message is not printable text: %q", msg)
		}
		_, _, again := Build(b, path, data)
		if again == nil || again.Error() != err.Error() {
			t.Fatalf("the second build says %v, the first %v", again, err)
		}
		return
	}
	kept := pages[:0:0]
	for _, p := range pages {
		if !p.OnlyWarnings {
			kept = append(kept, p)
		}
	}
	for i, f := range out {
		checkTree(t, kept[i], f)
		WalkStrings(reflect.ValueOf(f), func(s string) {
			if !utf8.ValidString(s) || strings.IndexFunc(s, textnorm.IsControl) >= 0 {
				t.Fatalf("a row holds %q", s)
			}
		})
	}
	_, again, err := Build(b, path, data)
	if err != nil {
		t.Fatalf("the second build failed: %v", err)
	}
	if !reflect.DeepEqual(out, again) {
		t.Fatalf("building the same bytes twice gave different rows")
	}
}

func checkTree(t *testing.T, p *builders.Page, f *builders.Finished) {
	t.Helper()
	byID := map[string]int{}
	for i, c := range f.Comments {
		if _, dup := byID[c.CommentID]; dup {
			t.Fatalf("comment ID %s twice in one article", c.CommentID)
		}
		byID[c.CommentID] = i
	}
	reported := map[string]bool{}
	for _, a := range f.Anomalies {
		if a.CommentID != nil {
			reported[*a.CommentID] = true
		}
	}
	for i, c := range f.Comments {
		if c.ArticleID != f.Article.ArticleID {
			t.Fatalf("comment %s is not in its article", c.CommentID)
		}
		if c.ParentID == nil {
			if c.Depth != 0 || c.RootID != c.CommentID {
				t.Fatalf("top-level comment %s has depth %d, root %s", c.CommentID, c.Depth, c.RootID)
			}
			if p.Comments[i].NativeParent != "" && !reported[c.CommentID] {
				t.Fatalf("comment %s names parent %q but is at top level and not reported", c.CommentID, p.Comments[i].NativeParent)
			}
			continue
		}
		j, ok := byID[*c.ParentID]
		if !ok {
			t.Fatalf("the parent of comment %s is not in the article", c.CommentID)
		}
		parent := f.Comments[j]
		if c.Depth != parent.Depth+1 || c.RootID != parent.RootID {
			t.Fatalf("comment %s: depth %d and root %s under a parent of depth %d and root %s", c.CommentID, c.Depth, c.RootID, parent.Depth, parent.RootID)
		}
	}
}

// printable reports whether s is valid UTF-8 without control characters
// other than tab, so that a message cannot garble a terminal.
func printable(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return r != '\t' && (r == '\n' || textnorm.IsControl(r)) }) < 0
}

// WalkStrings calls fn on every string reachable from v.
func WalkStrings(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.String:
		fn(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			WalkStrings(v.Elem(), fn)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				WalkStrings(v.Field(i), fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			WalkStrings(v.Index(i), fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			WalkStrings(k, fn)
			WalkStrings(v.MapIndex(k), fn)
		}
	}
}

// WXRPost is a post of a generated WordPress export; WXRComment one of its
// comments (Parent 0 for a top-level one).
type WXRPost struct {
	ID       int
	Title    string
	Comments []WXRComment
}

// WXRComment is a comment of a WXRPost.
type WXRComment struct {
	ID, Parent   int
	Author, Text string
}

// WXR renders a WordPress export of site (a host such as "diff.example")
// with the posts, for tests that need a corpus whose IDs are the
// platform's, so that they stay put when the corpus changes.
func WXR(site string, posts []WXRPost) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>%s</title><link>https://%s</link>
`, site, site)
	for _, p := range posts {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://%s/p/%d/</link><dc:creator>Ed</dc:creator>
<content:encoded><![CDATA[<p>Body of %s.</p>]]></content:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
`, p.Title, site, p.ID, p.Title, p.ID)
		for _, c := range p.Comments {
			fmt.Fprintf(&b, `<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>%s</wp:comment_author>
<wp:comment_date_gmt>2020-02-01 10:00:00</wp:comment_date_gmt><wp:comment_content>%s</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type><wp:comment_parent>%d</wp:comment_parent></wp:comment>
`, c.ID, c.Author, c.Text, c.Parent)
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}
