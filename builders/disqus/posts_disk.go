package disqus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/threadset/threadset/builders"
)

// diskBuckets is how many partitions an export's posts are spread over:
// building holds one partition's posts in memory at a time.
const diskBuckets = 64

// diskPosts keeps an export's posts on disk, partitioned by thread, so
// that all of a thread's posts are in one partition, in export order.
// Memory keeps the IDs of posts that have replies (a deleted post is kept
// when it has one).
type diskPosts struct {
	dir        string
	files      []*os.File
	writers    []*bufio.Writer
	n          int
	hasReplies map[string]bool
}

// storedPost is a post on disk, with its place in the export.
type storedPost struct {
	ID, Thread, Parent, Author, Message, Created string
	Deleted, Spam                                bool
	Line, Index                                  int
}

func newDiskPosts(parent string) (*diskPosts, error) {
	dir, err := os.MkdirTemp(parent, "disqus-")
	if err != nil {
		return nil, fmt.Errorf("disqus: partitioning posts: %w", err)
	}
	d := &diskPosts{dir: dir, hasReplies: map[string]bool{}}
	for i := 0; i < diskBuckets; i++ {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("bucket-%03d", i)))
		if err != nil {
			d.remove()
			return nil, fmt.Errorf("disqus: partitioning posts: %w", err)
		}
		d.files = append(d.files, f)
		d.writers = append(d.writers, bufio.NewWriterSize(f, 64<<10))
	}
	return d, nil
}

func (d *diskPosts) remove() {
	for _, f := range d.files {
		_ = f.Close()
	}
	_ = os.RemoveAll(d.dir)
}

func (d *diskPosts) add(p *post) error {
	if p.parent != "" {
		d.hasReplies[p.parent] = true
	}
	data, err := json.Marshal(storedPost{ID: p.id, Thread: p.thread, Parent: p.parent, Author: p.author, Message: p.message,
		Created: p.created, Deleted: p.deleted, Spam: p.spam, Line: p.line, Index: d.n})
	if err != nil {
		return fmt.Errorf("disqus: partitioning posts: %w", err)
	}
	d.n++
	h := fnv.New32a()
	_, _ = h.Write([]byte(p.thread))
	w := d.writers[h.Sum32()%diskBuckets]
	if _, err := w.Write(append(data, '\n')); err != nil {
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
	pages, err := os.Create(filepath.Join(d.dir, "pages"))
	if err != nil {
		return fmt.Errorf("disqus: grouping posts: %w", err)
	}
	defer pages.Close() // a scratch file, removed with its directory
	pw := bufio.NewWriterSize(pages, 1<<20)
	type pageRef struct{ off, n int64 }
	var off int64
	refs := map[string]pageRef{}
	firstKept := map[string]int{} // missing thread -> index of its first kept post
	for i, f := range d.files {
		if err := d.writers[i].Flush(); err != nil {
			return fmt.Errorf("disqus: partitioning posts: %w", err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("disqus: grouping posts: %w", err)
		}
		byThread := map[string][]*post{}
		var order []string
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<30)
		for sc.Scan() {
			var sp storedPost
			if err := json.Unmarshal(sc.Bytes(), &sp); err != nil {
				return fmt.Errorf("disqus: grouping posts: %w", err)
			}
			p := &post{id: sp.ID, thread: sp.Thread, parent: sp.Parent, author: sp.Author, message: sp.Message,
				created: sp.Created, deleted: sp.Deleted, spam: sp.Spam, line: sp.Line}
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
					firstKept[p.thread] = sp.Index
				}
			}
			byThread[p.thread] = append(byThread[p.thread], p)
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("disqus: grouping posts: %w", err)
		}
		for _, id := range order {
			var page *builders.Page
			if th, ok := byID[id]; ok {
				page = threadPage(th, categories)
			} else {
				page = missingPage(id, threads)
			}
			addPosts(page, byThread[id])
			data, err := json.Marshal(page)
			if err != nil {
				return fmt.Errorf("disqus: grouping posts: %w", err)
			}
			if _, err := pw.Write(data); err != nil {
				return fmt.Errorf("disqus: grouping posts: %w", err)
			}
			refs[id] = pageRef{off: off, n: int64(len(data))}
			off += int64(len(data))
		}
		_ = f.Truncate(0) // grouped: no longer needed
	}
	if err := pw.Flush(); err != nil {
		return fmt.Errorf("disqus: grouping posts: %w", err)
	}
	read := func(ref pageRef) (*builders.Page, error) {
		data := make([]byte, ref.n)
		if _, err := pages.ReadAt(data, ref.off); err != nil {
			return nil, fmt.Errorf("disqus: reading grouped posts: %w", err)
		}
		var p builders.Page
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, fmt.Errorf("disqus: reading grouped posts: %w", err)
		}
		return &p, nil
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
