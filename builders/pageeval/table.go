package pageeval

import (
	"fmt"
	"strings"
)

// Table prints the metrics per split in a compact table.
func (r Report) Table() string {
	var b strings.Builder
	rows := []struct {
		name string
		f    func(m Metrics) string
	}{
		{"pages", func(m Metrics) string { return fmt.Sprintf("%d (%d reader errors)", m.Pages, m.ReaderErrors) }},
		{"comment precision", func(m Metrics) string { return frac(m.Precision, m.Matched, m.ProducedComments) }},
		{"comment recall", func(m Metrics) string { return frac(m.Recall, m.Matched, m.TruthComments) }},
		{"comment F1", func(m Metrics) string { return fmt.Sprintf("%.3f", m.F1) }},
		{"author accuracy", func(m Metrics) string { return frac(m.AuthorAccuracy, m.AuthorCorrect, m.Matched) }},
		{"parent accuracy", func(m Metrics) string { return frac(m.ParentAccuracy, m.ParentCorrect, m.Matched) }},
		{"depth accuracy", func(m Metrics) string { return frac(m.DepthAccuracy, m.DepthCorrect, m.Matched) }},
		{"text starts right", func(m Metrics) string { return frac(m.TextStartRate, m.TextStartCorrect, m.Matched) }},
		{"pingbacks as comments", func(m Metrics) string { return fmt.Sprint(m.PingbacksEmitted) }},
		{"title accuracy", func(m Metrics) string { return frac(m.TitleAccuracy, m.TitleCorrect, m.TitlePages) }},
		{"body first para found", func(m Metrics) string { return frac(m.BodyFirstRate, m.BodyFirstFound, m.BodyFirstPages) }},
		{"body last para found", func(m Metrics) string { return frac(m.BodyLastRate, m.BodyLastFound, m.BodyLastPages) }},
		{"body chars = comments", func(m Metrics) string {
			return fmt.Sprintf("%.3f (%d/%d)", m.CommentShare, m.BodyCommentRunes, m.BodyRunes)
		}},
		{"invented (no-thread pages)", func(m Metrics) string {
			return fmt.Sprintf("%d on %d/%d pages", m.InventedComments, m.PagesWithInvented, m.NoCommentPages)
		}},
		{"disqus flagged", func(m Metrics) string { return fmt.Sprintf("%d/%d", m.DisqusFlagged, m.DisqusPages) }},
	}
	fmt.Fprintf(&b, "%-27s %-24s %-24s %s\n", "metric", "dev", "holdout", "all")
	for _, row := range rows {
		fmt.Fprintf(&b, "%-27s %-24s %-24s %s\n", row.name, row.f(r.Dev), row.f(r.Holdout), row.f(r.All))
	}
	return b.String()
}

// PageTable prints one line per page (and, with details, what was missed,
// extra or wrong), for finding what a reader gets wrong.
func (r Report) PageTable(details bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %-9s %-62s %9s %5s %5s %5s %s\n", "split", "kind", "page", "match/t/p", "auth", "par", "title", "body f/l")
	for _, p := range r.Pages {
		c := p.Counts
		status := ""
		if p.Err != nil {
			status = " ERROR: " + p.Err.Error()
		}
		fmt.Fprintf(&b, "%-8s %-9s %-62s %3d/%2d/%2d %5d %5d %5d %d/%d%s\n", p.Truth.Split, p.Truth.Kind, p.Truth.Page,
			c.Matched, c.TruthComments, c.ProducedComments+c.InventedComments, c.AuthorCorrect, c.ParentCorrect,
			c.TitleCorrect, c.BodyFirstFound, c.BodyLastFound, status)
		if !details {
			continue
		}
		if c.TitlePages == 1 && c.TitleCorrect == 0 {
			fmt.Fprintf(&b, "    title %q want %q\n", p.Title, p.Truth.Title)
		}
		for _, s := range p.Missed {
			fmt.Fprintf(&b, "    missed %s\n", s)
		}
		for _, s := range p.Extra {
			fmt.Fprintf(&b, "    extra  %s\n", s)
		}
		for _, s := range p.Wrong {
			fmt.Fprintf(&b, "    wrong  %s\n", s)
		}
	}
	return b.String()
}

func frac(rate float64, num, den int) string {
	return fmt.Sprintf("%.3f (%d/%d)", rate, num, den)
}
