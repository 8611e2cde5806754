package pipeline

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/threadset/threadset/builders"
)

// spill keeps the pages of joining inputs on disk while every input is
// read, so that memory holds an index entry per page (its join keys) and
// not its comments. It lives in a directory inside the build's temporary
// directory: removed at the end of the build, and with that directory
// when the build fails.
//
// Pages are stored as JSON, which keeps every field as it was: a pointer
// to an empty string stays one (gob would make it nil), and the texts are
// valid UTF-8 once a builder has normalised them.
type spill struct {
	mu  sync.Mutex // put runs on the workers
	dir string
	f   *os.File
	w   *bufio.Writer
	off int64
}

// spillRef is where a page is in the spill file.
type spillRef struct{ off, n int64 }

func newSpill(parent string) (*spill, error) {
	dir, err := os.MkdirTemp(parent, ".held-")
	if err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, "pages.jsonl"))
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return &spill{dir: dir, f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (s *spill) put(p *builders.Page) (spillRef, error) {
	data, err := json.Marshal(forDisk(p))
	if err != nil {
		return spillRef{}, fmt.Errorf("keeping a page on disk: %w", err)
	}
	data = append(data, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.w.Write(data); err != nil {
		return spillRef{}, fmt.Errorf("keeping a page on disk: %w", err)
	}
	ref := spillRef{off: s.off, n: int64(len(data))}
	s.off += ref.n
	return ref, nil
}

// done ends writing: every page put can be read back.
func (s *spill) done() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("keeping pages on disk: %w", err)
	}
	return nil
}

func (s *spill) get(ref spillRef) (*builders.Page, error) {
	data := make([]byte, ref.n)
	if _, err := s.f.ReadAt(data, ref.off); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading a page kept on disk: %w", err)
	}
	var p builders.Page
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("reading a page kept on disk: %w", err)
	}
	return &p, nil
}

// remove deletes the spill directory.
func (s *spill) remove() error {
	cerr := s.f.Close()
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
