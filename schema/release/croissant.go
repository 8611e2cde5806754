package release

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// CroissantName is the release's Croissant metadata file.
const CroissantName = "croissant.json"

// croissantContext is the JSON-LD context of Croissant 1.1 documents.
var croissantContext = map[string]any{
	"@language": "en", "@vocab": "https://schema.org/", "sc": "https://schema.org/",
	"cr": "http://mlcommons.org/croissant/", "dct": "http://purl.org/dc/terms/", "rai": "http://mlcommons.org/croissant/RAI/",
	"citeAs": "cr:citeAs", "column": "cr:column", "conformsTo": "dct:conformsTo",
	"data":     map[string]any{"@id": "cr:data", "@type": "@json"},
	"dataType": map[string]any{"@id": "cr:dataType", "@type": "@vocab"},
	"examples": map[string]any{"@id": "cr:examples", "@type": "@json"},
	"extract":  "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
	"fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset",
	"jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
	"recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated",
	"replace": "cr:replace", "separator": "cr:separator", "source": "cr:source", "subField": "cr:subField",
	"transform": "cr:transform",
}

// croissantType maps a column kind to a Croissant data type.
func croissantType(k schema.Kind) string {
	switch k {
	case schema.Int32:
		return "sc:Integer"
	case schema.Bool:
		return "sc:Boolean"
	case schema.Timestamp:
		return "sc:DateTime"
	}
	return "sc:Text"
}

// references are the joins between tables, as "table/column".
var references = map[string]string{
	"comments/article_id":  "articles/article_id",
	"comments/parent_id":   "comments/comment_id",
	"comments/root_id":     "comments/comment_id",
	"comments/author_id":   "authors/author_id",
	"articles/source_id":   "sources/source_id",
	"authors/source_id":    "sources/source_id",
	"anomalies/article_id": "articles/article_id",
}

// croissant renders croissant.json for a release.
func croissant(info *Info, m *dataset.Manifest, tables []dataset.TableFiles) ([]byte, error) {
	md := m.Metadata
	doc := map[string]any{
		"@context":      croissantContext,
		"@type":         "sc:Dataset",
		"name":          croissantName(info.Name),
		"description":   description(m),
		"conformsTo":    "http://mlcommons.org/croissant/1.1",
		"version":       info.Version,
		"datePublished": info.Date,
		"isLiveDataset": false,
		"license":       licenseOf(m),
	}
	if md != nil {
		if md.Homepage != "" {
			doc["url"] = md.Homepage
		}
		if c := strings.TrimSpace(md.Citation); c != "" {
			doc["citeAs"] = c
		}
		if len(md.Languages) > 0 {
			doc["inLanguage"] = md.Languages
		}
		if kw := md.KeywordList(); len(kw) > 0 {
			doc["keywords"] = kw
		}
		var creators []any
		for _, c := range md.Creators {
			p := map[string]any{"@type": "sc:Person", "name": c.Name}
			if c.Affiliation != "" {
				p["affiliation"] = c.Affiliation
			}
			creators = append(creators, p)
		}
		if creators != nil {
			doc["creator"] = creators
		}
		if md.DOI != "" {
			doc["identifier"] = "https://doi.org/" + md.DOI
		}
	}
	var dist, records []any
	byName := map[string]*schema.Table{}
	for _, t := range m.SchemaTables() {
		byName[t.Name] = t
	}
	for _, tf := range tables {
		for _, f := range tf.Files {
			dist = append(dist, map[string]any{
				"@type": "cr:FileObject", "@id": f.Path, "name": path.Base(f.Path),
				"contentUrl": f.Path, "contentSize": fmt.Sprintf("%d B", f.Bytes),
				"encodingFormat": "application/x-parquet", "sha256": f.SHA256,
			})
		}
		var contained []any
		for _, f := range tf.Files {
			contained = append(contained, map[string]any{"@id": f.Path})
		}
		setID := tf.Name + "-files"
		dist = append(dist, map[string]any{
			"@type": "cr:FileSet", "@id": setID, "name": setID,
			"description":    "The Parquet files of table " + tf.Name + ", one per split.",
			"containedIn":    contained,
			"encodingFormat": "application/x-parquet",
			"includes":       "data/" + tf.Name + "/*.parquet",
		})
		t := byName[tf.Name]
		var fields []any
		for _, c := range t.Columns {
			id := t.Name + "/" + c.Name
			fd := map[string]any{
				"@type": "cr:Field", "@id": id, "name": id, "description": c.Doc,
				"dataType": croissantType(c.Kind),
				"source":   map[string]any{"fileSet": map[string]any{"@id": setID}, "extract": map[string]any{"column": c.Name}},
			}
			if c.Kind == schema.StringList {
				fd["repeated"] = true
			}
			if ref, ok := references[id]; ok {
				fd["references"] = map[string]any{"field": map[string]any{"@id": ref}}
			}
			fields = append(fields, fd)
		}
		rs := map[string]any{"@type": "cr:RecordSet", "@id": t.Name, "name": t.Name, "description": t.Doc, "field": fields}
		if key := keyOf(t); key != "" {
			rs["key"] = map[string]any{"@id": t.Name + "/" + key}
		}
		records = append(records, rs)
	}
	doc["distribution"] = dist
	doc["recordSet"] = records
	data, err := json.MarshalIndent(doc, "", "  ") // encoding/json sorts map keys
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

func keyOf(t *schema.Table) string {
	switch t.Name {
	case schema.Articles.Name:
		return schema.ColArticleID
	case schema.Comments.Name:
		return schema.ColCommentID
	case schema.Sources.Name:
		return schema.ColSourceID
	case schema.Authors.Name:
		return schema.ColAuthorID
	}
	return ""
}

var nonName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func croissantName(name string) string {
	if n := strings.Trim(nonName.ReplaceAllString(name, "-"), "-"); n != "" {
		return n
	}
	return "threadset-dataset"
}

func description(m *dataset.Manifest) string {
	if md := m.Metadata; md != nil && strings.TrimSpace(md.Description) != "" {
		return strings.TrimSpace(md.Description)
	}
	return "News and opinion articles linked to the reader comment threads under them, with their reply structure and label columns for stance and discourse annotation, built by threadset."
}

func licenseOf(m *dataset.Manifest) string {
	if u := m.Metadata.LicenseURL(); u != "" {
		return u
	}
	if md := m.Metadata; md != nil && md.LicenseName != "" {
		return md.LicenseName
	}
	return "unspecified"
}

// CheckCroissant checks a Croissant document against the rules that
// mlcroissant's validator enforces: the context and conformsTo, a name,
// unique @ids, FileObjects with a contentUrl, encodingFormat and sha256,
// FileSets with includes and encodingFormat, RecordSets whose Fields have
// a name, a known data type and a source that resolves to a FileObject or
// FileSet, and references that resolve to a Field. It returns every
// problem found, sorted.
func CheckCroissant(data []byte) []string {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return []string{"not a JSON object: " + err.Error()}
	}
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	ctx, _ := doc["@context"].(map[string]any)
	if ctx == nil {
		bad("@context: missing")
	} else {
		for _, k := range []string{"@vocab", "cr", "sc", "dct", "conformsTo", "recordSet", "field", "source", "extract", "fileSet", "fileObject", "column", "references", "includes"} {
			if _, ok := ctx[k]; !ok {
				bad("@context: no %q", k)
			}
		}
	}
	if doc["@type"] != "sc:Dataset" {
		bad("@type: %v, want sc:Dataset", doc["@type"])
	}
	if c, _ := doc["conformsTo"].(string); !strings.HasPrefix(c, "http://mlcommons.org/croissant/1.") {
		bad("conformsTo: %q is not a Croissant 1.x version", c)
	}
	for _, k := range []string{"name", "description", "license", "version", "datePublished"} {
		if s, _ := doc[k].(string); strings.TrimSpace(s) == "" {
			bad("%s: missing or empty", k)
		}
	}
	ids := map[string]string{}
	claim := func(id, what string) {
		if id == "" {
			bad("%s: no @id", what)
			return
		}
		if prev, dup := ids[id]; dup {
			bad("@id %q is used by %s and %s", id, prev, what)
			return
		}
		ids[id] = what
	}
	sha := regexp.MustCompile(`^[0-9a-f]{64}$`)
	dist, _ := doc["distribution"].([]any)
	if len(dist) == 0 {
		bad("distribution: empty")
	}
	kinds := map[string]string{}
	for i, d := range dist {
		o, _ := d.(map[string]any)
		id, _ := o["@id"].(string)
		typ, _ := o["@type"].(string)
		what := fmt.Sprintf("distribution[%d] (%s)", i, id)
		claim(id, what)
		kinds[id] = typ
		if s, _ := o["name"].(string); s == "" {
			bad("%s: no name", what)
		}
		if s, _ := o["encodingFormat"].(string); s == "" {
			bad("%s: no encodingFormat", what)
		}
		switch typ {
		case "cr:FileObject":
			if s, _ := o["contentUrl"].(string); s == "" {
				bad("%s: FileObject without contentUrl", what)
			}
			if s, _ := o["sha256"].(string); !sha.MatchString(s) {
				bad("%s: FileObject sha256 %q is not 64 lower-case hex digits", what, s)
			}
		case "cr:FileSet":
			if s, _ := o["includes"].(string); s == "" {
				bad("%s: FileSet without includes", what)
			}
		default:
			bad("%s: @type %q, want cr:FileObject or cr:FileSet", what, typ)
		}
	}
	for i, d := range dist {
		o, _ := d.(map[string]any)
		for _, c := range asList(o["containedIn"]) {
			if ref := idOf(c); kinds[ref] == "" {
				bad("distribution[%d]: containedIn %q is not in the distribution", i, ref)
			}
		}
	}
	types := map[string]bool{"sc:Text": true, "sc:Integer": true, "sc:Float": true, "sc:Boolean": true, "sc:Date": true, "sc:DateTime": true, "sc:URL": true, "sc:ImageObject": true}
	fields := map[string]bool{}
	var refs [][2]string
	rsets, _ := doc["recordSet"].([]any)
	if len(rsets) == 0 {
		bad("recordSet: empty")
	}
	for i, r := range rsets {
		o, _ := r.(map[string]any)
		id, _ := o["@id"].(string)
		what := fmt.Sprintf("recordSet[%d] (%s)", i, id)
		claim(id, what)
		if o["@type"] != "cr:RecordSet" {
			bad("%s: @type %v, want cr:RecordSet", what, o["@type"])
		}
		if s, _ := o["name"].(string); s == "" {
			bad("%s: no name", what)
		}
		fs, _ := o["field"].([]any)
		if len(fs) == 0 {
			bad("%s: no fields", what)
		}
		for j, f := range fs {
			fo, _ := f.(map[string]any)
			fid, _ := fo["@id"].(string)
			fwhat := fmt.Sprintf("%s field[%d] (%s)", what, j, fid)
			claim(fid, fwhat)
			fields[fid] = true
			if fo["@type"] != "cr:Field" {
				bad("%s: @type %v, want cr:Field", fwhat, fo["@type"])
			}
			if s, _ := fo["name"].(string); s == "" {
				bad("%s: no name", fwhat)
			}
			if dt, _ := fo["dataType"].(string); !types[dt] {
				bad("%s: dataType %q is not a Croissant data type", fwhat, fo["dataType"])
			}
			src, _ := fo["source"].(map[string]any)
			switch {
			case src == nil:
				bad("%s: no source", fwhat)
			case src["fileSet"] != nil:
				if ref := idOf(src["fileSet"]); kinds[ref] != "cr:FileSet" {
					bad("%s: source fileSet %q is not a FileSet of the distribution", fwhat, ref)
				}
			case src["fileObject"] != nil:
				if ref := idOf(src["fileObject"]); kinds[ref] != "cr:FileObject" {
					bad("%s: source fileObject %q is not a FileObject of the distribution", fwhat, ref)
				}
			default:
				bad("%s: source names no fileSet or fileObject", fwhat)
			}
			if src != nil {
				ex, _ := src["extract"].(map[string]any)
				if c, _ := ex["column"].(string); c == "" {
					bad("%s: source extracts no column", fwhat)
				}
			}
			if rf, ok := fo["references"].(map[string]any); ok {
				refs = append(refs, [2]string{fwhat, idOf(rf["field"])})
			}
		}
		if k, ok := o["key"]; ok {
			refs = append(refs, [2]string{what + " key", idOf(k)})
		}
	}
	for _, r := range refs {
		if !fields[r[1]] {
			bad("%s: references %q, which is no field", r[0], r[1])
		}
	}
	sort.Strings(probs)
	return probs
}

func asList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case nil:
		return nil
	}
	return []any{v}
}

func idOf(v any) string {
	o, _ := v.(map[string]any)
	s, _ := o["@id"].(string)
	return s
}
