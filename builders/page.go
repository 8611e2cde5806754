package builders

import (
	"time"

	"github.com/threadset/threadset/schema"
)

// Page is one article and its comments as a builder read them, before IDs
// and tree columns are assigned (see Finish).
type Page struct {
	// IDKey identifies the article across rebuilds; it is hashed into the
	// article ID. Builders use the most stable key the input offers (a
	// platform's own ID); empty means the builder name and the input's
	// SHA-256.
	IDKey []string
	// JoinKeys are the keys under which comment threads from other inputs
	// attach to this article: "url:" and a canonical URL (see CanonicalURL),
	// or a platform key such as "wp:example.com:post:60".
	JoinKeys []string
	// OnlyWarnings marks a page that is no article: it carries warnings
	// about the input as a whole (what a builder left out and why).
	OnlyWarnings bool
	// Thread marks a page that is only a comment thread for an article
	// another input may hold; its article fields describe the thread and
	// are used only when no article matches.
	Thread bool
	// Stub marks a thread whose article is not in its input (a REST
	// comments file, Pushshift comments, Disqus posts of a missing
	// thread): written on its own it gets an article_missing anomaly.
	Stub bool

	NativeID       string
	URL            *string
	Title          string
	Subtitle       *string
	Byline         *string
	Section        *string
	Categories     []string
	Tags           []string
	PublishedAt    *time.Time
	Body           string
	Links          []string
	DeclaredCount  *int32
	ReplyStructure string
	// CommentRule says how the comments were found (articles.comment_rule);
	// empty means "export": the input is a platform export that lists them.
	// CommentEvidence is what the rule went by, or why nothing was found.
	CommentRule     string
	CommentEvidence string
	// Language is the article's language as the input or the sidecar
	// declares it (BCP 47); empty means detected from its text.
	Language string

	Source   SourceInfo
	Comments []PageComment
	// LeftOut names comments the builder left out on purpose (native ID ->
	// why), so that a reply to one is reported for what it is.
	LeftOut   map[string]string
	Warnings  []Warning
	Anomalies []PageAnomaly
}

// PageComment is one comment in input order. A comment's parent is given
// either by NativeParent (the platform's ID of the parent, resolved by
// Finish, which reports parents that are missing) or, for inputs without
// IDs, by Parent: the index of the parent in Page.Comments, -1 at top
// level, always before the reply.
type PageComment struct {
	Parent       int
	NativeID     string
	NativeParent string
	Author       *string
	PublishedAt  *time.Time
	Text         string
	// Deleted marks a deleted comment kept as a placeholder: its text is
	// not kept (null in the table).
	Deleted bool
	Status  string
	Links   []string
	// Language is the comment's detected language (see DetectLanguages);
	// empty means not detected yet.
	Language string
	// Line is the 1-based input line the comment starts on, for messages.
	Line int
	// Input is the path of the input the comment was read from when it
	// is not the page's own (a thread joined from another input); empty
	// means the page's input.
	Input string
}

// PageAnomaly is a problem a builder found; Comment is the index of the
// comment concerned, or -1 for the article.
type PageAnomaly struct {
	Comment int
	Kind    string
	Detail  string
	// Input is the path of the input the problem was found in when it is
	// not the page's own; an anomaly of a comment is always its comment's.
	Input string
}

// SourceInfo describes the site a page comes from, as far as the input
// tells. An empty Name means the input does not say.
type SourceInfo struct {
	Name     string
	Homepage *string
	Platform *string
	Language string
	Country  *string
}

// Warning is schema.Warning: builders report, the manifest lists.
type Warning = schema.Warning
