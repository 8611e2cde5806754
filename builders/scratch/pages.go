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

// Ref is where a page is in the file: a build run as separate steps
// keeps it in the work directory, so it is written as JSON.
type Ref struct {
	Off int64 `json:"off"`
	N   int64 `json:"n"`
}

// Size is the page's size on disk.
func (r Ref) Size() int64 { return r.N }

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
	ref := Ref{Off: s.off, N: int64(len(data))}
	s.off += ref.N
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
	data := make([]byte, ref.N)
	if _, err := s.f.ReadAt(data, ref.Off); err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading a page kept on disk: %w", err)
	}
	var p builders.Page
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("reading a page kept on disk: %w", err)
	}
	return &p, nil
}

// Sync ends writing and makes the file durable: a step of a build run
// on several machines renames it into the shared work directory next.
func (s *Pages) Sync() error {
	if err := s.Done(); err != nil {
		return err
	}
	return s.f.Sync()
}

// OpenPages opens a file of pages written earlier (by another process)
// for reading.
func OpenPages(path string) (*Pages, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &Pages{f: f}, nil
}

// Close closes the file; its directory's owner removes it.
func (s *Pages) Close() error { return s.f.Close() }
