package reddit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/scratch"
)

// diskPartitions is how many partitions a dump's comments are spread over:
// grouping holds one partition's comments in memory at a time.
const diskPartitions = 64

// diskGroups groups a dump's comments on disk: each comment goes to one
// of diskPartitions partitions chosen by its link_id, so that all of a
// thread's comments are in one partition, in input order; memory holds
// the order of the threads' first comments. At the end each partition is
// read back and grouped, its pages are stored in a page file, and the
// pages are emitted from there in first-comment order: the same pages, in
// the same order, as grouping in memory.
type diskGroups struct {
	parts *scratch.Partitions
	seq   map[string]int // link_id -> order of its first comment
	rec   scratch.Record // one record's encoding, reused
}

func newDiskGroups(parent string) (*diskGroups, error) {
	parts, err := scratch.NewPartitions(parent, "reddit-", diskPartitions)
	if err != nil {
		return nil, fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	return &diskGroups{parts: parts, seq: map[string]int{}}, nil
}

func (g *diskGroups) remove() { g.parts.Remove() }

func (g *diskGroups) add(line int, r *record) error {
	// The fields the builder reads, not the dump's line: a Pushshift
	// record has some fifty fields, of which it reads ten.
	if err := appendRecord(&g.rec, r); err != nil {
		return fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	g.rec.Int(int64(line))
	if _, ok := g.seq[r.LinkID]; !ok {
		g.seq[r.LinkID] = len(g.seq)
	}
	if _, err := g.rec.WriteTo(g.parts.For(r.LinkID)); err != nil {
		return fmt.Errorf("reddit: partitioning comments: %w", err)
	}
	return nil
}

func (g *diskGroups) emit(emit func(*builders.Page) error) error {
	pages, err := scratch.NewPages(filepath.Join(g.parts.Dir(), "pages"))
	if err != nil {
		return fmt.Errorf("reddit: grouping comments: %w", err)
	}
	defer pages.Close() // a scratch file, removed with its directory
	refs := make([]scratch.Ref, len(g.seq))
	err = g.parts.Each(func(br *bufio.Reader) error {
		groups := map[string]*builders.Page{}
		var buf []byte
		for {
			f, b, err := scratch.ReadRecord(br, buf)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			buf = b
			r := readFields(f)
			line := f.Int()
			if err := f.Err(); err != nil {
				return fmt.Errorf("a comment read back: %w", err)
			}
			p, ok := groups[r.LinkID]
			if !ok {
				p = newThread(&r)
				groups[r.LinkID] = p
			}
			addDumpComment(p, &r, int(line))
		}
		// Stored in first-comment order, so that the page file is the
		// same whatever the map order.
		ordered := make([]string, 0, len(groups))
		for k := range groups {
			ordered = append(ordered, k)
		}
		sort.Slice(ordered, func(i, j int) bool { return g.seq[ordered[i]] < g.seq[ordered[j]] })
		for _, k := range ordered {
			ref, err := pages.Put(groups[k])
			if err != nil {
				return err
			}
			refs[g.seq[k]] = ref
		}
		return nil
	})
	if err == nil {
		err = pages.Done()
	}
	if err != nil {
		return fmt.Errorf("reddit: grouping comments: %w", err)
	}
	for _, ref := range refs {
		p, err := pages.Get(ref)
		if err != nil {
			return fmt.Errorf("reddit: %w", err)
		}
		if err := emit(p); err != nil {
			return err
		}
	}
	return nil
}

// appendRecord encodes the fields of r the builder reads for a partition
// file. created_utc is kept compacted, as encoding/json kept it when it
// wrote the partitions, so that a message quoting it reads the same.
func appendRecord(rec *scratch.Record, r *record) error {
	rec.Reset()
	for _, s := range []string{r.ID, r.Name, r.Selftext, r.URL, r.Permalink, r.Subreddit, r.Author, r.ParentID, r.LinkID} {
		rec.String(s)
	}
	rec.OptString(r.Title)
	rec.OptString(r.Body)
	created := []byte("null") // what encoding/json wrote for an absent value
	if r.CreatedUTC != nil {
		var c bytes.Buffer
		if err := json.Compact(&c, r.CreatedUTC); err != nil {
			return err
		}
		created = c.Bytes()
	}
	rec.String(string(created))
	rec.Int(int64(r.Count))
	return nil
}

// readRecord decodes what appendRecord wrote.
func readRecord(b []byte) (record, error) {
	f := scratch.NewFields(b)
	r := readFields(f)
	if err := f.Err(); err != nil {
		return record{}, err
	}
	return r, nil
}

// readFields reads the fields appendRecord wrote from f, leaving f at the
// field after them; f.Err says whether they were whole.
func readFields(f *scratch.Fields) record {
	var r record
	for _, p := range []*string{&r.ID, &r.Name, &r.Selftext, &r.URL, &r.Permalink, &r.Subreddit, &r.Author, &r.ParentID, &r.LinkID} {
		*p = f.String()
	}
	r.Title = f.OptString()
	r.Body = f.OptString()
	r.CreatedUTC = json.RawMessage(f.String())
	r.Count = int(f.Int())
	return r
}
