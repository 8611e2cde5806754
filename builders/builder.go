package builders

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/threadset/threadset/builders/compress"
)

// Input is one input file as a builder sees it.
type Input struct {
	// Path is relative to the build root, '/'-separated: the INPUT
	// directory, or the deepest directory holding every INPUT (see
	// README, "Command line").
	Path string
	// SHA256 and Size describe the bytes the builder parsed. They are
	// known once the file has been read, so Finish sees them and Build
	// does not.
	SHA256 string
	Size   int64
	// Open returns a reader over the file's bytes. A builder parses what
	// the first reader gives: the pipeline hashes those bytes as they are
	// read, so the checksum is that of what was parsed even if the file
	// changes. A later call (to quote a line in an error message) reads
	// the file again.
	Open func() (io.ReadCloser, error)
	// Options are the build's settings that change what builders keep.
	Options Options
	// TempDir, when set, is a directory a builder may keep scratch files
	// in (inside the build's temporary directory), in a directory of its
	// own that it removes before Build returns. A builder that groups a
	// large file's records (Pushshift comments by thread) partitions them
	// there instead of in memory.
	TempDir string
	// Dropped counts the records a builder left out by Options.Filter
	// before making pages of them; nil when no filter is set.
	Dropped *Counts
}

// Options are build settings that builders honour.
type Options struct {
	// IncludeUnapproved keeps comments a moderator has not approved
	// (unapproved, spam, trash), with their status, instead of leaving
	// them out.
	IncludeUnapproved bool
	// IncludeEmptyThreads makes comment threads without comments (Disqus
	// threads without posts) articles too.
	IncludeEmptyThreads bool
	// Filter keeps only some records (nil keeps everything). The pipeline
	// applies it to every page a builder emits; a builder may apply it
	// earlier, as it reads, and count what it dropped in Input.Dropped.
	Filter *Filter
	// SkipCommentLanguage leaves comments' language "und" instead of
	// detecting it: detection costs about 0.2 ms of CPU a comment, the
	// largest cost of reading a big dump.
	SkipCommentLanguage bool
}

// Counts counts records: articles (or comment threads) and comments.
type Counts struct{ Articles, Comments int64 }

// Builder reads one input format.
type Builder interface {
	// Name is the format's short name, used by --format and in the builder column.
	Name() string
	// Version changes whenever the builder's output for some input changes.
	Version() string
	// Description is one line for `threadset formats`.
	Description() string
	// Rules describe, one sentence each, how the builder reads its format;
	// the dataset card lists them.
	Rules() []string
	// Obtain says, for the card and README, how a user gets files in
	// this format.
	Obtain() string
	// Extensions are the file name extensions (with the dot) taken from a
	// directory INPUT; a file named directly is always read.
	Extensions() []string
	// Sniff reports whether a file with this name and these first bytes
	// (up to SniffBytes) is in the builder's format.
	Sniff(name string, head []byte) bool
	// Joins reports whether the builder's pages may be comment threads of
	// articles in other inputs (or articles that other inputs' threads
	// attach to): such inputs are held in memory until every input is read.
	Joins() bool
	// Build reads in and calls emit for each page it holds, in input order.
	// A problem with the input is returned as an *InputError.
	Build(in Input, emit func(*Page) error) error
}

// NameClaimer is a Builder that also claims directory entries by a name
// pattern rather than an extension (Pushshift dumps are named RC_2019-01,
// without one).
type NameClaimer interface {
	ClaimsName(name string) bool
}

// SniffBytes is how much of a file Sniff sees.
const SniffBytes = 4096

// Registry holds the builders by name, in the order they were registered:
// the order in which Detect asks them. The zero value is empty and usable.
type Registry struct {
	byName  map[string]Builder
	ordered []Builder
}

// Register adds b. Registering a name twice is a programming error.
func (r *Registry) Register(b Builder) {
	if r.byName == nil {
		r.byName = map[string]Builder{}
	}
	if _, dup := r.byName[b.Name()]; dup {
		panic(fmt.Sprintf("builders: builder %q registered twice", b.Name()))
	}
	r.byName[b.Name()] = b
	r.ordered = append(r.ordered, b)
}

// Detect picks the builder for a file from its content: the first
// registered builder whose Sniff accepts it. head is the file's first
// bytes as read; builders see them decoded (DecodeHead). A file that no
// builder accepts is a bad input: the error says what it looks like.
func (r *Registry) Detect(name string, head []byte) (Builder, error) {
	text := DecodeHead(head)
	for _, b := range r.ordered {
		if b.Sniff(name, text) {
			return b, nil
		}
	}
	return nil, fmt.Errorf("not in a format threadset reads: found %s, expected one of [%s]; use --format to force one", Describe(text), strings.Join(r.Names(), " "))
}

// Names lists the registered builders, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.byName))
	for n := range r.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// All lists the registered builders sorted by name.
func (r *Registry) All() []Builder {
	out := make([]Builder, 0, len(r.byName))
	for _, n := range r.Names() {
		out = append(out, r.byName[n])
	}
	return out
}

// Lookup returns the named builder or an error listing the known ones.
func (r *Registry) Lookup(name string) (Builder, error) {
	if b, ok := r.byName[name]; ok {
		return b, nil
	}
	return nil, fmt.Errorf("unknown format %q, must be one of [%s]", name, strings.Join(r.Names(), " "))
}

// ForFile picks the builder that takes a directory entry with this file
// name, or nil when no builder claims it. A compressed file (posts.json.gz,
// RC_2019-01.zst) is claimed by the name of the file inside.
func (r *Registry) ForFile(name string) Builder {
	inner := compress.Inner(name)
	lower := strings.ToLower(inner)
	for _, b := range r.All() {
		for _, ext := range b.Extensions() {
			if strings.HasSuffix(lower, ext) {
				return b
			}
		}
		if c, ok := b.(NameClaimer); ok && c.ClaimsName(inner) {
			return b
		}
	}
	return nil
}
