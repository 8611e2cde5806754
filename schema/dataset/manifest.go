package dataset

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/metadata"
)

// ManifestName is the manifest's file name inside a dataset directory.
const ManifestName = "manifest.json"

// CardName is the build's dataset card inside a dataset directory.
const CardName = "README.md"

// Manifest records what a build read and wrote. It holds no time, host or
// absolute path, so the same inputs give the same manifest anywhere.
type Manifest struct {
	Tool          Tool             `json:"tool"`
	SchemaVersion string           `json:"schema_version"`
	Builders      []BuilderVersion `json:"builders"`
	Inputs        []Input          `json:"inputs"`
	Tables        []TableFiles     `json:"tables"`
	Warnings      []schema.Warning `json:"warnings"`
	// LabelSet is the label set in force: it fixes the label columns.
	LabelSet *schema.LabelSet `json:"label_set"`
	// Imports lists every label import that contributed annotations, in
	// the order they were made (carried over by --labels-from).
	Imports []Import `json:"imports"`
	// About is the description of the collection the card quotes, kept so
	// that a dataset rewritten by a labels import keeps its card.
	About string `json:"about,omitempty"`
	// Metadata is the dataset's descriptive metadata (threadset.yaml),
	// carried by imports and rebuilds so that the card keeps it.
	Metadata *metadata.Metadata `json:"metadata,omitempty"`
	// Card is the generated README.md's size and checksum: a card edited
	// by hand is found, not silently overwritten.
	Card *File `json:"card,omitempty"`
	// Filter is the build's read-time filter and what it kept; absent
	// when the build kept everything it read.
	Filter *Filter `json:"filter,omitempty"`
}

// Filter records a build's read-time filter (build --source, --author,
// --since, --until, --threads) and the records it read and kept.
type Filter struct {
	Sources []string `json:"sources,omitempty"`
	Authors []string `json:"authors,omitempty"`
	Since   string   `json:"since,omitempty"`
	Until   string   `json:"until,omitempty"`
	// Threads is the number of thread IDs of the --threads file, and
	// ThreadsSHA256 its checksum (not its path, which the output must not
	// depend on).
	Threads       int          `json:"threads,omitempty"`
	ThreadsSHA256 string       `json:"threads_sha256,omitempty"`
	Read          FilterCounts `json:"read"`
	Kept          FilterCounts `json:"kept"`
}

// Describe says what the filter keeps, for the card.
func (f *Filter) Describe() string {
	var parts []string
	if len(f.Sources) > 0 {
		parts = append(parts, "source "+strings.Join(f.Sources, " or "))
	}
	if len(f.Authors) > 0 {
		parts = append(parts, "author "+strings.Join(f.Authors, " or "))
	}
	if f.Since != "" {
		parts = append(parts, "since "+f.Since)
	}
	if f.Until != "" {
		parts = append(parts, "until "+f.Until)
	}
	if f.Threads > 0 {
		parts = append(parts, fmt.Sprintf("%d thread ID(s) (list SHA-256 %s)", f.Threads, f.ThreadsSHA256))
	}
	return strings.Join(parts, "; ")
}

// FilterCounts counts records: articles (and comment threads whose article
// is elsewhere) and comments.
type FilterCounts struct {
	Articles int64 `json:"articles"`
	Comments int64 `json:"comments"`
}

// Import is one entry of the import log: a labels import, or (Action
// "remove") a removal of one annotator's or one file's labels.
type Import struct {
	// Action is empty for an import, "remove" for a removal.
	Action    string `json:"action,omitempty"`
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	Format    string `json:"format"`
	Annotator string `json:"annotator"`
	// Annotators are the annotators a multi-annotator file (a Label Studio
	// project export) named, after normalising and mapping.
	Annotators []string `json:"annotators,omitempty"`
	// Adjudicator marks the import's annotators as adjudicators: where an
	// adjudicator labelled an item, their label decides its label column.
	Adjudicator bool `json:"adjudicator,omitempty"`
	// Labels is how many labels the entry added (or, for a removal, took out).
	Labels int `json:"labels"`
}

// ActionRemove is the Action of a removal in the import log.
const ActionRemove = "remove"

// CardLine describes the entry in the card's import log.
func (im Import) CardLine() string {
	if im.Action == ActionRemove {
		if im.Annotator != "" {
			return fmt.Sprintf("removed: %d label(s) of annotator %s", im.Labels, im.Annotator)
		}
		return fmt.Sprintf("removed: %d label(s) imported from `%s`, sha256 `%s`", im.Labels, im.File, im.SHA256)
	}
	who := "annotator " + im.Annotator
	if len(im.Annotators) > 0 {
		who = "annotators " + strings.Join(im.Annotators, ", ")
	}
	if im.Adjudicator {
		who += ", adjudicator"
	}
	return fmt.Sprintf("`%s` (%s, %s): %d label(s), sha256 `%s`", im.File, im.Format, who, im.Labels, im.SHA256)
}

// AdjudicatorNames are the adjudicators of the import log, sorted.
func (m *Manifest) AdjudicatorNames() []string {
	names := make([]string, 0)
	for n := range Adjudicators(m.Imports) {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Adjudicators are the annotators an import marked as adjudicators.
func Adjudicators(imports []Import) map[string]bool {
	out := map[string]bool{}
	for _, im := range imports {
		if im.Action != "" || !im.Adjudicator {
			continue
		}
		if im.Annotator != "" {
			out[im.Annotator] = true
		}
		for _, a := range im.Annotators {
			out[a] = true
		}
	}
	return out
}

// Labels is the dataset's label set (the default for datasets that name
// none).
func (m *Manifest) Labels() *schema.LabelSet {
	if m.LabelSet == nil {
		return schema.DefaultLabelSet()
	}
	return m.LabelSet
}

// SchemaTables lists the dataset's tables with its label set's columns.
func (m *Manifest) SchemaTables() []*schema.Table { return m.Labels().Tables() }

// Tool names the program that wrote the dataset.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// BuilderVersion is a builder that contributed rows.
type BuilderVersion struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Input is one input file the build read.
type Input struct {
	Path     string `json:"path"`
	SHA256   string `json:"sha256"`
	Bytes    int64  `json:"bytes"`
	Builder  string `json:"builder,omitempty"`
	Articles int    `json:"articles"`
	// Skipped says why the input contributed nothing; empty when it did.
	Skipped string `json:"skipped,omitempty"`
}

// TableFiles lists the Parquet parts of one table.
type TableFiles struct {
	Name  string `json:"name"`
	Rows  int64  `json:"rows"`
	Files []File `json:"files"`
}

// File is one written file with its checksum.
type File struct {
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Table returns the entry of the named table, or nil.
func (m *Manifest) Table(name string) *TableFiles {
	for i := range m.Tables {
		if m.Tables[i].Name == name {
			return &m.Tables[i]
		}
	}
	return nil
}

// ReadManifest reads DIR/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s: not a threadset dataset: no %s", dir, ManifestName)
		}
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

func marshalManifest(m *Manifest) ([]byte, error) {
	if m.Warnings == nil {
		m.Warnings = []schema.Warning{}
	}
	if m.Imports == nil {
		m.Imports = []Import{}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
