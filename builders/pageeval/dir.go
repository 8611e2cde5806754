package pageeval

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/threadset/threadset/builders"
)

// ReadFunc runs a reader on one saved page: name is the page's path
// relative to the fixtures directory ("comments/x.html"), data its bytes.
type ReadFunc func(name string, data []byte) ([]*builders.Page, error)

// BuilderFunc reads a saved page with b, as `threadset build` would.
func BuilderFunc(b builders.Builder) ReadFunc {
	return func(name string, data []byte) ([]*builders.Page, error) {
		return runBuilder(b, path.Base(name), data)
	}
}

func runBuilder(b builders.Builder, name string, data []byte) ([]*builders.Page, error) {
	sum := sha256.Sum256(data)
	in := builders.Input{
		Path:   name,
		SHA256: hex.EncodeToString(sum[:]),
		Size:   int64(len(data)),
		Open:   func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
	var pages []*builders.Page
	err := b.Build(in, func(p *builders.Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

// Dir is fixtures/html-pages in this module, found from this source file
// so that any package's test can use it.
func Dir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("pageeval: cannot locate source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "fixtures", "html-pages")
}

// Run loads the truth under dir/truth, runs read on every page and scores
// the result.
func Run(dir string, read ReadFunc, opts Options) (Report, error) {
	truths, err := LoadTruth(filepath.Join(dir, "truth"))
	if err != nil {
		return Report{}, err
	}
	produced := make([]Produced, len(truths))
	for i, t := range truths {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(t.Page)))
		if err != nil {
			return Report{}, err
		}
		pages, err := read(t.Page, data)
		produced[i] = Produced{Pages: pages, Err: err}
	}
	return Score(truths, produced, opts), nil
}

// ScoreDir scores read on every page of fixtures/html-pages, logs the
// table (and, with -v, every page) and returns the report for the caller's
// thresholds:
//
//	rep := pageeval.ScoreDir(t, pageeval.BuilderFunc(html.New()))
//	assert.GreaterOrEqual(t, rep.Dev.F1, 0.97)
func ScoreDir(t testing.TB, read ReadFunc) Report {
	t.Helper()
	rep, err := Run(Dir(), read, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + rep.Table())
	if testing.Verbose() {
		t.Log("\n" + rep.PageTable(true))
	}
	return rep
}

// TextFunc reads a saved page as the text a person copying it would
// get (Render with variant v), with b, a reader of text pages.
func TextFunc(b builders.Builder, v Variant) ReadFunc {
	return func(name string, data []byte) ([]*builders.Page, error) {
		base := strings.TrimSuffix(path.Base(name), path.Ext(name)) + ".txt"
		return runBuilder(b, base, []byte(Render(data, v)))
	}
}
