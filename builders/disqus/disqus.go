// Package disqus reads Disqus export files (the XML the Disqus admin's
// Export screen mails): <category>, <thread> and <post> elements, posts
// pointing at their thread and parent by dsq:id.
//
// Threads and posts are listed separately, so the whole export is read
// before its threads are emitted: with a scratch directory its posts wait
// on disk, partitioned by thread (see diskPosts), else in memory. Its
// threads may also join articles from other inputs (a text page, a
// WordPress export) by URL.
package disqus

import (
	"bytes"
	"fmt"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/htmltext"
	"github.com/threadset/threadset/schema"
)

// Name is the builder's name.
const Name = "disqus"

// Builder is the Disqus export builder.
type Builder struct{}

// New returns the Disqus builder.
func New() *Builder { return &Builder{} }

func (*Builder) Name() string    { return Name }
func (*Builder) Version() string { return "1" }
func (*Builder) Description() string {
	return "Disqus export XML (Admin → Moderation → Export), threads with their exact reply trees"
}
func (*Builder) Extensions() []string { return []string{".xml"} }
func (*Builder) Joins() bool          { return true }

// Sniff looks for the <disqus> root element.
func (*Builder) Sniff(name string, head []byte) bool {
	return bytes.Contains(head, []byte("<disqus"))
}

// Obtain says how to get files in this format.
func (*Builder) Obtain() string {
	return "In the Disqus admin, Moderation → Export (or disqus.com/admin/discussions/export/); Disqus mails a link to a gzipped XML file — gunzip it first."
}

func (*Builder) Rules() []string {
	return []string{
		"Each <thread> with at least one kept post is an article: title, link (url), forum (the source, platform disqus), category title (categories), createdAt (published_at), dsq:id (native_id). A Disqus thread has no article body; when a page, WordPress post or REST post with the same canonical URL is in the build, the thread's comments attach to that article instead (one article row).",
		"Each <post> is a comment of the thread its <thread dsq:id> names; <parent dsq:id> gives the tree; author/name is the author; createdAt the time; message (HTML) the text, by the shared HTML rules.",
		"Posts with isSpam true are left out and counted unless --include-unapproved keeps them (status spam). A post with isDeleted true that has replies stays as a placeholder (text null, deleted true, status deleted) so that its replies keep their true parent and depth, with a parent_deleted anomaly on each reply; a deleted post without replies is left out and counted.",
		"Threads without posts are not articles (counted) unless --include-empty-threads is given. Posts whose thread is not in the export are kept under a stub article with an article_missing anomaly.",
		"Email and IP addresses in the export are never read.",
	}
}

type thread struct {
	id, forum, link, title, created, category string
	line                                      int
}

type post struct {
	id, thread, parent, author, message, created string
	deleted, spam                                bool
	line                                         int
}

// Build reads the whole export, then emits one page per thread with posts.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	emit = builders.CleanEmit(emit)
	var (
		threads    []*thread
		byID                 = map[string]*thread{}
		categories           = map[string]string{}
		posts      postStore = &memPosts{}
	)
	if in.TempDir != "" {
		dp, err := newDiskPosts(in.TempDir)
		if err != nil {
			return err
		}
		defer dp.remove()
		posts = dp
	}
	err := builders.XMLElements(Name, "an XML Disqus export", in, "disqus", 2, func(n *builders.XMLNode, line int) error {
		switch n.XMLName.Local {
		case "category":
			categories[n.Attr("id")] = builders.CleanText(n.Value("title"))
		case "thread":
			th := &thread{id: n.Attr("id"), forum: n.Value("forum"), link: n.Value("link"),
				title: builders.CleanText(n.Value("title")), created: n.Value("createdAt"), line: line}
			if c := n.Child("category"); c != nil {
				th.category = c.Attr("id")
			}
			if _, dup := byID[th.id]; !dup {
				byID[th.id] = th
				threads = append(threads, th)
			}
		case "post":
			p := &post{id: n.Attr("id"), message: n.Value("message"), created: n.Value("createdAt"),
				deleted: n.Value("isDeleted") == "true", spam: n.Value("isSpam") == "true", line: line}
			if c := n.Child("thread"); c != nil {
				p.thread = c.Attr("id")
			}
			if c := n.Child("parent"); c != nil {
				p.parent = c.Attr("id")
			}
			if a := n.Child("author"); a != nil {
				p.author = builders.CleanText(a.Value("name"))
			}
			return posts.add(p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if dp, ok := posts.(*diskPosts); ok {
		return b.emitThreadsOnDisk(in, threads, byID, categories, dp, emit)
	}
	return b.emitThreads(in, threads, byID, categories, posts.(*memPosts).posts, emit)
}

// postStore keeps an export's posts until its threads are known.
type postStore interface{ add(*post) error }

// memPosts keeps them in memory: memory grows with the export.
type memPosts struct{ posts []*post }

func (m *memPosts) add(p *post) error {
	m.posts = append(m.posts, p)
	return nil
}

func (b *Builder) emitThreads(in builders.Input, threads []*thread, byID map[string]*thread, categories map[string]string,
	posts []*post, emit func(*builders.Page) error) error {
	skipped := builders.Skipped{}
	hasReplies := map[string]bool{}
	for _, p := range posts {
		if p.parent != "" {
			hasReplies[p.parent] = true
		}
	}
	leftOut := map[string]string{}
	byThread := map[string][]*post{}
	var missing []string // threads posts name that the export lacks, in first-seen order
	for _, p := range posts {
		switch {
		case p.spam && !in.Options.IncludeUnapproved:
			skipped["spam posts"]++
			leftOut[p.id] = "spam"
			continue
		case p.deleted && !hasReplies[p.id]:
			skipped["deleted posts without replies"]++
			leftOut[p.id] = "deleted"
			continue
		}
		if _, ok := byID[p.thread]; !ok {
			if _, seen := byThread[p.thread]; !seen {
				missing = append(missing, p.thread)
			}
		}
		byThread[p.thread] = append(byThread[p.thread], p)
	}
	for _, th := range threads {
		ps := byThread[th.id]
		if len(ps) == 0 && !in.Options.IncludeEmptyThreads {
			skipped["threads without posts"]++
			continue
		}
		page := threadPage(th, categories)
		addPosts(page, ps)
		page.LeftOut = leftOut
		if err := emit(page); err != nil {
			return err
		}
	}
	for _, id := range missing {
		page := missingPage(id, threads)
		addPosts(page, byThread[id])
		if err := emit(page); err != nil {
			return err
		}
	}
	return skipped.Emit(in, emit)
}

// threadPage is the page of a thread of the export, before its posts.
func threadPage(th *thread, categories map[string]string) *builders.Page {
	platform := "disqus"
	page := &builders.Page{
		Thread: true, NativeID: th.id, Title: th.title, ReplyStructure: schema.ReplyNested,
		IDKey:  []string{Name, th.forum, th.id},
		Source: builders.SourceInfo{Name: th.forum, Platform: &platform},
	}
	if c := categories[th.category]; c != "" {
		page.Categories = []string{c}
	}
	if th.link != "" {
		l := th.link
		page.URL = &l
		if k := builders.URLKey(l); k != "" {
			page.JoinKeys = append(page.JoinKeys, k)
		}
	}
	if t, err := builders.ParseTime(th.created); err != nil {
		page.Anomalies = append(page.Anomalies, builders.PageAnomaly{Comment: -1, Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("thread %s: createdAt: %v", th.id, err)})
	} else {
		page.PublishedAt = t
	}
	return page
}

// missingPage is the stub page of posts whose thread the export lacks.
func missingPage(id string, threads []*thread) *builders.Page {
	platform := "disqus"
	page := &builders.Page{
		Thread: true, Stub: true, NativeID: id, ReplyStructure: schema.ReplyNested,
		IDKey:  []string{Name, "missing-thread", id},
		Source: builders.SourceInfo{Platform: &platform},
	}
	if len(threads) > 0 {
		page.Source.Name = threads[0].forum
	}
	return page
}

func addPosts(page *builders.Page, ps []*post) {
	for _, p := range ps {
		pc := builders.PageComment{Parent: -1, NativeID: p.id, NativeParent: p.parent, Line: p.line}
		if p.author != "" {
			a := p.author
			pc.Author = &a
		}
		switch {
		case p.deleted:
			pc.Deleted, pc.Status = true, "deleted"
		case p.spam:
			pc.Status = "spam"
		default:
			pc.Status = "approved"
		}
		if !p.deleted {
			txt := htmltext.Convert(p.message)
			pc.Text, pc.Links = txt.Text, txt.Links
		}
		idx := len(page.Comments)
		if t, err := builders.ParseTime(p.created); err != nil {
			page.Anomalies = append(page.Anomalies, builders.PageAnomaly{Comment: idx, Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("post %s: createdAt: %v", p.id, err)})
		} else {
			pc.PublishedAt = t
		}
		page.Comments = append(page.Comments, pc)
	}
}
