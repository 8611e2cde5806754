package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// duckDBDirEnv names the directory to install @duckdb/node-api into,
// instead of the user cache; .ci/run points it at a temporary directory.
const duckDBDirEnv = "THREADSET_DUCKDB_DIR"

// duckDBMarker, inside an install, holds the hash of the package.json and
// lock file it was installed from.
const duckDBMarker = ".threadset-duckdb"

// duckDBScripts are the files of .ci/duckdb the tests run; node resolves
// @duckdb/node-api from the directory of the script upwards, so they are
// copied into the install.
var duckDBScripts = []string{"check.mjs", "sql.mjs", "expected-types.json"}

// duckDBInstall installs the npm packages of src (.ci/duckdb: package.json
// and package-lock.json) into $THREADSET_DUCKDB_DIR or, by default, into
// os.UserCacheDir()/threadset/duckdb-<hash of the two files>, never into
// the source tree. An install is made in a temporary directory and renamed
// into place, under a file lock, so that two test processes never install
// at once nor see half an install. It returns the directory holding a copy
// of src's scripts, inside the install.
func duckDBInstall(src string) (string, error) {
	pkg, err := os.ReadFile(filepath.Join(src, "package.json"))
	if err != nil {
		return "", err
	}
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\n%s%d\n%s", len(pkg), pkg, len(lock), lock)
	hash := hex.EncodeToString(h.Sum(nil))[:16]

	dir := os.Getenv(duckDBDirEnv)
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no user cache directory for @duckdb/node-api (set %s): %w", duckDBDirEnv, err)
		}
		dir = filepath.Join(cache, "threadset", "duckdb-"+hash)
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return "", err
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", fmt.Errorf("%s is needed for the DuckDB tests (they install @duckdb/node-api from the npm registry on first run): %w", tool, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	if !duckDBInstalled(dir, hash) {
		unlock, err := lockFile(dir + ".lock")
		if err != nil {
			return "", err
		}
		err = duckDBInstallLocked(dir, hash, pkg, lock)
		unlock()
		if err != nil {
			return "", err
		}
	}
	return duckDBCopyScripts(src, dir)
}

func duckDBInstalled(dir, hash string) bool {
	got, err := os.ReadFile(filepath.Join(dir, duckDBMarker))
	return err == nil && strings.TrimSpace(string(got)) == hash
}

// duckDBInstallLocked runs npm install in a temporary directory beside dir
// and renames it to dir. It never removes a dir it did not make.
func duckDBInstallLocked(dir, hash string, pkg, lock []byte) error {
	if duckDBInstalled(dir, hash) {
		return nil // another process installed it while we waited
	}
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists but is not an install of .ci/duckdb/package.json (no %s with hash %s): remove it, or set %s to another directory", dir, duckDBMarker, hash, duckDBDirEnv)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp) // gone after the rename; removes a failed install
	for name, data := range map[string][]byte{"package.json": pkg, "package-lock.json": lock} {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return err
		}
	}
	// npm ci rejects lock files without other platforms' optional bindings.
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm install @duckdb/node-api in %s: %w\n%s", tmp, err, msg)
	}
	if err := os.WriteFile(filepath.Join(tmp, duckDBMarker), []byte(hash+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// duckDBCopyScripts copies the scripts of src into dir/scripts-<hash of
// their bytes>, made once, atomically, so that test processes of
// different checkouts sharing one install never run each other's scripts.
func duckDBCopyScripts(src, dir string) (string, error) {
	h := sha256.New()
	files := map[string][]byte{}
	for _, name := range duckDBScripts {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", name, len(data))
		h.Write(data)
		files[name] = data
	}
	scripts := filepath.Join(dir, "scripts-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(scripts); err == nil {
		return scripts, nil
	}
	tmp, err := os.MkdirTemp(dir, ".scripts.tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return "", err
		}
	}
	if err := os.Rename(tmp, scripts); err != nil {
		if _, serr := os.Stat(scripts); serr == nil {
			return scripts, nil // another process made the same copy first
		}
		return "", err
	}
	return scripts, nil
}
