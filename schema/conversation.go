package schema

import "fmt"

// The conversation tables are derived from comments and articles by every
// build (and rewritten with the labels by every import), so that
// researchers do not rebuild reply pairs and threads in each notebook.

// Conversation table names.
const (
	ReplyPairsName = "reply_pairs"
	ThreadsName    = "threads"
)

// Parent kinds of a reply pair.
const (
	ParentArticle = "article"
	ParentComment = "comment"
)

// replyPairsBase is reply_pairs without the label columns copied from the
// label set (reply_<label> and parent_<label>).
var replyPairsBase = &Table{
	Name: ReplyPairsName,
	Doc:  "One row per comment, paired with what it replies to: its parent comment, or the article for a top-level comment. Derived from comments and articles; the label columns are copies of the reply's and the parent's.",
	Columns: []Column{
		str(ColArticleID, "The article; joins articles.article_id."),
		str("reply_id", "The replying comment; joins comments.comment_id."),
		str("parent_kind", "article: the reply is a top-level comment and its parent is the article; comment: it answers the comment in parent_id."),
		nullStr(ColParentID, "The comment replied to; null when parent_kind is article."),
		i32("reply_depth", "The reply's depth (0 for a top-level comment)."),
		nullStr("reply_author", "The reply's author as published; null when not shown."),
		nullStr("reply_author_id", "The reply's author pseudonym; joins authors.author_id."),
		{Name: "reply_text", Kind: String, Nullable: true, Doc: "The reply's text; null for a deleted placeholder."},
		{Name: "reply_published_at", Kind: Timestamp, Nullable: true, Doc: "When the reply was posted, UTC."},
		nullStr("parent_author", "The author replied to: the parent comment's author, or the article's byline; null when unknown."),
		nullStr("parent_author_id", "The parent comment's author pseudonym; null for an article parent."),
		{Name: "parent_text", Kind: String, Nullable: true, Doc: "The parent comment's text, or for an article parent its title and first paragraph (separated by a blank line); null for a deleted parent."},
		{Name: "same_author", Kind: Bool, Nullable: true, Doc: "True when the reply's author is the parent comment's author (a self-reply); null when either is unknown or the parent is the article."},
		{Name: "by_thread_opener", Kind: Bool, Nullable: true, Doc: "True when the reply's author wrote the thread's top-level comment (for a top-level comment: itself, so true); null when unknown."},
	},
}

// threadsTable is one row per thread (top-level comment and its replies).
var threadsTable = &Table{
	Name: ThreadsName,
	Doc:  "One row per thread: a top-level comment and every reply below it. Derived from comments.",
	Columns: []Column{
		str("thread_id", "The thread's top-level comment (comments.root_id); joins comments.comment_id."),
		str(ColArticleID, "The article; joins articles.article_id."),
		i32("position", "0-based order of the thread in its article."),
		nullStr("root_author", "The top-level comment's author; null when not shown."),
		i32(ColCommentCount, "Comments in the thread, the top-level one included."),
		i32("max_depth", "The deepest reply's depth (0 for a thread without replies)."),
		i32("participants", "Distinct authors in the thread (comments without an author not counted)."),
		i32("anonymous_comments", "Comments in the thread without an author."),
		{Name: "first_published_at", Kind: Timestamp, Nullable: true, Doc: "The earliest comment time in the thread, UTC; null when no comment has one."},
		{Name: "last_published_at", Kind: Timestamp, Nullable: true, Doc: "The latest comment time in the thread, UTC; null when no comment has one."},
	},
}

// Threads is the threads table (it has no label columns).
var Threads = threadsTable

// replyPairs is reply_pairs with copies of the comments' label columns.
func (ls *LabelSet) replyPairs() *Table {
	t := &Table{Name: replyPairsBase.Name, Doc: replyPairsBase.Doc, Columns: append([]Column(nil), replyPairsBase.Columns...)}
	for _, side := range []string{"reply", "parent"} {
		for i := range ls.Columns {
			lc := &ls.Columns[i]
			if lc.Table != "comments" {
				continue
			}
			doc := "Copy of the reply's comments." + lc.Name + "."
			if side == "parent" {
				doc = "Copy of the parent comment's comments." + lc.Name + " (for an article parent: articles." + lc.Name + " where the articles table has that column, else null)."
			}
			t.Columns = append(t.Columns, nullStr(side+"_"+lc.Name, doc))
		}
	}
	return t
}

// Since names the table-layout version that added a table; a dataset of
// an earlier version does not have it (readers and checks skip it).
var Since = map[string]string{ReplyPairsName: "1.2.0", ThreadsName: "1.2.0"}

// Older reports whether version a is before version b (MAJOR.MINOR.PATCH).
func Older(a, b string) bool {
	var x, y [3]int
	fmt.Sscanf(a, "%d.%d.%d", &x[0], &x[1], &x[2])
	fmt.Sscanf(b, "%d.%d.%d", &y[0], &y[1], &y[2])
	for i := range x {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}
