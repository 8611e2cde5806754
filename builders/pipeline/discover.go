package pipeline

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/compress"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// UsageError is a mistake in what the user asked for (an INPUT that does
// not exist, a directory with no inputs), as opposed to a bad input file.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// file is one input file found under an INPUT argument.
type file struct {
	rel     string // relative to the build root, '/'-separated: what the dataset records
	display string // as the user would name it: what messages show
	osPath  string // the file's path on disk; "" for the embedded sample
	open    func() (io.ReadCloser, error)
	builder builders.Builder // nil until detected
	// size and sha256 describe the bytes the builder parsed; they are set
	// once the file has been read (see parse), or by detection for a file
	// it found empty.
	size    int64
	sha256  string
	readErr error // set when reading or detection failed; the file is then reported, not built
	// compression is how the file is compressed, told by its first bytes:
	// the builder reads the decompressed stream, the manifest records the
	// file as it is on disk.
	compression compress.Format
}

// note is something discovery left out on purpose (a named pipe, a
// dataset directory): listed as a warning, never a reason to fail.
type note struct {
	display string
	warning schema.Warning
}

// discovery walks the INPUT arguments.
type discovery struct {
	reg      *builders.Registry
	files    []*file
	byRel    map[string]bool
	sidecars []string
	notes    []note
	// visited holds the real path of every directory walked, so that a
	// directory reached again through a symbolic link (a loop, or a second
	// link to it) is read once.
	visited map[string]bool
	// links are symbolic links to directories, followed once the plain
	// tree has been walked so that a directory is recorded under its own
	// path rather than a link's.
	links []link
}

type link struct{ osPath, rel string }

// discover lists the files under the INPUT arguments, the sidecar
// metadata files among them and what it left out. A directory (or a
// symbolic link to one) is read recursively, skipping hidden entries,
// datasets and anything that is not a regular file, and taking files a
// builder claims by extension; a regular file named directly is always
// taken.
//
// Paths are recorded relative to the build root: the deepest directory
// holding every INPUT (an INPUT directory itself when it is the only one,
// the directory of a single INPUT file), so that two inputs never share a
// name and neither the order of the INPUTs nor their absolute paths show.
func discover(args []string, reg *builders.Registry) ([]*file, []string, []note, error) {
	type input struct {
		arg, abs, rel string
		info          fs.FileInfo
	}
	var ins []input
	var roots []string
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				if _, lerr := os.Lstat(arg); lerr == nil {
					return nil, nil, nil, &UsageError{fmt.Sprintf("input %s: cannot read: %v", arg, err)}
				}
				return nil, nil, nil, &UsageError{fmt.Sprintf("input %s does not exist", arg)}
			}
			return nil, nil, nil, &UsageError{fmt.Sprintf("input %s: %v", arg, err)}
		}
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, nil, nil, &UsageError{fmt.Sprintf("input %s: %v", arg, err)}
		}
		ins = append(ins, input{arg: arg, abs: abs, info: fi})
		if fi.IsDir() {
			roots = append(roots, abs)
		} else {
			roots = append(roots, filepath.Dir(abs))
		}
	}
	base := commonDir(roots)
	for i := range ins {
		rel, err := filepath.Rel(base, ins[i].abs)
		if err != nil {
			return nil, nil, nil, &UsageError{fmt.Sprintf("input %s: %v", ins[i].arg, err)}
		}
		ins[i].rel = filepath.ToSlash(rel)
	}
	// Walk enclosing INPUTs before the ones inside them, then by path, so
	// that the order of the arguments cannot change what is found under
	// which name.
	sort.SliceStable(ins, func(i, j int) bool {
		di, dj := depth(ins[i].rel), depth(ins[j].rel)
		if di != dj {
			return di < dj
		}
		return ins[i].rel < ins[j].rel
	})

	d := &discovery{reg: reg, byRel: map[string]bool{}, visited: map[string]bool{}}
	var walked []input
	for _, in := range ins {
		if !in.info.IsDir() {
			switch {
			case !in.info.Mode().IsRegular():
				d.skip(in.arg, in.rel, notRegular(in.info.Mode()))
			case isSidecar(in.info.Name()):
				d.sidecars = append(d.sidecars, in.arg)
			default:
				d.add(osFile(in.arg, in.rel))
			}
			continue
		}
		real, err := filepath.EvalSymlinks(in.arg)
		if err != nil {
			return nil, nil, nil, &UsageError{fmt.Sprintf("input %s: %v", in.arg, err)}
		}
		if d.visited[real] {
			continue // inside an INPUT already read
		}
		if isDataset(in.arg) {
			return nil, nil, nil, &UsageError{fmt.Sprintf("input directory %s is a threadset dataset (it holds %s), not a directory of inputs", in.arg, dataset.ManifestName)}
		}
		d.walk(in.arg, real, in.rel)
		walked = append(walked, in)
	}
	// Links last, once every INPUT is walked, so that a directory that is
	// also reached through a link is recorded under its own path.
	d.followLinks()
	found := map[string]bool{} // every directory that holds a file found
	for _, f := range d.files {
		for p := f.rel; !found[p]; p = path.Dir(p) {
			found[p] = true
			if p == "." || p == "/" {
				break
			}
		}
	}
	for _, in := range walked {
		if !found[in.rel] {
			return nil, nil, nil, &UsageError{fmt.Sprintf("input directory %s has no input files (looked for %s)", in.arg, strings.Join(extensions(reg), ", "))}
		}
	}
	sort.Strings(d.sidecars)
	return d.files, d.sidecars, d.notes, nil
}

// walk reads the directory osDir (whose real path is real) into d,
// recording its entries under rel.
func (d *discovery) walk(osDir, real, rel string) {
	if d.visited[real] {
		return // reached already by another way
	}
	d.visited[real] = true
	entries, err := os.ReadDir(osDir)
	if err != nil {
		// An unreadable directory is reported like an unreadable file.
		f := osFile(osDir, rel)
		f.readErr = err
		d.add(f)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p, r := filepath.Join(osDir, name), path.Join(rel, name)
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := os.Stat(p)
			if err != nil {
				if d.claims(name) {
					// A dangling link is reported like an unreadable file.
					f := osFile(p, r)
					f.readErr = err
					d.add(f)
				}
				continue
			}
			if fi.IsDir() {
				d.links = append(d.links, link{osPath: p, rel: r})
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if isDataset(p) {
				d.skip(p, r, fmt.Sprintf("directory is a threadset dataset (it holds %s): its files are not inputs", dataset.ManifestName))
				continue
			}
			d.walk(p, filepath.Join(real, name), r)
		case !mode.IsRegular():
			if d.claims(name) || isSidecar(name) {
				d.skip(p, r, notRegular(mode))
			}
		case isSidecar(name):
			d.sidecars = append(d.sidecars, p)
		case d.claims(name):
			d.add(osFile(p, r))
		}
	}
}

// followLinks walks the directories that symbolic links point to, each
// once: a link to a directory already read (a loop, or a second way to
// the same place) is not followed.
func (d *discovery) followLinks() {
	for len(d.links) > 0 {
		l := d.links[0]
		d.links = d.links[1:]
		real, err := filepath.EvalSymlinks(l.osPath)
		if err != nil {
			f := osFile(l.osPath, l.rel)
			f.readErr = err
			d.add(f)
			continue
		}
		if d.visited[real] {
			d.skip(l.osPath, l.rel, "link to a directory that is already read (a link loop, or a second path to it): not followed")
			continue
		}
		if isDataset(l.osPath) {
			d.skip(l.osPath, l.rel, fmt.Sprintf("directory is a threadset dataset (it holds %s): its files are not inputs", dataset.ManifestName))
			continue
		}
		d.walk(l.osPath, real, l.rel)
	}
}

func (d *discovery) claims(name string) bool { return d.reg.ForFile(name) != nil }

// add records a file unless one with the same path is already recorded
// (an INPUT file inside an INPUT directory).
func (d *discovery) add(f *file) {
	if d.byRel[f.rel] {
		return
	}
	d.byRel[f.rel] = true
	d.files = append(d.files, f)
}

func (d *discovery) skip(display, rel, msg string) {
	d.notes = append(d.notes, note{display: display, warning: schema.Warning{Input: rel, Kind: schema.WarnSkippedInput, Message: msg}})
}

// notRegular says what a non-regular file is and why it is not read.
func notRegular(m fs.FileMode) string {
	kind := "special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeCharDevice != 0:
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "device"
	}
	return fmt.Sprintf("not a regular file (%s): skipped, since reading it may never end", kind)
}

// isDataset reports whether dir holds a threadset dataset: a manifest.json
// written by threadset.
func isDataset(dir string) bool {
	p := filepath.Join(dir, dataset.ManifestName)
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > 64<<20 {
		return false
	}
	m, err := dataset.ReadManifest(dir)
	return err == nil && m.Tool.Name == schema.ToolName
}

// commonDir is the deepest directory holding every one of dirs (absolute,
// clean paths).
func commonDir(dirs []string) string {
	common := dirs[0]
	for _, d := range dirs[1:] {
		for !within(d, common) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// depth is the number of directories in a path relative to the build
// root (which holds every INPUT, so no path climbs out of it).
func depth(rel string) int {
	if rel == "." {
		return 0
	}
	return strings.Count(rel, "/") + 1
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
	return &file{rel: rel, display: p, osPath: p, open: func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil || testHookOpen == nil {
			return f, err
		}
		return testHookOpen(p, f), nil
	}}
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

// detect picks the file's builder, the forced one or the one its first
// bytes say. It reads at most SniffBytes (of the decompressed stream, for a
// compressed file): the file is hashed while it is parsed (see parse), so
// that the checksum is that of the bytes the rows come from, even if the
// file changes in between. A file not parsed (empty, in no known format,
// not decompressible) is hashed here, as it is on disk.
func (f *file) detect(reg *builders.Registry, forced builders.Builder) {
	if f.readErr != nil {
		return
	}
	rc, err := f.open()
	if err != nil {
		f.readErr = err
		return
	}
	hr := &hashedReader{rc: rc, hash: sha256.New()}
	fail := func(err error) {
		f.readErr = err
		size, sum, rerr := hr.finish()
		if rerr != nil {
			f.readErr = rerr
			return
		}
		f.size, f.sha256 = size, sum
	}
	br := bufio.NewReaderSize(hr, builders.SniffBytes)
	magic, _ := br.Peek(compress.HeadBytes) // a shorter file is not compressed
	f.compression = compress.Sniff(magic)
	var src io.Reader = br
	if f.compression != compress.None {
		dr, err := compress.NewReader(f.compression, br)
		if err != nil {
			fail(err)
			return
		}
		defer dr.Close()
		src = dr
	}
	head := make([]byte, builders.SniffBytes)
	n, err := io.ReadFull(src, head)
	switch {
	case err == io.EOF:
		fail(errEmpty) // read to its end: nothing in it
		return
	case err != nil && err != io.ErrUnexpectedEOF:
		fail(err)
		return
	}
	if forced != nil {
		f.builder = forced
	} else if f.builder, err = reg.Detect(compress.Inner(path.Base(f.rel)), head[:n]); err != nil {
		fail(err) // not parsed, so not read again
		return
	}
	if err := rc.Close(); err != nil {
		f.readErr = err
	}
}

// errEmpty is an empty input file: it has no format to detect.
var errEmpty = errors.New("empty file")

// hashedReader is the one reader a builder parses an input from: every
// byte it hands on is hashed. Close is left to the pipeline, which first
// hashes whatever the builder did not read.
type hashedReader struct {
	rc   io.ReadCloser
	hash hash.Hash
	n    int64
}

func (r *hashedReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	r.hash.Write(p[:n])
	r.n += int64(n)
	return n, err
}

// Close does nothing: see finish.
func (r *hashedReader) Close() error { return nil }

// finish hashes the rest of the file and closes it, returning the size and
// SHA-256 of every byte read.
func (r *hashedReader) finish() (int64, string, error) {
	_, err := io.Copy(io.Discard, r)
	if cerr := r.rc.Close(); err == nil {
		err = cerr
	}
	return r.n, hex.EncodeToString(r.hash.Sum(nil)), err
}

// sortFiles fixes the build order so that neither argument order, nor
// directory listing order, nor absolute paths can show in the output:
// paths relative to the build root are unique.
func sortFiles(fs []*file) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].rel < fs[j].rel })
}

// openDecompressed opens the file again and decompresses it when it is
// compressed: a builder's second reader, to quote a line in an error.
func (f *file) openDecompressed() (io.ReadCloser, error) {
	rc, err := f.open()
	if err != nil || f.compression == compress.None {
		return rc, err
	}
	dr, err := compress.NewReader(f.compression, rc)
	if err != nil {
		_ = rc.Close()
		return nil, err
	}
	return &both{ReadCloser: dr, file: rc}, nil
}

// both closes a decompressor and the file under it.
type both struct {
	io.ReadCloser
	file io.Closer
}

func (b *both) Close() error {
	_ = b.ReadCloser.Close()
	return b.file.Close()
}
