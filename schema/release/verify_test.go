package release_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/release"
)

// published makes a fresh release.
func published(t *testing.T) string {
	r, err := publish(t, build(t, corpus(12)), filepath.Join(t.TempDir(), "releases"), "")
	require.NoError(t, err)
	return r.Path
}

// tamper edits a read-only release file.
func tamper(t *testing.T, path string, fn func([]byte) []byte) {
	require.NoError(t, os.Chmod(path, 0o644))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, fn(data), 0o644))
}

func problems(t *testing.T, err error) string {
	var ve *release.VerifyError
	require.True(t, errors.As(err, &ve), "want a VerifyError, got %v", err)
	return strings.Join(ve.Problems, "\n")
}

func TestVerifyCatchesTampering(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, rel string)
		want string
	}{
		{"flipped byte", func(t *testing.T, rel string) {
			tamper(t, filepath.Join(rel, "data", "comments", "train-00000-of-00001.parquet"), func(b []byte) []byte { b[len(b)/2] ^= 1; return b })
		}, "data/comments/train-00000-of-00001.parquet: sha256"},
		{"missing file", func(t *testing.T, rel string) {
			require.NoError(t, os.Remove(filepath.Join(rel, "CITATION.cff")))
		}, "CITATION.cff: listed in SHA256SUMS but missing"},
		{"unlisted file", func(t *testing.T, rel string) {
			require.NoError(t, os.Chmod(rel, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(rel, "notes.txt"), []byte("x"), 0o644))
		}, "notes.txt: not listed in SHA256SUMS"},
		{"edited card, sums updated", func(t *testing.T, rel string) {
			tamper(t, filepath.Join(rel, "README.md"), func(b []byte) []byte { return append(b, "\nMy own notes.\n"...) })
			resum(t, rel)
		}, "README.md: the dataset card below the header was edited"},
		{"edited card header", func(t *testing.T, rel string) {
			tamper(t, filepath.Join(rel, "README.md"), func(b []byte) []byte {
				return []byte(strings.Replace(string(b), "license: cc-by-4.0", "license: mit", 1))
			})
			resum(t, rel)
		}, "README.md: its header"},
		{"stale croissant, sums updated", func(t *testing.T, rel string) {
			tamper(t, filepath.Join(rel, "croissant.json"), func(b []byte) []byte {
				return []byte(strings.Replace(string(b), `"version": "1.0.0"`, `"version": "0.9.0"`, 1))
			})
			resum(t, rel)
		}, "croissant.json: not the Croissant metadata of these files"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rel := published(t)
			require.NoError(t, release.Verify(rel, nil))
			tc.do(t, rel)
			err := release.Verify(rel, nil)
			require.Error(t, err)
			assert.Contains(t, problems(t, err), tc.want)
		})
	}
}

// resum rewrites SHA256SUMS as a careless editor would.
func resum(t *testing.T, rel string) {
	var b strings.Builder
	require.NoError(t, filepath.WalkDir(rel, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(p) == release.SumsName {
			return err
		}
		r, _ := filepath.Rel(rel, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b.WriteString(sha(data) + "  " + filepath.ToSlash(r) + "\n")
		return nil
	}))
	tamper(t, filepath.Join(rel, release.SumsName), func([]byte) []byte { return []byte(b.String()) })
}

func TestVerifyRebuildsFromInputs(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "export.xml"), []byte(wxr(corpus(12))), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "threadset.yaml"), []byte(meta), 0o644))
	ds := filepath.Join(t.TempDir(), "ds")
	_, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 2, Out: ds})
	require.NoError(t, err)
	r, err := publish(t, ds, filepath.Join(t.TempDir(), "releases"), "")
	require.NoError(t, err)
	rebuild := func(inputs ...string) release.Rebuild {
		return func(out string, m *dataset.Manifest, labelsFrom string) error {
			_, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: inputs, Registry: all.Registry(), Workers: 1, Out: out,
				LabelSet: m.Labels(), Metadata: m.Metadata, LabelsFrom: labelsFrom})
			return err
		}
	}
	require.NoError(t, release.Verify(r.Path, rebuild(in)))

	other := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.MkdirAll(other, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(other, "export.xml"), []byte(wxr(corpus(11))), 0o644))
	err = release.Verify(r.Path, rebuild(other))
	require.Error(t, err)
	assert.Contains(t, problems(t, err), "rebuild: input export.xml has sha256")
}

func TestCroissantCheck(t *testing.T) {
	rel := published(t)
	data, err := os.ReadFile(filepath.Join(rel, release.CroissantName))
	require.NoError(t, err)
	assert.Empty(t, release.CheckCroissant(data))

	breakIt := func(fn func(doc map[string]any)) []string {
		var doc map[string]any
		require.NoError(t, json.Unmarshal(data, &doc))
		fn(doc)
		b, err := json.Marshal(doc)
		require.NoError(t, err)
		return release.CheckCroissant(b)
	}
	dist := func(doc map[string]any) []any { return doc["distribution"].([]any) }
	field := func(doc map[string]any, rs, f int) map[string]any {
		return doc["recordSet"].([]any)[rs].(map[string]any)["field"].([]any)[f].(map[string]any)
	}
	for _, tc := range []struct {
		name string
		fn   func(map[string]any)
		want string
	}{
		{"no name", func(d map[string]any) { delete(d, "name") }, "name: missing"},
		{"bad sha", func(d map[string]any) { dist(d)[0].(map[string]any)["sha256"] = "abc" }, "is not 64 lower-case hex digits"},
		{"duplicate id", func(d map[string]any) { dist(d)[1].(map[string]any)["@id"] = dist(d)[0].(map[string]any)["@id"] }, "is used by"},
		{"bad data type", func(d map[string]any) { field(d, 1, 0)["dataType"] = "sc:Nonsense" }, `dataType "sc:Nonsense"`},
		{"dangling reference", func(d map[string]any) {
			field(d, 1, 1)["references"] = map[string]any{"field": map[string]any{"@id": "articles/nope"}}
		}, `references "articles/nope"`},
		{"source not in distribution", func(d map[string]any) {
			field(d, 0, 0)["source"] = map[string]any{"fileSet": map[string]any{"@id": "nowhere"}, "extract": map[string]any{"column": "x"}}
		}, `source fileSet "nowhere"`},
		{"old version", func(d map[string]any) { d["conformsTo"] = "http://example.org/" }, "conformsTo"},
		{"fileset without includes", func(d map[string]any) {
			for _, x := range dist(d) {
				if x.(map[string]any)["@type"] == "cr:FileSet" {
					delete(x.(map[string]any), "includes")
					return
				}
			}
		}, "FileSet without includes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Contains(t, strings.Join(breakIt(tc.fn), "\n"), tc.want)
		})
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
