package schema

import "fmt"

// Kind is the logical type of a column.
type Kind int

const (
	String Kind = iota
	Int32
	// Timestamp is a UTC instant with microsecond precision.
	Timestamp
	Bool
	// StringList is a list of strings; empty, never null, when there are none.
	StringList
)

func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Int32:
		return "int32"
	case Timestamp:
		return "timestamp[us, UTC]"
	case Bool:
		return "bool"
	case StringList:
		return "list<string>"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one column of a table.
type Column struct {
	Name     string
	Kind     Kind
	Nullable bool
	Doc      string
	// Label marks a column that annotators fill; a build leaves it null.
	Label bool
	// Vocabulary, for a label column, is its closed set of values; nil for
	// free text.
	Vocabulary *Vocabulary
}

// Table is one table of a dataset, written to DIR/<Name>/part-NNNNN.parquet.
type Table struct {
	Name    string
	Doc     string
	Columns []Column
}

// Index returns the position of the named column, or -1.
func (t *Table) Index(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Column names shared by several tables.
const (
	ColArticleID     = "article_id"
	ColCommentID     = "comment_id"
	ColSourceID      = "source_id"
	ColAuthorID      = "author_id"
	ColParentID      = "parent_id"
	ColRootID        = "root_id"
	ColDepth         = "depth"
	ColPosition      = "position"
	ColStance        = "stance"
	ColStanceTarget  = "stance_target"
	ColReplyStance   = "reply_stance"
	ColDiscourseAct  = "discourse_act"
	ColCommentCount  = "comment_count"
	ColAuthor        = "author"
	ColName          = "name"
	ColArticleCount  = "article_count"
	ColReplyCount    = "reply_count"
	ColReplyStruct   = "reply_structure"
	ColCommentRule   = "comment_rule"
	ColCommentEvid   = "comment_evidence"
	ColDeclaredCount = "declared_comment_count"
	ColNativeID      = "native_id"
	ColNativeParent  = "native_parent_id"
	ColDeleted       = "deleted"
	ColStatus        = "status"
	ColLinks         = "links"
	ColInputPath     = "input_path"
	ColKind          = "kind"
	ColItemTable     = "item_table"
	ColItemID        = "item_id"
	ColLabel         = "label"
	ColAnnotator     = "annotator"
	ColValue         = "value"
)

// CommentRuleExport is articles.comment_rule for inputs that list their
// comments explicitly (platform exports and API responses).
const CommentRuleExport = "export"

// Reply structures an article can have.
const (
	ReplyNested = "nested"
	ReplyFlat   = "flat"
	ReplyNone   = "none"
)

func str(name, doc string) Column { return Column{Name: name, Kind: String, Doc: doc} }
func nullStr(name, doc string) Column {
	return Column{Name: name, Kind: String, Nullable: true, Doc: doc}
}
func i32(name, doc string) Column     { return Column{Name: name, Kind: Int32, Doc: doc} }
func strList(name, doc string) Column { return Column{Name: name, Kind: StringList, Doc: doc} }

// articlesBase is the articles table without its label columns, which
// come from the label set in force (see LabelSet.Tables).
var articlesBase = &Table{
	Name: "articles",
	Doc:  "One row per article: a news or opinion page, a blog post or a discussion thread's opening post.",
	Columns: []Column{
		str(ColArticleID, "Stable ID of the article: \"art_\" and 16 hex digits of a SHA-256 (see the card for what it is derived from)."),
		str(ColSourceID, "The site the article was published on; joins sources.source_id."),
		nullStr(ColNativeID, "The platform's own ID of the article (WordPress post ID, Disqus thread ID, Reddit submission ID); null for text pages."),
		str(ColInputPath, "Path of the input file relative to the INPUT argument it was found under, '/'-separated."),
		str("input_sha256", "SHA-256 of the input file's bytes, lower-case hex."),
		nullStr("url", "The article's URL; null when the input does not give it."),
		str("title", "The headline."),
		nullStr("subtitle", "The standfirst or dek under the headline; null when absent."),
		nullStr("byline", "The author line as printed; null when absent."),
		nullStr("section", "The category breadcrumb printed above the headline (e.g. \"conflict zones, latest\"); null when absent."),
		strList("categories", "The article's categories (WordPress categories, Disqus category, subreddit); empty when none."),
		strList("tags", "The article's tags; empty when none."),
		{Name: "published_at", Kind: Timestamp, Nullable: true, Doc: "When the article was published, UTC; null when unknown."},
		str("body", "The article text: paragraphs separated by a blank line, lines inside a paragraph by a newline; quoted lines start with \"> \"; empty when the input has none (a Disqus thread, a link post)."),
		strList(ColLinks, "Targets of the links in the article's HTML, in order, duplicates removed; empty for text pages."),
		i32(ColCommentCount, "Number of rows in comments for this article."),
		{Name: ColDeclaredCount, Kind: Int32, Nullable: true, Doc: "The comment count the page states (e.g. \"3 Comments\"); null when it states none."},
		str(ColReplyStruct, "nested: the input shows who replies to whom; flat: it shows comments but not their nesting (all are top level); none: no comments."),
		str(ColCommentRule, "How the article's comments were found, so that uncertain pages can be filtered: \"export\" (a platform export or API response lists them), a page reader's rule such as \"text:header\" or \"html:wordpress\", \"script:<platform>\" (the page loads its thread by script and holds none of it), or \"none\" (no evidence of a comment section)."),
		nullStr(ColCommentEvid, "The evidence the rule in comment_rule went by (the header line, the markup, the script), or why none was found; null when the input is an export."),
		str("builder", "The builder that read the input, as name/version; a joined article names the builder of its article input."),
	},
}

// commentsBase is the comments table without its label columns.
var commentsBase = &Table{
	Name: "comments",
	Doc:  "One row per reader comment, with its place in the reply tree.",
	Columns: []Column{
		str(ColCommentID, "Stable ID of the comment: \"cmt_\" and 16 hex digits of a SHA-256 (see the card)."),
		str(ColArticleID, "The article the comment is under; joins articles.article_id."),
		nullStr(ColParentID, "The comment this one replies to, in the same article; null for a top-level comment."),
		str(ColRootID, "The top-level comment of this comment's thread (its own ID when it is top level)."),
		i32(ColDepth, "Nesting level: 0 for a top-level comment, parent's depth + 1 for a reply."),
		i32(ColPosition, "0-based order of the comment in its article, as the input lists them."),
		nullStr(ColNativeID, "The platform's own ID of the comment; null for text pages."),
		nullStr(ColNativeParent, "The platform's ID of the comment this one replies to, as the input gives it, even when that comment is not in the input (see anomalies); null at top level."),
		nullStr(ColAuthor, "Display name of the commenter as published; null when the input shows none."),
		nullStr(ColAuthorID, "Stable pseudonym of the commenter within the source; joins authors.author_id; null when author is null."),
		{Name: "published_at", Kind: Timestamp, Nullable: true, Doc: "When the comment was posted, UTC; null when unknown."},
		{Name: "text", Kind: String, Nullable: true, Doc: "The comment text: paragraphs separated by a blank line, quoted lines starting with \"> \"; empty when the comment has no text; null for a deleted comment kept as a placeholder."},
		{Name: ColDeleted, Kind: Bool, Doc: "True for a deleted or removed comment kept so that its replies keep their parent."},
		nullStr(ColStatus, "Moderation status where the input gives one: approved, unapproved, spam, trash, deleted, removed; null when unknown."),
		strList(ColLinks, "Targets of the links in the comment's HTML, in order, duplicates removed; empty for text pages."),
		i32(ColReplyCount, "Number of direct replies to this comment."),
	},
}

// Articles and Comments are the item tables with the default label set's
// columns; a build with another label set has its own (LabelSet.Tables).
var (
	Articles = DefaultLabelSet().table(articlesBase)
	Comments = DefaultLabelSet().table(commentsBase)
)

// Sources holds one row per site.
var Sources = &Table{
	Name: "sources",
	Doc:  "One row per source: the site articles and comments were published on.",
	Columns: []Column{
		str(ColSourceID, "Stable ID of the source: \"src_\" and 16 hex digits of the SHA-256 of its lower-cased name."),
		str(ColName, "The site's name as the page gives it; \"unknown\" for pages that do not name their site."),
		nullStr("homepage", "The site's home page URL; null when unknown."),
		nullStr("platform", "The publishing or comment platform (wordpress, disqus, ...); null when unknown."),
		str("language", "BCP 47 language tag of the site; \"und\" (undetermined) when not given."),
		nullStr("country", "ISO 3166-1 alpha-2 country of the site, from the sidecar metadata file; null when not given."),
		i32(ColArticleCount, "Number of articles from this source."),
	},
}

// Authors holds one row per commenter name per source.
var Authors = &Table{
	Name: "authors",
	Doc:  "One row per commenter: a display name within a source.",
	Columns: []Column{
		str(ColAuthorID, "Stable pseudonym: \"aut_\" and 16 hex digits of the SHA-256 of the source ID and the display name."),
		str(ColSourceID, "The source the name comments on; joins sources.source_id."),
		str(ColName, "Display name as published."),
		i32(ColCommentCount, "Number of comments under this name in the dataset."),
	},
}

// Anomalies holds one row per problem found while building reply trees.
var Anomalies = &Table{
	Name: "anomalies",
	Doc:  "One row per problem found while building reply trees, so that researchers can filter broken threads instead of re-deriving them.",
	Columns: []Column{
		str(ColArticleID, "The article the problem is in; joins articles.article_id."),
		nullStr(ColCommentID, "The comment concerned; null when the problem is with the article."),
		str(ColKind, "orphan, parent_deleted, self_reply, cycle, duplicate_id, declared_count_mismatch, unparseable_date, article_missing (see the card)."),
		str("detail", "What was found, with the native IDs involved."),
		str(ColInputPath, "The input file the problem was found in."),
	},
}

// Anomaly kinds.
const (
	AnomalyOrphan         = "orphan"
	AnomalyParentDeleted  = "parent_deleted"
	AnomalySelfReply      = "self_reply"
	AnomalyCycle          = "cycle"
	AnomalyDuplicateID    = "duplicate_id"
	AnomalyCountMismatch  = "declared_count_mismatch"
	AnomalyBadDate        = "unparseable_date"
	AnomalyArticleMissing = "article_missing"
)

// AnomalyKinds lists every kind with its meaning, for the card and validate.
var AnomalyKinds = []VocabularyValue{
	{AnomalyOrphan, "the comment's parent is not in the input; the comment is kept at top level with native_parent_id set"},
	{AnomalyParentDeleted, "the comment replies to a deleted comment, kept as a placeholder row"},
	{AnomalySelfReply, "the comment names itself as its parent; kept at top level"},
	{AnomalyCycle, "the comment's chain of parents loops; the comment is kept at top level"},
	{AnomalyDuplicateID, "a native comment ID occurs more than once in the article; later copies get their own comment_id"},
	{AnomalyCountMismatch, "the page states a comment count different from the comments read"},
	{AnomalyBadDate, "a date could not be read (e.g. 0000-00-00 00:00:00) and is null"},
	{AnomalyArticleMissing, "comments refer to an article that is not in the inputs; a stub article (empty title and body) holds them"},
}

// Annotations holds every label an annotator gave, one row per item,
// label column and annotator; the label columns of articles and comments
// hold their aggregate.
var Annotations = &Table{
	Name:    "annotations",
	Doc:     "One row per item, label column and annotator: every imported label, so that all annotators' work is kept. The label columns of articles and comments hold the majority value.",
	Columns: annotationColumns(),
}

// OrphanedAnnotations holds annotations carried from an earlier build
// (--labels-from) whose item is not in this build: never dropped.
var OrphanedAnnotations = &Table{
	Name:    "orphaned_annotations",
	Doc:     "Annotations carried from an earlier build whose item is not in this one (the page was removed, or its text changed): kept, never dropped.",
	Columns: append(annotationColumns(), str("reason", "Why the annotation has no item in this build.")),
}

func annotationColumns() []Column {
	return []Column{
		str(ColItemTable, "The table of the labelled item: articles or comments."),
		str(ColItemID, "The labelled item's ID (article_id or comment_id)."),
		str(ColLabel, "The label column."),
		str(ColAnnotator, "The annotator, as given to labels import --annotator."),
		str(ColValue, "The label value as imported (checked against the label set)."),
		str("source_file", "Base name of the file the label was imported from."),
		str("source_sha256", "SHA-256 of that file."),
		i32("source_row", "1-based row (or record) of the label in that file."),
		nullStr("rematched_from", "The item's ID in the earlier build when the label was carried over by matching unchanged text; null otherwise."),
	}
}

// Tables lists every table of a dataset with the default label set, in
// the order they are written and documented.
func Tables() []*Table { return DefaultLabelSet().Tables() }

// IDColumn is the ID column of an item table.
func IDColumn(table string) string {
	if table == articlesBase.Name {
		return ColArticleID
	}
	return ColCommentID
}
