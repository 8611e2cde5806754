package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/metadata"
)

type buildOptions struct {
	out        string
	force      bool
	workers    int
	format     string
	strict     bool
	quiet      bool
	unapp      bool
	empty      bool
	labelSet   string
	labelsFrom string
	metadata   string
	noWait     bool
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

  # build with your own label columns (see README: label sets)
  threadset build --label-set my-labels.json --out data/custom pages/`,
		RunE: func(c *cobra.Command, args []string) error {
			return runBuild(c.Context(), opts, args, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "dataset", "output directory")
	f.BoolVar(&opts.force, "force", false, "replace an existing dataset at --out")
	f.IntVar(&opts.workers, "workers", runtime.NumCPU(), "inputs parsed in parallel (does not change the output)")
	f.StringVar(&opts.format, "format", "", "read every input with this builder (see 'threadset formats')")
	f.BoolVar(&opts.strict, "strict", false, "fail the build on the first bad input instead of skipping it")
	f.BoolVar(&opts.unapp, "include-unapproved", false, "keep unapproved, spam and trashed comments, with their status")
	f.BoolVar(&opts.empty, "include-empty-threads", false, "make Disqus threads without comments articles too")
	f.StringVar(&opts.labelSet, "label-set", "", "label-set file (JSON) extending or replacing the default label columns")
	f.StringVar(&opts.labelsFrom, "labels-from", "", "carry every annotation of this earlier dataset into the new build")
	f.StringVar(&opts.metadata, "metadata", "", "dataset metadata file (threadset.yaml: name, description, license, citation, ...); default: threadset.yaml at the top of a directory INPUT, else that of --labels-from")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress or summary on stderr")
	f.BoolVar(&opts.noWait, "no-wait", false, noWaitHelp)
	return cmd
}

func runBuild(ctx context.Context, opts buildOptions, inputs []string, stdout, stderr io.Writer) error {
	if opts.workers < 1 {
		return &usageError{fmt.Errorf("--workers must be at least 1, got %d", opts.workers)}
	}
	var err error
	var ls *schema.LabelSet
	if opts.labelSet != "" {
		if ls, err = schema.LoadLabelSet(opts.labelSet); err != nil {
			return &usageError{fmt.Errorf("--label-set: %w", err)}
		}
	}
	var md *metadata.Metadata
	if opts.metadata != "" {
		var err error
		if md, err = metadata.Load(opts.metadata); err != nil {
			return &usageError{fmt.Errorf("--metadata: %w", err)}
		}
	}
	if err := pipeline.CheckOut(opts.out, inputs); err != nil {
		return err
	}
	if opts.labelsFrom != "" {
		if err := recoverForReading(ctx, opts.labelsFrom, stderr); err != nil {
			return err
		}
	}
	p := newProgress(stderr, opts.quiet)
	po := pipeline.Options{
		Inputs:         inputs,
		Sample:         sampleFS(),
		SampleAbout:    sampleAbout,
		SampleMetadata: sampleMetadata,
		Metadata:       md,
		Registry:       all.Registry(),
		Format:         opts.format,
		Workers:        opts.workers,
		Strict:         opts.strict,
		Builder:        builders.Options{IncludeUnapproved: opts.unapp, IncludeEmptyThreads: opts.empty},
		LabelSet:       ls,
		LabelsFrom:     opts.labelsFrom,
		Out:            opts.out,
		Force:          opts.force,
		Lock:           lockOptions(opts.out, opts.noWait, stderr),
		Progress:       p.update,
		Log:            p.log(stderr),
	}
	m, err := pipeline.Build(ctx, po)
	p.finish()
	if err != nil {
		return err
	}
	if !opts.quiet {
		rows := ""
		for i, t := range m.Tables {
			if i > 0 {
				rows += ", "
			}
			rows += fmt.Sprintf("%d %s", t.Rows, t.Name)
		}
		fmt.Fprintf(stderr, "built %s: %s from %d input(s); %d warning(s) in manifest.json\n", opts.out, rows, len(m.Inputs), len(m.Warnings))
	}
	return nil
}
