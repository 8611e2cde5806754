//go:build unix

package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/schema/dslock"
)

// A step run while another process runs the same step (a job array's
// task started twice) is refused with a message saying so, and leaves
// what the other is writing alone: before, each removed the other's
// temporaries and one failed on a missing file.
func TestStepsRefuseTheSameStepRunningTwice(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.txt"), []byte("Headline\n\nA body long enough to be a body.\n"), 0o644))
	work := filepath.Join(root, "work")
	opts := Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 1}
	ctx := context.Background()
	_, err := Plan(ctx, opts, work, []byte("{}"))
	require.NoError(t, err)
	opts.Inputs = nil

	// hold takes the step's lock as another process would: flock on a
	// file description of its own.
	hold := func(path string) func() {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		f, err := os.OpenFile(dslock.File(path), os.O_RDWR|os.O_CREATE, 0o644)
		require.NoError(t, err)
		require.NoError(t, unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB))
		return func() { _ = f.Close() }
	}
	scratch := filepath.Join(work, scratchDir, "partition-00000-of-00001")
	other := filepath.Join(scratch, "input-1", "pages")
	require.NoError(t, os.MkdirAll(filepath.Dir(other), 0o755))
	require.NoError(t, os.WriteFile(other, []byte("being written"), 0o644))
	release := hold(filepath.Join(work, locksDir, "partition-00000-of-00001"))
	_, _, err = Partition(ctx, opts, work, 0, 1)
	var se *StepError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, err.Error(), "partition 0 of 1 is running already")
	assert.FileExists(t, other)
	release()
	_, _, err = Partition(ctx, opts, work, 0, 1)
	require.NoError(t, err)

	bucket := bucketName(work, 0, 1)
	otherTmp := bucket + ".tmp-42"
	require.NoError(t, os.WriteFile(otherTmp, []byte("being written"), 0o644))
	release = hold(filepath.Join(work, locksDir, "bucket-00000-of-00001"))
	_, err = Bucket(ctx, opts, work, 0, 1)
	require.ErrorAs(t, err, &se)
	assert.Contains(t, err.Error(), "bucket 0 of 1 is running already")
	assert.FileExists(t, otherTmp)
	release()
	n, err := Bucket(ctx, opts, work, 0, 1)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.NoFileExists(t, otherTmp)
}
