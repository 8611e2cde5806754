package dataset

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/agreement"
)

// ColumnAgreement is the agreement on one label column.
type ColumnAgreement struct {
	Column string `json:"column"`
	// Items is how many items have labels from two or more annotators.
	Items int `json:"items_with_2plus_annotators"`
	// Percent is percent agreement as a fraction (agreeing pairs of labels
	// per item, averaged over the items); null when no item is pairable.
	Percent *float64 `json:"percent_agreement"`
	// Alpha is Krippendorff's alpha for nominal data: 1 where every label
	// is the same value, null when no item has two annotators; AlphaNote
	// says which.
	Alpha     *float64 `json:"krippendorff_alpha_nominal"`
	AlphaNote string   `json:"alpha_note,omitempty"`
	Pairs     []Pair   `json:"pairs"`
	// By is the agreement per group (source or depth) when asked for.
	By []GroupAgreement `json:"by,omitempty"`
}

// PercentText is the percent agreement as the card and terminal show it.
func (c ColumnAgreement) PercentText() string { return percent(c.Percent) }

// GroupAgreement is the agreement within one group of items.
type GroupAgreement struct {
	Group     string   `json:"group"`
	Items     int      `json:"items_with_2plus_annotators"`
	Percent   *float64 `json:"percent_agreement"`
	Alpha     *float64 `json:"krippendorff_alpha_nominal"`
	AlphaNote string   `json:"alpha_note,omitempty"`
}

// Pair is the agreement of two annotators on the items both labelled.
type Pair struct {
	A         string   `json:"a"`
	B         string   `json:"b"`
	Items     int      `json:"items"`
	Percent   float64  `json:"percent_agreement"`
	Kappa     *float64 `json:"cohen_kappa"`
	KappaNote string   `json:"kappa_note,omitempty"`
	// Values are the values either gave, the axes of the confusion table.
	Values []string `json:"values"`
	// Confusion counts items by (A's value, B's value).
	Confusion []Cell `json:"confusion"`
	// PerValue is the pair's specific agreement on each value.
	PerValue []agreement.ValueAgreement `json:"per_value"`
}

// Cell is one cell of a confusion matrix.
type Cell = agreement.Cell

// Units maps an item to its annotators' values for one column.
type Units map[string]map[string]string

// Groupings of AgreementBy.
const (
	BySource = "source"
	ByDepth  = "depth"
)

// Agreement computes, for every label column of the dataset, the
// agreement between its annotators.
func Agreement(dir string) ([]ColumnAgreement, error) { return AgreementBy(dir, "") }

// AgreementBy is Agreement with a breakdown of every column by the
// items' source or depth (by is BySource, ByDepth, or empty for none).
func AgreementBy(dir, by string) ([]ColumnAgreement, error) {
	if by != "" && by != BySource && by != ByDepth {
		return nil, fmt.Errorf("unknown grouping %q, must be one of [%s %s]", by, BySource, ByDepth)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	annotations, _, err := ReadAnnotations(dir)
	if err != nil {
		return nil, err
	}
	byColumn := map[string]Units{}
	for _, a := range annotations {
		col := a.ItemTable + "." + a.Label
		if byColumn[col] == nil {
			byColumn[col] = Units{}
		}
		if byColumn[col][a.ItemID] == nil {
			byColumn[col][a.ItemID] = map[string]string{}
		}
		byColumn[col][a.ItemID][a.Annotator] = a.Value
	}
	var groupOf map[string]string
	if by != "" {
		if groupOf, err = itemGroups(dir, m, by); err != nil {
			return nil, err
		}
	}
	var out []ColumnAgreement
	for _, lc := range m.Labels().Columns {
		col := lc.Table + "." + lc.Name
		ca := ForColumn(col, byColumn[col])
		if by != "" {
			ca.By = byGroup(byColumn[col], groupOf)
		}
		out = append(out, ca)
	}
	return out, nil
}

// itemGroups maps every item's ID to its group: its source's name, or
// "depth N" for a comment and "article" for an article.
func itemGroups(dir string, m *Manifest, by string) (map[string]string, error) {
	ls := m.Labels()
	sources := map[string]string{}
	if err := ReadTable(dir, schema.Sources, func(r schema.Row) error {
		sources[Str(r[schema.Sources.Index(schema.ColSourceID)])] = Str(r[schema.Sources.Index(schema.ColName)])
		return nil
	}); err != nil {
		return nil, err
	}
	out := map[string]string{}
	at, ct := ls.Table("articles"), ls.Table("comments")
	if err := ReadTable(dir, at, func(r schema.Row) error {
		id := Str(r[at.Index(schema.ColArticleID)])
		out[id] = "article"
		if by == BySource {
			out[id] = sources[Str(r[at.Index(schema.ColSourceID)])]
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := ReadTable(dir, ct, func(r schema.Row) error {
		id := Str(r[ct.Index(schema.ColCommentID)])
		if by == BySource {
			out[id] = out[Str(r[ct.Index(schema.ColArticleID)])]
		} else {
			out[id] = fmt.Sprintf("depth %d", I32(r[ct.Index(schema.ColDepth)]))
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

func byGroup(units Units, groupOf map[string]string) []GroupAgreement {
	groups := map[string][][]string{}
	for _, id := range agreement.SortedKeys(units) {
		g := groupOf[id]
		if g == "" {
			g = "(not in the dataset)"
		}
		groups[g] = append(groups[g], values(units[id]))
	}
	out := []GroupAgreement{}
	for _, g := range agreement.SortedKeys(groups) {
		us := groups[g]
		ga := GroupAgreement{Group: g, Percent: agreement.Percent(us)}
		for _, u := range us {
			if len(u) >= 2 {
				ga.Items++
			}
		}
		a := agreement.KrippendorffNominal(us)
		ga.Alpha, ga.AlphaNote = a.Value, a.Note
		out = append(out, ga)
	}
	return out
}

// values are one item's values, in the order of their annotators' names.
func values(u map[string]string) []string {
	var vs []string
	for _, who := range agreement.SortedKeys(u) {
		vs = append(vs, u[who])
	}
	return vs
}

// ForColumn computes the agreement on one column's units.
func ForColumn(col string, units Units) ColumnAgreement {
	ca := ColumnAgreement{Column: col, Pairs: []Pair{}}
	var vals [][]string
	annotators := map[string]bool{}
	for _, id := range agreement.SortedKeys(units) {
		u := units[id]
		if len(u) >= 2 {
			ca.Items++
		}
		for who := range u {
			annotators[who] = true
		}
		vals = append(vals, values(u))
	}
	alpha := agreement.KrippendorffNominal(vals)
	ca.Alpha, ca.AlphaNote = alpha.Value, alpha.Note
	ca.Percent = agreement.Percent(vals)
	names := agreement.SortedKeys(annotators)
	for i := 0; i < len(names); i++ {
		for j := i + 1; j < len(names); j++ {
			var a, b []string
			seen := map[string]bool{}
			for _, id := range agreement.SortedKeys(units) {
				va, oka := units[id][names[i]]
				vb, okb := units[id][names[j]]
				if oka && okb {
					a, b = append(a, va), append(b, vb)
					seen[va], seen[vb] = true, true
				}
			}
			if len(a) == 0 {
				continue
			}
			p := Pair{A: names[i], B: names[j], Items: len(a), Values: agreement.SortedKeys(seen), Confusion: agreement.Confusion(a, b),
				PerValue: agreement.PerValue(a, b)}
			p.Kappa, p.KappaNote = agreement.CohenKappa(a, b)
			for k := range a {
				if a[k] == b[k] {
					p.Percent++
				}
			}
			p.Percent /= float64(len(a))
			ca.Pairs = append(ca.Pairs, p)
		}
	}
	return ca
}

// WriteAgreement prints agreement for a terminal: per column the figures,
// per pair of annotators a confusion table with the annotators named on
// its axes (rows: the first annotator's values, columns: the second's).
func WriteAgreement(w io.Writer, cols []ColumnAgreement) error {
	var b strings.Builder
	for _, c := range cols {
		fmt.Fprintf(&b, "%s: %d item(s) with 2+ annotators, percent agreement %s, Krippendorff's alpha (nominal) %s\n",
			c.Column, c.Items, percent(c.Percent), numNote(c.Alpha, c.AlphaNote))
		for _, p := range c.Pairs {
			fmt.Fprintf(&b, "  %s vs %s: %d item(s), agreement %s, Cohen's kappa %s\n", p.A, p.B, p.Items, percent(&p.Percent), numNote(p.Kappa, p.KappaNote))
			writeConfusion(&b, p)
		}
		if len(c.By) > 0 {
			b.WriteString("  by group:\n")
			for _, g := range c.By {
				fmt.Fprintf(&b, "    %s: %d item(s) with 2+ annotators, percent agreement %s, alpha %s\n", g.Group, g.Items, percent(g.Percent), numNote(g.Alpha, g.AlphaNote))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeConfusion writes a pair's confusion table, rows A's values,
// columns B's, the corner naming both ("alice \ bob").
func writeConfusion(b *strings.Builder, p Pair) {
	counts := map[[2]string]int{}
	for _, c := range p.Confusion {
		counts[[2]string{c.A, c.B}] = c.Count
	}
	corner := p.A + ` \ ` + p.B
	first := len(corner)
	for _, v := range p.Values {
		first = max(first, len(v))
	}
	widths := make([]int, len(p.Values))
	fmt.Fprintf(b, "    %-*s", first, corner)
	for i, v := range p.Values {
		widths[i] = len(v)
		for _, r := range p.Values {
			widths[i] = max(widths[i], len(fmt.Sprint(counts[[2]string{r, v}])))
		}
		fmt.Fprintf(b, "  %*s", widths[i], v)
	}
	b.WriteString("\n")
	for _, r := range p.Values {
		fmt.Fprintf(b, "    %-*s", first, r)
		for i, c := range p.Values {
			fmt.Fprintf(b, "  %*d", widths[i], counts[[2]string{r, c}])
		}
		b.WriteString("\n")
	}
	parts := make([]string, len(p.PerValue))
	for i, v := range p.PerValue {
		parts[i] = fmt.Sprintf("%s %.1f%% (%s %d, %s %d, both %d)", v.Value, 100*v.Specific, p.A, v.A, p.B, v.B, v.Both)
	}
	fmt.Fprintf(b, "    specific agreement per value: %s\n", strings.Join(parts, "; "))
}

func percent(f *float64) string {
	if f == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.1f%%", 100**f)
}

func numNote(f *float64, note string) string {
	if f == nil && note != "" {
		return note
	}
	s := num(f)
	if note != "" {
		s += " (" + note + ")"
	}
	return s
}

func num(f *float64) string {
	if f == nil || math.IsNaN(*f) {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", *f)
}
