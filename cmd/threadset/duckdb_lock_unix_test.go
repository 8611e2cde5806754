//go:build unix

package main

import (
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockFile takes an exclusive lock on path (created if missing), waiting
// for another holder; the OS releases it if the process dies.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}

// TestDuckDBInstallOnce runs the install helper from four goroutines with
// a fake npm that counts its runs: one install, outside the source
// directory, seen complete by every caller.
func TestDuckDBInstallOnce(t *testing.T) {
	src := t.TempDir()
	for _, name := range append([]string{"package.json", "package-lock.json"}, duckDBScripts...) {
		require.NoError(t, os.WriteFile(filepath.Join(src, name), []byte("{}\n"), 0o644))
	}
	bin := t.TempDir()
	count := filepath.Join(t.TempDir(), "npm-runs")
	npm := "#!/bin/sh\necho run >> " + count + "\nsleep 0.3\nmkdir -p node_modules/@duckdb/node-api\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "npm"), []byte(npm), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(bin, "node"), []byte("#!/bin/sh\n"), 0o755))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	install := filepath.Join(t.TempDir(), "cache", "duckdb")
	t.Setenv(duckDBDirEnv, install)

	var wg sync.WaitGroup
	dirs := make([]string, 4)
	errs := make([]error, 4)
	for i := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dirs[i], errs[i] = duckDBInstall(src)
		}()
	}
	wg.Wait()
	for i := range dirs {
		require.NoError(t, errs[i])
		assert.Equal(t, dirs[0], dirs[i])
		assert.FileExists(t, filepath.Join(dirs[i], "check.mjs"))
	}
	runs, err := os.ReadFile(count)
	require.NoError(t, err)
	assert.Equal(t, "run\n", string(runs), "npm install ran once")
	assert.DirExists(t, filepath.Join(install, "node_modules", "@duckdb", "node-api"))
	assert.Equal(t, install, filepath.Dir(dirs[0]), "the scripts sit inside the install, where node resolves its modules")
	assert.NoDirExists(t, filepath.Join(src, "node_modules"), "nothing is installed into the source directory")
	left, err := filepath.Glob(filepath.Join(filepath.Dir(install), ".duckdb.tmp-*"))
	require.NoError(t, err)
	assert.Empty(t, left)

	// A directory that is not an install is never replaced.
	other := filepath.Join(t.TempDir(), "mine")
	require.NoError(t, os.Mkdir(other, 0o755))
	t.Setenv(duckDBDirEnv, other)
	_, err = duckDBInstall(src)
	assert.ErrorContains(t, err, "exists but is not an install")
}
