package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError is the root's flag error: a usage error that, for an unknown
// flag, names the flag it most likely meant ("--annotater": did you mean
// --annotator?), within the command's SuggestionsMinimumDistance.
func flagError(c *cobra.Command, err error) error {
	const prefix = "unknown flag: --"
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) {
		return &usageError{err}
	}
	typed := strings.TrimPrefix(msg, prefix)
	limit := c.SuggestionsMinimumDistance
	if limit <= 0 {
		limit = 2
	}
	best, dist := "", limit+1
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if d := levenshtein(typed, f.Name); d < dist || (d == dist && f.Name < best) {
			best, dist = f.Name, d
		}
	})
	if best == "" {
		return &usageError{err}
	}
	return &usageError{fmt.Errorf("%w; did you mean --%s?", err, best)}
}

func levenshtein(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
