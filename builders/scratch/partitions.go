package scratch

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
)

// Partitions spreads records over a fixed number of files by a hash of
// their key: every record of a key is in one partition, in the order
// written.
type Partitions struct {
	dir     string
	files   []*os.File
	writers []*bufio.Writer
}

// NewPartitions makes n partition files in a new directory inside parent,
// named from prefix.
func NewPartitions(parent, prefix string, n int) (*Partitions, error) {
	dir, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, err
	}
	p := &Partitions{dir: dir}
	for i := 0; i < n; i++ {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("part-%03d", i)))
		if err != nil {
			p.Remove()
			return nil, err
		}
		p.files = append(p.files, f)
		p.writers = append(p.writers, bufio.NewWriterSize(f, 64<<10))
	}
	return p, nil
}

// Dir is the partitions' directory, where the caller may keep other
// scratch files that go with them.
func (p *Partitions) Dir() string { return p.dir }

// For is the writer of key's partition.
func (p *Partitions) For(key string) *bufio.Writer {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key))
	return p.writers[h.Sum32()%uint32(len(p.writers))]
}

// Each reads the partitions back, one at a time and in order; a partition
// read is emptied, so that the disk holds what is left to read.
func (p *Partitions) Each(fn func(r *bufio.Reader) error) error {
	for i, f := range p.files {
		if err := p.writers[i].Flush(); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := fn(bufio.NewReaderSize(f, 1<<20)); err != nil {
			return err
		}
		if err := f.Truncate(0); err != nil {
			return err
		}
	}
	return nil
}

// Remove deletes the directory and everything in it.
func (p *Partitions) Remove() {
	for _, f := range p.files {
		_ = f.Close()
	}
	_ = os.RemoveAll(p.dir)
}
