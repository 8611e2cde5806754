package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/schema/convokit"
	"github.com/threadset/threadset/schema/dataset"
)

func newExportCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a dataset in another tool's format (convokit)",
		Args:  usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "convokit DIR OUT",
		Short: "Write DIR as a ConvoKit corpus directory OUT",
		Long: `Export convokit writes the dataset in DIR as a corpus of Cornell's
Conversational Analysis Toolkit (ConvoKit): OUT/utterances.jsonl,
speakers.json, conversations.json, corpus.json and index.json, loadable with
convokit.Corpus(filename="OUT").

Each article is a conversation: its root utterance is the article (speaker
"byline:NAME" or "source:NAME"), and top-level comments reply to it, as
ConvoKit's Reddit corpora make the post the root. Comment speakers are the
pseudonymous author_id ("[anonymous]" without an author); the display name
is speaker metadata. Label columns, depth, position, native ID, deleted and
status are utterance metadata; timestamps are Unix seconds. OUT must not
exist; it appears complete or not at all.`,
		Example: `  threadset export convokit dataset corpus
  python -c 'from convokit import Corpus; print(Corpus(filename="corpus").print_summary_stats())'`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(c *cobra.Command, args []string) error {
			if _, err := dataset.ReadManifest(args[0]); err != nil {
				return &failure{err}
			}
			res, err := convokit.Export(args[0], args[1])
			if errors.Is(err, convokit.ErrExists) {
				return &usageError{err}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote %s: %d utterances, %d speakers, %d conversations\n", args[1], res.Utterances, res.Speakers, res.Conversations)
			return nil
		},
	})
	return cmd
}
