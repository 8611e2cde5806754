package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// The ID scheme. Every ID is a prefix naming its table and the first 16 hex
// digits (64 bits) of the SHA-256 of a NUL-separated key. The keys are
// chosen so that the same item gets the same ID in every rebuild, on any
// machine, whatever the input order; DATASET_CARD.md says what changes one.

// ArticleID derives an article's ID from the key parts a builder chooses
// (for a text page: its builder name and the SHA-256 of the input bytes).
func ArticleID(key ...string) string { return "art_" + hash16("article", key) }

// CommentID derives a comment's ID from its article, a key (its author and
// text for inputs without IDs, a marker and the platform's comment ID for
// inputs with them) and how many comments with the same key precede it in
// the article.
func CommentID(articleID, author, text string, occurrence int) string {
	return "cmt_" + hash16("comment", []string{articleID, author, text, strconv.Itoa(occurrence)})
}

// SourceID derives a source's ID from its key (its lower-cased name).
func SourceID(key string) string { return "src_" + hash16("source", []string{key}) }

// AuthorID derives a commenter's pseudonym from the source and display name.
func AuthorID(sourceID, name string) string {
	return "aut_" + hash16("author", []string{sourceID, name})
}

func hash16(kind string, parts []string) string {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
