package diff

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Write prints the report for people: the level of change and why, the
// schema changes, a table of row counts, the columns that changed, labels
// by annotator and a summary by source.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "old: %s (%s, schema %s, label set %s)\n", r.Old.Dir, r.Old.Tool, r.Old.SchemaVersion, r.Old.LabelSet)
	fmt.Fprintf(&b, "new: %s (%s, schema %s, label set %s)\n", r.New.Dir, r.New.Tool, r.New.SchemaVersion, r.New.LabelSet)
	fmt.Fprintf(&b, "change: %s\n", strings.ToUpper(r.Change.String()))
	for _, why := range r.Reasons {
		fmt.Fprintf(&b, "  - %s\n", why)
	}
	s := r.Schema
	for _, l := range []struct {
		name  string
		items []string
	}{
		{"tables added", s.TablesAdded}, {"tables removed", s.TablesRemoved},
		{"columns added", s.ColumnsAdded}, {"columns removed", s.ColumnsRemoved}, {"columns retyped", s.ColumnsRetyped},
	} {
		if len(l.items) > 0 {
			fmt.Fprintf(&b, "%s: %s\n", l.name, strings.Join(l.items, ", "))
		}
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\told\tnew\tadded\tremoved\tchanged\tderived only\t")
	for _, t := range r.Tables {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", t.Name, t.OldRows, t.NewRows, t.Added, t.Removed, t.Changed, t.DerivedOnly)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, t := range r.Tables {
		if len(t.Columns) == 0 {
			continue
		}
		parts := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			parts[i] = fmt.Sprintf("%s %d (%s)", c.Name, c.Rows, c.Kind)
		}
		fmt.Fprintf(&b, "%s: changed columns: %s\n", t.Name, strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, "comments re-parented: %d; threads whose shape changed: %d\n", r.Reparent, r.Reshaped)
	if len(r.Labels) > 0 {
		b.WriteString("\nlabels (added / changed / removed):\n")
		for _, l := range r.Labels {
			fmt.Fprintf(&b, "  %s.%s by %s: +%d ~%d -%d\n", l.Table, l.Label, l.Annotator, l.Added, l.Changed, l.Removed)
		}
	}
	if len(r.BySource) > 0 {
		b.WriteString("\nby source (articles +added -removed ~changed; comments +added -removed ~changed):\n")
		for _, s := range r.BySource {
			name := s.Name
			if name == "" {
				name = s.SourceID
			}
			fmt.Fprintf(&b, "  %s: articles +%d -%d ~%d; comments +%d -%d ~%d\n", name,
				s.ArticlesAdded, s.ArticlesRemoved, s.ArticlesChanged, s.CommentsAdded, s.CommentsRemoved, s.CommentsChanged)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
