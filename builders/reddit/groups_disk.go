package reddit

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/threadset/threadset/builders"
)

// diskBuckets is how many partitions a dump's comments are spread over:
// grouping holds one partition's comments in memory at a time.
const diskBuckets = 64

// diskGroups groups a dump's comments on disk: each comment goes to
// one of diskBuckets partition files chosen by its link_id, so that all of
// a thread's comments are in one partition, in input order; memory holds
// the order of the threads' first comments. At the end each partition is
// read back and grouped, its pages are written to a page file, and the
// pages are emitted from there in first-comment order: the same pages, in
// the same order, as grouping in memory.
type diskGroups struct {
	dir     string
	files   []*os.File
	writers []*bufio.Writer
	seq     map[string]int // link_id -> order of its first comment
	scratch []byte
}

func newDiskGroups(parent string) (*diskGroups, error) {
	dir, err := os.MkdirTemp(parent, "reddit-")
	if err != nil {
		return nil, fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	g := &diskGroups{dir: dir, seq: map[string]int{}}
	for i := 0; i < diskBuckets; i++ {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("bucket-%03d", i)))
		if err != nil {
			g.remove()
			return nil, fmt.Errorf("reddit: partitioning comments: %w", err)
		}
		g.files = append(g.files, f)
		g.writers = append(g.writers, bufio.NewWriterSize(f, 64<<10))
	}
	return g, nil
}

func (g *diskGroups) remove() {
	for _, f := range g.files {
		_ = f.Close()
	}
	_ = os.RemoveAll(g.dir)
}

func (g *diskGroups) add(line int, _ []byte, r *record) error {
	// The fields the builder reads, not the dump's line: a Pushshift
	// record has some fifty fields, of which it reads ten.
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	if _, ok := g.seq[r.LinkID]; !ok {
		g.seq[r.LinkID] = len(g.seq)
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(r.LinkID))
	w := g.writers[h.Sum32()%diskBuckets]
	g.scratch = binary.AppendUvarint(g.scratch[:0], uint64(line))
	g.scratch = binary.AppendUvarint(g.scratch, uint64(len(raw)))
	if _, err := w.Write(g.scratch); err != nil {
		return fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	return nil
}

type pageRef struct{ off, n int64 }

func (g *diskGroups) emit(emit func(*builders.Page) error) error {
	pages, err := os.Create(filepath.Join(g.dir, "pages"))
	if err != nil {
		return fmt.Errorf("reddit: grouping comments: %w", err)
	}
	defer pages.Close() // a scratch file, removed with its directory
	pw := bufio.NewWriterSize(pages, 1<<20)
	var off int64
	refs := make([]pageRef, len(g.seq))
	for i, f := range g.files {
		if err := g.writers[i].Flush(); err != nil {
			return fmt.Errorf("reddit: partitioning comments: %w", err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("reddit: grouping comments: %w", err)
		}
		groups := map[string]*builders.Page{}
		br := bufio.NewReaderSize(f, 1<<20)
		for {
			line, err := binary.ReadUvarint(br)
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("reddit: grouping comments: %w", err)
			}
			n, err := binary.ReadUvarint(br)
			if err != nil {
				return fmt.Errorf("reddit: grouping comments: %w", err)
			}
			raw := make([]byte, n)
			if _, err := io.ReadFull(br, raw); err != nil {
				return fmt.Errorf("reddit: grouping comments: %w", err)
			}
			var r record
			if err := json.Unmarshal(raw, &r); err != nil {
				return fmt.Errorf("reddit: grouping comments: line %d read back: %w", line, err)
			}
			p, ok := groups[r.LinkID]
			if !ok {
				p = newThread(&r)
				groups[r.LinkID] = p
			}
			addDumpComment(p, &r, int(line))
		}
		// Pages in first-comment order within the partition, so that the
		// page file is the same whatever the map order.
		ordered := make([]string, 0, len(groups))
		for k := range groups {
			ordered = append(ordered, k)
		}
		sortBySeq(ordered, g.seq)
		for _, k := range ordered {
			data, err := json.Marshal(groups[k])
			if err != nil {
				return fmt.Errorf("reddit: grouping comments: %w", err)
			}
			if _, err := pw.Write(data); err != nil {
				return fmt.Errorf("reddit: grouping comments: %w", err)
			}
			refs[g.seq[k]] = pageRef{off: off, n: int64(len(data))}
			off += int64(len(data))
		}
		// The partition is grouped: its file is no longer needed.
		_ = f.Truncate(0)
	}
	if err := pw.Flush(); err != nil {
		return fmt.Errorf("reddit: grouping comments: %w", err)
	}
	for _, ref := range refs {
		data := make([]byte, ref.n)
		if _, err := pages.ReadAt(data, ref.off); err != nil {
			return fmt.Errorf("reddit: reading grouped comments: %w", err)
		}
		var p builders.Page
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("reddit: reading grouped comments: %w", err)
		}
		if err := emit(&p); err != nil {
			return err
		}
	}
	return nil
}

func sortBySeq(keys []string, seq map[string]int) {
	sort.Slice(keys, func(i, j int) bool { return seq[keys[i]] < seq[keys[j]] })
}
