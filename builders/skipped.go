package builders

import (
	"fmt"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
)

// Skipped counts what a builder leaves out on purpose (pingbacks, spam,
// drafts, ...), by what it is, so that the manifest says so.
type Skipped map[string]int

// Emit sends one warnings-only page listing the counts, if there are any.
func (s Skipped) Emit(in Input, emit func(*Page) error) error {
	if len(s) == 0 {
		return nil
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", s[k], k)
	}
	return emit(&Page{OnlyWarnings: true, Warnings: []Warning{{
		Input: in.Path, Kind: schema.WarnSkippedItems, Message: "left out: " + strings.Join(parts, ", "),
	}}})
}
