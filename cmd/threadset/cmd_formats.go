package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders/all"
)

func newFormatsCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:     "formats",
		Short:   "List the input formats threadset reads",
		Example: `  threadset formats`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return runFormats(stdout)
		},
	}
}

func runFormats(stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tEXTENSIONS\tDESCRIPTION")
	for _, b := range all.Registry().All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", b.Name(), b.Version(), strings.Join(b.Extensions(), " "), b.Description())
	}
	return tw.Flush()
}
