package pageeval

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Splits and kinds of a truth page.
const (
	SplitDev     = "dev"
	SplitHoldout = "holdout"

	// KindComments: the page holds its comment thread in the markup.
	KindComments = "comments"
	// KindDisqus: the thread is loaded by the Disqus script; the page holds
	// no comments.
	KindDisqus = "disqus"
	// KindNone: the page shows no comments (it may carry a comment form).
	KindNone = "none"
)

// Truth is what one saved page holds, derived from its markup (see
// fixtures/html-pages/README.md for how).
type Truth struct {
	// Page is the HTML file, relative to the truth directory's parent,
	// '/'-separated: "comments/anchor.ch.lanka.html".
	Page  string `json:"page"`
	Split string `json:"split"`
	Kind  string `json:"kind"`
	// Title is the article's headline, without the site name.
	Title string `json:"title"`
	// CanonicalURL is <link rel=canonical> (or og:url) when the page has one.
	CanonicalURL string `json:"canonical_url,omitempty"`
	// Language is <html lang> (or content-language), as written.
	Language string `json:"language,omitempty"`
	// BodyFirst and BodyLast are the article body's first and last
	// paragraphs; empty when the page's body could not be told apart.
	BodyFirst string `json:"body_first"`
	BodyLast  string `json:"body_last"`
	// CommentPlatform names the script that loads the thread ("disqus").
	CommentPlatform string `json:"comment_platform,omitempty"`
	// Paged says the thread continues on other pages (older/newer
	// comments links, comment-page-N).
	Paged bool `json:"paged"`
	// Comments are in page order, pingbacks and trackbacks included and
	// marked.
	Comments     []TruthComment `json:"comments"`
	CheckedByEye bool           `json:"checked_by_eye"`
	// Notes say what was decided or corrected by hand.
	Notes string `json:"notes,omitempty"`
}

// TruthComment is one comment (or pingback) of a truth page.
type TruthComment struct {
	NativeID string `json:"native_id"`
	Author   string `json:"author"`
	// Parent is the native ID of the comment this one replies to, nil at
	// top level.
	Parent *string `json:"parent"`
	Depth  int     `json:"depth"`
	// Time is RFC 3339 when the markup gives a machine-readable time.
	Time string `json:"time,omitempty"`
	// TextStart is the first characters (about 80) of the comment's own
	// text; Text is all of it, paragraphs separated by blank lines.
	TextStart  string `json:"text_start"`
	Text       string `json:"text"`
	IsPingback bool   `json:"is_pingback"`
}

// LoadTruth reads every *.json under dir (fixtures/html-pages/truth) and
// returns the truths sorted by page.
func LoadTruth(dir string) ([]Truth, error) {
	var out []Truth
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var t Truth
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&t); err != nil {
			return fmt.Errorf("pageeval: %s: %w", path, err)
		}
		if err := t.check(); err != nil {
			return fmt.Errorf("pageeval: %s: %w", path, err)
		}
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pageeval: no truth files under %s", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Page < out[j].Page })
	return out, nil
}

func (t *Truth) check() error {
	if t.Page == "" {
		return fmt.Errorf("no page")
	}
	switch t.Split {
	case SplitDev, SplitHoldout:
	default:
		return fmt.Errorf("split %q, must be dev or holdout", t.Split)
	}
	switch t.Kind {
	case KindComments, KindDisqus, KindNone:
	default:
		return fmt.Errorf("kind %q, must be comments, disqus or none", t.Kind)
	}
	ids := map[string]bool{}
	for i, c := range t.Comments {
		if c.Parent != nil && !ids[*c.Parent] {
			return fmt.Errorf("comment %d (%q): parent %q does not come before it", i, c.NativeID, *c.Parent)
		}
		if c.NativeID != "" {
			ids[c.NativeID] = true
		}
	}
	if t.Kind != KindComments && len(t.RealComments()) > 0 {
		return fmt.Errorf("kind %s but %d comments", t.Kind, len(t.RealComments()))
	}
	return nil
}

// RealComments are the comments that are not pingbacks or trackbacks:
// what a reader should emit.
func (t *Truth) RealComments() []TruthComment {
	var out []TruthComment
	for _, c := range t.Comments {
		if !c.IsPingback {
			out = append(out, c)
		}
	}
	return out
}
