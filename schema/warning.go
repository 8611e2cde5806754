package schema

// Warning is a problem found while building that did not stop the build: a
// skipped input, a stated comment count the parse disagrees with. Every
// warning is listed in the manifest, so none is silent.
type Warning struct {
	Input   string `json:"input"`
	Line    int    `json:"line,omitempty"`
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// Warning kinds.
const (
	WarnCountMismatch = "declared_count_mismatch"
	WarnSkippedInput  = "skipped_input"
	WarnDuplicate     = "duplicate_input"
	WarnUnparsedText  = "unparsed_text"
	// WarnUnmatchedThread: a comment thread whose article is not in the
	// inputs; it becomes an article of its own.
	WarnUnmatchedThread = "unmatched_thread"
	// WarnThreadReplaced: a structured thread replaced the comments a page
	// showed flattened.
	WarnThreadReplaced = "thread_replaced_comments"
	// WarnSkippedItems counts what a builder left out on purpose
	// (pingbacks, spam, unapproved comments, drafts).
	WarnSkippedItems = "skipped_items"
	// WarnScriptThread: a page's comment thread is loaded by a script
	// (Disqus, Facebook, ...): the page holds none of it.
	WarnScriptThread = "script_thread"
	// WarnPagedThread: a page's comment thread continues on other pages.
	WarnPagedThread = "paged_thread"
	// WarnDepthCapped: a page shows a reply one level too high (the theme
	// caps the reply depth) and its markup says what it replies to.
	WarnDepthCapped = "depth_capped_reply"
	// WarnOrphanedLabels: annotations carried by --labels-from whose item
	// is not in the new build.
	WarnOrphanedLabels = "orphaned_annotations"
)
