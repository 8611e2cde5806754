package dataset

import (
	"strings"
	"time"

	"github.com/threadset/threadset/schema"
)

// conversations derives reply_pairs and threads, article by article, from
// the article's row and its comments' rows: as a build writes them (see
// AddArticle), or read back from the parts a rewrite copied (see
// writeConversations). Comments are written article by article, so one
// article's comments are held at a time: memory follows the largest
// thread, not the dataset.
type conversations struct {
	at, ct         *schema.Table
	labels         []string // the comments' label columns
	pairs, threads *part
}

// convArticle is what a reply to an article quotes of it.
type convArticle struct {
	byline *string
	text   string
	labels []any
}

func (w *Writer) openConversations() (*conversations, error) {
	cv := &conversations{at: w.ls.Table(schema.Articles.Name), ct: w.ls.Table(schema.Comments.Name)}
	for _, lc := range w.ls.ColumnsOf(schema.Comments.Name) {
		cv.labels = append(cv.labels, lc.Name)
	}
	var err error
	if cv.pairs, err = w.openPart(w.ls.Table(schema.ReplyPairsName)); err != nil {
		return nil, err
	}
	if cv.threads, err = w.openPart(w.ls.Table(schema.ThreadsName)); err != nil {
		_ = cv.pairs.close()
		return nil, err
	}
	return cv, nil
}

func (cv *conversations) col(name string) int { return cv.ct.Index(name) }

// article reads what replies quote from an article's row.
func (cv *conversations) article(r schema.Row) convArticle {
	at := cv.at
	a := convArticle{text: Str(r[at.Index("title")])}
	if b, ok := r[at.Index("byline")].(string); ok {
		a.byline = &b
	}
	if lead, _, _ := strings.Cut(Str(r[at.Index("body")]), "\n\n"); lead != "" {
		a.text += "\n\n" + lead
	}
	for _, l := range cv.labels {
		var v any
		if i := at.Index(l); i >= 0 {
			v = r[i]
		}
		a.labels = append(a.labels, v)
	}
	return a
}

// add writes the reply pairs and threads of article cur's comments.
func (cv *conversations) add(cur string, a convArticle, rows []schema.Row) error {
	if len(rows) == 0 {
		return nil
	}
	byID := make(map[string]schema.Row, len(rows))
	for _, r := range rows {
		byID[Str(r[cv.col(schema.ColCommentID)])] = r
	}
	type thread struct {
		root               schema.Row
		comments, maxDepth int32
		anonymous          int32
		authors            map[string]bool
		first, last        *time.Time
	}
	threads := map[string]*thread{}
	var order []string
	for _, r := range rows {
		rootID := Str(r[cv.col(schema.ColRootID)])
		th := threads[rootID]
		if th == nil {
			th = &thread{root: byID[rootID], authors: map[string]bool{}}
			threads[rootID] = th
			order = append(order, rootID)
		}
		th.comments++
		if d := r[cv.col(schema.ColDepth)].(int32); d > th.maxDepth {
			th.maxDepth = d
		}
		if au, ok := r[cv.col(schema.ColAuthor)].(string); ok {
			th.authors[au] = true
		} else {
			th.anonymous++
		}
		if t, ok := r[cv.col("published_at")].(time.Time); ok {
			if th.first == nil || t.Before(*th.first) {
				tt := t
				th.first = &tt
			}
			if th.last == nil || t.After(*th.last) {
				tt := t
				th.last = &tt
			}
		}

		pair := schema.Row{cur, r[cv.col(schema.ColCommentID)], schema.ParentArticle, nil, r[cv.col(schema.ColDepth)],
			r[cv.col(schema.ColAuthor)], r[cv.col(schema.ColAuthorID)], r[cv.col("text")], r[cv.col("published_at")]}
		parent := byID[Str(r[cv.col(schema.ColParentID)])]
		if parent == nil {
			var byline any
			if a.byline != nil {
				byline = *a.byline
			}
			pair = append(pair, byline, nil, a.text, nil)
		} else {
			pair[2], pair[3] = schema.ParentComment, parent[cv.col(schema.ColCommentID)]
			pair = append(pair, parent[cv.col(schema.ColAuthor)], parent[cv.col(schema.ColAuthorID)], parent[cv.col("text")],
				sameAuthor(r[cv.col(schema.ColAuthor)], parent[cv.col(schema.ColAuthor)]))
		}
		var opener any
		if root := byID[rootID]; root != nil {
			opener = sameAuthor(r[cv.col(schema.ColAuthor)], root[cv.col(schema.ColAuthor)])
			if Str(root[cv.col(schema.ColCommentID)]) == Str(r[cv.col(schema.ColCommentID)]) {
				opener = true
			}
		}
		pair = append(pair, opener)
		for _, l := range cv.labels {
			pair = append(pair, r[cv.col(l)])
		}
		for i, l := range cv.labels {
			switch {
			case parent != nil:
				pair = append(pair, parent[cv.col(l)])
			case i < len(a.labels): // an article the comment names may be missing in a broken dataset
				pair = append(pair, a.labels[i])
			default:
				pair = append(pair, nil)
			}
		}
		if err := cv.pairs.pw.Append(pair); err != nil {
			return err
		}
	}
	for i, id := range order {
		th := threads[id]
		var rootAuthor any
		if th.root != nil {
			rootAuthor = th.root[cv.col(schema.ColAuthor)]
		}
		var first, last any
		if th.first != nil {
			first, last = *th.first, *th.last
		}
		if err := cv.threads.pw.Append(schema.Row{id, cur, int32(i), rootAuthor, th.comments, th.maxDepth,
			int32(len(th.authors)), th.anonymous, first, last}); err != nil {
			return err
		}
	}
	return nil
}

func (cv *conversations) close() error {
	err := cv.pairs.close()
	if cerr := cv.threads.close(); err == nil {
		err = cerr
	}
	return err
}

// writeConversations derives reply_pairs and threads from the articles and
// comments parts a rewrite copied, reading them back.
func (w *Writer) writeConversations() error {
	cv, err := w.openConversations()
	if err != nil {
		return err
	}
	w.replyPairs, w.threads = cv.pairs, cv.threads
	arts := map[string]convArticle{}
	err = ReadTable(w.tmp, cv.at, func(r schema.Row) error {
		arts[Str(r[cv.at.Index(schema.ColArticleID)])] = cv.article(r)
		return nil
	})
	var (
		cur  string
		rows []schema.Row
	)
	if err == nil {
		err = ReadTable(w.tmp, cv.ct, func(r schema.Row) error {
			if art := Str(r[cv.col(schema.ColArticleID)]); art != cur {
				if err := cv.add(cur, arts[cur], rows); err != nil {
					return err
				}
				cur, rows = art, rows[:0]
			}
			rows = append(rows, r)
			return nil
		})
	}
	if err == nil {
		err = cv.add(cur, arts[cur], rows)
	}
	if cerr := cv.close(); err == nil {
		err = cerr
	}
	return err
}

// sameAuthor is true when both authors are known and equal, null when
// either is unknown.
func sameAuthor(a, b any) any {
	x, ok1 := a.(string)
	y, ok2 := b.(string)
	if !ok1 || !ok2 {
		return nil
	}
	return x == y
}
