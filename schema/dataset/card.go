package dataset

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/metadata"
)

//go:embed card.md.tmpl
var cardTemplate string

// CardInfo is what the card needs beyond the manifest and the tables,
// given by the caller so that this package does not depend on builders.
type CardInfo struct {
	// About is Markdown describing the collection; empty for none.
	About string
	// Metadata describes the dataset (name, license, citation, ...); nil
	// for a build without a metadata file.
	Metadata *metadata.Metadata
	// Normalisation lists the text normalisation rules, in order.
	Normalisation []string
	// Builders documents every builder threadset has.
	Builders []BuilderDoc
}

// BuilderDoc is a builder's entry in the card.
type BuilderDoc struct {
	Name, Version, Description, Obtain string
	Rules                              []string
	// Used says whether the builder read any input of this build.
	Used bool
}

type cardData struct {
	M             *Manifest
	S             *Summary
	About         string
	Tables        []*schema.Table
	LabelSet      *schema.LabelSet
	Info          CardInfo
	AnomalyKinds  []schema.VocabularyValue
	AnomalyCounts map[string]int64
	MaxWarn       int
	TableRows     map[string]int64
	Tool          string
	Schema        string
	InputBytes    int64

	// From the metadata, with defaults for a build without one.
	Meta                              *metadata.Metadata
	PrettyName, Description, Warning  string
	License, LicenseName, LicenseLink string
	LicenseText, SizeCategory         string
	Languages, Keywords               []string
	Sections                          []metadata.Section
}

const cardWarningsShown = 30

// RenderCard writes the dataset card of a build: a Hugging Face style YAML
// header with one config per table, then the documentation of every table,
// column and vocabulary (from package schema) and the build's figures.
func RenderCard(m *Manifest, s *Summary, info CardInfo) ([]byte, error) {
	tmpl, err := template.New("card").Funcs(template.FuncMap{
		"cell":    cell,
		"md":      mdText,
		"alpha":   num,
		"pct":     func(n, d int64) string { return fmt.Sprintf("%.1f%%", pct(n, d)) },
		"percent": func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
		"kind":    func(c schema.Column) string { return c.Kind.String() },
		"trim":    strings.TrimSpace,
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
		"yaml":    yamlString,
		"first": func(ws []schema.Warning, n int) []schema.Warning {
			if len(ws) > n {
				return ws[:n]
			}
			return ws
		},
	}).Parse(cardTemplate)
	if err != nil {
		return nil, err
	}
	d := cardData{
		M: m, S: s, About: strings.TrimSpace(info.About), Info: info,
		Tables: m.SchemaTables(), LabelSet: m.Labels(),
		MaxWarn:   cardWarningsShown,
		TableRows: map[string]int64{},
		Tool:      schema.ToolName + " " + schema.ToolVersion, Schema: schema.Version,
	}
	for _, t := range m.Tables {
		d.TableRows[t.Name] = t.Rows
	}
	d.AnomalyKinds = schema.AnomalyKinds
	d.AnomalyCounts = map[string]int64{}
	for _, k := range schema.AnomalyKinds {
		d.AnomalyCounts[k.Value] = 0
	}
	for _, a := range s.Anomalies {
		d.AnomalyCounts[a.Name] = a.Count
	}
	for _, in := range m.Inputs {
		d.InputBytes += in.Bytes
	}
	d.describe(m.Metadata, s)
	var b bytes.Buffer
	if err := tmpl.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// describe fills the card's metadata fields from md, with defaults.
func (d *cardData) describe(md *metadata.Metadata, s *Summary) {
	d.Meta = md
	d.PrettyName, d.Warning = md.Title(), md.Warning()
	d.License, d.LicenseName, d.LicenseLink = md.HubLicense()
	d.LicenseText = "not specified; the texts belong to their authors"
	d.SizeCategory = metadata.SizeCategory(d.TableRows[schema.Comments.Name] + d.TableRows[schema.Articles.Name])
	if md != nil {
		d.Description = strings.TrimSpace(md.Description)
		d.Languages = md.Languages
		d.Keywords = md.KeywordList()
		d.Sections = md.Sections
		if md.License != "" {
			d.LicenseText = md.License
			if md.LicenseName != "" {
				d.LicenseText = md.LicenseName + " (" + md.License + ")"
			}
			if u := md.LicenseURL(); u != "" {
				d.LicenseText += ", " + u
			}
		}
	}
}

// yamlString quotes s for a YAML scalar.
func yamlString(s string) string {
	b, _ := json.Marshal(s) // a JSON string is a YAML double-quoted scalar
	return string(b)
}

// mdText keeps element names such as <thread> visible in Markdown.
func mdText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// cardFile describes a rendered card for the manifest.
func cardFile(card []byte) *File {
	sum := sha256.Sum256(card)
	return &File{Path: CardName, Bytes: int64(len(card)), SHA256: hex.EncodeToString(sum[:])}
}

// ErrCardEdited is returned when a dataset's README.md is not the card
// threadset generated: edits belong in the metadata file, where the next
// build or import keeps them.
var ErrCardEdited = errors.New("README.md differs from the card threadset generated (edited by hand?): put your text in the metadata file (threadset.yaml: description, sections) and rebuild with --metadata, or restore the generated card")

// CheckCard checks that DIR's card is the one its manifest records.
// Datasets written before the manifest recorded the card pass.
func CheckCard(dir string, m *Manifest) error {
	if m.Card == nil {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, CardName))
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	if got := cardFile(data); got.SHA256 != m.Card.SHA256 {
		return fmt.Errorf("%s: %w", dir, ErrCardEdited)
	}
	return nil
}
