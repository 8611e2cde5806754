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
take one annotator's or one file's labels out again, and measure agreement
between annotators. Labels survive rebuilds with
'threadset build --labels-from OLD'.`,
		Example: `  threadset labels export dataset --out tasks.csv
  threadset labels import dataset tasks-filled.csv --annotator alice
  threadset labels remove dataset --annotator alice
  threadset labels agreement dataset`,
	}
	cmd.AddCommand(newLabelsExportCmd(stdout, stderr), newLabelsImportCmd(stdout, stderr), newLabelsRemoveCmd(stdout, stderr),
		newLabelsAgreementCmd(stdout))
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
		Short: "Write annotation tasks: CSV, Excel (.xlsx), JSON Lines, Label Studio or doccano",
		Long: `Export writes one task per item (comments by default) with its ID, the
article title, the thread as context (the article's title and lead
paragraphs, the first comment of the thread, "[N earlier comments]" for
those left out, and the 3 nearest parents, each capped at 1,500
characters), the text, and an empty column per label. Filters that match
nothing are an error that lists the sources or articles there are. Filters choose the items; --sample N
--seed S picks the same random sample for the same seed. For Label Studio
it also writes a labelling config (OUT with .xml) generated from the label
set; --prefill majority (the label columns as they are) or --prefill NAME
(one annotator's labels) puts labels given before into the tasks as
predictions, so that a second round or an adjudicator starts from them.

In CSV, a cell that a spreadsheet would run as a formula (starting with
=, +, -, @, tab or carriage return) gets a ' in front; import takes it off.
An .xlsx workbook (--format xlsx) writes every cell as text, so nothing in
it runs as a formula, with a drop-down of the allowed values for each label
column of one closed vocabulary. Several values of a multi-value label are
separated by ";" in CSV and .xlsx.
OUT is written to a temporary file and renamed when complete; an existing
OUT is replaced only with --force, and nothing is written inside a dataset
directory.`,
		Example: `  threadset labels export dataset --out tasks.csv
  threadset labels export dataset --unlabelled --max-depth 1 --sample 200 --seed 7 --out batch1.csv
  threadset labels export dataset --format xlsx --out tasks.xlsx
  threadset labels export dataset --format labelstudio --out tasks.json   # also tasks.xml
  threadset labels export dataset --format labelstudio --prefill majority --out adjudicate.json
  threadset labels export dataset --format doccano --column reply_stance --out doccano.jsonl`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			return runLabelsExport(args[0], opts, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "output file (default: stdout)")
	f.BoolVar(&opts.force, "force", false, "replace an existing output file")
	f.StringVar(&opts.Format, "format", "csv", "csv, xlsx, jsonl, labelstudio or doccano")
	f.StringVar(&opts.Table, "table", "comments", "articles or comments")
	f.StringVar(&opts.Source, "source", "", "only items of this source (name or source_id)")
	f.StringVar(&opts.Article, "article", "", "only items of this article_id")
	f.IntVar(&opts.MaxDepth, "max-depth", -1, "only comments at most this deep (0: top level)")
	f.BoolVar(&opts.Unlabelled, "unlabelled", false, "only items whose label columns are all empty")
	f.IntVar(&opts.Sample, "sample", 0, "a random sample of this many items")
	f.Int64Var(&opts.Seed, "seed", 1, "seed of --sample: the same seed gives the same sample")
	f.StringVar(&opts.Column, "column", "", "the label column of a doccano export (default: the table's first)")
	f.StringVar(&opts.Prefill, "prefill", "", "Label Studio: offer labels given before as predictions: majority, or an annotator's name")
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
		res, err := labels.Export(dir, opts.ExportOptions, stdout, nil)
		if err != nil {
			return exportError(err)
		}
		reportExport(stderr, opts, res)
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
	res, err := labels.Export(dir, opts.ExportOptions, files[0], config)
	if err != nil {
		return exportError(err)
	}
	for _, f := range files {
		if err := f.Commit(); err != nil {
			return err
		}
	}
	reportExport(stderr, opts, res)
	return nil
}

// exportError makes filters that match nothing a usage error.
func exportError(err error) error {
	var fe *labels.FilterError
	if errors.As(err, &fe) {
		return &usageError{err}
	}
	return err
}

func reportExport(stderr io.Writer, opts labelsExportOptions, res labels.ExportResult) {
	if opts.Sample > res.Matched {
		fmt.Fprintf(stderr, "--sample %d is more than the %d item(s) that match the filters: all %d exported\n", opts.Sample, res.Matched, res.Matched)
	}
	fmt.Fprintf(stderr, "exported %d task(s)\n", res.Tasks)
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
	annotators  string
	adjudicator bool
	again       bool
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
		Long: `Import reads filled files — CSV, .xlsx or JSON Lines (as exported, or any file with
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
table; the label columns hold the majority (a tie stays null), or, where
an adjudicator (an annotator imported with --adjudicator) labelled the
item, the adjudicator's label. The dataset is rewritten atomically: the old
version is readable until the new one replaces it. Every import is kept in
the manifest's import log; a file already imported (the same sha256) is
refused unless --again is given. The import holds the dataset's lock
(.DIR.lock beside DIR) from reading to replacing it: a second import waits
for the first, so no annotator's labels are lost (--no-wait fails instead,
exit 4).

Annotator names are trimmed and lower-cased ("Alice " is alice). A Label
Studio export with several annotators imports every annotation as its
annotator's (completed_by: the user's e-mail or ID; JSON, JSON-MIN and CSV
exports); --annotators FILE maps those e-mails or IDs to names (a JSON
object {"1": "alice", "bob@example.org": "bob"}, or CSV rows "from,to").
--annotator names the labels of files that name no annotator, or only
one that --annotators does not map (a one-person project).

A CSV file may be separated by commas, semicolons (Excel in much of
Europe) or tabs: the separator is found from the header row. Rows are
numbered as a spreadsheet shows them: the header is row 1. Several values
of a multi-value label are separated by ";" ("insult;threat").`,
		Example: `  threadset labels import dataset filled.csv --annotator alice
  threadset labels import dataset export.json --annotator bob          # Label Studio export
  threadset labels import dataset notebook.parquet --annotator carol
  threadset labels import dataset project-3.json --annotators team.csv # two annotators per task
  threadset labels import dataset adjudicated.csv --annotator dora --adjudicator`,
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
	f.StringVar(&opts.annotator, "annotator", "", "who labelled the files (required unless the file names its annotators)")
	f.StringVar(&opts.annotators, "annotators", "", "a JSON or CSV file mapping the e-mails or IDs of an export to annotator names")
	f.BoolVar(&opts.adjudicator, "adjudicator", false, "these labels are an adjudicator's: they decide the label columns")
	f.BoolVar(&opts.again, "again", false, "import a file that was imported before (the same sha256)")
	f.StringVar(&opts.format, "format", "", "csv, xlsx, jsonl, labelstudio, doccano or parquet (default: from the file)")
	f.StringVar(&opts.encoding, "encoding", "", "text encoding of the files: latin1, windows-1252, utf-16, ... (default: UTF-8)")
	f.BoolVar(&opts.skipInvalid, "skip-invalid", false, "import the good rows; write the rejected ones to FILE.rejected.jsonl (or the first free FILE.rejected-N.jsonl)")
	f.BoolVar(&opts.noWait, "no-wait", false, noWaitHelp)
	return cmd
}

func runLabelsImport(dir string, files []string, opts labelsImportOptions, stdout, stderr io.Writer) error {
	var names map[string]string
	if opts.annotators != "" {
		var err error
		if names, err = labels.ReadAnnotatorMap(opts.annotators); err != nil {
			return &usageError{fmt.Errorf("--annotators: %w", err)}
		}
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return &failure{err}
	}
	info := cardInfo(m)
	res, err := labels.Import(dir, files, labels.ImportOptions{Annotator: opts.annotator, Annotators: names, Adjudicator: opts.adjudicator,
		Again: opts.again, Format: opts.format, Encoding: opts.encoding, SkipInvalid: opts.skipInvalid, Info: info})
	var (
		ie  *labels.ImportError
		aie *labels.AlreadyImportedError
	)
	switch {
	case errors.Is(err, labels.ErrNoAnnotator):
		return &usageError{fmt.Errorf("labels import needs --annotator NAME: %w", err)}
	case errors.As(err, &aie) && aie.Same == "":
		return &failure{fmt.Errorf("%w; pass --again to import it again, or remove its labels first with 'threadset labels remove %s --file %s'", err, dir, aie.SHA256[:12])}
	}
	if errors.As(err, &ie) && ie.Encoding() && opts.encoding == "" {
		return &failure{fmt.Errorf("%w\nsave the file as UTF-8, or name its encoding with --encoding (latin1, windows-1252, utf-16, ...)", err)}
	}
	if err != nil {
		return &failure{err}
	}
	who := labels.NormaliseAnnotator(opts.annotator)
	if last := res.Manifest.Imports[len(res.Manifest.Imports)-1]; len(last.Annotators) > 0 {
		who = fmt.Sprintf("%d annotator(s) [%s]", len(last.Annotators), strings.Join(last.Annotators, " "))
	}
	fmt.Fprintf(stdout, "imported %d label(s) from %s (replacing %d earlier label(s) by the same annotator); %d label column(s) left null by a tie\n",
		res.Imported, who, res.Replaced, res.Ties)
	for _, f := range res.RejectedFiles {
		fmt.Fprintf(stderr, "rejected rows written to %s\n", f)
	}
	if res.Rejected > 0 {
		fmt.Fprintf(stderr, "%d row(s) rejected\n", res.Rejected)
	}
	return nil
}

type labelsRemoveOptions struct {
	annotator string
	file      string
	noWait    bool
}

func newLabelsRemoveCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts labelsRemoveOptions
	cmd := &cobra.Command{
		Use:   "remove DIR (--annotator NAME | --file SHA256)",
		Short: "Take one annotator's or one imported file's labels out, as a new version",
		Long: `Remove writes a new version of the dataset without the labels of one
annotator (--annotator) or of one imported file (--file, its sha256 as the
manifest's import log shows it, or its first 8 or more hex digits). The
label columns are recomputed from the labels left, so removing the labels
of the last import gives back the dataset as it was before it. The
dataset is rewritten atomically, and the removal is kept in the import
log.`,
		Example: `  threadset labels remove dataset --annotator bob
  threadset labels remove dataset --file 3f2a9c01`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			lock, err := lockForWriting(c.Context(), args[0], opts.noWait, stderr)
			if err != nil {
				return err
			}
			defer func() { _ = lock.Release() }()
			return runLabelsRemove(args[0], opts, stdout)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.noWait, "no-wait", false, noWaitHelp)
	f.StringVar(&opts.annotator, "annotator", "", "remove every label of this annotator")
	f.StringVar(&opts.file, "file", "", "remove every label imported from the file with this sha256")
	return cmd
}

func runLabelsRemove(dir string, opts labelsRemoveOptions, stdout io.Writer) error {
	if (strings.TrimSpace(opts.annotator) == "") == (strings.TrimSpace(opts.file) == "") {
		return &usageError{errors.New("labels remove needs --annotator NAME or --file SHA256 (one of them)")}
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return &failure{err}
	}
	res, err := labels.Remove(dir, labels.RemoveOptions{Annotator: opts.annotator, SHA256: opts.file, Info: cardInfo(m)})
	if err != nil {
		return &failure{err}
	}
	fmt.Fprintf(stdout, "removed %d label(s); %d label column(s) left null by a tie\n", res.Removed, res.Ties)
	return nil
}

// cardInfo documents the builders of the dataset's build in a rewritten card.
func cardInfo(m *dataset.Manifest) dataset.CardInfo {
	used := map[string]bool{}
	for _, b := range m.Builders {
		used[b.Name] = true
	}
	return pipeline.CardInfo(all.Registry(), func(n string) bool { return used[n] }, "")
}

type agreementOptions struct {
	json bool
	by   string
}

func newLabelsAgreementCmd(stdout io.Writer) *cobra.Command {
	var opts agreementOptions
	cmd := &cobra.Command{
		Use:   "agreement DIR",
		Short: "Inter-annotator agreement per label column",
		Long: `Agreement prints, per label column, how many items have two or more
annotators, percent agreement, Krippendorff's alpha for nominal data, and
for every pair of annotators their percent agreement, Cohen's kappa and a
confusion table (rows: the first annotator's values, columns: the
second's) with each value's specific agreement (2 x both / uses). Where every label is the same value, alpha and kappa are 1 by
definition (their formula is 0/0); where no item has two annotators, alpha
is undefined; the output says which. --by source or --by depth adds the
figures per source or per comment depth.`,
		Example: `  threadset labels agreement dataset
  threadset labels agreement --by depth dataset
  threadset labels agreement --json dataset`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			if opts.by != "" && opts.by != dataset.BySource && opts.by != dataset.ByDepth {
				return &usageError{fmt.Errorf("unknown --by %q, must be one of [%s %s]", opts.by, dataset.BySource, dataset.ByDepth)}
			}
			cols, err := labels.Agreement(args[0], opts.by)
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
	cmd.Flags().StringVar(&opts.by, "by", "", "also per group: source or depth")
	return cmd
}
