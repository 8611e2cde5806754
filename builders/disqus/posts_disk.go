package disqus

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/scratch"
)

// diskPartitions is how many partitions an export's posts are spread
// over: building holds one partition's posts in memory at a time.
const diskPartitions = 64

// diskPosts keeps an export's posts on disk, partitioned by thread, so
// that all of a thread's posts are in one partition, in export order.
// Memory keeps the IDs of posts that have replies (a deleted post is kept
// when it has one).
type diskPosts struct {
	parts      *scratch.Partitions
	n          int
	hasReplies map[string]bool
	rec        scratch.Record // one post's encoding, reused
}

// A post on disk is its fields and its place in the export (line and
// index), as a scratch.Record.

func newDiskPosts(parent string) (*diskPosts, error) {
	parts, err := scratch.NewPartitions(parent, "disqus-", diskPartitions)
	if err != nil {
		return nil, fmt.Errorf("disqus: partitioning posts: %w", err)
	}
	return &diskPosts{parts: parts, hasReplies: map[string]bool{}}, nil
}

func (d *diskPosts) remove() { d.parts.Remove() }

func (d *diskPosts) add(p *post) error {
	if p.parent != "" {
		d.hasReplies[p.parent] = true
	}
	d.rec.Reset()
	for _, s := range []string{p.id, p.thread, p.parent, p.author, p.message, p.created} {
		d.rec.String(s)
	}
	d.rec.Bool(p.deleted)
	d.rec.Bool(p.spam)
	d.rec.Int(int64(p.line))
	d.rec.Int(int64(d.n))
	d.n++
	if _, err := d.rec.WriteTo(d.parts.For(p.thread)); err != nil {
		return fmt.Errorf("disqus: partitioning posts: %w", err)
	}
	return nil
}

// emitThreadsOnDisk emits what emitThreads does, from the partitions: each
// partition's kept posts are grouped by thread into pages, which go to a
// page file; the pages are then emitted in the export's thread order, and
// the stubs of missing threads in the order of their first kept post.
func (b *Builder) emitThreadsOnDisk(in builders.Input, threads []*thread, byID map[string]*thread, categories map[string]string,
	d *diskPosts, emit func(*builders.Page) error) error {
	skipped := builders.Skipped{}
	leftOut := map[string]string{}
	pages, err := scratch.NewPages(filepath.Join(d.parts.Dir(), "pages"))
	if err != nil {
		return fmt.Errorf("disqus: grouping posts: %w", err)
	}
	defer pages.Close() // a scratch file, removed with its directory
	refs := map[string]scratch.Ref{}
	firstKept := map[string]int{} // missing thread -> index of its first kept post
	err = d.parts.Each(func(r *bufio.Reader) error {
		byThread := map[string][]*post{}
		var order []string
		var buf []byte
		for {
			f, b, err := scratch.ReadRecord(r, buf)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			buf = b
			p := &post{id: f.String(), thread: f.String(), parent: f.String(), author: f.String(), message: f.String(), created: f.String()}
			p.deleted, p.spam, p.line = f.Bool(), f.Bool(), int(f.Int())
			index := int(f.Int())
			if err := f.Err(); err != nil {
				return err
			}
			switch {
			case p.spam && !in.Options.IncludeUnapproved:
				skipped["spam posts"]++
				leftOut[p.id] = "spam"
				continue
			case p.deleted && !d.hasReplies[p.id]:
				skipped["deleted posts without replies"]++
				leftOut[p.id] = "deleted"
				continue
			}
			if _, seen := byThread[p.thread]; !seen {
				order = append(order, p.thread)
				if _, ok := byID[p.thread]; !ok {
					firstKept[p.thread] = index
				}
			}
			byThread[p.thread] = append(byThread[p.thread], p)
		}
		for _, id := range order {
			var page *builders.Page
			if th, ok := byID[id]; ok {
				page = threadPage(th, categories)
			} else {
				page = missingPage(id, threads)
			}
			addPosts(page, byThread[id])
			ref, err := pages.Put(page)
			if err != nil {
				return err
			}
			refs[id] = ref
		}
		return nil
	})
	if err == nil {
		err = pages.Done()
	}
	if err != nil {
		return fmt.Errorf("disqus: grouping posts: %w", err)
	}
	read := func(ref scratch.Ref) (*builders.Page, error) {
		p, err := pages.Get(ref)
		if err != nil {
			return nil, fmt.Errorf("disqus: %w", err)
		}
		return p, nil
	}
	for _, th := range threads {
		ref, ok := refs[th.id]
		var page *builders.Page
		switch {
		case ok:
			if page, err = read(ref); err != nil {
				return err
			}
		case !in.Options.IncludeEmptyThreads:
			skipped["threads without posts"]++
			continue
		default:
			page = threadPage(th, categories)
		}
		page.LeftOut = leftOut
		if err := emit(page); err != nil {
			return err
		}
	}
	missing := make([]string, 0, len(firstKept))
	for id := range firstKept {
		missing = append(missing, id)
	}
	sort.Slice(missing, func(i, j int) bool { return firstKept[missing[i]] < firstKept[missing[j]] })
	for _, id := range missing {
		page, err := read(refs[id])
		if err != nil {
			return err
		}
		if err := emit(page); err != nil {
			return err
		}
	}
	return skipped.Emit(in, emit)
}
