package scratch

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/threadset/threadset/builders"
)

// Pages stores pages in a file and reads them back by reference. Pages are
// stored as JSON, which keeps every field as it was: a pointer to an empty
// string stays one (gob would make it nil), and the texts are valid UTF-8
// once a builder has normalised them. Put is safe for concurrent use.
type Pages struct {
	mu  sync.Mutex
	f   *os.File
	w   *bufio.Writer
	off int64
}

// Ref is where a page is in the file.
type Ref struct{ off, n int64 }

// Size is the page's size on disk.
func (r Ref) Size() int64 { return r.n }

// NewPages creates the file at path.
func NewPages(path string) (*Pages, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &Pages{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// Put stores p.
func (s *Pages) Put(p *builders.Page) (Ref, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return Ref{}, fmt.Errorf("keeping a page on disk: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.w.Write(data); err != nil {
		return Ref{}, fmt.Errorf("keeping a page on disk: %w", err)
	}
	ref := Ref{off: s.off, n: int64(len(data))}
	s.off += ref.n
	return ref, nil
}

// Done ends writing: every page put can be read back.
func (s *Pages) Done() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("keeping pages on disk: %w", err)
	}
	return nil
}

// Get reads a page back.
func (s *Pages) Get(ref Ref) (*builders.Page, error) {
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

// Close closes the file; its directory's owner removes it.
func (s *Pages) Close() error { return s.f.Close() }
