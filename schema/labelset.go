package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Label column types.
const (
	// LabelOne is one value of a closed vocabulary.
	LabelOne = "one"
	// LabelMany is several values of a closed vocabulary, stored as one
	// string: the values in vocabulary order, joined by ";".
	LabelMany = "many"
	// LabelText is free text.
	LabelText = "text"
)

// LabelColumn is one label column of an item table.
type LabelColumn struct {
	Table      string            `json:"table"`
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Definition string            `json:"definition"`
	Origin     string            `json:"origin,omitempty"`
	Values     []VocabularyValue `json:"values,omitempty"`
}

// LabelSet is the label columns in force for a dataset, with their
// vocabularies and definitions: data, recorded in the manifest and card.
type LabelSet struct {
	Name    string        `json:"name"`
	Version string        `json:"version"`
	Columns []LabelColumn `json:"columns"`
}

// DefaultLabelSet is the label set a build uses unless given another:
// SemEval-2016 stance, RumourEval reply stance and Coarse Discourse acts.
func DefaultLabelSet() *LabelSet {
	v := func(voc *Vocabulary) []VocabularyValue { return voc.Values }
	return &LabelSet{
		Name:    "threadset-default",
		Version: "1",
		Columns: []LabelColumn{
			{Table: "articles", Name: ColStance, Type: LabelOne, Definition: "stance of the article toward stance_target", Origin: Stance.Origin, Values: v(Stance)},
			{Table: "articles", Name: ColStanceTarget, Type: LabelText, Definition: "the target the stance label refers to (e.g. \"the Syrian government\")", Origin: Stance.Origin},
			{Table: "comments", Name: ColStance, Type: LabelOne, Definition: "stance of the comment toward stance_target", Origin: Stance.Origin, Values: v(Stance)},
			{Table: "comments", Name: ColStanceTarget, Type: LabelText, Definition: "the target the stance label refers to (e.g. \"the Syrian government\")", Origin: Stance.Origin},
			{Table: "comments", Name: ColReplyStance, Type: LabelOne, Definition: "stance toward the parent comment, or toward the article at top level", Origin: ReplyStance.Origin, Values: v(ReplyStance)},
			{Table: "comments", Name: ColDiscourseAct, Type: LabelOne, Definition: "the discourse act the comment performs", Origin: DiscourseAct.Origin, Values: v(DiscourseAct)},
		},
	}
}

// ItemTables are the tables whose rows can be labelled.
var ItemTables = []string{"articles", "comments"}

// Tables lists every table of a dataset with this label set.
func (ls *LabelSet) Tables() []*Table {
	return []*Table{ls.table(articlesBase), ls.table(commentsBase), Sources, Authors, Anomalies, Annotations, OrphanedAnnotations,
		ls.replyPairs(), Threads}
}

// Table returns the named table with this label set's columns, or nil.
func (ls *LabelSet) Table(name string) *Table {
	for _, t := range ls.Tables() {
		if t.Name == name {
			return t
		}
	}
	return nil
}

func (ls *LabelSet) table(base *Table) *Table {
	t := &Table{Name: base.Name, Doc: base.Doc, Columns: append([]Column(nil), base.Columns...)}
	for i := range ls.Columns {
		lc := &ls.Columns[i]
		if lc.Table != base.Name {
			continue
		}
		c := Column{Name: lc.Name, Kind: String, Nullable: true, Label: true,
			Doc: "Annotation (" + lc.Type + "): " + lc.Definition + "; null until labelled."}
		if lc.Type != LabelText {
			c.Vocabulary = &Vocabulary{Name: lc.Name, Origin: lc.Origin, Values: lc.Values}
			c.Doc = fmt.Sprintf("Annotation (%s of %s): %s; null until labelled.", lc.Type, strings.Join(c.Vocabulary.ValueNames(), ", "), lc.Definition)
		}
		t.Columns = append(t.Columns, c)
	}
	return t
}

// Column returns the label column of a table, or nil.
func (ls *LabelSet) Column(table, name string) *LabelColumn {
	for i := range ls.Columns {
		if ls.Columns[i].Table == table && ls.Columns[i].Name == name {
			return &ls.Columns[i]
		}
	}
	return nil
}

// ColumnsOf lists the label columns of a table.
func (ls *LabelSet) ColumnsOf(table string) []*LabelColumn {
	var out []*LabelColumn
	for i := range ls.Columns {
		if ls.Columns[i].Table == table {
			out = append(out, &ls.Columns[i])
		}
	}
	return out
}

// Check validates a value for this column and returns it in canonical
// form (for LabelMany: the values in vocabulary order joined by ";").
func (c *LabelColumn) Check(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch c.Type {
	case LabelText:
		if v == "" {
			return "", fmt.Errorf("%s is empty", c.Name)
		}
		return v, nil
	case LabelMany:
		got := map[string]bool{}
		for _, part := range strings.Split(v, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if !c.allows(part) {
				return "", c.notAllowed(part)
			}
			got[part] = true
		}
		var out []string
		for _, x := range c.Values {
			if got[x.Value] {
				out = append(out, x.Value)
			}
		}
		if len(out) == 0 {
			return "", fmt.Errorf("%s is empty", c.Name)
		}
		return strings.Join(out, ";"), nil
	}
	if !c.allows(v) {
		return "", c.notAllowed(v)
	}
	return v, nil
}

func (c *LabelColumn) allows(v string) bool {
	for _, x := range c.Values {
		if x.Value == v {
			return true
		}
	}
	return false
}

func (c *LabelColumn) notAllowed(v string) error {
	names := make([]string, len(c.Values))
	for i, x := range c.Values {
		names[i] = x.Value
	}
	return fmt.Errorf("%s %q is not one of [%s]", c.Name, v, strings.Join(names, " "))
}

// LabelSetFile is the file format of --label-set: a name and version, whether
// it extends the default set or replaces it, and its columns. A column with
// the name of a default column replaces that column.
type LabelSetFile struct {
	Name    string        `json:"name"`
	Version string        `json:"version"`
	Extends string        `json:"extends"` // "default" (the default) or "none"
	Columns []LabelColumn `json:"columns"`
}

var labelName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// LoadLabelSet reads a label-set file (JSON) and checks it.
func LoadLabelSet(path string) (*LabelSet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f LabelSetFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ls := &LabelSet{Name: f.Name, Version: f.Version}
	if f.Name == "" || f.Version == "" {
		return nil, fmt.Errorf("%s: a label set needs a name and a version", path)
	}
	switch f.Extends {
	case "", "default":
		ls.Columns = DefaultLabelSet().Columns
	case "none":
	default:
		return nil, fmt.Errorf("%s: extends must be \"default\" or \"none\", not %q", path, f.Extends)
	}
	base := map[string]*Table{"articles": articlesBase, "comments": commentsBase}
	defined := map[[2]string]int{} // (table, name) -> index in f.Columns
	for i, c := range f.Columns {
		where := fmt.Sprintf("%s: columns[%d]", path, i)
		t, ok := base[c.Table]
		first, twice := defined[[2]string{c.Table, c.Name}]
		defined[[2]string{c.Table, c.Name}] = i
		switch {
		case twice:
			return nil, fmt.Errorf("%s: %s.%s is defined twice (columns[%d] and columns[%d])", where, c.Table, c.Name, first, i)
		case !ok:
			return nil, fmt.Errorf("%s: table %q is not one of [articles comments]", where, c.Table)
		case !labelName.MatchString(c.Name):
			return nil, fmt.Errorf("%s: name %q must be lower-case letters, digits and _", where, c.Name)
		case t.Index(c.Name) >= 0:
			return nil, fmt.Errorf("%s: %s is a column of %s already, not a label", where, c.Name, c.Table)
		case c.Type != LabelOne && c.Type != LabelMany && c.Type != LabelText:
			return nil, fmt.Errorf("%s: type %q is not one of [one many text]", where, c.Type)
		case c.Type != LabelText && len(c.Values) == 0:
			return nil, fmt.Errorf("%s: a %s column needs values", where, c.Type)
		case c.Definition == "":
			return nil, fmt.Errorf("%s: %s needs a definition for annotators", where, c.Name)
		}
		seen := map[string]bool{}
		for _, v := range c.Values {
			if v.Value == "" || strings.Contains(v.Value, ";") || seen[v.Value] {
				return nil, fmt.Errorf("%s: value %q is empty, repeated or contains ';'", where, v.Value)
			}
			seen[v.Value] = true
		}
		replaced := false
		for j := range ls.Columns {
			if ls.Columns[j].Table == c.Table && ls.Columns[j].Name == c.Name {
				ls.Columns[j], replaced = c, true
			}
		}
		if !replaced {
			ls.Columns = append(ls.Columns, c)
		}
	}
	sort.SliceStable(ls.Columns, func(i, j int) bool { return ls.Columns[i].Table < ls.Columns[j].Table })
	return ls, nil
}
