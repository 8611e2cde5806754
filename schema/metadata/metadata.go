// Package metadata is a dataset's descriptive metadata: name, description,
// license, citation, creators, languages, the content warning and extra
// card sections. A maintainer writes it once (threadset.yaml); builds,
// label imports and releases carry it in the manifest, and the card,
// CITATION.cff and croissant.json are generated from it. It holds no
// figures about the data: those come from the tables.
package metadata

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FileName is the metadata file a build finds at the top of an INPUT
// directory when --metadata is not given.
const FileName = "threadset.yaml"

// Metadata describes a dataset. Every field is optional except where
// Check says otherwise.
type Metadata struct {
	// Name is a short machine name (letters, digits, '-', '_', '.'), used
	// for file names and as the Croissant name.
	Name       string `yaml:"name" json:"name"`
	PrettyName string `yaml:"pretty_name" json:"pretty_name,omitempty"`
	// Description is Markdown: what the collection is, why it was made.
	Description string `yaml:"description" json:"description,omitempty"`
	// License is an SPDX identifier (CC-BY-4.0, MIT, ...); LicenseName and
	// LicenseLink describe a license without one ("other").
	License     string `yaml:"license" json:"license,omitempty"`
	LicenseName string `yaml:"license_name" json:"license_name,omitempty"`
	LicenseLink string `yaml:"license_link" json:"license_link,omitempty"`
	// Citation is a BibTeX entry for citing the dataset.
	Citation string    `yaml:"citation" json:"citation,omitempty"`
	DOI      string    `yaml:"doi" json:"doi,omitempty"`
	Creators []Creator `yaml:"creators" json:"creators,omitempty"`
	Homepage string    `yaml:"homepage" json:"homepage,omitempty"`
	// Languages are BCP 47 tags of the texts (en, de, ...).
	Languages []string `yaml:"languages" json:"languages,omitempty"`
	Keywords  []string `yaml:"keywords" json:"keywords,omitempty"`
	// ContentWarning is shown at the top of the card; empty means the
	// generic warning about reader comments.
	ContentWarning string `yaml:"content_warning" json:"content_warning,omitempty"`
	// Splits are the proportions of articles in train, validation and
	// test in a release (default 0.8, 0.1, 0.1).
	Splits *Splits `yaml:"splits" json:"splits,omitempty"`
	// Sections are extra card sections in Markdown, in order.
	Sections []Section `yaml:"sections" json:"sections,omitempty"`
}

// Creator is a person or organisation that made the dataset.
type Creator struct {
	Name        string `yaml:"name" json:"name"`
	Affiliation string `yaml:"affiliation" json:"affiliation,omitempty"`
	ORCID       string `yaml:"orcid" json:"orcid,omitempty"`
	Email       string `yaml:"email" json:"email,omitempty"`
}

// Splits are the shares of articles per split; they sum to 1.
type Splits struct {
	Train      float64 `yaml:"train" json:"train"`
	Validation float64 `yaml:"validation" json:"validation"`
	Test       float64 `yaml:"test" json:"test"`
}

// Section is an extra card section.
type Section struct {
	Title string `yaml:"title" json:"title"`
	Body  string `yaml:"body" json:"body"`
}

// DefaultSplits are used when the metadata gives none.
var DefaultSplits = Splits{Train: 0.8, Validation: 0.1, Test: 0.1}

// GenericWarning is the content warning of a dataset whose metadata gives
// none: reader comments are unmoderated text.
const GenericWarning = "Reader comments in this dataset are published as they were written and may contain offensive, abusive or hateful language; nothing has been removed or censored."

// Load reads a metadata file (YAML, or JSON, which is YAML) and checks it.
func Load(path string) (*Metadata, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Metadata
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

var (
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$`)
	spdxRE = regexp.MustCompile(`^[A-Za-z0-9.+-]+$`)
	langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	doiRE  = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
)

// Check reports the first problem with the metadata, naming the field.
func (m *Metadata) Check() error {
	if m.Name != "" && !nameRE.MatchString(m.Name) {
		return fmt.Errorf("name %q: use letters, digits, '.', '-' and '_' (at most 96)", m.Name)
	}
	switch {
	case m.License == "":
	case strings.EqualFold(m.License, "other"):
		if m.LicenseName == "" {
			return fmt.Errorf("license other needs license_name (and, for the Hugging Face Hub, license_link)")
		}
	case !spdxRE.MatchString(m.License):
		return fmt.Errorf("license %q is not an SPDX identifier (for example CC-BY-4.0); use license: other with license_name and license_link for a license without one", m.License)
	}
	for _, l := range m.Languages {
		if !langRE.MatchString(l) {
			return fmt.Errorf("languages: %q is not a BCP 47 tag such as en or pt-BR", l)
		}
	}
	if m.DOI != "" && !doiRE.MatchString(m.DOI) {
		return fmt.Errorf("doi %q: give the bare DOI, such as 10.5281/zenodo.1234567", m.DOI)
	}
	if c := strings.TrimSpace(m.Citation); c != "" && !strings.HasPrefix(c, "@") {
		return fmt.Errorf("citation: give a BibTeX entry starting with @ (for example @dataset{...})")
	}
	for i, c := range m.Creators {
		if strings.TrimSpace(c.Name) == "" {
			return fmt.Errorf("creators: entry %d has no name", i+1)
		}
	}
	if s := m.Splits; s != nil {
		if s.Train < 0 || s.Validation < 0 || s.Test < 0 {
			return fmt.Errorf("splits: shares must not be negative")
		}
		if sum := s.Train + s.Validation + s.Test; sum < 0.999 || sum > 1.001 {
			return fmt.Errorf("splits: train, validation and test add up to %g, not 1", sum)
		}
	}
	seen := map[string]bool{}
	for i, s := range m.Sections {
		if strings.TrimSpace(s.Title) == "" {
			return fmt.Errorf("sections: entry %d has no title", i+1)
		}
		if seen[s.Title] {
			return fmt.Errorf("sections: %q appears twice", s.Title)
		}
		seen[s.Title] = true
	}
	return nil
}

// DefaultPrettyName names a dataset whose metadata gives no name.
const DefaultPrettyName = "threadset stance and discourse dataset"

// Title is the dataset's display name: its pretty name, else its name.
func (m *Metadata) Title() string {
	switch {
	case m == nil:
		return DefaultPrettyName
	case m.PrettyName != "":
		return m.PrettyName
	case m.Name != "":
		return m.Name
	}
	return DefaultPrettyName
}

// SplitShares returns the split proportions in force.
func (m *Metadata) SplitShares() Splits {
	if m == nil || m.Splits == nil {
		return DefaultSplits
	}
	return *m.Splits
}

// Warning is the content warning in force.
func (m *Metadata) Warning() string {
	if m == nil || strings.TrimSpace(m.ContentWarning) == "" {
		return GenericWarning
	}
	return strings.TrimSpace(m.ContentWarning)
}

// hubLicenses are the license identifiers the Hugging Face Hub knows,
// lower-case, for the SPDX identifiers that have one.
var hubLicenses = map[string]bool{
	"apache-2.0": true, "mit": true, "bsd-2-clause": true, "bsd-3-clause": true, "gpl-2.0": true, "gpl-3.0": true,
	"lgpl-2.1": true, "lgpl-3.0": true, "agpl-3.0": true, "mpl-2.0": true, "cc0-1.0": true, "cc-by-2.0": true,
	"cc-by-2.5": true, "cc-by-3.0": true, "cc-by-4.0": true, "cc-by-sa-3.0": true, "cc-by-sa-4.0": true,
	"cc-by-nc-2.0": true, "cc-by-nc-3.0": true, "cc-by-nc-4.0": true, "cc-by-nd-4.0": true, "cc-by-nc-nd-3.0": true,
	"cc-by-nc-nd-4.0": true, "cc-by-nc-sa-2.0": true, "cc-by-nc-sa-3.0": true, "cc-by-nc-sa-4.0": true,
	"odc-by": true, "odbl": true, "pddl": true, "unlicense": true, "cdla-permissive-2.0": true, "cdla-sharing-1.0": true,
}

// HubLicense returns the Hugging Face card's license, license_name and
// license_link: the Hub's identifier for a known SPDX license, otherwise
// "other" with a name and link (the SPDX page when there is no link).
func (m *Metadata) HubLicense() (license, name, link string) {
	if m == nil || m.License == "" {
		return "other", "unspecified", ""
	}
	id := strings.ToLower(m.License)
	if hubLicenses[id] {
		return id, "", ""
	}
	if id == "other" {
		return "other", m.LicenseName, m.LicenseLink
	}
	link = m.LicenseLink
	if link == "" {
		link = "https://spdx.org/licenses/" + m.License + ".html"
	}
	name = m.LicenseName
	if name == "" {
		name = m.License
	}
	return "other", name, link
}

// LicenseURL is a URL for the license, for Croissant and CITATION.cff.
func (m *Metadata) LicenseURL() string {
	if m == nil || m.License == "" {
		return ""
	}
	if m.LicenseLink != "" {
		return m.LicenseLink
	}
	if strings.EqualFold(m.License, "other") {
		return ""
	}
	return "https://spdx.org/licenses/" + m.License + ".html"
}

// KeywordList returns the keywords without duplicates, in the order given.
func (m *Metadata) KeywordList() []string {
	if m == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, k := range m.Keywords {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// SizeCategory is the Hugging Face size category for n rows.
func SizeCategory(n int64) string {
	bounds := []struct {
		max  int64
		name string
	}{{1_000, "n<1K"}, {10_000, "1K<n<10K"}, {100_000, "10K<n<100K"}, {1_000_000, "100K<n<1M"},
		{10_000_000, "1M<n<10M"}, {100_000_000, "10M<n<100M"}, {1_000_000_000, "100M<n<1B"}}
	for _, b := range bounds {
		if n < b.max {
			return b.name
		}
	}
	return "n>1T"
}
