package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/schema/diff"
)

type diffOptions struct {
	json bool
	rows string
}

func newDiffCmd(stdout io.Writer) *cobra.Command {
	var opts diffOptions
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two datasets: rows added, removed and changed, labels, schema, and the version change they call for",
		Long: `Diff compares the dataset OLD with NEW, matching rows by ID: per table the
rows added, removed and changed (with the columns that changed; counts,
positions and file checksums are "derived" or "provenance" changes and do
not make a record changed), comments re-parented, threads whose shape
changed, labels added, changed and removed per annotator, schema and
label-set changes, and a summary by source.

It ends with the semantic-versioning level the change calls for:
  major  records removed or changed, columns removed or retyped,
         labels changed or removed
  minor  records, columns, tables or labels added; old records unchanged
  patch  the same records; only files, provenance or derived values differ
  none   the same files
Diff reads; it does not verify checksums (run validate for that).`,
		Example: `  threadset diff dataset-v1 dataset-v2
  threadset diff --json dataset-v1 dataset-v2 | jq .change
  threadset diff --rows changes dataset-v1 dataset-v2   # changes/comments/changed.parquet, ...`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(c *cobra.Command, args []string) error {
			return runDiff(args[0], args[1], opts, stdout)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the report as JSON")
	cmd.Flags().StringVar(&opts.rows, "rows", "", "also write the added, changed and removed rows as Parquet to this new directory (ROWS/<table>/added.parquet, ...)")
	return cmd
}

func runDiff(oldDir, newDir string, opts diffOptions, stdout io.Writer) error {
	r, err := diff.Compare(oldDir, newDir)
	if err != nil {
		return &failure{err}
	}
	if opts.rows != "" {
		if err := r.WriteRows(opts.rows); err != nil {
			return &usageError{fmt.Errorf("--rows: %w", err)}
		}
	}
	if opts.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return r.Write(stdout)
}
