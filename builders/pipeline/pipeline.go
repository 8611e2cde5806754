// Package pipeline runs builders over a build's inputs and writes the
// dataset: it finds the input files, fixes their order, parses them in
// parallel, joins comment threads to their articles, finishes each page
// into rows and streams the rows, in that fixed order, into a
// schema/dataset Writer.
//
// Memory: inputs whose builder does not join across files (text pages,
// WordPress exports) are streamed — a few pages per worker are in memory
// at once. Inputs whose threads may belong to articles in other files
// (Disqus exports, WordPress REST JSON, Reddit) are read first; their
// pages wait on disk (see spill) with one index entry each in memory.
package pipeline

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/compress"
	"github.com/threadset/threadset/builders/scratch"
	"github.com/threadset/threadset/builders/textnorm"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/labels"
	"github.com/threadset/threadset/schema/metadata"
)

// Options are the settings of a build.
type Options struct {
	// Inputs are files and directories. When empty, Sample is built.
	Inputs []string
	Sample fs.FS
	// SampleAbout describes the sample corpus for the card.
	SampleAbout string
	// SampleMetadata describes the sample corpus.
	SampleMetadata *metadata.Metadata
	// Metadata describes the dataset; nil means the metadata file at the top
	// of a directory INPUT (metadata.FileName), else that of LabelsFrom.
	Metadata *metadata.Metadata

	Registry *builders.Registry
	// Format forces one builder for every input; empty detects by content.
	Format string
	// Workers is the number of inputs parsed at once; 0 means all cores.
	Workers int
	// Strict fails the build on the first bad input instead of skipping it.
	Strict bool
	// Builder holds settings passed to every builder, among them the
	// read-time filter.
	Builder builders.Options
	// FilterInfo describes Builder.Filter for the manifest and the card;
	// the build fills in what was read and kept.
	FilterInfo *dataset.Filter
	// LabelSet fixes the label columns; nil means the default set, or the
	// set of LabelsFrom.
	LabelSet *schema.LabelSet
	// LabelsFrom is an earlier build whose annotations are carried over.
	LabelsFrom string

	Out   string
	Force bool
	// Lock says how to wait for the lock on Out, held from before the
	// output is created to its publication, and where recovery notes go.
	Lock dataset.LockOptions

	// Progress, when set, is called after each input is written.
	Progress func(done, total int, bytes int64)
	// Log, when set, receives one line per skipped input, and per input
	// and kind of warning the first LoggedPerKind warnings, then a count of
	// the others (every one is in the manifest).
	Log io.Writer
}

// LoggedPerKind is how many warnings of one kind from one input are
// logged one by one; a monthly dump can hold hundreds of thousands.
const LoggedPerKind = 3

// Build runs a build and returns its manifest. It is the build of
// steps.go run in one process: the inputs are parsed on the workers
// rather than by partition steps, and each task runs as it is placed
// rather than in a bucket step.
func Build(ctx context.Context, opts Options) (*dataset.Manifest, error) {
	if err := CheckOut(opts.Out, opts.Inputs); err != nil {
		return nil, err
	}
	opts, err := settle(opts)
	if err != nil {
		return nil, err
	}
	pr, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	if testHookBeforeParse != nil {
		testHookBeforeParse()
	}
	return assemble(ctx, opts, pr, nil)
}

// settle checks the settings and fills in the defaults.
func settle(opts Options) (Options, error) {
	if opts.Format != "" {
		if _, err := opts.Registry.Lookup(opts.Format); err != nil {
			return opts, &UsageError{err.Error()}
		}
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.FilterInfo != nil {
		fi := *opts.FilterInfo // counted here, never in the caller's
		opts.FilterInfo = &fi
	}
	return opts, nil
}

// prepared is a build's inputs, found, detected and in build order, with
// their sidecar metadata.
type prepared struct {
	files    []*file
	sidecars []string
	meta     *meta
	notes    []note
	about    string
	// planned are the files as a plan recorded them (steps only).
	planned []planFile
}

// prepare finds the inputs and detects their builders.
func prepare(opts Options) (*prepared, error) {
	var forced builders.Builder
	if opts.Format != "" {
		forced, _ = opts.Registry.Lookup(opts.Format) // checked by settle
	}
	pr := &prepared{}
	var err error
	if len(opts.Inputs) == 0 {
		pr.files, err = fsFiles(opts.Sample, opts.Registry)
		pr.about = opts.SampleAbout
	} else {
		pr.files, pr.sidecars, pr.notes, err = discover(opts.Inputs, opts.Registry)
	}
	if err != nil {
		return nil, err
	}
	if pr.meta, err = loadMeta(pr.sidecars); err != nil {
		return nil, err
	}
	if _, err := datasetMetadata(opts); err != nil {
		return nil, err
	}
	detectAll(pr.files, opts.Workers, opts.Registry, forced)
	sortFiles(pr.files)
	return pr, nil
}

// assemble writes the dataset from the prepared inputs: parsing them, or
// in an assemble step (step set) reading what the partition and bucket
// steps made of them.
func assemble(ctx context.Context, opts Options, pr *prepared, step *stepRun) (*dataset.Manifest, error) {
	files, md, notes, about := pr.files, pr.meta, pr.notes, pr.about
	dmd, err := datasetMetadata(opts)
	if err != nil {
		return nil, err
	}

	// Refuse an existing output before taking the lock, which leaves a
	// lock file beside it; Create checks again under the lock. The lock is
	// taken before --labels-from is read: OLD may be the output itself.
	if err := dataset.CheckTarget(opts.Out, opts.Force); err != nil {
		// Refused, but still the next command on Out: repair what a dead
		// one left there (nothing is created when nothing was left).
		if rerr := dataset.RecoverForReading(ctx, opts.Out, opts.Lock); rerr != nil {
			return nil, rerr
		}
		return nil, targetError(err)
	}
	lock, err := dataset.Lock(ctx, opts.Out, opts.Lock)
	if err != nil {
		return nil, err
	}
	defer func() { _ = lock.Release() }()

	ls := opts.LabelSet
	var carry *labels.Carry
	if opts.LabelsFrom != "" {
		if ls == nil {
			old, err := dataset.ReadManifest(opts.LabelsFrom)
			if err != nil {
				return nil, &UsageError{"--labels-from: " + err.Error()}
			}
			ls = old.Labels()
		}
		if carry, err = labels.LoadCarry(opts.LabelsFrom, ls); err != nil {
			return nil, fmt.Errorf("--labels-from %s: %w", opts.LabelsFrom, err)
		}
	}

	w, err := dataset.Create(opts.Out, dataset.CreateOptions{Force: opts.Force, LabelSet: ls, Log: opts.Lock.Log})
	if err != nil {
		return nil, targetError(err)
	}
	r := newRun(opts, md, len(files))
	r.w, r.dmd, r.carry, r.step = w, dmd, carry, step
	if step != nil {
		step.r = r
	}
	for _, n := range notes {
		r.note(n.display, n.warning)
	}
	if err := r.build(ctx, files); err != nil {
		w.Abort()
		return nil, err
	}
	if step != nil {
		if err := step.finish(); err != nil {
			w.Abort()
			return nil, err
		}
	}
	r.logSummary()
	if r.opts.Log != nil && r.scratchPeak > 0 {
		fmt.Fprintf(r.opts.Log, "temporary space: at most about %s on disk beside the output, removed (the pages of inputs that join across files)\n", humanBytes(r.scratchPeak))
	}
	if w.Articles() == 0 {
		w.Abort()
		if opts.Builder.Filter.Active() {
			return nil, &UsageError{fmt.Sprintf("no articles were built: the filter (%s) kept none of the %d articles and threads read", opts.FilterInfo.Describe(), opts.FilterInfo.Read.Articles)}
		}
		return nil, &UsageError{r.nothingBuilt(files)}
	}
	for _, f := range files {
		w.AddInput(*r.entries[f])
	}
	if opts.FilterInfo != nil {
		w.SetFilter(opts.FilterInfo)
	}
	if carry == nil {
		m, err := w.Commit(r.cardInfo(about))
		return m, targetError(err)
	}
	res := carry.Finish()
	w.SetAnnotations(res.Direct, res.Orphans, carry.Imports)
	if len(res.Orphans) > 0 {
		// No path here: the output must not depend on where OLD is.
		w.AddWarning(schema.Warning{Input: "--labels-from", Kind: schema.WarnOrphanedLabels,
			Message: fmt.Sprintf("%d annotation(s) have no item in this build; they are kept in orphaned_annotations", len(res.Orphans))})
	}
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, "labels from %s: %d kept by ID, %d re-matched by unchanged text, %d orphaned (see orphaned_annotations)\n",
			opts.LabelsFrom, len(res.Direct), len(res.Rematched), len(res.Orphans))
	}
	if len(res.Rematched) == 0 {
		m, err := w.Commit(r.cardInfo(about))
		return m, targetError(err)
	}
	// Re-matched labels belong to items already written: their label
	// columns are filled in a second version, still in a temporary
	// directory; only that one is published.
	rw, err := w.CommitRelabelled(r.cardInfo(about), dataset.RewriteOptions{
		Annotations: append(res.Direct, res.Rematched...), Orphans: res.Orphans, Imports: carry.Imports})
	if err != nil {
		return nil, targetError(err)
	}
	return rw.Manifest, nil
}

func targetError(err error) error {
	if errors.Is(err, dataset.ErrExists) || errors.Is(err, dataset.ErrRefused) {
		return &UsageError{err.Error()}
	}
	return err
}

func newRun(opts Options, md *meta, total int) *run {
	return &run{opts: opts, meta: md, total: total,
		seen: map[string]string{}, used: map[string]builders.Builder{},
		entries: map[*file]*dataset.Input{}, threadsByKey: map[string][]*heldPage{}, articleKeys: map[string]int{}}
}

// nothingBuilt says why a build wrote no article. With messages on (Log)
// it points at them; without, it says itself what went wrong with the
// first inputs.
func (r *run) nothingBuilt(files []*file) string {
	const msg = "no articles were built: every input was skipped"
	if r.opts.Log != nil {
		return msg + " (see the messages above)"
	}
	var skipped []string
	for _, f := range files {
		e := r.entries[f]
		if e == nil || e.Skipped == "" {
			continue
		}
		detail := e.Skipped
		if e.Builder != "" && !strings.HasPrefix(detail, "same bytes") {
			detail = e.Builder + ": " + detail
		}
		skipped = append(skipped, f.display+": "+detail)
	}
	var b strings.Builder
	b.WriteString(msg + ":")
	for i, s := range skipped {
		if i == 5 {
			fmt.Fprintf(&b, "\n  ... and %d more (run without --quiet to see every one)", len(skipped)-i)
			break
		}
		b.WriteString("\n  " + s)
	}
	return b.String()
}

// detectAll detects the files' builders on the workers, from their first
// bytes: which inputs are held until the end depends on it.
func detectAll(files []*file, workers int, reg *builders.Registry, forced builders.Builder) {
	next := make(chan *file)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				f.detect(reg, forced)
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
}

type run struct {
	opts    Options
	w       *dataset.Writer // nil in a bucket step, which writes no dataset
	meta    *meta
	dmd     *metadata.Metadata
	seen    map[string]string // input SHA-256 -> first path with those bytes
	used    map[string]builders.Builder
	entries map[*file]*dataset.Input
	total   int
	done    int
	bytes   int64

	held         []*heldPage
	threadsByKey map[string][]*heldPage
	spill        *spill
	carry        *labels.Carry
	// articleKeys counts the default article keys used (see articleKey).
	articleKeys map[string]int
	// logged counts the warnings noted per input and kind.
	logged map[[2]string]int
	// step, in a build run as separate steps (see steps.go), reads the
	// parsed inputs from the work directory and runs or replays the tasks
	// of its buckets; nil in a one-command build.
	step *stepRun
	// scratchPeak is the most temporary space the held pages took.
	scratchPeak int64
}

// heldPage is a page from a joining input, kept on disk until every input
// is read; memory holds only this entry.
type heldPage struct {
	f      *file
	e      *entry
	joined bool // a thread already attached to an article
}

// entry is a page of an input as the build order sees it: what placing it
// needs (its join keys, what its article key is made of), and where the
// page is: in memory, or on disk. A partition step stores the entries of
// its inputs; every later step places the pages from them alone.
type entry struct {
	Ref      scratch.Ref `json:"ref"`
	Thread   bool        `json:"thread,omitempty"`
	JoinKeys []string    `json:"join_keys,omitempty"`
	// OwnKey says the builder gave the page an ID key; else URL, Title and
	// Source make its article key (see articleKey).
	OwnKey bool    `json:"own_key,omitempty"`
	URL    *string `json:"url,omitempty"`
	Title  string  `json:"title,omitempty"`
	Source string  `json:"source,omitempty"`

	page  *builders.Page // in memory, until loaded once
	pages pageStore      // on disk, at Ref
}

// pageStore reads pages kept on disk back.
type pageStore interface {
	Get(scratch.Ref) (*builders.Page, error)
}

func newEntry(p *builders.Page) *entry {
	return &entry{Thread: p.Thread, JoinKeys: p.JoinKeys, OwnKey: len(p.IDKey) > 0, URL: p.URL, Title: p.Title, Source: p.Source.Name}
}

// load reads an entry's page: once, since joining changes it.
func (r *run) load(e *entry) (*builders.Page, error) {
	if p := e.page; p != nil {
		e.page = nil
		return p, nil
	}
	if e.pages == nil {
		return nil, errors.New("internal error: a page was read twice")
	}
	return e.pages.Get(e.Ref)
}

type parsed struct {
	err error
	// read and kept count the records before and after the filter.
	read, kept builders.Counts
	// warnings are those of every page, in order.
	warnings []schema.Warning
	// entries are the pages with rows, in input order: in memory, or kept
	// on disk as they were emitted (see parse) for a joining input.
	entries []*entry
	// size and sha256 describe the bytes parsed; empty when the file could
	// not be opened.
	size   int64
	sha256 string
}

type job struct {
	f    *file
	done chan parsed
}

// build reads the joining inputs first (their threads must be known before
// any article is written), then streams the others, then writes what was
// held.
func (r *run) build(ctx context.Context, files []*file) error {
	var held, streamed []*file
	for _, f := range files {
		if f.builder != nil && f.builder.Joins() {
			held = append(held, f)
		} else {
			streamed = append(streamed, f)
		}
	}
	if len(held) > 0 && r.step == nil {
		sp, err := newSpill(r.w.TempDir())
		if err != nil {
			return err
		}
		r.spill = sp
		defer func() {
			if r.spill != nil {
				_ = r.spill.remove() // a failed build: Abort removes the rest
			}
		}()
	}
	stop := r.sampleScratch()
	err := r.each(ctx, held, r.hold)
	stop()
	if err != nil {
		return err
	}
	if r.spill != nil {
		if err := r.spill.done(); err != nil {
			return err
		}
	}
	if err := r.each(ctx, streamed, r.stream); err != nil {
		return err
	}
	if err := r.writeHeld(); err != nil {
		return err
	}
	if sp := r.spill; sp != nil {
		// Gone before Commit, which publishes the temporary directory.
		r.spill = nil
		return sp.remove()
	}
	return nil
}

// each hands the parse of every file, in file order, to use: parsed on
// the workers, or read from the work directory in a step.
func (r *run) each(ctx context.Context, files []*file, use func(*file, parsed) error) error {
	if r.step != nil {
		return r.step.each(ctx, files, use)
	}
	return r.parseAll(ctx, files, use)
}

// parseAll parses files on the workers and hands each result, in file
// order, to use.
func (r *run) parseAll(ctx context.Context, files []*file, use func(*file, parsed) error) error {
	workers := r.opts.Workers
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan *job)
	queue := make(chan *job, 2*workers) // bounds the pages held in memory
	go func() {
		defer close(queue)
		defer close(jobs)
		for _, f := range files {
			j := &job{f: f, done: make(chan parsed, 1)}
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	for i := 0; i < workers; i++ {
		go func() {
			for j := range jobs {
				var sp *spill
				if j.f.builder != nil && j.f.builder.Joins() {
					sp = r.spill
				}
				j.done <- parse(j.f, r.opts.Builder, r.meta, sp)
			}
		}()
	}
	for j := range queue {
		var res parsed
		select {
		case res = <-j.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if res.sha256 != "" {
			j.f.size, j.f.sha256 = res.size, res.sha256
		}
		if err := use(j.f, res); err != nil {
			return err
		}
		r.done++
		r.bytes += j.f.size
		if r.opts.Progress != nil {
			r.opts.Progress(r.done, r.total, r.bytes)
		}
	}
	return ctx.Err()
}

// parse runs a file's builder. It runs on a worker. The builder reads the
// file through a hashedReader, and the rest of the file is hashed after
// it returns: the file is read once, and its checksum is that of the bytes
// its rows come from.
//
// Each page gets the sidecar metadata and goes through the filter as the
// builder emits it. With sp, the pages (of a joining input) then go to
// disk, so that a file's pages are never all in memory; without, they are
// returned.
func parse(f *file, opts builders.Options, md *meta, sp *spill) parsed {
	if f.readErr != nil {
		name := ""
		if f.builder != nil {
			name = f.builder.Name()
		}
		return parsed{err: &builders.InputError{Builder: name, Path: f.rel, Msg: cannotRead(f.readErr)}}
	}
	var (
		hr  *hashedReader
		dec io.ReadCloser // the decompressor over hr, for a compressed file
	)
	open := func() (io.ReadCloser, error) {
		if hr != nil {
			// A second reader (to quote a line in an error message)
			// reads the file again; the parse used the first.
			return f.openDecompressed()
		}
		rc, err := f.open()
		if err != nil {
			return nil, err
		}
		hr = &hashedReader{rc: rc, hash: sha256.New()}
		if f.compression == compress.None {
			return hr, nil
		}
		if dec, err = compress.NewReader(f.compression, hr); err != nil {
			return nil, err
		}
		// The builder's Close does nothing: the pipeline decompresses
		// what the builder left, then closes the decompressor itself.
		return struct {
			io.Reader
			io.Closer
		}{dec, io.NopCloser(nil)}, nil
	}
	// Builders read UTF-8: a byte-order mark is dropped and UTF-16/32 decoded here, once for all.
	in := builders.Input{Path: f.rel, Open: builders.Decoded(open), Options: opts}
	if sp != nil && !testHookNoScratch {
		in.TempDir = sp.dir
	}
	var res parsed
	filter := opts.Filter
	if filter.Active() {
		in.Dropped = &builders.Counts{}
	}
	keep := func(p *builders.Page) error {
		res.warnings = append(res.warnings, p.Warnings...)
		if p.OnlyWarnings {
			return nil
		}
		e := newEntry(p)
		if sp == nil {
			e.page = p
		} else {
			ref, err := sp.put(p)
			if err != nil {
				return err
			}
			e.Ref, e.pages = ref, sp.pages
		}
		res.entries = append(res.entries, e)
		return nil
	}
	err := f.builder.Build(in, func(p *builders.Page) error {
		if p.OnlyWarnings {
			return keep(p)
		}
		// The sidecar metadata first: the filter and the join index see
		// what it says of the page.
		md.apply(p, f.osPath)
		if opts.SkipCommentLanguage {
			for i := range p.Comments {
				p.Comments[i].Language = builders.UndeterminedLanguage
			}
		}
		builders.DetectLanguages(p) // here, on the workers: it costs about 0.2 ms a text
		if !filter.Active() {
			return keep(p)
		}
		// Filtered as emitted: what the filter leaves out is never held.
		res.read.Articles++
		res.read.Comments += int64(len(p.Comments))
		if filter.Apply(p) {
			res.kept.Articles++
			res.kept.Comments += int64(len(p.Comments))
			return keep(p)
		}
		return nil
	})
	if in.Dropped != nil {
		res.read.Articles += in.Dropped.Articles
		res.read.Comments += in.Dropped.Comments
	}
	if hr == nil {
		// The builder read nothing: hash the file all the same.
		if _, oerr := open(); oerr != nil {
			if err == nil {
				err = &builders.InputError{Builder: f.builder.Name(), Path: f.rel, Msg: cannotRead(oerr)}
			}
			if hr == nil {
				return parsed{err: err}
			}
		}
	}
	if dec != nil {
		// Decompress what the builder left unread, so that a corrupt or
		// truncated end is found, and report the stream's error rather
		// than what the builder made of it: a builder that stops at a
		// read error must not leave a partial page.
		_, _ = io.Copy(io.Discard, dec)
		_ = dec.Close()
		if derr := compress.Err(dec); derr != nil {
			err = &builders.InputError{Builder: f.builder.Name(), Path: f.rel, Msg: derr.Error()}
		}
	}
	var ie *builders.InputError
	if f.compression != compress.None && errors.As(err, &ie) {
		ie.Decompressed = true
	}
	size, sum, rerr := hr.finish()
	switch {
	case err != nil:
		return parsed{err: err, size: size, sha256: sum}
	case rerr != nil:
		return parsed{err: &builders.InputError{Builder: f.builder.Name(), Path: f.rel, Msg: cannotRead(rerr)}, size: size, sha256: sum}
	}
	res.size, res.sha256 = size, sum
	return res
}

func cannotRead(err error) string {
	if err == errEmpty {
		return err.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return "cannot read: " + pe.Err.Error()
	}
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return "cannot read: " + err.Error()
	}
	return err.Error()
}

// accept records a file in the manifest and reports whether its pages are
// to be used: not when it failed (skipped, or fatal with --strict) or
// repeats an earlier input's bytes.
func (r *run) accept(f *file, res parsed) (bool, error) {
	name := ""
	if f.builder != nil {
		name = f.builder.Name()
	}
	entry := &dataset.Input{Path: f.rel, SHA256: f.sha256, Bytes: f.size, Builder: name}
	r.entries[f] = entry
	if res.err != nil {
		var ie *builders.InputError
		if !errors.As(res.err, &ie) {
			return false, fmt.Errorf("%s: %w", f.display, res.err)
		}
		if r.opts.Strict {
			return false, &InputFailure{Display: f.display, Err: ie}
		}
		entry.Skipped = ie.Detail()
		msg := ie.Detail()
		if ie.Builder != "" {
			msg = ie.Builder + ": " + msg
		}
		wn := schema.Warning{Input: f.rel, Line: ie.Line, Kind: schema.WarnSkippedInput, Message: msg}
		if ie.Place(f.rel) != f.rel {
			// The line counts in the decompressed stream: the log names
			// the file so, the manifest's warning (whose Input is the
			// file as stored) says it in its message.
			wn.Message = msg + " (line counted in the decompressed stream)"
			r.w.AddWarning(wn)
			if r.opts.Log != nil {
				fmt.Fprintf(r.opts.Log, "skipped: %s: %s\n", ie.Place(f.display), msg)
			}
			return false, nil
		}
		r.warn(f, wn)
		return false, nil
	}
	if first, dup := r.seen[f.sha256]; dup {
		entry.Skipped = "same bytes as " + first
		r.warn(f, schema.Warning{Input: f.rel, Kind: schema.WarnDuplicate, Message: "same bytes as " + first + "; built once"})
		return false, nil
	}
	r.seen[f.sha256] = f.rel
	r.used[f.builder.Name()] = f.builder
	if r.w != nil {
		r.w.AddBuilder(f.builder.Name(), f.builder.Version())
	}
	for _, wn := range res.warnings {
		wn.Input = f.rel
		r.warn(f, wn)
	}
	return true, nil
}

// hold indexes the threads of a joining input, whose pages parse kept on
// disk.
func (r *run) hold(f *file, res parsed) error {
	ok, err := r.accept(f, res)
	if !ok || err != nil {
		return err
	}
	r.countFiltered(res)
	for _, e := range res.entries {
		h := &heldPage{f: f, e: e}
		r.held = append(r.held, h)
		if e.Thread {
			for _, k := range e.JoinKeys {
				r.threadsByKey[k] = append(r.threadsByKey[k], h)
			}
		}
	}
	return nil
}

// stream writes a streamed input's pages, with any held thread that
// belongs to them.
func (r *run) stream(f *file, res parsed) error {
	ok, err := r.accept(f, res)
	if !ok || err != nil {
		return err
	}
	r.countFiltered(res)
	for _, e := range res.entries {
		if err := r.do(r.place(f, e, nil)); err != nil {
			return err
		}
	}
	return nil
}

// countFiltered adds an accepted file's counts to the filter's.
func (r *run) countFiltered(res parsed) {
	if fi := r.opts.FilterInfo; fi != nil {
		fi.Read.Articles += res.read.Articles
		fi.Read.Comments += res.read.Comments
		fi.Kept.Articles += res.kept.Articles
		fi.Kept.Comments += res.kept.Comments
	}
}

// writeHeld writes the held articles, then the threads no article took,
// each merged with the other unmatched threads of the same article (a
// post's comments saved in several result pages).
func (r *run) writeHeld() error {
	for _, h := range r.held {
		if !h.e.Thread {
			if err := r.do(r.place(h.f, h.e, nil)); err != nil {
				return err
			}
		}
	}
	for _, h := range r.held {
		if !h.e.Thread || h.joined {
			continue
		}
		h.joined = true
		if err := r.do(r.place(h.f, h.e, h)); err != nil {
			return err
		}
	}
	return nil
}

// task is one article of the dataset, placed: the page, the held threads
// whose comments go under it, and its ID key. Tasks are made in the
// dataset's order from what the entries say, without reading a page;
// running one (see exec) reads the pages and finishes the rows.
type task struct {
	f *file
	e *entry
	// self is set for a thread no article took, written as its own.
	self    *heldPage
	threads []*heldPage
	idKey   []string // nil: the page's own
}

// place makes the task of a page: every unjoined held thread sharing a
// join key with it, in input order, and its article key.
func (r *run) place(f *file, e *entry, self *heldPage) *task {
	t := &task{f: f, e: e, self: self}
	for _, k := range e.JoinKeys {
		for _, h := range r.threadsByKey[k] {
			if h.joined || h == self {
				continue
			}
			h.joined = true
			t.threads = append(t.threads, h)
		}
	}
	if !e.OwnKey {
		t.idKey = r.articleKey(f, e)
	}
	return t
}

// do runs a task and writes its article; a step may run it for a later
// one, or write what an earlier step made of it.
func (r *run) do(t *task) error {
	if r.step != nil {
		return r.step.do(t)
	}
	fin, ws, err := r.exec(t)
	if err != nil {
		return err
	}
	return r.add(t.f, fin, ws)
}

// exec reads a task's pages, moves the threads' comments under the page
// and finishes it into rows. It changes nothing in r but the pages it
// reads: what it finds is in the warnings it returns.
func (r *run) exec(t *task) (*builders.Finished, []schema.Warning, error) {
	p, err := r.load(t.e)
	if err != nil {
		return nil, nil, err
	}
	var ws []schema.Warning
	// For an article the first thread replaces the comments its own input
	// showed flattened, with a warning; further threads (more pages of
	// results) are appended.
	replace := t.self == nil
	for _, h := range t.threads {
		tp, err := r.load(h.e)
		if err != nil {
			return nil, nil, err
		}
		ws = join(t.f, p, h.f, tp, replace, ws)
		replace = false
	}
	if t.self != nil {
		ws = append(ws, schema.Warning{Input: t.f.rel, Kind: schema.WarnUnmatchedThread,
			Message: fmt.Sprintf("thread %s matched no article in the inputs; it is its own article", threadName(p))})
		if p.Stub {
			p.Anomalies = append(p.Anomalies, builders.PageAnomaly{Comment: -1, Kind: schema.AnomalyArticleMissing,
				Detail: fmt.Sprintf("the article of thread %s is not in the inputs; this stub holds its comments", threadName(p))})
		}
	}
	if t.idKey != nil {
		p.IDKey = t.idKey
	}
	fin, err := builders.Finish(p, builders.Input{Path: t.f.rel, SHA256: t.f.sha256, Size: t.f.size}, t.f.builder)
	if err != nil {
		return nil, nil, err
	}
	return fin, ws, nil
}

func threadName(p *builders.Page) string {
	switch {
	case p.URL != nil:
		return *p.URL
	case p.NativeID != "":
		return p.NativeID
	}
	return fmt.Sprintf("%q", p.Title)
}

// join adds a thread's comments to p: replacing p's comments or after them.
func join(f *file, p *builders.Page, tf *file, tp *builders.Page, replace bool, ws []schema.Warning) []schema.Warning {
	offset := len(p.Comments)
	if replace {
		if offset > 0 {
			ws = append(ws, schema.Warning{Input: f.rel, Kind: schema.WarnThreadReplaced,
				Message: fmt.Sprintf("the page's %d comments were replaced by the %d comments of the thread in %s, which shows their reply structure", offset, len(tp.Comments), tf.rel)})
		}
		var kept []builders.PageAnomaly
		for _, a := range p.Anomalies {
			if a.Comment < 0 {
				kept = append(kept, a)
			}
		}
		p.Anomalies, p.Comments, offset = kept, nil, 0
		p.ReplyStructure = tp.ReplyStructure
		p.CommentRule, p.CommentEvidence = tp.CommentRule, tp.CommentEvidence
	}
	// The thread's rows keep naming the thread's input.
	for _, c := range tp.Comments {
		if c.Input == "" {
			c.Input = tf.rel
		}
		p.Comments = append(p.Comments, c)
	}
	for _, a := range tp.Anomalies {
		if a.Comment >= 0 {
			a.Comment += offset
		}
		if a.Input == "" {
			a.Input = tf.rel
		}
		p.Anomalies = append(p.Anomalies, a)
	}
	if len(p.Categories) == 0 {
		p.Categories = tp.Categories
	}
	for id, why := range tp.LeftOut {
		if p.LeftOut == nil {
			p.LeftOut = map[string]string{}
		}
		if _, ok := p.LeftOut[id]; !ok {
			p.LeftOut[id] = why
		}
	}
	return ws
}

// articleKey is the ID key of a page whose builder gives none (a text or
// HTML page): its canonical URL, else its source and headline, so that a
// re-scrape of the page (other whitespace, new or removed comments, another
// file name) keeps its ID. A second page with the same key in one build
// (a repost) is numbered in input order.
func (r *run) articleKey(f *file, e *entry) []string {
	key := []string{f.builder.Name()}
	title := strings.Join(strings.Fields(e.Title), " ")
	if e.URL != nil {
		if u, ok := builders.CanonicalURL(*e.URL); ok {
			key = append(key, "url", u)
		}
	}
	switch {
	case len(key) > 1:
	case title != "":
		src := strings.ToLower(strings.TrimSpace(e.Source))
		if src == "" {
			src = builders.UnknownSource
		}
		key = append(key, "title", src, title)
	default:
		return []string{f.builder.Name(), f.sha256}
	}
	k := strings.Join(key, "\x00")
	n := r.articleKeys[k]
	r.articleKeys[k] = n + 1
	if n > 0 {
		key = append(key, strconv.Itoa(n))
	}
	return key
}

// add writes a finished article with the warnings its task found.
func (r *run) add(f *file, fin *builders.Finished, ws []schema.Warning) error {
	for _, w := range ws {
		r.warn(f, w)
	}
	if r.carry != nil {
		a := &fin.Article
		a.Labels = r.carry.Item("articles", a.ArticleID, labels.ContentKey("articles", a.Title, a.Body))
		for i := range fin.Comments {
			c := &fin.Comments[i]
			author, text := "", ""
			if c.Author != nil {
				author = *c.Author
			}
			if c.Text != nil {
				text = *c.Text
			}
			c.Labels = r.carry.Item("comments", c.CommentID, labels.ContentKey("comments", author, text))
		}
	}
	if err := r.w.AddArticle(&fin.Article, fin.Comments, fin.Source, fin.Anomalies); err != nil {
		var dup *dataset.DuplicateArticleError
		if errors.As(err, &dup) {
			r.warn(f, schema.Warning{Input: f.rel, Kind: schema.WarnDuplicate, Message: err.Error() + "; kept the first"})
			return nil
		}
		return err
	}
	r.entries[f].Articles++
	return nil
}

func (r *run) warn(f *file, w schema.Warning) { r.note(f.display, w) }

// note records a warning and logs it with the input's name as the user
// would give it.
func (r *run) note(display string, w schema.Warning) {
	if r.w == nil {
		return // a bucket step: the assemble step notes every warning
	}
	r.w.AddWarning(w)
	if r.logged == nil {
		r.logged = map[[2]string]int{}
	}
	k := [2]string{display, w.Kind}
	r.logged[k]++
	if r.opts.Log != nil && (r.logged[k] <= LoggedPerKind || w.Kind == schema.WarnSkippedInput) {
		pos := ""
		if w.Line > 0 && w.Kind != schema.WarnSkippedInput {
			pos = fmt.Sprintf("line %d: ", w.Line)
		}
		verb := "warning"
		if w.Kind == schema.WarnSkippedInput {
			verb = "skipped"
		}
		fmt.Fprintf(r.opts.Log, "%s: %s: %s%s\n", verb, display, pos, w.Message)
	}
}

// logSummary logs, per input and kind, how many warnings were not logged
// one by one, in the order of inputs and kinds.
func (r *run) logSummary() {
	if r.opts.Log == nil {
		return
	}
	keys := make([][2]string, 0, len(r.logged))
	for k, n := range r.logged {
		if n > LoggedPerKind && k[1] != schema.WarnSkippedInput {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		n := r.logged[k]
		fmt.Fprintf(r.opts.Log, "warning: %s: %d more %s warning(s), %d in all: every one is in manifest.json\n", k[0], n-LoggedPerKind, k[1], n)
	}
}

func (r *run) cardInfo(about string) dataset.CardInfo {
	info := CardInfo(r.opts.Registry, func(name string) bool { _, ok := r.used[name]; return ok }, about)
	info.Metadata = r.dmd
	return info
}

// CardInfo documents the builders (every registered one, marking those
// used) and the normalisation rules for a dataset card.
func CardInfo(reg *builders.Registry, used func(name string) bool, about string) dataset.CardInfo {
	info := dataset.CardInfo{About: about, Normalisation: textnorm.Rules()}
	for _, b := range reg.All() {
		info.Builders = append(info.Builders, dataset.BuilderDoc{
			Name: b.Name(), Version: b.Version(), Description: b.Description(), Obtain: b.Obtain(), Rules: b.Rules(), Used: used(b.Name()),
		})
	}
	return info
}

// InputFailure is a bad input that failed a --strict build.
type InputFailure struct {
	Display string
	Err     *builders.InputError
}

func (e *InputFailure) Error() string {
	name := e.Err.Builder
	if name != "" {
		name += ": "
	}
	return fmt.Sprintf("%s%s: %s (--strict: nothing was written)", name, e.Err.Place(e.Display), e.Err.Detail())
}

func (e *InputFailure) Unwrap() error { return e.Err }

// Test hooks: testHookBeforeParse runs once every input is found and its
// format detected, before any is parsed; testHookOpen wraps every input
// file opened; testHookNoScratch gives builders no scratch directory, so
// that they group in memory as they did before partitioning.
var (
	testHookBeforeParse func()
	testHookOpen        func(osPath string, f io.ReadCloser) io.ReadCloser
	testHookNoScratch   bool
)
