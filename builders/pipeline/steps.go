package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/compress"
	"github.com/threadset/threadset/builders/scratch"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/dslock"
)

// A build run as separate steps, each a process that may run on another
// machine, sharing a work directory:
//
//	plan        finds the inputs and detects their builders (plan.json)
//	partition   parses the inputs of its index (parsed/NNNNN.json, .pages)
//	bucket      finishes the articles of its index (buckets/I-of-N.jsonl)
//	assemble    writes the dataset from the buckets, as Build does
//
// It is Build's algorithm: Build parses on its workers what partition
// steps parse, and runs each article's task as it is placed where a
// bucket step runs those of its bucket; every step places the articles
// in the same order from the entries the partition steps stored, so the
// dataset is byte for byte Build's, whatever the step counts, the order
// the steps ran in or how often. A step writes each output to a temporary
// name and renames it into place, and skips an output already complete.

// Work directory layout.
const (
	PlanName   = "plan.json"
	parsedDir  = "parsed"
	bucketsDir = "buckets"
	scratchDir = "scratch"
	locksDir   = "locks"
	// chunk is how many consecutive tasks go to one bucket: neighbours
	// often share threads, and read the same page files.
	chunk = 16
)

// planDoc is plan.json.
type planDoc struct {
	Tool string `json:"tool"`
	// Settings are the caller's (the command line's), handed back to
	// every step so that each builds with the same.
	Settings json.RawMessage `json:"settings"`
	// Inputs are the INPUT arguments, absolute.
	Inputs   []string   `json:"inputs"`
	Files    []planFile `json:"files"`
	Sidecars []string   `json:"sidecars,omitempty"`
	// SidecarSums are the SHA-256 of the sidecars as planned: every
	// later step refuses one changed since.
	SidecarSums []string   `json:"sidecar_sha256,omitempty"`
	Notes       []planNote `json:"notes,omitempty"`
}

type planFile struct {
	Rel         string          `json:"rel"`
	Display     string          `json:"display"`
	OSPath      string          `json:"os_path,omitempty"`
	Builder     string          `json:"builder,omitempty"`
	Compression compress.Format `json:"compression,omitempty"`
	// ReadErr, Size and SHA256 are set for a file detection could not
	// read or place: it is reported, not parsed.
	ReadErr string `json:"read_error,omitempty"`
	Size    int64  `json:"size,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	// StatSize and ModTime are the file as planned: a partition step
	// refuses a file changed since.
	StatSize int64 `json:"stat_size,omitempty"`
	ModTime  int64 `json:"mod_time,omitempty"`
}

type planNote struct {
	Display string         `json:"display"`
	Warning schema.Warning `json:"warning"`
}

// parsedDoc is parsed/NNNNN.json: what parse found in input NNNNN, its
// pages being in parsed/NNNNN.pages.
type parsedDoc struct {
	Plan   string `json:"plan"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// PagesSize is the size of parsed/NNNNN.pages: one missing or cut
	// short is parsed again.
	PagesSize int64                `json:"pages_size"`
	Err       *builders.InputError `json:"error,omitempty"`
	Read      builders.Counts      `json:"read"`
	Kept      builders.Counts      `json:"kept"`
	Warnings  []schema.Warning     `json:"warnings,omitempty"`
	Pages     []*entry             `json:"pages,omitempty"`
}

// bucketHead is the first line of a bucket file; a finished task a line
// follows.
type bucketHead struct {
	Plan  string `json:"plan"`
	Index int    `json:"index"`
	Count int    `json:"count"`
}

// bucketEnd is the last line of a bucket file: a file without it was cut
// short and is made again.
type bucketEnd struct {
	End int `json:"end"`
}

type bucketTask struct {
	Warnings []schema.Warning   `json:"warnings,omitempty"`
	Finished *builders.Finished `json:"finished"`
}

// StepError is a step refused: run out of order, on another plan, or
// with an index out of range.
type StepError struct{ Msg string }

func (e *StepError) Error() string { return e.Msg }

// Plan finds the inputs and detects their builders, as Build does first,
// and records them with settings (the caller's, handed back by
// ReadPlan) in work/plan.json. Planning again with the same inputs and
// settings changes nothing; with others, it is refused. It returns the
// number of input files.
func Plan(ctx context.Context, opts Options, work string, settings []byte) (int, error) {
	if len(opts.Inputs) == 0 {
		return 0, &UsageError{"build plan needs at least one INPUT"}
	}
	opts, err := settle(opts)
	if err != nil {
		return 0, err
	}
	if err := checkWork(work, opts.Inputs); err != nil {
		return 0, err
	}
	doc := planDoc{Tool: schema.ToolVersion, Settings: settings}
	for _, in := range opts.Inputs {
		abs, err := filepath.Abs(in)
		if err != nil {
			return 0, &UsageError{fmt.Sprintf("input %s: %v", in, err)}
		}
		doc.Inputs = append(doc.Inputs, abs)
	}
	pr, err := prepare(opts)
	if err != nil {
		return 0, err
	}
	for _, f := range pr.files {
		pf := planFile{Rel: f.rel, Display: f.display, Compression: f.compression}
		if f.osPath != "" {
			if pf.OSPath, err = filepath.Abs(f.osPath); err != nil {
				return 0, err
			}
			if fi, err := os.Stat(f.osPath); err == nil {
				pf.StatSize, pf.ModTime = fi.Size(), fi.ModTime().UnixNano()
			}
		}
		if f.builder != nil {
			pf.Builder = f.builder.Name()
		}
		if f.readErr != nil {
			pf.ReadErr, pf.Size, pf.SHA256 = cannotRead(f.readErr), f.size, f.sha256
		}
		doc.Files = append(doc.Files, pf)
	}
	for _, s := range pr.sidecars {
		abs, err := filepath.Abs(s)
		if err != nil {
			return 0, err
		}
		sum, err := sha256File(abs)
		if err != nil {
			return 0, err
		}
		doc.Sidecars, doc.SidecarSums = append(doc.Sidecars, abs), append(doc.SidecarSums, sum)
	}
	for _, n := range pr.notes {
		doc.Notes = append(doc.Notes, planNote{Display: n.display, Warning: n.warning})
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return 0, err
	}
	data = append(data, '\n')
	path := filepath.Join(work, PlanName)
	if old, err := os.ReadFile(path); err == nil {
		if bytes.Equal(old, data) {
			return len(doc.Files), nil
		}
		return 0, &StepError{fmt.Sprintf("%s was planned with other inputs, settings or threadset version: plan in a new work directory", work)}
	}
	for _, d := range []string{work, filepath.Join(work, parsedDir), filepath.Join(work, bucketsDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return 0, err
		}
	}
	return len(doc.Files), writeDurable(path, data)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkWork refuses a work directory that is not threadset's alone: a
// file, an input or a directory inside or around one, or a directory
// holding anything but what plan itself writes (the user's files, which
// removing the work directory would take with it).
func checkWork(work string, inputs []string) error {
	if strings.TrimSpace(work) == "" {
		return &UsageError{"the work directory is empty: name one with --work DIR"}
	}
	w, err := resolve(work)
	if err != nil {
		return &UsageError{fmt.Sprintf("work directory %s: %v", work, err)}
	}
	for _, in := range inputs {
		i, err := resolve(in)
		if err != nil {
			continue // discovery reports a missing or unreadable INPUT
		}
		switch {
		case w == i:
			return &UsageError{fmt.Sprintf("the work directory %s is the input %s: choose a --work outside the inputs", work, in)}
		case inside(w, i):
			return &UsageError{fmt.Sprintf("the work directory %s is inside the input %s: choose a --work outside the inputs", work, in)}
		case inside(i, w):
			return &UsageError{fmt.Sprintf("the work directory %s contains the input %s: choose a --work outside the inputs", work, in)}
		}
	}
	fi, err := os.Stat(w)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &UsageError{fmt.Sprintf("work directory %s: %v", work, err)}
	}
	if !fi.IsDir() {
		return &UsageError{fmt.Sprintf("the work directory %s is a file, not a directory: name a new or empty directory with --work", work)}
	}
	entries, err := os.ReadDir(w)
	if err != nil {
		return &UsageError{fmt.Sprintf("work directory %s: %v", work, err)}
	}
	for _, e := range entries {
		switch n := e.Name(); {
		case n == PlanName || strings.HasPrefix(n, PlanName+".tmp-"):
		case (n == parsedDir || n == bucketsDir || n == scratchDir || n == locksDir) && e.IsDir():
		default:
			return &UsageError{fmt.Sprintf("the work directory %s holds %s, not threadset's: name a new or empty directory with --work (it is to be removed once the dataset is built)", work, n)}
		}
	}
	return nil
}

// checkOutWork refuses an output directory at, inside or around the work
// directory: removing the one, or replacing the other, would take both.
func checkOutWork(out, work string) error {
	o, err := resolve(out)
	if err != nil {
		return &UsageError{fmt.Sprintf("output %s: %v", out, err)}
	}
	w, err := resolve(work)
	if err != nil {
		return &UsageError{fmt.Sprintf("work directory %s: %v", work, err)}
	}
	switch {
	case o == w:
		return &UsageError{fmt.Sprintf("the output directory %s is the work directory %s: choose an --out outside it", out, work)}
	case inside(o, w):
		return &UsageError{fmt.Sprintf("the output directory %s is inside the work directory %s: choose an --out outside it (the work directory is to be removed)", out, work)}
	case inside(w, o):
		return &UsageError{fmt.Sprintf("the output directory %s contains the work directory %s: choose an --out outside it", out, work)}
	}
	return nil
}

// ReadPlan returns the settings recorded by Plan in work, refusing a
// plan made by another threadset version.
func ReadPlan(work string) ([]byte, error) {
	doc, _, err := readPlan(work)
	if err != nil {
		return nil, err
	}
	return doc.Settings, nil
}

func readPlan(work string) (*planDoc, string, error) {
	path := filepath.Join(work, PlanName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", &StepError{fmt.Sprintf("%s holds no %s: run 'threadset build plan --work %s INPUT...' first", work, PlanName, work)}
	}
	if err != nil {
		return nil, "", err
	}
	var doc planDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	if doc.Tool != schema.ToolVersion {
		return nil, "", &StepError{fmt.Sprintf("%s was planned by threadset %s; this is %s: run every step with one version", work, doc.Tool, schema.ToolVersion)}
	}
	sum := sha256.Sum256(data)
	return &doc, hex.EncodeToString(sum[:]), nil
}

// loadPlan reads the plan back into prepared inputs; opts are those the
// caller made of the plan's settings.
func loadPlan(work string, opts Options) (*prepared, string, Options, error) {
	doc, sum, err := readPlan(work)
	if err != nil {
		return nil, "", opts, err
	}
	opts.Inputs = doc.Inputs
	if opts, err = settle(opts); err != nil {
		return nil, "", opts, err
	}
	for k, sc := range doc.Sidecars {
		if sum, err := sha256File(sc); err != nil || k >= len(doc.SidecarSums) || sum != doc.SidecarSums[k] {
			return nil, "", opts, &StepError{fmt.Sprintf("%s changed since the plan: plan again in a new work directory", sc)}
		}
	}
	pr := &prepared{sidecars: doc.Sidecars, planned: doc.Files}
	for _, pf := range doc.Files {
		var f *file
		if pf.OSPath != "" {
			f = osFile(pf.OSPath, pf.Rel)
		} else {
			rel := pf.Rel
			f = &file{rel: rel, open: func() (io.ReadCloser, error) { return opts.Sample.Open(rel) }}
		}
		f.display, f.compression = pf.Display, pf.Compression
		if pf.Builder != "" {
			if f.builder, err = opts.Registry.Lookup(pf.Builder); err != nil {
				return nil, "", opts, err
			}
		}
		if pf.ReadErr != "" {
			f.readErr, f.size, f.sha256 = errors.New(pf.ReadErr), pf.Size, pf.SHA256
		}
		pr.files = append(pr.files, f)
	}
	for _, n := range doc.Notes {
		pr.notes = append(pr.notes, note{display: n.Display, warning: n.Warning})
	}
	if pr.meta, err = loadMeta(pr.sidecars); err != nil {
		return nil, "", opts, err
	}
	if len(doc.Inputs) == 0 {
		pr.about = opts.SampleAbout
	}
	return pr, sum, opts, nil
}

// checkIndex refuses an index outside [0, count).
func checkIndex(index, count int) error {
	if count < 1 || index < 0 || index >= count {
		return &UsageError{fmt.Sprintf("--index %d --count %d: want 0 <= index < count", index, count)}
	}
	return nil
}

func parsedName(work string, i int) string {
	return filepath.Join(work, parsedDir, fmt.Sprintf("%05d", i))
}

// Partition parses the inputs of index (every count-th from index, in
// plan order) into work/parsed. An input already parsed for this plan is
// skipped. It returns the number of inputs parsed and skipped.
func Partition(ctx context.Context, opts Options, work string, index, count int) (done, skipped int, err error) {
	if err := checkIndex(index, count); err != nil {
		return 0, 0, err
	}
	pr, sum, opts, err := loadPlan(work, opts)
	if err != nil {
		return 0, 0, err
	}
	// Scratch of this index only: what a killed attempt left is removed.
	tmp := filepath.Join(work, scratchDir, fmt.Sprintf("partition-%05d-of-%05d", index, count))
	release, err := lockStep(work, fmt.Sprintf("partition-%05d-of-%05d", index, count), fmt.Sprintf("partition %d of %d", index, count))
	if err != nil {
		return 0, 0, err
	}
	defer release()
	if err := os.RemoveAll(tmp); err != nil {
		return 0, 0, err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return 0, 0, err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	var mine []int
	for i := index; i < len(pr.files); i += count {
		if err := removeStale(parsedName(work, i) + ".json"); err != nil {
			return 0, 0, err
		}
		if d, err := readParsed(work, i, sum); err == nil && d != nil && pagesWhole(work, i, d) {
			skipped++
			continue
		}
		mine = append(mine, i)
	}
	next := make(chan int)
	errs := make([]error, len(mine))
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				i := mine[k]
				errs[k] = partitionFile(pr.files[i], pr.planned[i], opts, pr.meta, work, tmp, i, sum)
			}
		}()
	}
	for k := range mine {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	for _, err := range errs {
		if err != nil {
			return 0, 0, err
		}
	}
	return len(mine), skipped, nil
}

// partitionFile parses input i, its pages going straight to
// parsed/i.pages, and writes parsed/i.json after them.
func partitionFile(f *file, pf planFile, opts Options, md *meta, work, tmp string, i int, plan string) error {
	if pf.OSPath != "" && pf.ReadErr == "" {
		fi, err := os.Stat(pf.OSPath)
		if errors.Is(err, fs.ErrNotExist) {
			return &StepError{fmt.Sprintf("input %s is gone since the plan: put it back, or plan again in a new work directory", pf.Display)}
		}
		if err == nil && (fi.Size() != pf.StatSize || fi.ModTime().UnixNano() != pf.ModTime) {
			return &StepError{fmt.Sprintf("input %s changed since the plan: plan again in a new work directory", pf.Display)}
		}
	}
	name := parsedName(work, i)
	dir, err := os.MkdirTemp(tmp, "input-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	pagesTmp := filepath.Join(dir, "pages")
	pages, err := scratch.NewPages(pagesTmp)
	if err != nil {
		return err
	}
	sp := &spill{dir: dir, pages: pages, whole: f.builder != nil && !f.builder.Joins()}
	res := parse(f, opts.Builder, md, sp)
	serr := pages.Sync()
	if cerr := pages.Close(); serr == nil {
		serr = cerr
	}
	if serr != nil {
		return serr
	}
	pfi, err := os.Stat(pagesTmp)
	if err != nil {
		return err
	}
	doc := parsedDoc{Plan: plan, PagesSize: pfi.Size(), Size: res.size, SHA256: res.sha256, Read: res.read, Kept: res.kept, Warnings: res.warnings, Pages: res.entries}
	if res.err != nil {
		var ie *builders.InputError
		if !errors.As(res.err, &ie) {
			return fmt.Errorf("%s: %w", f.display, res.err)
		}
		doc.Err, doc.Pages = ie, nil
	}
	if err := os.Rename(pagesTmp, name+".pages"); err != nil {
		return err
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return writeDurable(name+".json", data)
}

// pagesWhole reports whether parsed/i.pages is there, as large as when it
// was written.
func pagesWhole(work string, i int, d *parsedDoc) bool {
	fi, err := os.Stat(parsedName(work, i) + ".pages")
	return err == nil && fi.Size() == d.PagesSize
}

// readParsed reads parsed/i.json; nil, nil when it is not there (yet), an
// error when it belongs to another plan.
func readParsed(work string, i int, plan string) (*parsedDoc, error) {
	name := parsedName(work, i) + ".json"
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var d parsedDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, &StepError{fmt.Sprintf("%s is damaged (%v): run its partition step again (it parses again what is damaged or missing)", name, err)}
	}
	if d.Plan != plan {
		return nil, &StepError{fmt.Sprintf("%s belongs to another plan: remove it and run its partition step again", name)}
	}
	return &d, nil
}

// stepRun is what a bucket or assemble step adds to a run: the parsed
// inputs read from the work directory, and the tasks run for a bucket
// (bucket step) or read from the buckets (assemble step).
type stepRun struct {
	r            *run
	work, plan   string
	index, count int
	files        map[*file]int // plan order
	stores       *stores
	seq          int
	// bucket step: where its tasks go.
	out *bufio.Writer
	// assemble step: the buckets, read in turn, and the tasks read of each.
	in    []*bufio.Reader
	names []string
	read  []int
}

// each reads the parse of every file from the work directory, in order.
func (s *stepRun) each(ctx context.Context, files []*file, use func(*file, parsed) error) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		i := s.files[f]
		d, err := readParsed(s.work, i, s.plan)
		if err != nil {
			return err
		}
		if d == nil {
			return &StepError{fmt.Sprintf("input %s (number %d of the plan) is not parsed yet: run every partition step first", f.display, i)}
		}
		if !pagesWhole(s.work, i, d) {
			return &StepError{fmt.Sprintf("%s.pages is missing or cut short: run its partition step again (it parses again what is damaged or missing)", parsedName(s.work, i))}
		}
		res := parsed{size: d.Size, sha256: d.SHA256, read: d.Read, kept: d.Kept, warnings: d.Warnings, entries: d.Pages}
		if d.Err != nil {
			res.err = d.Err
		}
		pages := s.stores.file(parsedName(s.work, i) + ".pages")
		for _, e := range res.entries {
			e.pages = pages
		}
		if res.sha256 != "" {
			f.size, f.sha256 = res.size, res.sha256
		}
		if err := use(f, res); err != nil {
			return err
		}
	}
	return nil
}

// do runs a task of this bucket (bucket step), or writes the article a
// bucket step made of it (assemble step).
func (s *stepRun) do(t *task) error {
	b := (s.seq / chunk) % s.count
	s.seq++
	if s.in == nil {
		if b != s.index {
			return nil
		}
		fin, ws, err := s.r.exec(t)
		if err != nil {
			return err
		}
		data, err := json.Marshal(bucketTask{Warnings: ws, Finished: fin})
		if err != nil {
			return err
		}
		_, err = s.out.Write(append(data, '\n'))
		return err
	}
	line, err := s.in[b].ReadBytes('\n')
	var bt bucketTask
	if err != nil || json.Unmarshal(line, &bt) != nil || bt.Finished == nil {
		return s.damaged(b, fmt.Sprintf("article %d of the bucket is not there or not whole", s.read[b]+1))
	}
	s.read[b]++
	return s.r.add(t.f, bt.Finished, bt.Warnings)
}

// finish checks every bucket was read to its end.
func (s *stepRun) finish() error {
	for b, r := range s.in {
		line, err := r.ReadBytes('\n')
		var end bucketEnd
		if err != nil || json.Unmarshal(line, &end) != nil || end.End != s.read[b] {
			return s.damaged(b, "it holds more articles than the plan places")
		}
		if _, err := r.Peek(1); err != io.EOF {
			return s.damaged(b, "it goes on after its end")
		}
	}
	return nil
}

// damaged is the refusal of assemble to read bucket b: the bucket steps
// write whole files, so it was changed or cut short since.
func (s *stepRun) damaged(b int, what string) error {
	return &StepError{fmt.Sprintf("%s is damaged: %s: remove it and run bucket step %d of %d again", s.names[b], what, b, s.count)}
}

func bucketName(work string, index, count int) string {
	return filepath.Join(work, bucketsDir, fmt.Sprintf("%05d-of-%05d.jsonl", index, count))
}

// Bucket finishes the articles of bucket index of count (every count-th
// run of consecutive tasks in the dataset's order) from the parsed
// inputs, into work/buckets. A bucket already made for this plan is
// kept: it returns the number of articles finished, -1 for a bucket kept.
func Bucket(ctx context.Context, opts Options, work string, index, count int) (int, error) {
	if err := checkIndex(index, count); err != nil {
		return 0, err
	}
	pr, sum, opts, err := loadPlan(work, opts)
	if err != nil {
		return 0, err
	}
	name := bucketName(work, index, count)
	release, err := lockStep(work, fmt.Sprintf("bucket-%05d-of-%05d", index, count), fmt.Sprintf("bucket %d of %d", index, count))
	if err != nil {
		return 0, err
	}
	defer release()
	if complete(name, sum) {
		return -1, nil
	}
	if err := removeStale(name); err != nil {
		return 0, err
	}
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp-*")
	if err != nil {
		return 0, err
	}
	defer func() { _ = os.Remove(f.Name()) }()
	bw := bufio.NewWriterSize(f, 1<<20)
	head, _ := json.Marshal(bucketHead{Plan: sum, Index: index, Count: count})
	_, _ = bw.Write(append(head, '\n'))
	step := &stepRun{work: work, plan: sum, index: index, count: count, files: indexFiles(pr.files), stores: newStores(), out: bw}
	defer step.stores.close()
	r := newRun(opts, pr.meta, len(pr.files))
	r.step, step.r = step, r
	n := 0
	if err := r.build(ctx, pr.files); err != nil {
		_ = f.Close()
		return 0, err
	}
	for s := 0; s < step.seq; s++ {
		if (s/chunk)%count == index {
			n++
		}
	}
	end, _ := json.Marshal(bucketEnd{End: n})
	_, _ = bw.Write(append(end, '\n'))
	err = bw.Flush()
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return 0, err
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return 0, err
	}
	return n, dataset.SyncDir(filepath.Dir(name))
}

// complete reports whether bucket file name is made for plan and whole:
// its last line is its end.
func complete(name, plan string) bool {
	head, err := readBucketHead(name)
	if err != nil || head.Plan != plan {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	const tail = 64
	off := max(fi.Size()-tail, 0)
	buf := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil {
		return false
	}
	buf, ok := bytes.CutSuffix(buf, []byte("\n"))
	if !ok {
		return false
	}
	last := buf[bytes.LastIndexByte(buf, '\n')+1:]
	var end bucketEnd
	return bytes.HasPrefix(last, []byte(`{"end":`)) && json.Unmarshal(last, &end) == nil
}

func readBucketHead(name string) (*bucketHead, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadBytes('\n')
	if err != nil {
		return nil, err
	}
	var h bucketHead
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &h, nil
}

// Assemble writes the dataset at opts.Out from the buckets in work, as
// Build writes it: the same checks of the output, lock, label carry,
// manifest, card and publication.
func Assemble(ctx context.Context, opts Options, work string) (*dataset.Manifest, error) {
	pr, sum, opts, err := loadPlan(work, opts)
	if err != nil {
		return nil, err
	}
	if err := CheckOut(opts.Out, opts.Inputs); err != nil {
		return nil, err
	}
	if err := checkOutWork(opts.Out, work); err != nil {
		return nil, err
	}
	count, err := bucketCount(work, sum)
	if err != nil {
		return nil, err
	}
	step := &stepRun{work: work, plan: sum, count: count, stores: newStores()}
	defer step.stores.close()
	for b := 0; b < count; b++ {
		f, err := os.Open(bucketName(work, b, count))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, 1<<20)
		if _, err := br.ReadBytes('\n'); err != nil { // the head, checked by bucketCount
			return nil, err
		}
		step.in = append(step.in, br)
		step.names = append(step.names, f.Name())
	}
	step.read = make([]int, count)
	step.files = indexFiles(pr.files)
	m, err := assemble(ctx, opts, pr, step)
	if err == nil && opts.Log != nil {
		fmt.Fprintf(opts.Log, "temporary space: the work directory %s holds %s: remove it once the dataset is built\n", work, humanBytes(dirSize(work)))
	}
	return m, err
}

// bucketCount finds the complete set of buckets made for the plan.
func bucketCount(work, plan string) (int, error) {
	names, err := filepath.Glob(filepath.Join(work, bucketsDir, "*-of-*.jsonl"))
	if err != nil {
		return 0, err
	}
	have := map[int]map[int]bool{} // count -> indexes
	for _, n := range names {
		h, err := readBucketHead(n)
		if err != nil || h.Plan != plan || filepath.Base(n) != filepath.Base(bucketName(work, h.Index, h.Count)) || !complete(n, plan) {
			continue
		}
		if have[h.Count] == nil {
			have[h.Count] = map[int]bool{}
		}
		have[h.Count][h.Index] = true
	}
	var counts []int
	for c := range have {
		counts = append(counts, c)
	}
	sort.Ints(counts)
	for _, c := range counts {
		if len(have[c]) == c {
			return c, nil
		}
	}
	if len(counts) == 0 {
		return 0, &StepError{fmt.Sprintf("%s holds no bucket made for its plan: run the bucket steps first", work)}
	}
	c := counts[len(counts)-1]
	var missing []string
	for i := 0; i < c && len(missing) < 10; i++ {
		if !have[c][i] {
			missing = append(missing, fmt.Sprint(i))
		}
	}
	return 0, &StepError{fmt.Sprintf("%s: buckets missing for --count %d: index %s: run them first", work, c, strings.Join(missing, ", "))}
}

func indexFiles(files []*file) map[*file]int {
	m := make(map[*file]int, len(files))
	for i, f := range files {
		m[f] = i
	}
	return m
}

// stores opens the page files of the parsed inputs as they are read, and
// keeps at most maxOpen open: a build may have many thousand inputs.
type stores struct {
	open map[string]*scratch.Pages
	lru  []string
}

const maxOpen = 64

func newStores() *stores { return &stores{open: map[string]*scratch.Pages{}} }

type storeFile struct {
	s    *stores
	path string
}

func (s *stores) file(path string) pageStore { return &storeFile{s: s, path: path} }

func (f *storeFile) Get(ref scratch.Ref) (*builders.Page, error) {
	p, err := f.s.get(f.path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	page, err := p.Get(ref)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	return page, nil
}

func (s *stores) get(path string) (*scratch.Pages, error) {
	if p, ok := s.open[path]; ok {
		return p, nil
	}
	if len(s.lru) >= maxOpen {
		old := s.lru[0]
		s.lru = s.lru[1:]
		_ = s.open[old].Close()
		delete(s.open, old)
	}
	p, err := scratch.OpenPages(path)
	if err != nil {
		return nil, err
	}
	s.open[path] = p
	s.lru = append(s.lru, path)
	return p, nil
}

func (s *stores) close() {
	for _, p := range s.open {
		_ = p.Close()
	}
}

// lockStep takes the lock of step name (in work/locks: lock files are
// never removed, see dslock), so that a step started twice (a job array's task run again while the
// first attempt still runs) does not remove the temporaries of the other:
// the second is refused. On a file system without flock the step runs
// unlocked.
func lockStep(work, name, what string) (release func(), err error) {
	l, ok, err := dslock.TryAcquire(filepath.Join(work, locksDir, name))
	if err != nil {
		return func() {}, nil
	}
	if !ok {
		return nil, &StepError{fmt.Sprintf("%s is running already in another process: let it finish, or end it and run the step again", what)}
	}
	return func() { _ = l.Release() }, nil
}

// removeStale removes the temporary files a killed attempt of a step left
// for path (path.tmp-*): a step's outputs are its own, so nothing else
// writes them.
func removeStale(path string) error {
	stale, err := filepath.Glob(path + ".tmp-*")
	if err != nil {
		return err
	}
	for _, s := range stale {
		if err := os.Remove(s); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// writeDurable writes data to path by a temporary file renamed into
// place: a retried step replaces what an earlier attempt wrote whole.
func writeDurable(path string, data []byte) error {
	tmp := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	_ = os.Remove(tmp) // left by a killed attempt with this process ID
	if err := dataset.WriteFileSync(tmp, data); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return dataset.SyncDir(filepath.Dir(path))
}
