package labels

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/threadset/threadset/schema"
)

// ManySeparator separates the values of a multi-value label in a CSV or
// spreadsheet cell ("insult;threat").
const ManySeparator = ";"

// hint is what a refused value most likely meant: the separator of a
// multi-value label written with commas, or the allowed value it is
// closest to. Empty when there is no good guess.
func hint(lc *schema.LabelColumn, v string) string {
	if lc.Type == schema.LabelText || len(lc.Values) == 0 {
		return ""
	}
	for _, sep := range []string{",", "|", "/"} {
		if !strings.Contains(v, sep) {
			continue
		}
		parts := strings.Split(v, sep)
		ok := true
		for i, p := range parts {
			c := closest(lc, strings.TrimSpace(p))
			if c == "" || !strings.EqualFold(c, strings.TrimSpace(p)) {
				ok = false
			}
			parts[i] = c
		}
		if !ok {
			continue
		}
		joined := strings.Join(parts, ManySeparator)
		if lc.Type == schema.LabelMany {
			return fmt.Sprintf("; several values are separated by %q, not %q: write %q", ManySeparator, sep, joined)
		}
		return fmt.Sprintf("; %s takes one value only", lc.Name)
	}
	if c := closest(lc, strings.TrimSpace(v)); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

// closest is the allowed value v most likely stands for: itself, the
// value spelled the same but for case, or the one a few edits away.
func closest(lc *schema.LabelColumn, v string) string {
	best, dist := "", 0
	for _, x := range lc.Values {
		if x.Value == v {
			return v
		}
		if strings.EqualFold(x.Value, v) {
			return x.Value
		}
		d := editDistance(strings.ToLower(v), strings.ToLower(x.Value))
		if d <= max(1, len(x.Value)/3) && (best == "" || d < dist) {
			best, dist = x.Value, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two strings, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// choicesCell reads a Label Studio CSV export's multiple-choice cell,
// {"choices": ["insult", "threat"]}, as "insult;threat"; any other value
// is returned as it is.
func choicesCell(v string) string {
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "{") || !strings.Contains(t, `"choices"`) {
		return v
	}
	var c struct {
		Choices []string `json:"choices"`
	}
	if err := json.Unmarshal([]byte(t), &c); err != nil || len(c.Choices) == 0 {
		return v
	}
	return strings.Join(c.Choices, ManySeparator)
}
