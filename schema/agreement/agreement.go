package agreement

import "sort"

// Why a figure is what it is where the formula alone does not say.
const (
	// NoPairs: no item has values from two or more annotators.
	NoPairs = "undefined: no item has labels from two or more annotators"
	// AllAgree: every value is the same, so neither agreement nor
	// disagreement by chance can be told apart; the figure is 1 by
	// definition, since no annotator ever disagreed.
	AllAgree = "1 by definition: every label is the same value, so there is no disagreement (the formula is 0/0)"
)

// Alpha is Krippendorff's alpha for nominal data with a note where it is
// 1 by definition or undefined.
type Alpha struct {
	Value *float64
	Note  string
}

// KrippendorffNominal is Krippendorff's alpha for nominal data: units are
// the values each item received (missing values simply absent). Units
// with fewer than two values are not pairable and are ignored. Where all
// pairable values are the same, alpha is 1 (see AllAgree); where no unit
// is pairable, it is undefined (nil, NoPairs).
func KrippendorffNominal(units [][]string) Alpha {
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
		return Alpha{Note: NoPairs}
	}
	var expected float64
	values := SortedKeys(nc)
	for _, c := range values {
		for _, k := range values {
			if c != k {
				expected += nc[c] * nc[k]
			}
		}
	}
	if expected == 0 { // one value only: no disagreement observed
		one := 1.0
		return Alpha{Value: &one, Note: AllAgree}
	}
	alpha := 1 - (n-1)*disagree/expected
	return Alpha{Value: &alpha}
}

// CohenKappa is Cohen's kappa of two annotators' values on the same items;
// nil when there are no items. Where both gave one and the same value
// throughout, chance agreement is 1 and kappa is 1 by definition
// (AllAgree, the second result).
func CohenKappa(a, b []string) (*float64, string) {
	n := float64(len(a))
	if n == 0 {
		return nil, NoPairs
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
	for _, c := range SortedKeys(ca) {
		pe += (ca[c] / n) * (cb[c] / n)
	}
	if pe == 1 {
		one := 1.0
		return &one, AllAgree
	}
	k := (po - pe) / (1 - pe)
	return &k, ""
}

// Percent is percent agreement, as a fraction: the share of agreeing
// pairs of values among all pairs within a unit, averaged over the units
// with two or more values (for two annotators: the share of items they
// gave the same value). nil when no unit is pairable.
func Percent(units [][]string) *float64 {
	var sum float64
	var n int
	for _, u := range units {
		if len(u) < 2 {
			continue
		}
		agree, pairs := 0, 0
		for i := range u {
			for j := i + 1; j < len(u); j++ {
				pairs++
				if u[i] == u[j] {
					agree++
				}
			}
		}
		sum += float64(agree) / float64(pairs)
		n++
	}
	if n == 0 {
		return nil
	}
	p := sum / float64(n)
	return &p
}

// Cell is one cell of a confusion matrix: how many items A gave value A
// and B gave value B.
type Cell struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Count int    `json:"count"`
}

// Confusion counts items by (a's value, b's value), sorted by both.
func Confusion(a, b []string) []Cell {
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

// ValueAgreement is two annotators' agreement on one value: how often
// each gave it, how often both did on the same item, and the specific
// agreement 2*Both/(A+B) (the share of the value's uses the other
// annotator matched).
type ValueAgreement struct {
	Value    string  `json:"value"`
	A        int     `json:"a"`
	B        int     `json:"b"`
	Both     int     `json:"both"`
	Specific float64 `json:"specific_agreement"`
}

// PerValue is the specific agreement of two annotators on every value
// either gave, in value order.
func PerValue(a, b []string) []ValueAgreement {
	ca, cb, both := map[string]int{}, map[string]int{}, map[string]int{}
	seen := map[string]bool{}
	for i := range a {
		ca[a[i]]++
		cb[b[i]]++
		seen[a[i]], seen[b[i]] = true, true
		if a[i] == b[i] {
			both[a[i]]++
		}
	}
	out := []ValueAgreement{}
	for _, v := range SortedKeys(seen) {
		out = append(out, ValueAgreement{Value: v, A: ca[v], B: cb[v], Both: both[v], Specific: 2 * float64(both[v]) / float64(ca[v]+cb[v])})
	}
	return out
}

// SortedKeys lists a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
