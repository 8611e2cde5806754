package builders

import (
	"time"

	"github.com/threadset/threadset/schema"
)

// Page is one article and its comments as a builder read them, before IDs
// and tree columns are assigned (see Finish).
type Page struct {
	// IDKey identifies the article across rebuilds; it is hashed into the
	// article ID. Builders use the most stable key the input offers.
	IDKey []string

	URL            *string
	Title          string
	Subtitle       *string
	Byline         *string
	Section        *string
	PublishedAt    *time.Time
	Body           string
	DeclaredCount  *int32
	ReplyStructure string

	Source   SourceInfo
	Comments []PageComment
	Warnings []Warning
}

// PageComment is one comment in page order. Parent is the index of the
// comment it replies to in Page.Comments, or -1 at top level; a parent
// always comes before its replies.
type PageComment struct {
	Parent      int
	Author      *string
	PublishedAt *time.Time
	Text        string
	// Line is the 1-based input line the comment starts on, for messages.
	Line int
}

// SourceInfo describes the site a page comes from, as far as the input
// tells. An empty Name means the input does not say.
type SourceInfo struct {
	Name     string
	Homepage *string
	Platform *string
	Language string
}

// Warning is schema.Warning: builders report, the manifest lists.
type Warning = schema.Warning
