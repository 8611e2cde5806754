// Package wprest reads what a scraper saves from the WordPress REST API:
// /wp-json/wp/v2/posts (an array, or one post object) and
// /wp-json/wp/v2/comments (arrays, one file per page of results). Comments
// join their post, from another file of the same build, by site and post
// ID.
package wprest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/htmltext"
	"github.com/threadset/threadset/schema"
)

// Name is the builder's name.
const Name = "wprest"

// Builder is the WordPress REST JSON builder.
type Builder struct{}

// New returns the builder.
func New() *Builder { return &Builder{} }

func (*Builder) Name() string    { return Name }
func (*Builder) Version() string { return "1" }
func (*Builder) Description() string {
	return "WordPress REST API JSON (/wp-json/wp/v2/posts and /wp-json/wp/v2/comments)"
}
func (*Builder) Extensions() []string { return []string{".json"} }
func (*Builder) Joins() bool          { return true }

// Sniff looks for a JSON document with WordPress's "rendered" fields.
func (*Builder) Sniff(name string, head []byte) bool {
	c := builders.FirstJSONByte(head)
	return (c == '[' || c == '{') && bytes.Contains(head, []byte(`"rendered"`))
}

// Obtain says how to get files in this format.
func (*Builder) Obtain() string {
	return "Save the JSON that https://SITE/wp-json/wp/v2/posts?per_page=100&_embed=1&page=N and https://SITE/wp-json/wp/v2/comments?post=ID&per_page=100&page=N return, one file per page of results (*.json)."
}

func (*Builder) Rules() []string {
	return []string{
		"A posts file (an array of post objects, or one object) gives one article per post: title.rendered (title), content.rendered (body and links, by the shared HTML rules), link (url), date_gmt (published_at), id (native_id); categories and tags by name when the file embeds them (_embedded wp:term), and the author's name as byline when embedded.",
		"A comments file gives comments grouped by their post: id (native_id), parent (0 is top level) for the tree, author_name, date_gmt, content.rendered, status. Comments join the post with the same site (the host of their link) and post ID, from any file of the build, or the article with the same canonical URL (their link without #comment-N or /comment-page-N/).",
		"Comments whose post is not in the build are kept under a stub article (article_missing anomaly). A post's _embedded.replies is ignored: it is a preview without parents or statuses and goes stale.",
		"The site is the source: its host is the source name and homepage (unless the sidecar metadata names it), platform wordpress. date_gmt has no zone and is read as UTC.",
	}
}

type rendered struct {
	Rendered string `json:"rendered"`
}

type item struct {
	ID       *json.Number `json:"id"`
	Post     *json.Number `json:"post"`
	Parent   json.Number  `json:"parent"`
	DateGMT  string       `json:"date_gmt"`
	Link     string       `json:"link"`
	Status   string       `json:"status"`
	Type     string       `json:"type"`
	Title    *rendered    `json:"title"`
	Content  *rendered    `json:"content"`
	Author   string       `json:"author_name"`
	Embedded struct {
		Author []struct {
			Name string `json:"name"`
		} `json:"author"`
		Terms [][]struct {
			Name     string `json:"name"`
			Taxonomy string `json:"taxonomy"`
		} `json:"wp:term"`
	} `json:"_embedded"`
}

// Build reads one posts or comments file.
func (b *Builder) Build(in builders.Input, emit func(*builders.Page) error) error {
	emit = builders.CleanEmit(emit)
	data, err := builders.ReadAll(Name, in)
	if err != nil {
		return err
	}
	var items []item
	switch builders.FirstJSONByte(data) {
	case '[':
		err = json.Unmarshal(data, &items)
	case '{':
		var one item
		err = json.Unmarshal(data, &one)
		items = []item{one}
	default:
		return &builders.InputError{Builder: Name, Path: in.Path, Line: 1, Msg: "expected WordPress REST JSON (an array or object of posts or comments), found " + builders.Describe(data[:min(len(data), builders.SniffBytes)])}
	}
	if err != nil {
		return builders.JSONError(Name, in.Path, data, err)
	}
	if len(items) == 0 {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "no posts or comments: the JSON array is empty"}
	}
	var posts, comments []int
	for i, it := range items {
		switch {
		case it.ID == nil:
			return &builders.InputError{Builder: Name, Path: in.Path, Msg: fmt.Sprintf("element %d is not a WordPress post or comment: it has no id", i)}
		case it.Post != nil && it.Content != nil:
			comments = append(comments, i)
		case it.Title != nil:
			posts = append(posts, i)
		default:
			return &builders.InputError{Builder: Name, Path: in.Path, Msg: fmt.Sprintf("element %d (id %s) is neither a post (no title.rendered) nor a comment (no post and content.rendered)", i, it.ID)}
		}
	}
	if len(posts) > 0 && len(comments) > 0 {
		return &builders.InputError{Builder: Name, Path: in.Path, Msg: "the file mixes posts and comments; save each endpoint's results to its own file"}
	}
	for _, i := range posts {
		if err := emit(post(&items[i])); err != nil {
			return err
		}
	}
	return b.comments(in, items, comments, emit)
}

func source(link string) builders.SourceInfo {
	platform := "wordpress"
	si := builders.SourceInfo{Platform: &platform}
	if u, err := url.Parse(link); err == nil && u.Host != "" {
		host := strings.ToLower(u.Host)
		home := u.Scheme + "://" + host + "/"
		si.Name, si.Homepage = host, &home
	}
	return si
}

func post(it *item) *builders.Page {
	id := it.ID.String()
	host := builders.Host(it.Link)
	p := &builders.Page{
		NativeID: id, Title: htmltext.Convert(it.Title.Rendered).Text,
		ReplyStructure: schema.ReplyNested,
		IDKey:          []string{Name, host, id},
		Source:         source(it.Link),
	}
	if it.Link != "" {
		l := it.Link
		p.URL = &l
		if k := builders.URLKey(l); k != "" {
			p.JoinKeys = append(p.JoinKeys, k)
		}
	}
	if host != "" {
		p.JoinKeys = append(p.JoinKeys, "wp:"+host+":post:"+id)
	}
	if it.Content != nil {
		txt := htmltext.Convert(it.Content.Rendered)
		p.Body, p.Links = txt.Text, txt.Links
	}
	if t, err := builders.ParseTime(it.DateGMT); err != nil {
		p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: -1, Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("post %s: date_gmt: %v", id, err)})
	} else {
		p.PublishedAt = t
	}
	if len(it.Embedded.Author) > 0 && it.Embedded.Author[0].Name != "" {
		a := builders.CleanText(it.Embedded.Author[0].Name)
		p.Byline = &a
	}
	for _, group := range it.Embedded.Terms {
		for _, term := range group {
			name := htmltext.Convert(term.Name).Text
			switch term.Taxonomy {
			case "category":
				p.Categories = append(p.Categories, name)
			case "post_tag":
				p.Tags = append(p.Tags, name)
			}
		}
	}
	return p
}

var commentSuffix = regexp.MustCompile(`(/comment-page-\d+)?/?(#.*)?$`)

// postURL is the post's URL as a comment's link gives it.
func postURL(link string) string {
	return commentSuffix.ReplaceAllString(link, "/")
}

func (b *Builder) comments(in builders.Input, items []item, idx []int, emit func(*builders.Page) error) error {
	var order []string
	groups := map[string]*builders.Page{}
	skipped := builders.Skipped{}
	for _, i := range idx {
		it := &items[i]
		host := builders.Host(it.Link)
		postID := it.Post.String()
		key := host + "\x00" + postID
		p, ok := groups[key]
		if !ok {
			p = &builders.Page{
				Thread: true, Stub: true, NativeID: postID, ReplyStructure: schema.ReplyNested,
				IDKey:  []string{Name, host, postID},
				Source: source(it.Link),
			}
			if host != "" {
				p.JoinKeys = append(p.JoinKeys, "wp:"+host+":post:"+postID)
			}
			if u := postURL(it.Link); it.Link != "" {
				p.URL = &u
				if k := builders.URLKey(u); k != "" {
					p.JoinKeys = append(p.JoinKeys, k)
				}
			}
			groups[key] = p
			order = append(order, key)
		}
		status := it.Status
		if status == "approve" || status == "" {
			status = "approved"
		} else if status == "hold" {
			status = "unapproved"
		}
		if status != "approved" && !in.Options.IncludeUnapproved {
			skipped["comments not approved"]++
			continue
		}
		pc := builders.PageComment{Parent: -1, NativeID: it.ID.String(), Status: status}
		if par := it.Parent.String(); par != "" && par != "0" {
			pc.NativeParent = par
		}
		if a := builders.CleanText(it.Author); a != "" {
			pc.Author = &a
		}
		txt := htmltext.Convert(it.Content.Rendered)
		pc.Text, pc.Links = txt.Text, txt.Links
		if t, err := builders.ParseTime(it.DateGMT); err != nil {
			p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: len(p.Comments), Kind: schema.AnomalyBadDate, Detail: fmt.Sprintf("comment %s: date_gmt: %v", pc.NativeID, err)})
		} else {
			pc.PublishedAt = t
		}
		p.Comments = append(p.Comments, pc)
	}
	for _, k := range order {
		if len(groups[k].Comments) == 0 {
			continue
		}
		if err := emit(groups[k]); err != nil {
			return err
		}
	}
	return skipped.Emit(in, emit)
}
