package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/diff"
	"github.com/threadset/threadset/schema/dslock"
)

// Options says what to release where.
type Options struct {
	// Dir is the dataset to release.
	Dir string
	// To is the releases directory; each release is To/X.Y.Z.
	To string
	// Version is the requested version; empty means computed from the
	// diff against the previous release (1.0.0 for the first).
	Version string
	// Date is the release date, YYYY-MM-DD. It is the one value of a
	// release that is not derived from the data, so it is given.
	Date string
	// Log receives what the release did (stale temporaries removed).
	Log io.Writer
}

// Result says what was published.
type Result struct {
	Info *Info
	Path string
	Diff *diff.Report // nil for the first release
}

// ErrUnderstated is returned when a requested version announces less
// change than the data shows.
var ErrUnderstated = errors.New("the requested version understates the change")

// UsageError is a mistake in the options (a bad version or date, an
// existing release); the message says which.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Publish writes a new release of opts.Dir into opts.To. Nothing is
// written unless the whole release is: it is assembled in a temporary
// directory beside the others, synced, made read-only and renamed into
// place. Releases already published are never touched.
func Publish(opts Options) (*Result, error) {
	if !dateRE.MatchString(opts.Date) {
		return nil, &UsageError{fmt.Sprintf("release date %q: want YYYY-MM-DD", opts.Date)}
	}
	m, err := dataset.ReadManifest(opts.Dir)
	if err != nil {
		return nil, err
	}
	if err := dataset.Validate(opts.Dir); err != nil {
		return nil, fmt.Errorf("refusing to release a dataset that does not validate: %w", err)
	}
	if err := os.MkdirAll(opts.To, 0o755); err != nil {
		return nil, err
	}
	// One release at a time per RELEASES: two must never pick the same
	// version. The OS releases the lock if the process dies.
	l, err := dslock.Acquire(context.Background(), opts.To, dslock.Options{})
	if err != nil {
		return nil, err
	}
	defer func() { _ = l.Release() }()
	cleanStale(opts.To, opts.Log)

	prev, prevDir, err := Latest(opts.To)
	if err != nil {
		return nil, err
	}
	shares := m.Metadata.SplitShares()
	info := &Info{Date: opts.Date, Splits: shares, Tool: schema.ToolName + " " + schema.ToolVersion, Reasons: []string{}}
	info.Name = "threadset-dataset"
	if m.Metadata != nil && m.Metadata.Name != "" {
		info.Name = m.Metadata.Name
	}
	res := &Result{Info: info}
	next := Version{1, 0, 0}
	required := diff.Major
	if prev != nil {
		rep, err := diff.Compare(prevDir, opts.Dir)
		if err != nil {
			return nil, fmt.Errorf("comparing with release %s: %w", prev.Version, err)
		}
		pi, err := readInfo(prevDir)
		if err != nil {
			return nil, err
		}
		if pi.Splits != shares {
			rep.Change = diff.Major
			rep.Reasons = append(rep.Reasons, fmt.Sprintf("split shares changed from %v to %v: articles move between splits", pi.Splits, shares))
		}
		if rep.Change == diff.None {
			return nil, &UsageError{fmt.Sprintf("nothing changed since release %s: no new release", prev.Version)}
		}
		res.Diff = rep
		required = rep.Change
		pv, _ := ParseVersion(prev.Version)
		next = pv.Bump(rep.Change)
		info.Previous, info.Change, info.Reasons = prev.Version, rep.Change.String(), rep.Reasons
	} else {
		info.Change = "initial"
		info.Reasons = []string{"first release"}
	}
	if opts.Version != "" {
		want, err := ParseVersion(opts.Version)
		if err != nil {
			return nil, &UsageError{err.Error()}
		}
		if prev != nil {
			pv, _ := ParseVersion(prev.Version)
			got := levelOf(pv, want)
			if got == diff.None {
				return nil, &UsageError{fmt.Sprintf("version %s is not after the latest release %s", want, pv)}
			}
			if got < required {
				var b strings.Builder
				_ = res.Diff.Write(&b)
				return nil, fmt.Errorf("%w: %s is a %s change from %s, but the data needs %s (%s):\n%s",
					ErrUnderstated, want, got, pv, required, pv.Bump(required), b.String())
			}
		}
		next = want
	}
	info.Version = next.String()
	final := filepath.Join(opts.To, info.Version)
	if _, err := os.Lstat(final); err == nil {
		return nil, &UsageError{fmt.Sprintf("release %s already exists in %s: published releases are never changed", info.Version, opts.To)}
	}

	tmp, err := os.MkdirTemp(opts.To, ".tmp-"+info.Version+"-")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err := assemble(tmp, opts.Dir, m, info, res.Diff, prevDir); err != nil {
		return nil, err
	}
	if err := readOnly(tmp); err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it private
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	ok = true
	if err := dataset.SyncDir(opts.To); err != nil {
		return nil, err
	}
	res.Path = final
	return res, nil
}

// assemble writes every file of a release into dir.
func assemble(dir, src string, m *dataset.Manifest, info *Info, rep *diff.Report, prevDir string) error {
	tables, err := writeData(src, dir, m, info.Splits)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(src, dataset.ManifestName))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	info.DatasetManifestSHA256 = hex.EncodeToString(sum[:])
	card, err := os.ReadFile(filepath.Join(src, dataset.CardName))
	if err != nil {
		return err
	}
	body := cardBody(card, tables)
	bsum := sha256.Sum256(body)
	info.CardBodySHA256 = hex.EncodeToString(bsum[:])

	rm := releaseManifest(m, tables)
	files := map[string][]byte{}
	if files[dataset.ManifestName], err = marshal(rm); err != nil {
		return err
	}
	if files[InfoName], err = marshal(info); err != nil {
		return err
	}
	files[dataset.CardName] = append([]byte(cardHeader(info, rm, tables)), body...)
	files["CITATION.cff"] = citation(info, rm)
	if files[CroissantName], err = croissant(info, rm, tables); err != nil {
		return err
	}
	var prevLog []byte
	if prevDir != "" {
		prevLog, _ = os.ReadFile(filepath.Join(prevDir, "CHANGELOG.md"))
	}
	files["CHANGELOG.md"] = changelog(info, rep, tables, prevLog)
	if rep != nil {
		if files["diff.json"], err = marshal(rep); err != nil {
			return err
		}
		var b bytes.Buffer
		if err := rep.Write(&b); err != nil {
			return err
		}
		files["diff.txt"] = b.Bytes()
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := writeFile(dir, n, files[n]); err != nil {
			return err
		}
	}
	s, err := sums(dir)
	if err != nil {
		return err
	}
	if err := writeFile(dir, SumsName, s); err != nil {
		return err
	}
	for _, d := range []string{filepath.Join(dir, "data")} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if err := dataset.SyncDir(filepath.Join(d, e.Name())); err != nil {
				return err
			}
		}
		if err := dataset.SyncDir(d); err != nil {
			return err
		}
	}
	return dataset.SyncDir(dir)
}

// releaseManifest is the dataset's manifest with the release's files: a
// release can be compared (diff) like a dataset.
func releaseManifest(m *dataset.Manifest, tables []dataset.TableFiles) *dataset.Manifest {
	rm := *m
	rm.Tables = tables
	rm.Card = nil
	return &rm
}

func marshal(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// changelog renders CHANGELOG.md: this release on top of the earlier ones.
func changelog(info *Info, rep *diff.Report, tables []dataset.TableFiles, prev []byte) []byte {
	var b strings.Builder
	b.WriteString("# Changelog\n\n")
	fmt.Fprintf(&b, "## %s — %s\n\n", info.Version, info.Date)
	if rep == nil {
		b.WriteString("First release.\n\n| table | rows |\n|---|---:|\n")
		for _, t := range tables {
			fmt.Fprintf(&b, "| %s | %d |\n", t.Name, t.Rows)
		}
	} else {
		fmt.Fprintf(&b, "A %s change from %s:\n\n", rep.Change, info.Previous)
		for _, r := range info.Reasons {
			fmt.Fprintf(&b, "- %s\n", r)
		}
		b.WriteString("\n| table | rows | added | removed | changed |\n|---|---:|---:|---:|---:|\n")
		for _, t := range rep.Tables {
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", t.Name, t.NewRows, t.Added, t.Removed, t.Changed)
		}
		if rep.Reparent > 0 || rep.Reshaped > 0 {
			fmt.Fprintf(&b, "\nComments re-parented: %d; threads whose shape changed: %d.\n", rep.Reparent, rep.Reshaped)
		}
		for _, l := range rep.Labels {
			fmt.Fprintf(&b, "\n- labels %s.%s by %s: %d added, %d changed, %d removed", l.Table, l.Label, l.Annotator, l.Added, l.Changed, l.Removed)
		}
		if len(rep.Labels) > 0 {
			b.WriteString("\n")
		}
	}
	old := string(prev)
	old = strings.TrimPrefix(old, "# Changelog\n\n")
	if old != "" {
		b.WriteString("\n" + old)
	}
	return []byte(b.String())
}

// Latest finds the highest published release in dir; nil when none.
func Latest(dir string) (*Info, string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, "", nil
		}
		return nil, "", err
	}
	var best *Version
	var bestName string
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		v, err := ParseVersion(e.Name())
		if err != nil || v.String() != e.Name() {
			continue
		}
		if best == nil || best.Less(v) {
			vv := v
			best, bestName = &vv, e.Name()
		}
	}
	if best == nil {
		return nil, "", nil
	}
	p := filepath.Join(dir, bestName)
	info, err := readInfo(p)
	if err != nil {
		return nil, "", err
	}
	return info, p, nil
}

func readInfo(dir string) (*Info, error) {
	data, err := os.ReadFile(filepath.Join(dir, InfoName))
	if err != nil {
		return nil, fmt.Errorf("%s: not a threadset release: %w", dir, err)
	}
	var info Info
	if err := json.Unmarshal(data, &info); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, InfoName), err)
	}
	return &info, nil
}

// cleanStale removes the temporaries of releases that were interrupted:
// under the lock no other release is being assembled.
func cleanStale(dir string, log io.Writer) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".tmp-") {
			p := filepath.Join(dir, e.Name())
			_ = filepath.WalkDir(p, func(q string, d os.DirEntry, err error) error {
				if err == nil {
					_ = os.Chmod(q, 0o755)
				}
				return nil
			})
			if err := os.RemoveAll(p); err == nil && log != nil {
				fmt.Fprintf(log, "removed %s, left by an interrupted release\n", p)
			}
		}
	}
}
