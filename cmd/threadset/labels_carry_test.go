package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLabelsFromDamagedDataset: build --labels-from checks OLD against its
// manifest first; a flipped byte, an unlisted part or a path outside OLD
// stops the build with the file named, and nothing is written.
func TestLabelsFromDamagedDataset(t *testing.T) {
	work, ds, ids := importFixture(t)
	filled := filepath.Join(work, "filled.csv")
	require.NoError(t, os.WriteFile(filled, []byte("item_id,stance\n"+ids[0]+",favor\n"+ids[1]+",against\n"), 0o644))
	mustRun(t, "labels", "import", ds, filled, "--annotator", "alice")
	pristine := snapshot(t, ds)
	part := filepath.Join(ds, "annotations", "part-00000.parquet")
	good, err := os.ReadFile(part)
	require.NoError(t, err)
	manifest := filepath.Join(ds, "manifest.json")
	goodManifest, err := os.ReadFile(manifest)
	require.NoError(t, err)

	cases := []struct {
		name   string
		damage func(t *testing.T)
		want   string
	}{
		{"a flipped byte", func(t *testing.T) {
			bad := append([]byte(nil), good...)
			bad[len(bad)/2] ^= 0x01
			require.NoError(t, os.WriteFile(part, bad, 0o644))
		}, "annotations/part-00000.parquet: " + strconv.Itoa(len(good)) + " bytes, sha256 "},
		{"a missing part", func(t *testing.T) { require.NoError(t, os.Remove(part)) }, `file "annotations/part-00000.parquet": no such file`},
		{"an unlisted part", func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(ds, "annotations", "part-00001.parquet"), good, 0o644))
		}, "annotations/part-00001.parquet: not listed in manifest.json"},
		{"a path outside", func(t *testing.T) {
			var m map[string]any
			require.NoError(t, json.Unmarshal(goodManifest, &m))
			for _, tb := range m["tables"].([]any) {
				tb := tb.(map[string]any)
				if tb["name"] == "annotations" {
					tb["files"].([]any)[0].(map[string]any)["path"] = "../elsewhere/part-00000.parquet"
				}
			}
			data, err := json.Marshal(m)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(manifest, data, 0o644))
		}, `"../elsewhere/part-00000.parquet": path contains ".."; paths in a manifest stay inside the dataset`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.damage(t)
			defer func() {
				_ = os.Remove(filepath.Join(ds, "annotations", "part-00001.parquet"))
				require.NoError(t, os.WriteFile(part, good, 0o644))
				require.NoError(t, os.WriteFile(manifest, goodManifest, 0o644))
				require.Equal(t, pristine, snapshot(t, ds))
			}()
			out := filepath.Join(work, "v2")
			code, _, stderr := runCLI("build", "--quiet", "--out", out, "--labels-from", ds)
			assert.Equal(t, exitFailure, code, stderr)
			assert.Contains(t, stderr, "refusing to carry labels from a damaged dataset")
			assert.Contains(t, stderr, tc.want)
			_, err := os.Stat(out)
			assert.True(t, os.IsNotExist(err), "a build from a damaged OLD wrote %s", out)
			assertNoLeftovers(t, work)
		})
	}
	mustRun(t, "build", "--quiet", "--out", filepath.Join(work, "v3"), "--labels-from", ds)
}
