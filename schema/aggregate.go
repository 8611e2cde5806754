package schema

import "sort"

// Majority is how a label column is filled from its annotations: the value
// most annotators gave. A tie between the most frequent values, or no
// annotation at all, leaves the column null (ok is false).
func Majority(values []string) (value string, ok bool) {
	if len(values) == 0 {
		return "", false
	}
	counts := map[string]int{}
	for _, v := range values {
		counts[v]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best, n, tie := "", 0, false
	for _, k := range keys {
		switch c := counts[k]; {
		case c > n:
			best, n, tie = k, c, false
		case c == n:
			tie = true
		}
	}
	return best, !tie
}
