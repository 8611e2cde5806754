// Package pipeline runs builders over a build's inputs and writes the
// dataset: it finds the input files, fixes their order, parses them in
// parallel, finishes each page into rows and streams the rows, in that
// fixed order, into a schema/dataset Writer.
//
// Memory is bounded by the pages in flight (a few per worker), not by the
// corpus: rows are written as soon as their turn comes.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"sync"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textnorm"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// Options are the settings of a build.
type Options struct {
	// Inputs are files and directories. When empty, Sample is built.
	Inputs []string
	Sample fs.FS
	// SampleAbout describes the sample corpus for the card.
	SampleAbout string

	Registry *builders.Registry
	// Format forces one builder for every input; empty picks by extension.
	Format string
	// Workers is the number of inputs parsed at once; 0 means all cores.
	Workers int
	// Strict fails the build on the first bad input instead of skipping it.
	Strict bool

	Out   string
	Force bool

	// Progress, when set, is called after each input is written.
	Progress func(done, total int, bytes int64)
	// Log, when set, receives one line per skipped input or warning.
	Log io.Writer
}

// Build runs a build and returns its manifest.
func Build(ctx context.Context, opts Options) (*dataset.Manifest, error) {
	var forced builders.Builder
	if opts.Format != "" {
		b, err := opts.Registry.Lookup(opts.Format)
		if err != nil {
			return nil, &UsageError{err.Error()}
		}
		forced = b
	}
	var (
		files []*file
		err   error
		about string
	)
	if len(opts.Inputs) == 0 {
		files, err = fsFiles(opts.Sample, opts.Registry)
		about = opts.SampleAbout
	} else {
		files, err = discover(opts.Inputs, opts.Registry, forced)
	}
	if err != nil {
		return nil, err
	}
	hashAll(files, opts.Workers)
	sortFiles(files)

	w, err := dataset.Create(opts.Out, dataset.CreateOptions{Force: opts.Force})
	if err != nil {
		if errors.Is(err, dataset.ErrExists) || errors.Is(err, dataset.ErrRefused) {
			return nil, &UsageError{err.Error()}
		}
		return nil, err
	}
	r := &run{opts: opts, w: w, seen: map[string]string{}, used: map[string]builders.Builder{}}
	if err := r.all(ctx, files); err != nil {
		w.Abort()
		return nil, err
	}
	if w.Articles() == 0 {
		w.Abort()
		return nil, &UsageError{"no articles were built: every input was skipped (see the messages above)"}
	}
	return w.Commit(r.cardInfo(about))
}

// hashAll hashes the files on the workers: the order is fixed by content,
// so every file is read once before any is parsed.
func hashAll(files []*file, workers int) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	next := make(chan *file)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				f.hash()
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
	opts Options
	w    *dataset.Writer
	seen map[string]string // input SHA-256 -> first path with those bytes
	used map[string]builders.Builder
}

type parsed struct {
	pages []*builders.Finished
	warns []schema.Warning
	err   error
}

type job struct {
	f    *file
	done chan parsed
}

// all parses files on the workers and writes the results in file order.
func (r *run) all(ctx context.Context, files []*file) error {
	workers := r.opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
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
				j.done <- parse(j.f)
			}
		}()
	}
	var (
		done  int
		bytes int64
	)
	for j := range queue {
		var res parsed
		select {
		case res = <-j.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := r.write(j.f, res); err != nil {
			return err
		}
		done++
		bytes += j.f.size
		if r.opts.Progress != nil {
			r.opts.Progress(done, len(files), bytes)
		}
	}
	return ctx.Err()
}

// parse runs a file's builder and finishes its pages. It runs on a worker.
func parse(f *file) parsed {
	if f.readErr != nil {
		return parsed{err: &builders.InputError{Builder: f.builder.Name(), Path: f.rel, Msg: "cannot read: " + f.readErr.Error()}}
	}
	in := builders.Input{Path: f.rel, SHA256: f.sha256, Size: f.size, Open: f.open}
	var res parsed
	err := f.builder.Build(in, func(p *builders.Page) error {
		fin, err := builders.Finish(p, in, f.builder)
		if err != nil {
			return err
		}
		res.pages = append(res.pages, fin)
		for _, w := range p.Warnings {
			w.Input = f.rel
			res.warns = append(res.warns, w)
		}
		return nil
	})
	if err != nil {
		return parsed{err: err}
	}
	return res
}

// write adds one file's results to the dataset, or records why not.
func (r *run) write(f *file, res parsed) error {
	entry := dataset.Input{Path: f.rel, SHA256: f.sha256, Bytes: f.size, Builder: f.builder.Name()}
	if first, dup := r.seen[f.sha256]; dup && f.readErr == nil && res.err == nil {
		entry.Skipped = "same bytes as " + first
		r.w.AddInput(entry)
		r.warn(f, schema.Warning{Input: f.rel, Kind: schema.WarnDuplicate, Message: "same bytes as " + first + "; built once"})
		return nil
	}
	if res.err != nil {
		var ie *builders.InputError
		if !errors.As(res.err, &ie) {
			return fmt.Errorf("%s: %w", f.display, res.err)
		}
		if r.opts.Strict {
			return &InputFailure{Display: f.display, Err: ie}
		}
		entry.Skipped = ie.Detail()
		r.w.AddInput(entry)
		r.warn(f, schema.Warning{Input: f.rel, Line: ie.Line, Kind: schema.WarnSkippedInput, Message: ie.Builder + ": " + ie.Detail()})
		return nil
	}
	r.seen[f.sha256] = f.rel
	for _, p := range res.pages {
		if err := r.w.AddArticle(&p.Article, p.Comments, p.Source, p.Anomalies); err != nil {
			var dup *dataset.DuplicateArticleError
			if errors.As(err, &dup) {
				r.warn(f, schema.Warning{Input: f.rel, Kind: schema.WarnDuplicate, Message: err.Error() + "; kept the first"})
				continue
			}
			return err
		}
		entry.Articles++
	}
	r.w.AddInput(entry)
	r.used[f.builder.Name()] = f.builder
	r.w.AddBuilder(f.builder.Name(), f.builder.Version())
	for _, wn := range res.warns {
		r.warn(f, wn)
	}
	return nil
}

func (r *run) warn(f *file, w schema.Warning) {
	r.w.AddWarning(w)
	if r.opts.Log != nil {
		pos := ""
		if w.Line > 0 && w.Kind != schema.WarnSkippedInput {
			pos = fmt.Sprintf("line %d: ", w.Line)
		}
		verb := "warning"
		if w.Kind == schema.WarnSkippedInput {
			verb = "skipped"
		}
		fmt.Fprintf(r.opts.Log, "%s: %s: %s%s\n", verb, f.display, pos, w.Message)
	}
}

func (r *run) cardInfo(about string) dataset.CardInfo {
	info := dataset.CardInfo{About: about, Normalisation: textnorm.Rules()}
	for _, name := range r.opts.Registry.Names() {
		if b, ok := r.used[name]; ok {
			info.Builders = append(info.Builders, dataset.BuilderDoc{
				Name: b.Name(), Version: b.Version(), Description: b.Description(), Rules: b.Rules(),
			})
		}
	}
	return info
}

// InputFailure is a bad input that failed a --strict build.
type InputFailure struct {
	Display string
	Err     *builders.InputError
}

func (e *InputFailure) Error() string {
	return fmt.Sprintf("%s: %s: %s (--strict: nothing was written)", e.Err.Builder, e.Display, e.Err.Detail())
}

func (e *InputFailure) Unwrap() error { return e.Err }
