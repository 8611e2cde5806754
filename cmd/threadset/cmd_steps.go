package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders/pipeline"
)

const stepsHelp = `
A build can run as separate steps, each a process that may run on another
machine of a cluster, sharing a work directory (see README: building on a
cluster):

  threadset build plan --work WORK [build flags] INPUT...
  threadset build partition --work WORK --index I --count N   (N of them)
  threadset build bucket --work WORK --index I --count M      (M of them)
  threadset build assemble --work WORK --out DIR

Each step after plan needs every step of the one before it done. The steps
may run in any order within a stage, and again after a failure: each skips
what is already complete. The dataset is byte for byte the one 'threadset
build' writes from the same inputs and flags, whatever N and M.

--index and --count default to the job array's: SLURM_ARRAY_TASK_ID (less
SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT in a Slurm job array,
JOB_COMPLETION_INDEX in a Kubernetes Indexed Job (give --count there).`

// stepNamedLikeInput makes the refusals of step cmd, run without --work
// where a file or directory of its name is at hand ('threadset build
// plan' meant as the build of ./plan), say that the name is taken as the
// step and how to name the input. Every step needs --work, so such a run
// is always refused and writes nothing.
func stepNamedLikeInput(cmd *cobra.Command) *cobra.Command {
	hint := func(c *cobra.Command, err error) error {
		if err == nil || c.Flags().Changed("work") {
			return err
		}
		if _, serr := os.Lstat(c.Name()); serr != nil {
			return err
		}
		return &usageError{fmt.Errorf("%w\n'%[2]s' is the step 'threadset build %[2]s' here, not the input ./%[2]s: to build from that input, write 'threadset build ./%[2]s'", err, c.Name())}
	}
	args, run := cmd.Args, cmd.RunE
	cmd.Args = func(c *cobra.Command, a []string) error { return hint(c, args(c, a)) }
	cmd.RunE = func(c *cobra.Command, a []string) error { return hint(c, run(c, a)) }
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return hint(c, stepsFlagError(c, err)) })
	return cmd
}

// stepsFlagError says where a flag of the steps given to the wrong
// command belongs: --work to the steps, not to build; --out, --force and
// --no-wait to assemble, not to plan.
func stepsFlagError(c *cobra.Command, err error) error {
	const prefix = "unknown flag: --"
	flag, ok := strings.CutPrefix(err.Error(), prefix)
	switch {
	case ok && flag == "work" && c.Name() == "build":
		return &usageError{fmt.Errorf("%w: --work is a flag of the steps: 'threadset build plan --work WORK INPUT...' (see 'threadset build plan --help')", err)}
	case ok && (flag == "out" || flag == "force" || flag == "no-wait") && c.Name() == "plan":
		return &usageError{fmt.Errorf("%w: --%s is given to the last step: 'threadset build assemble --work WORK --out DIR'", err, flag)}
	}
	return flagError(c, err)
}

// stepSettings are the build flags plan records in the work directory:
// every later step builds with them, paths made absolute, and refuses to
// run if a file they name changed since.
type stepSettings struct {
	Format            string            `json:"format,omitempty"`
	Strict            bool              `json:"strict,omitempty"`
	IncludeUnapproved bool              `json:"include_unapproved,omitempty"`
	EmptyThreads      bool              `json:"include_empty_threads,omitempty"`
	NoCommentLanguage bool              `json:"no_comment_language,omitempty"`
	LabelSet          string            `json:"label_set,omitempty"`
	LabelsFrom        string            `json:"labels_from,omitempty"`
	Metadata          string            `json:"metadata,omitempty"`
	Sources           []string          `json:"sources,omitempty"`
	Subreddits        []string          `json:"subreddits,omitempty"`
	Authors           []string          `json:"authors,omitempty"`
	Since             string            `json:"since,omitempty"`
	Until             string            `json:"until,omitempty"`
	Threads           string            `json:"threads,omitempty"`
	Checksums         map[string]string `json:"checksums,omitempty"`
}

func newStepSettings(o buildOptions) (*stepSettings, error) {
	s := &stepSettings{Format: o.format, Strict: o.strict, IncludeUnapproved: o.unapp, EmptyThreads: o.empty,
		NoCommentLanguage: o.noCommentLanguage, Sources: o.sources, Subreddits: o.subreddits, Authors: o.authors,
		Since: o.since, Until: o.until}
	for _, p := range []struct {
		flag     string
		from     string
		to       *string
		checksum bool
	}{{"--label-set", o.labelSet, &s.LabelSet, true}, {"--labels-from", o.labelsFrom, &s.LabelsFrom, false},
		{"--metadata", o.metadata, &s.Metadata, true}, {"--threads", o.threads, &s.Threads, true}} {
		if p.from == "" {
			continue
		}
		abs, err := filepath.Abs(p.from)
		if err != nil {
			return nil, &usageError{fmt.Errorf("%s: %w", p.flag, err)}
		}
		*p.to = abs
		if p.checksum {
			sum, err := fileSHA256(abs)
			if err != nil {
				return nil, &usageError{fmt.Errorf("%s: %w", p.flag, err)}
			}
			if s.Checksums == nil {
				s.Checksums = map[string]string{}
			}
			s.Checksums[abs] = sum
		}
	}
	return s, nil
}

func (s *stepSettings) options() buildOptions {
	return buildOptions{format: s.Format, strict: s.Strict, unapp: s.IncludeUnapproved, empty: s.EmptyThreads,
		noCommentLanguage: s.NoCommentLanguage, labelSet: s.LabelSet, labelsFrom: s.LabelsFrom, metadata: s.Metadata,
		sources: s.Sources, subreddits: s.Subreddits, authors: s.Authors, since: s.Since, until: s.Until, threads: s.Threads}
}

func fileSHA256(path string) (string, error) {
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

// stepOptions reads the settings plan recorded in work and makes the
// build's options of them.
func stepOptions(work string, workers int) (buildOptions, error) {
	if work == "" {
		return buildOptions{}, &usageError{fmt.Errorf("name the work directory shared by the steps with --work DIR")}
	}
	data, err := pipeline.ReadPlan(work)
	if err != nil {
		return buildOptions{}, stepError(err)
	}
	var s stepSettings
	if err := json.Unmarshal(data, &s); err != nil {
		return buildOptions{}, fmt.Errorf("%s: settings: %w", filepath.Join(work, pipeline.PlanName), err)
	}
	paths := make([]string, 0, len(s.Checksums))
	for p := range s.Checksums {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		sum, err := fileSHA256(p)
		if err != nil || sum != s.Checksums[p] {
			return buildOptions{}, &usageError{fmt.Errorf("%s changed since the plan of %s: plan again in a new work directory", p, work)}
		}
	}
	o := s.options()
	o.workers = workers
	return o, nil
}

// stepError makes a refused step a usage error: it was run out of turn
// or on another plan.
func stepError(err error) error {
	if se, ok := err.(*pipeline.StepError); ok {
		return &usageError{se}
	}
	return err
}

type stepFlags struct {
	work         string
	index, count int
	workers      int
	quiet        bool
}

func addStepFlags(cmd *cobra.Command, o *stepFlags, indexed bool) {
	f := cmd.Flags()
	f.StringVar(&o.work, "work", "", "work directory shared by the steps (required)")
	f.IntVar(&o.workers, "workers", runtime.NumCPU(), "inputs parsed in parallel (does not change the output)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no summary on stderr")
	if indexed {
		f.IntVar(&o.index, "index", 0, "this step's index, from 0 (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)")
		f.IntVar(&o.count, "count", 0, "how many steps share the stage (default: SLURM_ARRAY_TASK_COUNT)")
	}
}

// stepIndex fills in --index and --count from a Slurm job array or a
// Kubernetes Indexed Job when they are not given.
func stepIndex(cmd *cobra.Command, o *stepFlags) error {
	from, countFrom := "", "--count"
	if !cmd.Flags().Changed("index") {
		env := func(name string) (int, bool, error) {
			v := os.Getenv(name)
			if v == "" {
				return 0, false, nil
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return 0, false, &usageError{fmt.Errorf("%s=%q is not a number", name, v)}
			}
			return n, true, nil
		}
		if id, ok, err := env("SLURM_ARRAY_TASK_ID"); err != nil {
			return err
		} else if ok {
			min, _, err := env("SLURM_ARRAY_TASK_MIN")
			if err != nil {
				return err
			}
			o.index = id - min
			from = fmt.Sprintf(" (SLURM_ARRAY_TASK_ID=%d less SLURM_ARRAY_TASK_MIN=%d)", id, min)
			if !cmd.Flags().Changed("count") {
				if o.count, _, err = env("SLURM_ARRAY_TASK_COUNT"); err != nil {
					return err
				}
				countFrom = "SLURM_ARRAY_TASK_COUNT"
			}
		} else if id, ok, err := env("JOB_COMPLETION_INDEX"); err != nil {
			return err
		} else if ok {
			o.index = id
			from = fmt.Sprintf(" (JOB_COMPLETION_INDEX=%d)", id)
		} else {
			return &usageError{fmt.Errorf("give --index (or run in a Slurm job array or a Kubernetes Indexed Job)")}
		}
	}
	if cmd.Flags().Changed("count") && o.count < 1 {
		return &usageError{fmt.Errorf("--count must be at least 1, got %d", o.count)}
	}
	if o.count < 1 {
		return &usageError{fmt.Errorf("give --count, the number of steps of this stage (the job array's size)")}
	}
	if o.index < 0 || o.index >= o.count {
		if from != "" {
			return &usageError{fmt.Errorf("index %d%s is not in 0..%d (count %d, from %s): number the job array from its first task without a step, or give --index", o.index, from, o.count-1, o.count, countFrom)}
		}
		return &usageError{fmt.Errorf("--index %d is not in 0..%d (--count %d)", o.index, o.count-1, o.count)}
	}
	return nil
}

func newBuildPlanCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts buildOptions
	var work string
	cmd := &cobra.Command{
		Use:   "plan --work WORK [flags] INPUT...",
		Short: "Find and detect the inputs of a build run as steps (see 'build --help')",
		Long: `plan finds the inputs of a build and detects their formats, as 'threadset
build' does first, and records them with the build flags in WORK/plan.json,
for the partition, bucket and assemble steps.` + "\n" + stepsHelp,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			if work == "" {
				return &usageError{fmt.Errorf("name the work directory shared by the steps with --work DIR")}
			}
			s, err := newStepSettings(opts)
			if err != nil {
				return err
			}
			settings, err := json.Marshal(s)
			if err != nil {
				return err
			}
			po, err := pipelineOptions(opts, args)
			if err != nil {
				return err
			}
			n, err := pipeline.Plan(c.Context(), po, work, settings)
			if err != nil {
				return stepError(err)
			}
			fmt.Fprintf(stderr, "planned %d input file(s) in %s: next, 'threadset build partition --work %s --index I --count N' (N up to %d)\n", n, work, work, n)
			return nil
		},
	}
	cmd.Flags().StringVar(&work, "work", "", "work directory shared by the steps (required)")
	addBuildFlags(cmd, &opts)
	return cmd
}

func newBuildPartitionCmd(stderr io.Writer) *cobra.Command {
	var o stepFlags
	cmd := &cobra.Command{
		Use:   "partition --work WORK [--index I --count N]",
		Short: "Parse the inputs of one index of a build run as steps",
		Long: `partition parses every N-th input of the plan from the I-th, keeping its pages
and what the build needs to place them in WORK/parsed. An input parsed
already is skipped.` + "\n" + stepsHelp,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			return runStep(c, &o, stderr, func(ctx context.Context, po pipeline.Options) (string, error) {
				n, skipped, err := pipeline.Partition(ctx, po, o.work, o.index, o.count)
				return fmt.Sprintf("partition %d of %d: parsed %d input file(s), %d parsed already", o.index, o.count, n, skipped), err
			})
		},
	}
	addStepFlags(cmd, &o, true)
	return cmd
}

func newBuildBucketCmd(stderr io.Writer) *cobra.Command {
	var o stepFlags
	cmd := &cobra.Command{
		Use:   "bucket --work WORK [--index I --count M]",
		Short: "Finish the articles of one bucket of a build run as steps",
		Long: `bucket places every article of the build in the dataset's order, from what
the partition steps stored, and finishes those of bucket I of M (their
comments joined into reply trees, IDs assigned) into WORK/buckets. Every
partition step must be done. A bucket made already is kept.` + "\n" + stepsHelp,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			return runStep(c, &o, stderr, func(ctx context.Context, po pipeline.Options) (string, error) {
				n, err := pipeline.Bucket(ctx, po, o.work, o.index, o.count)
				if n < 0 {
					return fmt.Sprintf("bucket %d of %d: made already", o.index, o.count), err
				}
				return fmt.Sprintf("bucket %d of %d: finished %d article(s)", o.index, o.count, n), err
			})
		},
	}
	addStepFlags(cmd, &o, true)
	return cmd
}

// runStep runs a partition or bucket step with the plan's settings.
func runStep(c *cobra.Command, o *stepFlags, stderr io.Writer, step func(context.Context, pipeline.Options) (string, error)) error {
	if o.workers < 1 {
		return &usageError{fmt.Errorf("--workers must be at least 1, got %d", o.workers)}
	}
	if err := stepIndex(c, o); err != nil {
		return err
	}
	bo, err := stepOptions(o.work, o.workers)
	if err != nil {
		return err
	}
	po, err := pipelineOptions(bo, nil)
	if err != nil {
		return err
	}
	msg, err := step(c.Context(), po)
	if err != nil {
		return stepError(err)
	}
	if !o.quiet {
		fmt.Fprintln(stderr, msg)
	}
	return nil
}

func newBuildAssembleCmd(stdout, stderr io.Writer) *cobra.Command {
	var o stepFlags
	var out string
	var force, noWait bool
	cmd := &cobra.Command{
		Use:   "assemble --work WORK [--out DIR] [--force]",
		Short: "Write the dataset of a build run as steps",
		Long: `assemble writes the dataset from the buckets in WORK, as 'threadset build'
writes it: manifest, sources, authors, card, labels carried from
--labels-from (given to plan), the same lock and --force rules and the same
atomic publication. Every bucket step must be done. WORK is left as it is:
remove it once the dataset is built.` + "\n" + stepsHelp,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			bo, err := stepOptions(o.work, o.workers)
			if err != nil {
				return err
			}
			bo.out, bo.force, bo.noWait, bo.quiet = out, force, noWait, o.quiet
			if bo.labelsFrom != "" {
				if err := recoverForReading(c.Context(), bo.labelsFrom, stderr); err != nil {
					return err
				}
			}
			po, err := pipelineOptions(bo, nil)
			if err != nil {
				return err
			}
			p := newProgress(stderr, o.quiet)
			po.Lock = lockOptions(out, noWait, stderr)
			po.Log = p.log(stderr)
			m, err := pipeline.Assemble(c.Context(), po, o.work)
			if err != nil {
				return stepError(err)
			}
			if !o.quiet {
				printBuilt(stderr, out, m)
			}
			return nil
		},
	}
	addStepFlags(cmd, &o, false)
	f := cmd.Flags()
	f.StringVarP(&out, "out", "o", "dataset", "output directory")
	f.BoolVar(&force, "force", false, "replace an existing dataset at --out")
	f.BoolVar(&noWait, "no-wait", false, noWaitHelp)
	return cmd
}
