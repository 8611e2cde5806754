package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
)

// listing is every file under dir with its bytes' hash.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(data)
		lines = append(lines, filepath.ToSlash(rel)+" "+hex.EncodeToString(sum[:]))
		return nil
	}))
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestStepsBuildEveryGoldenCase builds the input of every golden case
// with Build and as steps (two partitions and three buckets, run in
// reverse order) and requires the same bytes: every builder, the bad
// inputs, the joins and the sidecar metadata go through the steps.
func TestStepsBuildEveryGoldenCase(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*", "*", "input"))
	require.NoError(t, err)
	require.Greater(t, len(inputs), 20)
	for _, in := range inputs {
		name := filepath.Base(filepath.Dir(filepath.Dir(in))) + "/" + filepath.Base(filepath.Dir(in))
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			opts := func(out string) Options {
				return Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1, Out: out}
			}
			ctx := context.Background()
			_, err := Build(ctx, opts(filepath.Join(root, "one")))
			require.NoError(t, err)

			work := filepath.Join(root, "work")
			_, err = Plan(ctx, opts(""), work, []byte("{}"))
			require.NoError(t, err)
			for i := 1; i >= 0; i-- {
				_, _, err := Partition(ctx, opts(""), work, i, 2)
				require.NoError(t, err)
			}
			for i := 2; i >= 0; i-- {
				_, err := Bucket(ctx, opts(""), work, i, 3)
				require.NoError(t, err)
			}
			_, err = Assemble(ctx, opts(filepath.Join(root, "two")), work)
			require.NoError(t, err)
			assert.Equal(t, listing(t, filepath.Join(root, "one")), listing(t, filepath.Join(root, "two")))
		})
	}
}
