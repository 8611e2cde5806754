package pipeline

import (
	"os"
	"path/filepath"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/scratch"
)

// spill keeps the pages of joining inputs on disk while every input is
// read, so that memory holds an index entry per page (its join keys) and
// not its comments. It lives in a directory inside the build's temporary
// directory, where builders get scratch directories of their own too:
// removed at the end of the build, and with that directory when the build
// fails.
type spill struct {
	dir   string
	pages *scratch.Pages
}

type spillRef = scratch.Ref

func newSpill(parent string) (*spill, error) {
	dir, err := os.MkdirTemp(parent, ".held-")
	if err != nil {
		return nil, err
	}
	pages, err := scratch.NewPages(filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return &spill{dir: dir, pages: pages}, nil
}

func (s *spill) put(p *builders.Page) (spillRef, error) { return s.pages.Put(forDisk(p)) }

// done ends writing: every page put can be read back.
func (s *spill) done() error { return s.pages.Done() }

func (s *spill) get(ref spillRef) (*builders.Page, error) { return s.pages.Get(ref) }

// remove deletes the spill directory.
func (s *spill) remove() error {
	cerr := s.pages.Close()
	if err := os.RemoveAll(s.dir); err != nil {
		return err
	}
	return cerr
}

// forDisk is p with only the LeftOut entries its comments name as parents:
// the only ones Finish looks up. A builder may share one LeftOut map among
// all the pages of a file (Disqus does), which in memory costs nothing and
// on disk would be written once a page.
func forDisk(p *builders.Page) *builders.Page {
	if len(p.LeftOut) == 0 {
		return p
	}
	var used map[string]string
	for _, c := range p.Comments {
		if why, ok := p.LeftOut[c.NativeParent]; ok && c.NativeParent != "" {
			if used == nil {
				used = map[string]string{}
			}
			used[c.NativeParent] = why
		}
	}
	q := *p
	q.LeftOut = used
	return &q
}
