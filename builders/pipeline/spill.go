package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

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
	// whole keeps every page as the builder made it: a partition step
	// keeps the pages of streamed inputs too, which a one-command build
	// keeps in memory, LeftOut and all.
	whole bool
}

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

func (s *spill) put(p *builders.Page) (scratch.Ref, error) {
	if s.whole {
		return s.pages.Put(p)
	}
	return s.pages.Put(forDisk(p))
}

// done ends writing: every page put can be read back.
func (s *spill) done() error { return s.pages.Done() }

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

// sampleScratch measures the space the spill directory takes (the held
// pages and the scratch files of the builders reading) every tenth of a
// second until the returned function is called, which keeps the most in
// r.scratchPeak. It is reported in the build's log, never in the output.
func (r *run) sampleScratch() (stop func()) {
	if r.spill == nil {
		return func() {}
	}
	dir := r.spill.dir
	quit := make(chan struct{})
	peak := make(chan int64)
	go func() {
		var max int64
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if n := dirSize(dir); n > max {
					max = n
				}
			case <-quit:
				if n := dirSize(dir); n > max {
					max = n
				}
				peak <- max
				return
			}
		}
	}()
	return func() {
		close(quit)
		if n := <-peak; n > r.scratchPeak {
			r.scratchPeak = n
		}
	}
}

// humanBytes writes n in KiB, MiB or GiB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

// dirSize is the size of the regular files under dir; what cannot be
// read (a file removed meanwhile) counts nothing.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
