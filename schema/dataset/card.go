package dataset

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/threadset/threadset/schema"
)

//go:embed card.md.tmpl
var cardTemplate string

// CardInfo is what the card needs beyond the manifest and the tables,
// given by the caller so that this package does not depend on builders.
type CardInfo struct {
	// About is Markdown describing the collection; empty for none.
	About string
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
	var b bytes.Buffer
	if err := tmpl.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
