package dataset

import (
	"strings"
	"time"

	"github.com/threadset/threadset/schema"
)

// writeConversations derives reply_pairs and threads from the articles and
// comments parts just written. Comments are written article by article,
// so one article's comments are held at a time: memory follows the
// largest thread, not the dataset.
func (w *Writer) writeConversations() error {
	at, ct := w.ls.Table(schema.Articles.Name), w.ls.Table(schema.Comments.Name)
	var labels []string
	for _, lc := range w.ls.ColumnsOf(schema.Comments.Name) {
		labels = append(labels, lc.Name)
	}
	type article struct {
		byline *string
		text   string
		labels []any
	}
	arts := map[string]article{}
	if err := ReadTable(w.tmp, at, func(r schema.Row) error {
		a := article{text: Str(r[at.Index("title")])}
		if b, ok := r[at.Index("byline")].(string); ok {
			a.byline = &b
		}
		if lead, _, _ := strings.Cut(Str(r[at.Index("body")]), "\n\n"); lead != "" {
			a.text += "\n\n" + lead
		}
		for _, l := range labels {
			var v any
			if i := at.Index(l); i >= 0 {
				v = r[i]
			}
			a.labels = append(a.labels, v)
		}
		arts[Str(r[at.Index(schema.ColArticleID)])] = a
		return nil
	}); err != nil {
		return err
	}
	var err error
	if w.replyPairs, err = w.openPart(w.ls.Table(schema.ReplyPairsName)); err != nil {
		return err
	}
	if w.threads, err = w.openPart(w.ls.Table(schema.ThreadsName)); err != nil {
		return err
	}
	col := func(name string) int { return ct.Index(name) }
	var (
		cur  string
		rows []schema.Row
	)
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		a := arts[cur]
		byID := make(map[string]schema.Row, len(rows))
		for _, r := range rows {
			byID[Str(r[col(schema.ColCommentID)])] = r
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
			rootID := Str(r[col(schema.ColRootID)])
			th := threads[rootID]
			if th == nil {
				th = &thread{root: byID[rootID], authors: map[string]bool{}}
				threads[rootID] = th
				order = append(order, rootID)
			}
			th.comments++
			if d := r[col(schema.ColDepth)].(int32); d > th.maxDepth {
				th.maxDepth = d
			}
			if au, ok := r[col(schema.ColAuthor)].(string); ok {
				th.authors[au] = true
			} else {
				th.anonymous++
			}
			if t, ok := r[col("published_at")].(time.Time); ok {
				if th.first == nil || t.Before(*th.first) {
					tt := t
					th.first = &tt
				}
				if th.last == nil || t.After(*th.last) {
					tt := t
					th.last = &tt
				}
			}

			pair := schema.Row{cur, r[col(schema.ColCommentID)], schema.ParentArticle, nil, r[col(schema.ColDepth)],
				r[col(schema.ColAuthor)], r[col(schema.ColAuthorID)], r[col("text")], r[col("published_at")]}
			parent := byID[Str(r[col(schema.ColParentID)])]
			if parent == nil {
				var byline any
				if a.byline != nil {
					byline = *a.byline
				}
				pair = append(pair, byline, nil, a.text, nil)
			} else {
				pair[2], pair[3] = schema.ParentComment, parent[col(schema.ColCommentID)]
				pair = append(pair, parent[col(schema.ColAuthor)], parent[col(schema.ColAuthorID)], parent[col("text")],
					sameAuthor(r[col(schema.ColAuthor)], parent[col(schema.ColAuthor)]))
			}
			var opener any
			if root := byID[rootID]; root != nil {
				opener = sameAuthor(r[col(schema.ColAuthor)], root[col(schema.ColAuthor)])
				if Str(root[col(schema.ColCommentID)]) == Str(r[col(schema.ColCommentID)]) {
					opener = true
				}
			}
			pair = append(pair, opener)
			for _, l := range labels {
				pair = append(pair, r[col(l)])
			}
			for i, l := range labels {
				switch {
				case parent != nil:
					pair = append(pair, parent[col(l)])
				case i < len(a.labels): // an article the comment names may be missing in a broken dataset
					pair = append(pair, a.labels[i])
				default:
					pair = append(pair, nil)
				}
			}
			if err := w.replyPairs.pw.Append(pair); err != nil {
				return err
			}
		}
		for i, id := range order {
			th := threads[id]
			var rootAuthor any
			if th.root != nil {
				rootAuthor = th.root[col(schema.ColAuthor)]
			}
			var first, last any
			if th.first != nil {
				first, last = *th.first, *th.last
			}
			if err := w.threads.pw.Append(schema.Row{id, cur, int32(i), rootAuthor, th.comments, th.maxDepth,
				int32(len(th.authors)), th.anonymous, first, last}); err != nil {
				return err
			}
		}
		rows = rows[:0]
		return nil
	}
	err = ReadTable(w.tmp, ct, func(r schema.Row) error {
		if art := Str(r[col(schema.ColArticleID)]); art != cur {
			if err := flush(); err != nil {
				return err
			}
			cur = art
		}
		rows = append(rows, r)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if cerr := w.replyPairs.close(); err == nil {
		err = cerr
	}
	if cerr := w.threads.close(); err == nil {
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
