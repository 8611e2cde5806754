package dataset

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// ColumnAgreement is the agreement on one label column.
type ColumnAgreement struct {
	Column string `json:"column"`
	// Items is how many items have labels from two or more annotators.
	Items int `json:"items_with_2plus_annotators"`
	// Alpha is Krippendorff's alpha for nominal data; null when undefined
	// (fewer than two paired values, or no variation at all).
	Alpha *float64 `json:"krippendorff_alpha_nominal"`
	Pairs []Pair   `json:"pairs"`
}

// Pair is the agreement of two annotators on the items both labelled.
type Pair struct {
	A     string   `json:"a"`
	B     string   `json:"b"`
	Items int      `json:"items"`
	Kappa *float64 `json:"cohen_kappa"`
	// Confusion counts items by (A's value, B's value).
	Confusion []Cell `json:"confusion"`
}

// Cell is one cell of a confusion matrix.
type Cell struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Count int    `json:"count"`
}

// Units maps an item to its annotators' values for one column.
type Units map[string]map[string]string

// Agreement computes, for every label column of the dataset, the
// agreement between its annotators.
func Agreement(dir string) ([]ColumnAgreement, error) {
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
	var out []ColumnAgreement
	for _, lc := range m.Labels().Columns {
		col := lc.Table + "." + lc.Name
		out = append(out, ForColumn(col, byColumn[col]))
	}
	return out, nil
}

// ForColumn computes the agreement on one column's units.
func ForColumn(col string, units Units) ColumnAgreement {
	ca := ColumnAgreement{Column: col, Pairs: []Pair{}}
	var vals [][]string
	annotators := map[string]bool{}
	for _, id := range sortedKeys(units) {
		u := units[id]
		if len(u) >= 2 {
			ca.Items++
		}
		var vs []string
		for _, who := range sortedKeys(u) {
			annotators[who] = true
			vs = append(vs, u[who])
		}
		vals = append(vals, vs)
	}
	ca.Alpha = KrippendorffNominal(vals)
	names := sortedKeys(annotators)
	for i := 0; i < len(names); i++ {
		for j := i + 1; j < len(names); j++ {
			var a, b []string
			for _, id := range sortedKeys(units) {
				va, oka := units[id][names[i]]
				vb, okb := units[id][names[j]]
				if oka && okb {
					a, b = append(a, va), append(b, vb)
				}
			}
			if len(a) == 0 {
				continue
			}
			ca.Pairs = append(ca.Pairs, Pair{A: names[i], B: names[j], Items: len(a), Kappa: CohenKappa(a, b), Confusion: confusion(a, b)})
		}
	}
	return ca
}

// KrippendorffNominal is Krippendorff's alpha for nominal data: units are
// the values each item received (missing values simply absent). Units
// with fewer than two values are not pairable and are ignored. It returns
// nil when alpha is undefined. Every sum runs over the values in sorted
// order, so the same units give the same bits on every run.
func KrippendorffNominal(units [][]string) *float64 {
	o := map[[2]string]float64{} // coincidence matrix
	for _, u := range units {
		m := len(u)
		if m < 2 {
			continue
		}
		for i := range u {
			for j := range u {
				if i != j {
					o[[2]string{u[i], u[j]}] += 1 / float64(m-1)
				}
			}
		}
	}
	pairs := make([][2]string, 0, len(o))
	for k := range o {
		pairs = append(pairs, k)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	nc := map[string]float64{}
	var n, disagree float64
	for _, k := range pairs {
		v := o[k]
		nc[k[0]] += v
		n += v
		if k[0] != k[1] {
			disagree += v
		}
	}
	if n <= 1 {
		return nil
	}
	var expected float64
	values := sortedKeys(nc)
	for _, c := range values {
		for _, k := range values {
			if c != k {
				expected += nc[c] * nc[k]
			}
		}
	}
	if expected == 0 {
		return nil
	}
	alpha := 1 - (n-1)*disagree/expected
	return &alpha
}

// CohenKappa is Cohen's kappa of two annotators' values on the same items;
// nil when undefined (chance agreement is 1).
func CohenKappa(a, b []string) *float64 {
	n := float64(len(a))
	if n == 0 {
		return nil
	}
	agree := 0.0
	ca, cb := map[string]float64{}, map[string]float64{}
	for i := range a {
		if a[i] == b[i] {
			agree++
		}
		ca[a[i]]++
		cb[b[i]]++
	}
	po := agree / n
	pe := 0.0
	for _, c := range sortedKeys(ca) {
		pe += (ca[c] / n) * (cb[c] / n)
	}
	if pe == 1 {
		return nil
	}
	k := (po - pe) / (1 - pe)
	return &k
}

func confusion(a, b []string) []Cell {
	counts := map[[2]string]int{}
	for i := range a {
		counts[[2]string{a[i], b[i]}]++
	}
	out := make([]Cell, 0, len(counts))
	for k, n := range counts {
		out = append(out, Cell{k[0], k[1], n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// WriteAgreement prints agreement for a terminal.
func WriteAgreement(w io.Writer, cols []ColumnAgreement) error {
	var b strings.Builder
	for _, c := range cols {
		fmt.Fprintf(&b, "%s: %d item(s) with 2+ annotators, Krippendorff's alpha (nominal) %s\n", c.Column, c.Items, num(c.Alpha))
		for _, p := range c.Pairs {
			fmt.Fprintf(&b, "  %s vs %s: %d item(s), Cohen's kappa %s\n", p.A, p.B, p.Items, num(p.Kappa))
			for _, cell := range p.Confusion {
				fmt.Fprintf(&b, "    %-20s %-20s %d\n", cell.A, cell.B, cell.Count)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func num(f *float64) string {
	if f == nil || math.IsNaN(*f) {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", *f)
}
