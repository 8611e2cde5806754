package labels

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// Carry takes the annotations of an earlier build into a new one
// (build --labels-from): by item ID first; an item whose ID is gone is
// re-matched to the one new item with the same content (author and text
// of a comment, title and body of an article); everything else becomes an
// orphaned annotation, never dropped.
type Carry struct {
	ls      *schema.LabelSet
	From    string
	byItem  map[itemKey][]schema.Annotation
	keyOf   map[itemKey]string   // old annotated item -> content key
	byKey   map[string][]itemKey // content key -> old annotated items
	seen    map[itemKey]bool     // new items
	matches map[string][]itemKey // content key -> new items with it
	orphans []schema.Annotation  // carried from the old build's orphaned_annotations
	Imports []dataset.Import
}

type itemKey struct{ table, id string }

// ContentKey identifies an item's content for re-matching.
func ContentKey(table, a, b string) string {
	sum := sha256.Sum256([]byte(table + "\x00" + a + "\x00" + b))
	return hex.EncodeToString(sum[:16])
}

// LoadCarry reads an earlier build's annotations for a build with label
// set ls.
func LoadCarry(oldDir string, ls *schema.LabelSet) (*Carry, error) {
	m, err := dataset.ReadManifest(oldDir)
	if err != nil {
		return nil, err
	}
	// A damaged file would carry labels under corrupted IDs: check every
	// file against the manifest first.
	if err := dataset.CheckFiles(oldDir); err != nil {
		return nil, fmt.Errorf("refusing to carry labels from a damaged dataset: %w", err)
	}
	annotations, orphans, err := dataset.ReadAnnotations(oldDir)
	if err != nil {
		return nil, err
	}
	c := &Carry{ls: ls, From: oldDir, byItem: map[itemKey][]schema.Annotation{}, keyOf: map[itemKey]string{},
		byKey: map[string][]itemKey{}, seen: map[itemKey]bool{}, matches: map[string][]itemKey{},
		orphans: orphans, Imports: m.Imports}
	for _, a := range annotations {
		k := itemKey{a.ItemTable, a.ItemID}
		c.byItem[k] = append(c.byItem[k], a)
	}
	// Read by column name: OLD may have been written by an earlier schema
	// version, and its labels must still be carried.
	for _, name := range schema.ItemTables {
		cols := []string{schema.IDColumn(name), schema.ColAuthor, "text"}
		if name == "articles" {
			cols = []string{schema.IDColumn(name), "title", "body"}
		}
		if err := dataset.ReadNamed(oldDir, m, name, cols, func(v []any) error {
			k := itemKey{name, strings.Clone(dataset.Str(v[0]))}
			if _, ok := c.byItem[k]; ok {
				ck := ContentKey(name, dataset.Str(v[1]), dataset.Str(v[2]))
				c.keyOf[k] = ck
				c.byKey[ck] = append(c.byKey[ck], k)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Item records an item of the new build and returns its label columns
// from the annotations carried by its ID.
func (c *Carry) Item(table, id, contentKey string) map[string]string {
	k := itemKey{table, id}
	c.seen[k] = true
	if _, ok := c.byKey[contentKey]; ok {
		c.matches[contentKey] = append(c.matches[contentKey], k)
	}
	as, ok := c.byItem[k]
	if !ok {
		return nil
	}
	keep, _ := c.split(as, nil)
	labels := map[string]string{}
	for k, v := range dataset.Aggregate(keep, dataset.Adjudicators(c.Imports)) {
		if !v.Tie {
			labels[k.Label] = v.Value
		}
	}
	return labels
}

// split keeps the annotations the new label set accepts; the others are
// orphaned with the reason.
func (c *Carry) split(as []schema.Annotation, orphans []schema.Annotation) (keep, orph []schema.Annotation) {
	for _, a := range as {
		lc := c.ls.Column(a.ItemTable, a.Label)
		switch {
		case lc == nil:
			a.Reason = fmt.Sprintf("label column %s.%s is not in label set %s %s", a.ItemTable, a.Label, c.ls.Name, c.ls.Version)
			orphans = append(orphans, a)
		default:
			if v, err := lc.Check(a.Value); err != nil || v != a.Value {
				a.Reason = fmt.Sprintf("value no longer allowed by label set %s %s", c.ls.Name, c.ls.Version)
				orphans = append(orphans, a)
				continue
			}
			keep = append(keep, a)
		}
	}
	return keep, orphans
}

// CarryResult is what the carry-over did.
type CarryResult struct {
	// Direct are the annotations whose item kept its ID; their label
	// columns were filled as the items were written.
	Direct []schema.Annotation
	// Rematched are annotations moved to a new ID by content; the label
	// columns of their items still have to be filled (dataset.Rewrite).
	Rematched []schema.Annotation
	Orphans   []schema.Annotation
}

// Finish sorts the carried annotations into those that found their item,
// by ID or by content, and the orphans.
func (c *Carry) Finish() CarryResult {
	var res CarryResult
	orphans := append([]schema.Annotation(nil), c.orphans...)
	for _, k := range sortedItems(c.byItem) {
		as := c.byItem[k]
		keep, orph := c.split(as, nil)
		orphans = append(orphans, orph...)
		if c.seen[k] {
			res.Direct = append(res.Direct, keep...)
			continue
		}
		ck := c.keyOf[k]
		cands := c.matches[ck]
		if ck != "" && len(cands) == 1 && len(c.byKey[ck]) == 1 && len(c.byItem[cands[0]]) == 0 {
			for _, a := range keep {
				from := a.ItemID
				a.ItemID, a.RematchedFrom = cands[0].id, &from
				res.Rematched = append(res.Rematched, a)
			}
			continue
		}
		for _, a := range keep {
			a.Reason = fmt.Sprintf("%s %s is not in this build, and no item of this build has its content", a.ItemTable, a.ItemID)
			orphans = append(orphans, a)
		}
	}
	res.Orphans = orphans
	return res
}

func sortedItems(m map[itemKey][]schema.Annotation) []itemKey {
	out := make([]itemKey, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].table != out[j].table {
			return out[i].table < out[j].table
		}
		return out[i].id < out[j].id
	})
	return out
}
