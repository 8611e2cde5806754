package labels

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// ErrOutputExists is returned by CreateOutput when the file exists and
// replacing it was not asked for.
var ErrOutputExists = errors.New("already exists")

// ErrOutputRefused is returned by CreateOutput for a path it never
// writes: a directory, or a path inside a threadset dataset directory,
// whose files only a build or an import may write.
var ErrOutputRefused = errors.New("refusing to write it")

// Output is a file that appears whole or not at all: it is written to a
// temporary file beside its path and renamed into place by Commit, so an
// export that fails half-way leaves an earlier file of that name as it was.
type Output struct {
	*os.File
	path string
	done bool
}

// CreateOutput checks that path may be written and opens its temporary
// file. An existing file is replaced only with replace; a directory, or
// any path inside a dataset directory, never.
func CreateOutput(path string, replace bool) (*Output, error) {
	if err := CheckOutput(path, replace); err != nil {
		return nil, err
	}
	// The permissions a plain create would give (0666 less the umask), or
	// those of the file being replaced.
	perm := os.FileMode(0o666)
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}
	f, err := createTemp(path, perm)
	if err != nil {
		return nil, err
	}
	return &Output{File: f, path: path}, nil
}

// createTemp creates a new, hidden file beside path.
func createTemp(path string, perm os.FileMode) (*os.File, error) {
	var b [8]byte
	for try := 0; ; try++ {
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if err == nil || !os.IsExist(err) || try == 10 {
			return f, err
		}
	}
}

// CheckOutput says whether CreateOutput(path, replace) would refuse path,
// without creating anything.
func CheckOutput(path string, replace bool) error {
	if path == "" {
		return fmt.Errorf("no output file given")
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(dir)
	if os.IsNotExist(err) {
		return fmt.Errorf("output %s: directory %s does not exist; %w", path, filepath.Dir(path), ErrOutputRefused)
	}
	if err != nil {
		return fmt.Errorf("output %s: %w", path, err)
	}
	for d := real; ; d = filepath.Dir(d) {
		if isDataset(d) {
			return fmt.Errorf("output %s is inside the threadset dataset %s; %w", path, d, ErrOutputRefused)
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	fi, err := os.Lstat(path)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return err
	case fi.IsDir() && isDataset(path):
		return fmt.Errorf("output %s is a threadset dataset; %w", path, ErrOutputRefused)
	case fi.IsDir():
		return fmt.Errorf("output %s is a directory; %w", path, ErrOutputRefused)
	case !replace:
		return fmt.Errorf("output %s %w", path, ErrOutputExists)
	}
	return nil
}

// isDataset says whether dir holds a threadset manifest, or a
// manifest.json that does not parse (perhaps a damaged dataset: stay away
// from it too). A manifest of another tool (a web app's) is not one.
func isDataset(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, dataset.ManifestName)); err != nil {
		return false
	}
	m, err := dataset.ReadManifest(dir)
	return err != nil || m.Tool.Name == schema.ToolName
}

// Commit syncs the temporary file, closes it and renames it to its path.
func (o *Output) Commit() error {
	o.done = true
	if err := o.Sync(); err != nil {
		o.discard()
		return err
	}
	if err := o.Close(); err != nil {
		_ = os.Remove(o.Name())
		return err
	}
	if err := os.Rename(o.Name(), o.path); err != nil {
		_ = os.Remove(o.Name())
		return err
	}
	return dataset.SyncDir(filepath.Dir(o.path))
}

// Abort removes the temporary file; after Commit it does nothing.
func (o *Output) Abort() {
	if !o.done {
		o.done = true
		o.discard()
	}
}

func (o *Output) discard() {
	_ = o.Close()
	_ = os.Remove(o.Name())
}
