package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/labels"
)

func newLabelsCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "labels",
		Short: "Export tasks for annotators, import their labels, measure agreement",
		Long: `The annotation round trip: export items (with their thread context) for
annotators, import the files they fill into a new version of the dataset,
and measure agreement between annotators. Labels survive rebuilds with
'threadset build --labels-from OLD'.`,
		Example: `  threadset labels export dataset --out tasks.csv
  threadset labels import dataset tasks-filled.csv --annotator alice
  threadset labels agreement dataset`,
	}
	cmd.AddCommand(newLabelsExportCmd(stdout, stderr), newLabelsImportCmd(stdout, stderr), newLabelsAgreementCmd(stdout))
	// Every labels command names the dataset first: repair an interrupted
	// write there before reading it.
	cmd.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		return recoverForReading(c.Context(), args[0], stderr)
	}
	return cmd
}

type labelsExportOptions struct {
	labels.ExportOptions
	out   string
	force bool
}

func newLabelsExportCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts labelsExportOptions
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write annotation tasks: CSV, JSON Lines, Label Studio or doccano",
		Long: `Export writes one task per item (comments by default) with its ID, the
article title, the thread as context (the first comment of the thread,
"[N earlier comments]" for those left out, and the 3 nearest parents), the
text, and an empty column per label. Filters choose the items; --sample N
--seed S picks the same random sample for the same seed. For Label Studio
it also writes a labelling config (OUT with .xml) generated from the label
set.

In CSV, a cell that a spreadsheet would run as a formula (starting with
=, +, -, @, tab or carriage return) gets a ' in front; import takes it off.
OUT is written to a temporary file and renamed when complete; an existing
OUT is replaced only with --force, and nothing is written inside a dataset
directory.`,
		Example: `  threadset labels export dataset --out tasks.csv
  threadset labels export dataset --unlabelled --max-depth 1 --sample 200 --seed 7 --out batch1.csv
  threadset labels export dataset --format labelstudio --out tasks.json   # also tasks.xml
  threadset labels export dataset --format doccano --column reply_stance --out doccano.jsonl`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			return runLabelsExport(args[0], opts, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "output file (default: stdout)")
	f.BoolVar(&opts.force, "force", false, "replace an existing output file")
	f.StringVar(&opts.Format, "format", "csv", "csv, jsonl, labelstudio or doccano")
	f.StringVar(&opts.Table, "table", "comments", "articles or comments")
	f.StringVar(&opts.Source, "source", "", "only items of this source (name or source_id)")
	f.StringVar(&opts.Article, "article", "", "only items of this article_id")
	f.IntVar(&opts.MaxDepth, "max-depth", -1, "only comments at most this deep (0: top level)")
	f.BoolVar(&opts.Unlabelled, "unlabelled", false, "only items whose label columns are all empty")
	f.IntVar(&opts.Sample, "sample", 0, "a random sample of this many items")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of --sample: the same seed gives the same sample")
	f.StringVar(&opts.Column, "column", "", "the label column of a doccano export (default: the table's first)")
	return cmd
}

func runLabelsExport(dir string, opts labelsExportOptions, stdout, stderr io.Writer) error {
	if _, err := dataset.ReadManifest(dir); err != nil {
		return &failure{err}
	}
	if err := labels.CheckExportOptions(dir, &opts.ExportOptions); err != nil {
		return &usageError{err}
	}
	if opts.out == "" {
		n, err := labels.Export(dir, opts.ExportOptions, stdout, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "exported %d task(s)\n", n)
		return nil
	}
	// Both files are checked before either is written; each appears whole
	// or not at all.
	outs := []string{opts.out}
	if opts.Format == labels.FormatLabelStudio {
		outs = append(outs, strings.TrimSuffix(opts.out, ".json")+".xml")
	}
	for _, p := range outs {
		if err := labels.CheckOutput(p, opts.force); err != nil {
			return exportOutputError(err)
		}
	}
	files := make([]*labels.Output, 0, len(outs))
	defer func() {
		for _, f := range files {
			f.Abort()
		}
	}()
	for _, p := range outs {
		f, err := labels.CreateOutput(p, opts.force)
		if err != nil {
			return exportOutputError(err)
		}
		files = append(files, f)
	}
	var config io.Writer
	if len(files) > 1 {
		config = files[1]
	}
	n, err := labels.Export(dir, opts.ExportOptions, files[0], config)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "exported %d task(s)\n", n)
	return nil
}

// exportOutputError adds the flag that changes a refused output.
func exportOutputError(err error) error {
	switch {
	case errors.Is(err, labels.ErrOutputExists):
		return &usageError{fmt.Errorf("%w; pass --force to replace it", err)}
	case errors.Is(err, labels.ErrOutputRefused):
		return &usageError{err}
	}
	return err
}

type labelsImportOptions struct {
	annotator   string
	format      string
	encoding    string
	skipInvalid bool
	noWait      bool
}

func newLabelsImportCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts labelsImportOptions
	cmd := &cobra.Command{
		Use:   "import DIR FILE...",
		Short: "Import filled labels into a new version of the dataset",
		Long: `Import reads filled files — CSV or JSON Lines (as exported, or any file with
an item_id, comment_id or article_id column and label columns), a Label
Studio JSON export, a doccano export, or a Parquet table written by pandas,
polars or DuckDB — and checks every value against the label set. Any bad
row (unknown value, unknown ID, an item labelled twice, no ID column)
stops the import with the file, row and allowed values, and the dataset is
unchanged; --skip-invalid imports the good rows and writes the rejected
ones, one record per row with all its errors, to FILE.rejected.jsonl (or,
if that name is taken, the first free FILE.rejected-N.jsonl; an existing
file is never replaced).

Files are read as UTF-8 (or UTF-16 with a byte order mark); text that is
not valid UTF-8 stops the import with the row and column, unless
--encoding names the file's encoding (latin1, windows-1252, utf-16, ...).
In CSV, the ' that export puts before a cell starting with =, +, -, @, tab
or carriage return is taken off.

Labels are kept per item, label column and annotator in the annotations
table; the label columns hold the majority (a tie stays null). The dataset
is rewritten atomically: the old version is readable until the new one
replaces it. The import holds the dataset's lock (.DIR.lock beside DIR)
from reading to replacing it: a second import waits for the first, so no
annotator's labels are lost (--no-wait fails instead, exit 4).`,
		Example: `  threadset labels import dataset filled.csv --annotator alice
  threadset labels import dataset export.json --annotator bob          # Label Studio export
  threadset labels import dataset notebook.parquet --annotator carol`,
		Args: usageArgs(cobra.MinimumNArgs(2)),
		RunE: func(c *cobra.Command, args []string) error {
			lock, err := lockForWriting(c.Context(), args[0], opts.noWait, stderr)
			if err != nil {
				return err
			}
			defer func() { _ = lock.Release() }()
			return runLabelsImport(args[0], args[1:], opts, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.annotator, "annotator", "", "who labelled the files (required)")
	f.StringVar(&opts.format, "format", "", "csv, jsonl, labelstudio, doccano or parquet (default: from the file)")
	f.StringVar(&opts.encoding, "encoding", "", "text encoding of the files: latin1, windows-1252, utf-16, ... (default: UTF-8)")
	f.BoolVar(&opts.skipInvalid, "skip-invalid", false, "import the good rows; write the rejected ones to FILE.rejected.jsonl (or the first free FILE.rejected-N.jsonl)")
	f.BoolVar(&opts.noWait, "no-wait", false, noWaitHelp)
	return cmd
}

func runLabelsImport(dir string, files []string, opts labelsImportOptions, stdout, stderr io.Writer) error {
	if strings.TrimSpace(opts.annotator) == "" {
		return &usageError{fmt.Errorf("labels import needs --annotator NAME: labels are kept per annotator")}
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return &failure{err}
	}
	used := map[string]bool{}
	for _, b := range m.Builders {
		used[b.Name] = true
	}
	info := pipeline.CardInfo(all.Registry(), func(n string) bool { return used[n] }, "")
	res, err := labels.Import(dir, files, labels.ImportOptions{Annotator: opts.annotator, Format: opts.format, Encoding: opts.encoding, SkipInvalid: opts.skipInvalid, Info: info})
	var ie *labels.ImportError
	if errors.As(err, &ie) && ie.Encoding() && opts.encoding == "" {
		return &failure{fmt.Errorf("%w\nsave the file as UTF-8, or name its encoding with --encoding (latin1, windows-1252, utf-16, ...)", err)}
	}
	if err != nil {
		return &failure{err}
	}
	fmt.Fprintf(stdout, "imported %d label(s) from %s (replacing %d earlier label(s) by the same annotator); %d label column(s) left null by a tie\n",
		res.Imported, opts.annotator, res.Replaced, res.Ties)
	for _, f := range res.RejectedFiles {
		fmt.Fprintf(stderr, "rejected rows written to %s\n", f)
	}
	if res.Rejected > 0 {
		fmt.Fprintf(stderr, "%d row(s) rejected\n", res.Rejected)
	}
	return nil
}

type agreementOptions struct{ json bool }

func newLabelsAgreementCmd(stdout io.Writer) *cobra.Command {
	var opts agreementOptions
	cmd := &cobra.Command{
		Use:   "agreement DIR",
		Short: "Inter-annotator agreement per label column",
		Long: `Agreement prints, per label column, how many items have two or more
annotators, Krippendorff's alpha for nominal data, Cohen's kappa for every
pair of annotators, and each pair's confusion counts.`,
		Example: `  threadset labels agreement dataset
  threadset labels agreement --json dataset`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			cols, err := labels.Agreement(args[0])
			if err != nil {
				return &failure{err}
			}
			if opts.json {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(cols)
			}
			return dataset.WriteAgreement(stdout, cols)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return cmd
}
