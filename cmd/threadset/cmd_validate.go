package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/schema/dataset"
)

func newValidateCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate DIR",
		Short: "Check a dataset: checksums, schema, references and reply trees",
		Long: `Validate re-reads the dataset in DIR and checks: every file the manifest
lists has its size and SHA-256 and row count, no part is unlisted, every
table has the documented columns and types, IDs are unique, every
article_id, source_id and author_id reference resolves, every parent_id is a
comment of the same article, depth is the parent's depth + 1, root_id is
the thread's top-level comment, no reply chain is a cycle, positions run
0, 1, ... per article, counts match, every string is valid UTF-8, and
label values are in their vocabularies. A manifest path that is absolute,
contains "..", or leads (through symbolic links too) outside DIR is a
problem, never followed. It exits 1 and lists the problems when any is
found: the first 50, sorted by table or file, row and message, and how
many more there are.`,
		Example: `  threadset validate dataset`,
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			if err := recoverForReading(c.Context(), args[0], stderr); err != nil {
				return err
			}
			return runValidate(args[0], stdout)
		},
	}
}

func runValidate(dir string, stdout io.Writer) error {
	if _, err := dataset.ReadManifest(dir); err != nil {
		return &failure{err}
	}
	if err := dataset.Validate(dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: valid\n", dir)
	return nil
}
