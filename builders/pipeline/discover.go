package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/threadset/threadset/builders"
)

// UsageError is a mistake in what the user asked for (an INPUT that does
// not exist, a directory with no inputs), as opposed to a bad input file.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// file is one input file found under an INPUT argument.
type file struct {
	rel     string // relative to its INPUT, '/'-separated: what the dataset records
	display string // as the user would name it: what messages show
	open    func() (io.ReadCloser, error)
	builder builders.Builder
	size    int64
	sha256  string
	readErr error // set when hashing failed; the file is then reported, not built
}

// discover lists the files under the INPUT arguments. A directory is read
// recursively, skipping hidden entries and taking files a builder claims by
// extension; a file named directly is always taken.
func discover(args []string, reg *builders.Registry, forced builders.Builder) ([]*file, error) {
	var out []*file
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				// A dangling symlink exists but cannot be read: say so.
				if _, lerr := os.Lstat(arg); lerr == nil {
					return nil, &UsageError{fmt.Sprintf("input %s: cannot read: %v", arg, err)}
				}
				return nil, &UsageError{fmt.Sprintf("input %s does not exist", arg)}
			}
			return nil, &UsageError{fmt.Sprintf("input %s: %v", arg, err)}
		}
		if !fi.IsDir() {
			b := forced
			if b == nil {
				if b = reg.ForFile(fi.Name()); b == nil {
					b = defaultBuilder(reg)
				}
			}
			out = append(out, osFile(arg, filepath.Base(arg), b))
			continue
		}
		n := len(out)
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable entry is reported like an unreadable file.
				rel, _ := filepath.Rel(arg, p)
				f := osFile(p, filepath.ToSlash(rel), defaultBuilder(reg))
				f.readErr = err
				out = append(out, f)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if p != arg && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			b := forced
			if b == nil {
				b = reg.ForFile(d.Name())
			} else if reg.ForFile(d.Name()) == nil && !hasExt(d.Name(), forced) {
				b = nil
			}
			if b == nil {
				return nil
			}
			rel, err := filepath.Rel(arg, p)
			if err != nil {
				return err
			}
			out = append(out, osFile(p, filepath.ToSlash(rel), b))
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(out) == n {
			return nil, &UsageError{fmt.Sprintf("input directory %s has no input files (looked for %s)", arg, strings.Join(extensions(reg), ", "))}
		}
	}
	return out, nil
}

// fsFiles lists the files of an fs.FS (the embedded sample corpus).
func fsFiles(fsys fs.FS, reg *builders.Registry) ([]*file, error) {
	var out []*file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b := reg.ForFile(d.Name())
		if b == nil {
			return nil
		}
		out = append(out, &file{rel: p, display: "sample/" + p, builder: b,
			open: func() (io.ReadCloser, error) { return fsys.Open(p) }})
		return nil
	})
	return out, err
}

func osFile(p, rel string, b builders.Builder) *file {
	return &file{rel: rel, display: p, builder: b, open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

func hasExt(name string, b builders.Builder) bool {
	for _, e := range b.Extensions() {
		if strings.HasSuffix(strings.ToLower(name), e) {
			return true
		}
	}
	return false
}

func extensions(reg *builders.Registry) []string {
	var exts []string
	for _, b := range reg.All() {
		for _, e := range b.Extensions() {
			exts = append(exts, "*"+e)
		}
	}
	return exts
}

// defaultBuilder reads files no builder claims by extension when they are
// named directly: the first registered text format.
func defaultBuilder(reg *builders.Registry) builders.Builder {
	if b, err := reg.Lookup("textpage"); err == nil {
		return b
	}
	return reg.All()[0]
}

// hash fills in size and SHA-256, streaming the file.
func (f *file) hash() {
	if f.readErr != nil {
		return
	}
	rc, err := f.open()
	if err != nil {
		f.readErr = err
		return
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		f.readErr = err
		return
	}
	f.size, f.sha256 = n, hex.EncodeToString(h.Sum(nil))
}

// sortFiles fixes the build order so that neither argument order, nor
// directory listing order, nor absolute paths can show in the output.
func sortFiles(fs []*file) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].rel != fs[j].rel {
			return path.Clean(fs[i].rel) < path.Clean(fs[j].rel)
		}
		return fs[i].sha256 < fs[j].sha256
	})
}
