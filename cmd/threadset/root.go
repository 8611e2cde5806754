package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/dslock"
)

// Exit codes, documented in the root command's help.
const (
	exitOK       = 0
	exitFailure  = 1 // the dataset is invalid, or a --strict build met a bad input
	exitUsage    = 2 // bad flags or arguments, a missing input, an existing output
	exitInternal = 3 // anything else: I/O errors, bugs
	exitBusy     = 4 // --no-wait, and another command is writing the dataset
)

const exitStatusHelp = `
EXIT STATUS
  0  success
  1  validate found a problem in the dataset, a --strict build met a bad input,
     a sidecar metadata file is malformed, or a labels import was refused
  2  usage error: unknown flag or command, missing INPUT, directory without
     inputs, empty --out, --out equal to, inside or around an INPUT, output
     directory exists (without --force), --force on something that is not a
     dataset or holds files its manifest does not list, unknown --format,
     nothing built (every input skipped)
  3  any other error (I/O failure such as a read-only dataset, internal error)
  4  --no-wait, and another threadset command holds the dataset's lock`

// usageError marks a mistake in the command line.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// failure marks an error that is the command's negative answer (a dataset
// that does not validate), not a malfunction.
type failure struct{ err error }

func (e *failure) Error() string { return e.err.Error() }
func (e *failure) Unwrap() error { return e.err }

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "threadset",
		Short: "Build reproducible stance and discourse datasets from articles and their comment threads",
		Long: `threadset reads news articles and the reader comment threads under them and
writes linked Parquet tables (articles, comments with their reply structure,
sources, authors) with empty label columns for annotators, plus a manifest
and a dataset card. The same inputs always give byte-identical output.` + "\n" + exitStatusHelp,
		Version:       schema.ToolVersion,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newBuildCmd(stdout, stderr),
		newValidateCmd(stdout, stderr),
		newInspectCmd(stdout, stderr),
		newDiffCmd(stdout),
		newReleaseCmd(stdout, stderr),
		newExportCmd(stdout),
		newFormatsCmd(stdout),
		newLabelsCmd(stdout, stderr),
	)
	return root
}

// run executes the command line and maps its error to an exit code. It is
// the one place errors are printed.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "threadset: %v\n", err)
	var (
		ue  *usageError
		pue *pipeline.UsageError
		f   *failure
		inf *pipeline.InputFailure
		me  *pipeline.MetaError
		ve  *dataset.ValidationError
	)
	switch {
	case errors.As(err, &ue), errors.As(err, &pue), isCobraUsage(err):
		fmt.Fprintln(stderr, "Run 'threadset --help' for usage.")
		return exitUsage
	case errors.Is(err, dslock.ErrBusy):
		return exitBusy
	case systemError(err):
		return exitInternal
	case errors.As(err, &f), errors.As(err, &inf), errors.As(err, &me), errors.As(err, &ve):
		return exitFailure
	}
	return exitInternal
}

// systemError reports an error of the operating system (permission
// denied, no space, read-only file system) under an error that would
// otherwise be a refusal: the command could not do its work, exit 3. A
// missing file stays the command's answer ("not a threadset dataset").
func systemError(err error) bool {
	var (
		pe *fs.PathError
		le *os.LinkError
		se *os.SyscallError
	)
	if !errors.As(err, &pe) && !errors.As(err, &le) && !errors.As(err, &se) {
		return false
	}
	return !errors.Is(err, fs.ErrNotExist)
}

// isCobraUsage recognises cobra's unknown-command error, which is untyped.
func isCobraUsage(err error) bool { return strings.HasPrefix(err.Error(), "unknown command ") }

// usageArgs wraps a cobra argument check so that its error is a usage error.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return &usageError{err}
		}
		return nil
	}
}
