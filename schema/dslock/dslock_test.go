package dslock

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHolderProcess is not a test: run by holdInChild, it takes the lock
// on $DSLOCK_DIR, says so, and keeps it until killed.
func TestHolderProcess(t *testing.T) {
	dir := os.Getenv("DSLOCK_DIR")
	if dir == "" {
		t.Skip("only run as a child of TestLockAcrossProcesses")
	}
	_, err := Acquire(context.Background(), dir, Options{})
	require.NoError(t, err)
	os.Stdout.WriteString("locked\n")
	time.Sleep(time.Minute)
}

func holdInChild(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHolderProcess$", "-test.v")
	cmd.Env = append(os.Environ(), "DSLOCK_DIR="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if sc.Text() == "locked" {
			return cmd
		}
	}
	t.Fatalf("the child did not take the lock: %v", sc.Err())
	return nil
}

func TestLockAcrossProcesses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	child := holdInChild(t, dir)

	_, ok, err := TryAcquire(dir)
	require.NoError(t, err)
	assert.False(t, ok, "another process holds it")

	_, err = Acquire(context.Background(), dir, Options{NoWait: true})
	var busy *BusyError
	require.ErrorAs(t, err, &busy)
	assert.True(t, errors.Is(err, ErrBusy))
	assert.Equal(t, child.Process.Pid, busy.PID)
	assert.Contains(t, err.Error(), "locked by another process")

	// A waiting Acquire says who it waits for, and gets the lock once the
	// holder dies: kill -9 releases it, nothing is left to clean.
	waited := make(chan int, 1)
	got := make(chan error, 1)
	go func() {
		l, err := Acquire(context.Background(), dir, Options{Waiting: func(pid int) { waited <- pid }})
		if err == nil {
			assert.True(t, Holds(dir))
			err = l.Release()
		}
		got <- err
	}()
	assert.Equal(t, child.Process.Pid, <-waited)
	require.NoError(t, child.Process.Kill())
	_ = child.Wait()
	select {
	case err := <-got:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the lock of a killed process was not released")
	}
	assert.False(t, Holds(dir))
	assert.FileExists(t, File(dir), "the lock file is beside the dataset")
	assert.Equal(t, filepath.Join(filepath.Dir(dir), ".ds.lock"), File(dir))
}

func TestLockIsReentrantInAProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	a, err := Acquire(context.Background(), dir, Options{NoWait: true})
	require.NoError(t, err)
	b, err := Acquire(context.Background(), dir+"/", Options{NoWait: true})
	require.NoError(t, err, "the same path spelled differently")
	require.NoError(t, b.Release())
	require.NoError(t, b.Release(), "releasing twice is a no-op")
	assert.True(t, Holds(dir), "a still holds it")
	require.NoError(t, a.Release())
	assert.False(t, Holds(dir))
}

func TestWaitStopsWithTheContext(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ds")
	child := holdInChild(t, dir)
	defer func() { _ = child.Process.Kill(); _ = child.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := Acquire(ctx, dir, Options{})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
