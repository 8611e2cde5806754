// Package wxr reads WordPress eXtended RSS: the XML that WordPress's
// Tools → Export screen writes (WXR 1.0 to 1.2, with http or https
// namespace URIs). The export is read item by item and never held whole.
package wxr

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/htmltext"
	"github.com/threadset/threadset/schema"
)

// Name is the builder's name.
const Name = "wxr"

// Builder is the WXR builder.
type Builder struct{}

// New returns the WXR builder.
func New() *Builder { return &Builder{} }

func (*Builder) Name() string    { return Name }
func (*Builder) Version() string { return "1" }
func (*Builder) Description() string {
	return "WordPress export files (WXR 1.0-1.2, Tools → Export), posts and pages with their comment trees"
}
func (*Builder) Extensions() []string { return []string{".xml", ".wxr"} }

// Joins is false: an export is streamed item by item; threads from other
// inputs (Disqus, REST comments) join its posts by URL or post ID.
func (*Builder) Joins() bool { return false }

// Sniff looks for an RSS document with a WordPress export namespace.
func (*Builder) Sniff(name string, head []byte) bool {
	return bytes.Contains(head, []byte("<rss")) && bytes.Contains(head, []byte("wordpress.org/export/"))
}

// Obtain says how to get files in this format.
func (*Builder) Obtain() string {
	return "In WordPress, Tools → Export → All content (or Posts) → Download Export File; a site owner's export includes comments with their parents and moderation status."
}

func (*Builder) Rules() []string {
	return []string{
		"One article per item whose wp:post_type is post or page (an item without one is a post) and whose wp:status is publish (an item without one is published); attachments, menu items, drafts and other items are left out and counted in a skipped_items warning.",
		"The article's title, link (url), dc:creator (byline), wp:post_date_gmt (published_at), categories and tags (category elements with domain category and post_tag), wp:post_id (native_id) and content:encoded, turned into text by the shared HTML rules (body, links).",
		"Each wp:comment is a comment: wp:comment_id (native_id), wp:comment_parent (0 is top level) giving the tree, wp:comment_author, wp:comment_date_gmt and wp:comment_content (HTML, same rules).",
		"Pingbacks and trackbacks are not reader comments: they are left out and counted. Comments whose wp:comment_approved is not 1 (0 is unapproved, spam, trash) are left out and counted unless --include-unapproved keeps them with that status.",
		"A comment ID that occurs under two items (real exports merged from several blogs do this) is kept unique by its article and listed as a duplicate_id anomaly.",
		"The channel's title, link and language are the source (platform wordpress). Dates are read from the GMT fields only; 0000-00-00 00:00:00 or an unreadable date is null with an unparseable_date anomaly.",
	}
}

type channel struct {
	title, link, language string
}

// Build streams the export's items. The channel's title, link and
// language come before the items in every export WordPress writes.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	emit = builders.CleanEmit(emit)
	var (
		ch       channel
		items    int
		skipped  = builders.Skipped{}
		firstSaw = map[string]string{} // comment ID -> post it first occurred under
	)
	err := builders.XMLElements(Name, "a WordPress export", in, "rss", 3, func(n *builders.XMLNode, line int) error {
		plain := n.XMLName.Space == "" // RSS's own elements, not atom:link or wp:*
		switch {
		case plain && n.XMLName.Local == "title":
			ch.title = builders.CleanText(n.Text)
		case plain && n.XMLName.Local == "link":
			ch.link = strings.TrimSpace(n.Text)
		case plain && n.XMLName.Local == "language":
			ch.language = strings.TrimSpace(n.Text)
		case n.XMLName.Local == "item":
			items++
			if page, keep := b.item(n, ch, in, line, skipped, firstSaw); keep {
				return emit(page)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if items == 0 {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "the export has no items"}
	}
	return skipped.Emit(in, emit)
}

func (b *Builder) item(n *builders.XMLNode, ch channel, in builders.Input, line int, skipped builders.Skipped, firstSaw map[string]string) (*builders.Page, bool) {
	postType := n.Value("post_type")
	if postType == "" {
		postType = "post"
	}
	status := n.Value("status")
	if status == "" {
		status = "publish"
	}
	if postType != "post" && postType != "page" {
		skipped[postType+" items"]++
		return nil, false
	}
	if status != "publish" {
		skipped[status+" "+postType+"s"]++
		return nil, false
	}
	platform := "wordpress"
	p := &builders.Page{
		NativeID:       n.Value("post_id"),
		Title:          builders.CleanText(n.Value("title")),
		ReplyStructure: schema.ReplyNested,
		Source: builders.SourceInfo{
			Name: ch.title, Platform: &platform, Language: ch.language,
		},
	}
	if ch.link != "" {
		h := ch.link
		p.Source.Homepage = &h
	}
	site := siteKey(ch)
	if link := n.Value("link"); link != "" {
		p.URL = &link
		if k := builders.URLKey(link); k != "" {
			p.JoinKeys = append(p.JoinKeys, k)
		}
	}
	if p.NativeID != "" {
		p.IDKey = []string{Name, site, p.NativeID}
		if host := builders.Host(ch.link); host != "" {
			p.JoinKeys = append(p.JoinKeys, "wp:"+host+":post:"+p.NativeID)
		}
	} else if p.URL != nil {
		p.IDKey = []string{Name, site, "url", *p.URL}
	} else {
		p.IDKey = []string{Name, site, "item", fmt.Sprint(line)}
	}
	if c := n.Child("creator"); c != nil {
		if s := builders.CleanText(c.Text); s != "" {
			p.Byline = &s
		}
	}
	for _, c := range n.Nodes {
		if c.XMLName.Local != "category" {
			continue
		}
		v := builders.CleanText(c.Text)
		switch c.Attr("domain") {
		case "category":
			p.Categories = appendNew(p.Categories, v)
		case "post_tag":
			p.Tags = appendNew(p.Tags, v)
		}
	}
	if t, err := builders.ParseTime(n.Value("post_date_gmt")); err != nil {
		p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: -1, Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("post %s: post_date_gmt: %v", p.NativeID, err)})
	} else {
		p.PublishedAt = t
	}
	if c := n.ChildIn("content", "encoded"); c != nil {
		txt := htmltext.ConvertWordPress(c.Text)
		p.Body, p.Links = txt.Text, txt.Links
	}
	for _, c := range n.Nodes {
		if c.XMLName.Local != "comment" {
			continue
		}
		typ := c.Value("comment_type")
		id := c.Value("comment_id")
		leave := func(why string) {
			if p.LeftOut == nil {
				p.LeftOut = map[string]string{}
			}
			p.LeftOut[id] = why
		}
		if typ == "pingback" || typ == "trackback" {
			skipped[typ+"s"]++
			leave(typ)
			continue
		}
		st := approval(c.Value("comment_approved"))
		if st != "approved" && !in.Options.IncludeUnapproved {
			skipped[st+" comments"]++
			leave(st)
			continue
		}
		pc := builders.PageComment{Parent: -1, NativeID: id, Status: st}
		if par := c.Value("comment_parent"); par != "" && par != "0" {
			pc.NativeParent = par
		}
		if a := builders.CleanText(c.Value("comment_author")); a != "" {
			pc.Author = &a
		}
		idx := len(p.Comments)
		if t, err := builders.ParseTime(c.Value("comment_date_gmt")); err != nil {
			p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: idx, Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("comment %s: comment_date_gmt: %v", id, err)})
		} else {
			pc.PublishedAt = t
		}
		txt := htmltext.ConvertWordPress(c.Value("comment_content"))
		pc.Text, pc.Links = txt.Text, txt.Links
		if first, ok := firstSaw[id]; ok && id != "" && first != p.NativeID {
			p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: idx, Kind: schema.AnomalyDuplicateID,
				Detail: fmt.Sprintf("comment ID %s also occurs under post %s in this export; its comment_id is kept unique by article", id, first)})
		} else if !ok && id != "" {
			firstSaw[id] = p.NativeID
		}
		p.Comments = append(p.Comments, pc)
	}
	return p, true
}

func approval(v string) string {
	switch v {
	case "1", "approve", "approved":
		return "approved"
	case "spam":
		return "spam"
	case "trash", "post-trashed":
		return "trash"
	}
	return "unapproved"
}

func siteKey(ch channel) string {
	if h := builders.Host(ch.link); h != "" {
		return h
	}
	return ch.title
}

func appendNew(xs []string, x string) []string {
	if x == "" {
		return xs
	}
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}
