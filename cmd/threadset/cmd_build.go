package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/metadata"
)

type buildOptions struct {
	out               string
	force             bool
	workers           int
	format            string
	strict            bool
	quiet             bool
	unapp             bool
	empty             bool
	labelSet          string
	labelsFrom        string
	metadata          string
	noWait            bool
	noCommentLanguage bool
	sources           []string
	subreddits        []string
	authors           []string
	since             string
	until             string
	threads           string
}

func newBuildCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts buildOptions
	cmd := &cobra.Command{
		Use:   "build [--out DIR] [INPUT...]",
		Short: "Build a dataset from input files and directories",
		Long: `Build reads every INPUT (a file, or a directory read recursively for files a
builder claims by extension; hidden entries are skipped) and writes a dataset:
one directory per table with Parquet parts, manifest.json and README.md (the
dataset card). With no INPUT it builds the sample corpus embedded in threadset.

The output is written to a temporary directory beside DIR, synced, and
renamed into place at the end: a failed or killed build leaves nothing
behind (the next command on DIR removes what a killed one left). --force
replaces only a threadset dataset holding nothing but what its manifest
lists; DIR may not be, contain or lie inside an INPUT. While it writes, a
build holds a lock on DIR (the file .DIR.lock beside it): another command
writing DIR waits for it, or fails with --no-wait. A bad input file is
skipped, reported on stderr and listed in the manifest's warnings, unless
--strict makes it fail the build. Inputs are never modified.

The same inputs and threadset version give byte-identical files, whatever the
order of INPUTs, the worker count, the time zone, the locale or the day.`,
		Example: `  # build the embedded sample corpus into ./dataset
  threadset build

  # build scraped pages into a named directory, replacing an earlier build
  threadset build --out data/syria-v2 --force pages/

  # fail on the first bad input instead of skipping it
  threadset build --strict --out data/strict pages/ extra/page.txt

  # rebuild after scraping more pages, keeping every label of the last build
  threadset build --out data/v3 --labels-from data/v2 pages/

  # two subreddits of a Pushshift month, as published (zstd --long=31)
  threadset build --subreddit AskHistorians --subreddit history --since 2019-01-01 --until 2019-01-31 RC_2019-01.zst RS_2019-01.zst

  # build with your own label columns (see README: label sets)
  threadset build --label-set my-labels.json --out data/custom pages/`,
		RunE: func(c *cobra.Command, args []string) error {
			return runBuild(c.Context(), opts, args, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "dataset", "output directory")
	f.BoolVar(&opts.force, "force", false, "replace an existing dataset at --out")
	addBuildFlags(cmd, &opts)
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress or summary on stderr")
	f.BoolVar(&opts.noWait, "no-wait", false, noWaitHelp)
	cmd.SetFlagErrorFunc(stepsFlagError)
	cmd.AddCommand(stepNamedLikeInput(newBuildPlanCmd(stdout, stderr)), stepNamedLikeInput(newBuildPartitionCmd(stderr)),
		stepNamedLikeInput(newBuildBucketCmd(stderr)), stepNamedLikeInput(newBuildAssembleCmd(stdout, stderr)))
	return cmd
}

// addBuildFlags adds the flags that say what a build makes of its inputs:
// those of 'build' and 'build plan'.
func addBuildFlags(cmd *cobra.Command, opts *buildOptions) {
	f := cmd.Flags()
	f.IntVar(&opts.workers, "workers", runtime.NumCPU(), "inputs parsed in parallel (does not change the output)")
	f.StringVar(&opts.format, "format", "", "read every input with this builder (see 'threadset formats')")
	f.BoolVar(&opts.strict, "strict", false, "fail the build on the first bad input instead of skipping it")
	f.BoolVar(&opts.unapp, "include-unapproved", false, "keep unapproved, spam and trashed comments, with their status")
	f.BoolVar(&opts.empty, "include-empty-threads", false, "make Disqus threads without comments articles too")
	f.BoolVar(&opts.noCommentLanguage, "no-comment-language", false, "leave comments.language \"und\" instead of detecting it (saves about 0.2 ms of CPU a comment)")
	f.StringVar(&opts.labelSet, "label-set", "", "label-set file (JSON) extending or replacing the default label columns")
	f.StringVar(&opts.labelsFrom, "labels-from", "", "carry every annotation of this earlier dataset into the new build")
	f.StringVar(&opts.metadata, "metadata", "", "dataset metadata file (threadset.yaml: name, description, license, citation, ...); default: threadset.yaml at the top of a directory INPUT, else that of --labels-from")
	f.StringArrayVar(&opts.sources, "source", nil, "keep only articles and threads of this source (repeatable)")
	f.StringArrayVar(&opts.subreddits, "subreddit", nil, "keep only this subreddit (repeatable; the same as --source r/NAME)")
	f.StringArrayVar(&opts.authors, "author", nil, "keep only comments by this author (repeatable)")
	f.StringVar(&opts.since, "since", "", "keep only articles and comments published at or after DATE (YYYY-MM-DD or RFC 3339, UTC)")
	f.StringVar(&opts.until, "until", "", "keep only articles and comments published before the end of DATE (YYYY-MM-DD; an RFC 3339 time is exclusive)")
	f.StringVar(&opts.threads, "threads", "", "keep only the threads whose IDs (or URLs) FILE lists, one a line")
}

func runBuild(ctx context.Context, opts buildOptions, inputs []string, stdout, stderr io.Writer) error {
	if opts.workers < 1 {
		return &usageError{fmt.Errorf("--workers must be at least 1, got %d", opts.workers)}
	}
	if err := pipeline.CheckOut(opts.out, inputs); err != nil {
		return err
	}
	if opts.labelsFrom != "" {
		if err := recoverForReading(ctx, opts.labelsFrom, stderr); err != nil {
			return err
		}
	}
	po, err := pipelineOptions(opts, inputs)
	if err != nil {
		return err
	}
	p := newProgress(stderr, opts.quiet)
	po.Lock = lockOptions(opts.out, opts.noWait, stderr)
	po.Progress, po.Log = p.update, p.log(stderr)
	m, err := pipeline.Build(ctx, po)
	p.finish()
	if err != nil {
		return err
	}
	if !opts.quiet {
		printBuilt(stderr, opts.out, m)
	}
	return nil
}

// printBuilt says what a build wrote.
func printBuilt(stderr io.Writer, out string, m *dataset.Manifest) {
	rows := ""
	for i, t := range m.Tables {
		if i > 0 {
			rows += ", "
		}
		rows += fmt.Sprintf("%d %s", t.Rows, t.Name)
	}
	fmt.Fprintf(stderr, "built %s: %s from %d input(s); %d warning(s) in manifest.json\n", out, rows, len(m.Inputs), len(m.Warnings))
}

// pipelineOptions makes the build's settings of the flags; the caller
// adds the lock, progress and log.
func pipelineOptions(opts buildOptions, inputs []string) (pipeline.Options, error) {
	var ls *schema.LabelSet
	if opts.labelSet != "" {
		var err error
		if ls, err = schema.LoadLabelSet(opts.labelSet); err != nil {
			return pipeline.Options{}, &usageError{fmt.Errorf("--label-set: %w", err)}
		}
	}
	var md *metadata.Metadata
	if opts.metadata != "" {
		var err error
		if md, err = metadata.Load(opts.metadata); err != nil {
			return pipeline.Options{}, &usageError{fmt.Errorf("--metadata: %w", err)}
		}
	}
	filter, filterInfo, err := buildFilter(opts)
	if err != nil {
		return pipeline.Options{}, err
	}
	return pipeline.Options{
		Inputs:         inputs,
		Sample:         sampleFS(),
		SampleAbout:    sampleAbout,
		SampleMetadata: sampleMetadata,
		Metadata:       md,
		Registry:       all.Registry(),
		Format:         opts.format,
		Workers:        opts.workers,
		Strict:         opts.strict,
		Builder:        builders.Options{IncludeUnapproved: opts.unapp, IncludeEmptyThreads: opts.empty, SkipCommentLanguage: opts.noCommentLanguage, Filter: filter},
		FilterInfo:     filterInfo,
		LabelSet:       ls,
		LabelsFrom:     opts.labelsFrom,
		Out:            opts.out,
		Force:          opts.force,
	}, nil
}

// buildFilter turns the filter flags into the builders' filter and its
// description for the manifest; nil, nil when no filter flag is set.
func buildFilter(opts buildOptions) (*builders.Filter, *dataset.Filter, error) {
	f := &builders.Filter{}
	info := &dataset.Filter{}
	for _, s := range opts.subreddits {
		name := strings.TrimPrefix(strings.TrimSpace(s), "r/")
		if name == "" {
			return nil, nil, &usageError{fmt.Errorf("--subreddit: empty name")}
		}
		opts.sources = append(opts.sources, "r/"+name)
	}
	if len(opts.sources) > 0 {
		f.Sources = map[string]bool{}
		for _, s := range opts.sources {
			if strings.TrimSpace(s) == "" {
				return nil, nil, &usageError{fmt.Errorf("--source/--subreddit: empty name")}
			}
			f.Sources[builders.SourceKey(s)] = true
		}
		info.Sources = sortedUnique(opts.sources)
	}
	if len(opts.authors) > 0 {
		f.Authors = map[string]bool{}
		for _, a := range opts.authors {
			f.Authors[a] = true
		}
		info.Authors = sortedUnique(opts.authors)
	}
	var err error
	if opts.since != "" {
		if f.Since, info.Since, err = parseFilterDate(opts.since, false); err != nil {
			return nil, nil, &usageError{fmt.Errorf("--since: %w", err)}
		}
	}
	if opts.until != "" {
		if f.Until, info.Until, err = parseFilterDate(opts.until, true); err != nil {
			return nil, nil, &usageError{fmt.Errorf("--until: %w", err)}
		}
	}
	if f.Since != nil && f.Until != nil && !f.Since.Before(*f.Until) {
		return nil, nil, &usageError{fmt.Errorf("--since %s is not before --until %s", opts.since, opts.until)}
	}
	if opts.threads != "" {
		data, err := os.ReadFile(opts.threads)
		if err != nil {
			return nil, nil, &usageError{fmt.Errorf("--threads: %w", err)}
		}
		f.Threads = map[string]bool{}
		for n, line := range strings.Split(string(data), "\n") {
			id := strings.TrimSpace(line)
			if id == "" || strings.HasPrefix(id, "#") {
				continue
			}
			if strings.ContainsAny(id, " \t,") {
				return nil, nil, &usageError{fmt.Errorf("--threads: %s: line %d: one ID a line, got %q", opts.threads, n+1, id)}
			}
			f.Threads[id] = true
		}
		if len(f.Threads) == 0 {
			return nil, nil, &usageError{fmt.Errorf("--threads: %s lists no thread ID", opts.threads)}
		}
		sum := sha256.Sum256(data)
		info.Threads, info.ThreadsSHA256 = len(f.Threads), hex.EncodeToString(sum[:])
	}
	if !f.Active() {
		return nil, nil, nil
	}
	return f, info, nil
}

// parseFilterDate reads YYYY-MM-DD or RFC 3339. A date --until keeps its
// whole day: the limit is the next midnight, UTC.
func parseFilterDate(s string, until bool) (*time.Time, string, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if until {
			t = t.AddDate(0, 0, 1)
		}
		return &t, s, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, "", fmt.Errorf("%q is not a date (YYYY-MM-DD) or an RFC 3339 time", s)
	}
	t = t.UTC()
	return &t, t.Format(time.RFC3339), nil
}

func sortedUnique(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
