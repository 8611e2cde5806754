package release

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/metadata"
)

// Info is release.json: what a release is, for people and for verify.
type Info struct {
	Name     string          `json:"name"`
	Version  string          `json:"version"`
	Date     string          `json:"date"`
	Previous string          `json:"previous,omitempty"`
	Change   string          `json:"change"`
	Reasons  []string        `json:"reasons"`
	Splits   metadata.Splits `json:"splits"`
	Tool     string          `json:"tool"`
	// DatasetManifestSHA256 is the checksum of the released dataset's
	// manifest.json, which names every input and output of its build.
	DatasetManifestSHA256 string `json:"dataset_manifest_sha256"`
	// CardBodySHA256 is the checksum of the dataset card the release card
	// quotes below its own header.
	CardBodySHA256 string `json:"card_body_sha256"`
}

// InfoName is the release's description file.
const InfoName = "release.json"

func yq(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// hfFeature is a column's Hugging Face feature declaration.
func hfFeature(c schema.Column) string {
	switch c.Kind {
	case schema.Int32:
		return "    dtype: int32"
	case schema.Bool:
		return "    dtype: bool"
	case schema.Timestamp:
		return "    dtype: timestamp[us, tz=UTC]"
	case schema.StringList:
		return "    sequence: string"
	}
	return "    dtype: string"
}

// cardHeader renders the release card down to where the dataset's own
// card is quoted.
func cardHeader(info *Info, m *dataset.Manifest, tables []dataset.TableFiles) string {
	md := m.Metadata
	var b strings.Builder
	lic, licName, licLink := md.HubLicense()
	b.WriteString("---\n")
	fmt.Fprintf(&b, "pretty_name: %s\n", yq(md.Title()))
	fmt.Fprintf(&b, "license: %s\n", lic)
	if licName != "" {
		fmt.Fprintf(&b, "license_name: %s\n", yq(licName))
	}
	if licLink != "" {
		fmt.Fprintf(&b, "license_link: %s\n", licLink)
	}
	if md != nil && len(md.Languages) > 0 {
		b.WriteString("language:\n")
		for _, l := range md.Languages {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	var items int64
	for _, t := range tables {
		if t.Name == schema.Articles.Name || t.Name == schema.Comments.Name {
			items += t.Rows
		}
	}
	fmt.Fprintf(&b, "size_categories:\n- %s\n", metadata.SizeCategory(items))
	b.WriteString("task_categories:\n- text-classification\ntags:\n- stance-detection\n- discourse\n- reader-comments\n- threadset\n")
	for _, k := range md.KeywordList() {
		fmt.Fprintf(&b, "- %s\n", yq(k))
	}
	b.WriteString("configs:\n")
	for _, t := range tables {
		fmt.Fprintf(&b, "- config_name: %s\n  data_files:\n", t.Name)
		for _, f := range t.Files {
			split := splitOfPath(f.Path)
			fmt.Fprintf(&b, "  - split: %s\n    path: %s\n", split, strings.Replace(f.Path, "-00000-of-00001.parquet", "-*.parquet", 1))
		}
	}
	b.WriteString("dataset_info:\n")
	byName := map[string]*schema.Table{}
	for _, t := range m.SchemaTables() {
		byName[t.Name] = t
	}
	for _, t := range tables {
		fmt.Fprintf(&b, "- config_name: %s\n  features:\n", t.Name)
		for _, c := range byName[t.Name].Columns {
			fmt.Fprintf(&b, "  - name: %s\n%s\n", c.Name, hfFeature(c))
		}
		b.WriteString("  splits:\n")
		var size int64
		for _, f := range t.Files {
			fmt.Fprintf(&b, "  - name: %s\n    num_bytes: %d\n    num_examples: %d\n", splitOfPath(f.Path), f.Bytes, f.Rows)
			size += f.Bytes
		}
		fmt.Fprintf(&b, "  download_size: %d\n  dataset_size: %d\n", size, size)
	}
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s — release %s\n\n", md.Title(), info.Version)
	fmt.Fprintf(&b, "> **Content warning.** %s\n\n", md.Warning())
	if md != nil && strings.TrimSpace(md.Description) != "" {
		b.WriteString(strings.TrimSpace(md.Description) + "\n\n")
	}
	fmt.Fprintf(&b, "Version %s, released %s", info.Version, info.Date)
	if info.Previous != "" {
		fmt.Fprintf(&b, "; a %s change from %s", info.Change, info.Previous)
	}
	b.WriteString(". `CHANGELOG.md` lists every release's changes with counts, `CITATION.cff` says how to cite it, `croissant.json` describes it in Croissant 1.1, and `SHA256SUMS` lets you check every file (`sha256sum -c SHA256SUMS`; `threadset release verify` also checks the tables, the card and the metadata, and can rebuild it from its inputs).\n\n")
	b.WriteString("| table | split | rows |\n|---|---|---:|\n")
	for _, t := range tables {
		for _, f := range t.Files {
			fmt.Fprintf(&b, "| `%s` | %s | %d |\n", t.Name, splitOfPath(f.Path), f.Rows)
		}
	}
	s := info.Splits
	fmt.Fprintf(&b, "\nArticles are assigned to `train` (%g), `validation` (%g) or `test` (%g) by a hash of `article_id`, so an article keeps its split in every release; its comments, anomalies and annotations go with it. `sources` and `authors` are one split, `all`.\n\n", s.Train, s.Validation, s.Test)
	b.WriteString("## Loading this release\n\n```python\nfrom datasets import load_dataset\ncomments = load_dataset(\"PATH_OR_HUB_ID\", \"comments\", split=\"train\")\n```\n\n")
	b.WriteString("```sql\n-- DuckDB: every split of a table, or one split\nSELECT * FROM 'data/comments/*.parquet';\nSELECT * FROM 'data/comments/test-*.parquet';\n```\n\n---\n\n")
	return b.String()
}

// splitOfPath is the split a data file holds: its name up to the shard.
func splitOfPath(p string) string {
	name := p[strings.LastIndexByte(p, '/')+1:]
	if i := strings.Index(name, "-"); i > 0 {
		return name[:i]
	}
	return name
}

// cardBody is the dataset's own card without its YAML header, with its
// table paths pointing into data/.
func cardBody(card []byte, tables []dataset.TableFiles) []byte {
	s := string(card)
	if strings.HasPrefix(s, "---\n") {
		if end := strings.Index(s[4:], "\n---\n"); end >= 0 {
			s = s[4+end+5:]
		}
	}
	s = strings.TrimLeft(s, "\n")
	for _, t := range tables {
		s = strings.ReplaceAll(s, "'"+t.Name+"/*.parquet'", "'data/"+t.Name+"/*.parquet'")
	}
	return []byte(s)
}

// citation renders CITATION.cff.
func citation(info *Info, m *dataset.Manifest) []byte {
	md := m.Metadata
	var b bytes.Buffer
	b.WriteString("cff-version: 1.2.0\nmessage: \"If you use this dataset, please cite it as below.\"\ntype: dataset\n")
	fmt.Fprintf(&b, "title: %s\n", yq(md.Title()))
	fmt.Fprintf(&b, "version: %s\ndate-released: %s\n", yq(info.Version), info.Date)
	b.WriteString("authors:\n")
	if md == nil || len(md.Creators) == 0 {
		fmt.Fprintf(&b, "  - name: %s\n", yq(md.Title()+" maintainers"))
	} else {
		for _, c := range md.Creators {
			fmt.Fprintf(&b, "  - name: %s\n", yq(c.Name))
			if c.Affiliation != "" {
				fmt.Fprintf(&b, "    affiliation: %s\n", yq(c.Affiliation))
			}
			if c.ORCID != "" {
				fmt.Fprintf(&b, "    orcid: %s\n", yq("https://orcid.org/"+strings.TrimPrefix(c.ORCID, "https://orcid.org/")))
			}
			if c.Email != "" {
				fmt.Fprintf(&b, "    email: %s\n", yq(c.Email))
			}
		}
	}
	if md != nil {
		if md.DOI != "" {
			fmt.Fprintf(&b, "doi: %s\n", md.DOI)
		}
		if md.License != "" && !strings.EqualFold(md.License, "other") {
			fmt.Fprintf(&b, "license: %s\n", md.License)
		}
		if md.Homepage != "" {
			fmt.Fprintf(&b, "url: %s\n", yq(md.Homepage))
		}
		if d := strings.TrimSpace(md.Description); d != "" {
			fmt.Fprintf(&b, "abstract: %s\n", yq(d))
		}
		if kw := md.KeywordList(); len(kw) > 0 {
			b.WriteString("keywords:\n")
			for _, k := range kw {
				fmt.Fprintf(&b, "  - %s\n", yq(k))
			}
		}
	}
	return b.Bytes()
}
