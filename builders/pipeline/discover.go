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
	osPath  string // the file's path on disk; "" for the embedded sample
	open    func() (io.ReadCloser, error)
	builder builders.Builder // nil until detected
	size    int64
	sha256  string
	head    []byte
	readErr error // set when reading or detection failed; the file is then reported, not built
}

// discover lists the files under the INPUT arguments and the sidecar
// metadata files among them. A directory is read recursively, skipping
// hidden entries and taking files a builder claims by extension; a file
// named directly is always taken.
func discover(args []string, reg *builders.Registry) (files []*file, sidecars []string, err error) {
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				if _, lerr := os.Lstat(arg); lerr == nil {
					return nil, nil, &UsageError{fmt.Sprintf("input %s: cannot read: %v", arg, err)}
				}
				return nil, nil, &UsageError{fmt.Sprintf("input %s does not exist", arg)}
			}
			return nil, nil, &UsageError{fmt.Sprintf("input %s: %v", arg, err)}
		}
		if !fi.IsDir() {
			if isSidecar(fi.Name()) {
				sidecars = append(sidecars, arg)
				continue
			}
			files = append(files, osFile(arg, filepath.Base(arg)))
			continue
		}
		n := len(files)
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable entry is reported like an unreadable file.
				rel, _ := filepath.Rel(arg, p)
				f := osFile(p, filepath.ToSlash(rel))
				f.readErr = err
				files = append(files, f)
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
			if isSidecar(d.Name()) {
				sidecars = append(sidecars, p)
				return nil
			}
			if reg.ForFile(d.Name()) == nil {
				return nil
			}
			rel, err := filepath.Rel(arg, p)
			if err != nil {
				return err
			}
			files = append(files, osFile(p, filepath.ToSlash(rel)))
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		if len(files) == n {
			return nil, nil, &UsageError{fmt.Sprintf("input directory %s has no input files (looked for %s)", arg, strings.Join(extensions(reg), ", "))}
		}
	}
	sort.Strings(sidecars)
	return files, sidecars, nil
}

// fsFiles lists the files of an fs.FS (the embedded sample corpus).
func fsFiles(fsys fs.FS, reg *builders.Registry) ([]*file, error) {
	var out []*file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if reg.ForFile(d.Name()) == nil {
			return nil
		}
		out = append(out, &file{rel: p, display: "sample/" + p,
			open: func() (io.ReadCloser, error) { return fsys.Open(p) }})
		return nil
	})
	return out, err
}

func osFile(p, rel string) *file {
	return &file{rel: rel, display: p, osPath: p, open: func() (io.ReadCloser, error) { return os.Open(p) }}
}

func extensions(reg *builders.Registry) []string {
	seen := map[string]bool{}
	var exts []string
	for _, b := range reg.All() {
		for _, e := range b.Extensions() {
			if !seen[e] {
				seen[e] = true
				exts = append(exts, "*"+e)
			}
		}
	}
	sort.Strings(exts)
	return exts
}

// hash fills in size, SHA-256 and the first bytes, streaming the file, and
// picks its builder: the forced one, or the one its content says.
func (f *file) hash(reg *builders.Registry, forced builders.Builder) {
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
	head := &headWriter{max: builders.SniffBytes}
	n, err := io.Copy(io.MultiWriter(h, head), rc)
	if err != nil {
		f.readErr = err
		return
	}
	f.size, f.sha256, f.head = n, hex.EncodeToString(h.Sum(nil)), head.buf
	if n == 0 {
		f.readErr = errEmpty
		return
	}
	if forced != nil {
		f.builder, f.head = forced, nil
		return
	}
	f.builder, err = reg.Detect(path.Base(f.rel), f.head)
	if err != nil {
		f.readErr = err
	}
	f.head = nil // only detection needs it; a large corpus has many files
}

// errEmpty is an empty input file: it has no format to detect.
var errEmpty = errors.New("empty file")

type headWriter struct {
	buf []byte
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.buf); room > 0 {
		w.buf = append(w.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
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
