package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/release"
)

type releaseOptions struct {
	to      string
	version string
	bump    bool
	date    string
	quiet   bool
}

func newReleaseCmd(stdout, stderr io.Writer) *cobra.Command {
	var opts releaseOptions
	cmd := &cobra.Command{
		Use:   "release DIR --to RELEASES [--version X.Y.Z | --bump]",
		Short: "Publish an immutable, versioned release of a dataset (Hugging Face layout, Croissant, CITATION.cff)",
		Long: `Release publishes the dataset in DIR as RELEASES/X.Y.Z, a directory laid out for
the Hugging Face Hub: README.md (the card, with one config per table and its
train/validation/test splits and dataset_info), data/<table>/<split>-00000-of-00001.parquet,
manifest.json, CHANGELOG.md (cumulative), CITATION.cff, croissant.json
(Croissant 1.1), diff.json and diff.txt against the previous release,
release.json and SHA256SUMS.

The version is computed from the diff against the latest release in RELEASES:
  MAJOR  records removed or changed, columns removed or retyped, labels changed
         or removed, articles moved between splits (the split shares changed)
  MINOR  records, columns, tables or labels added; old records unchanged
  PATCH  the same records; only provenance, derived values or metadata differ
The first release is 1.0.0. --version X.Y.Z asks for a version; one that
announces less change than the data shows is refused, with the diff. Nothing
changed means no release.

Articles are split by a hash of their ID (shares from the metadata file,
default 0.8/0.1/0.1), so an article never changes split between releases;
comments, anomalies and annotations follow their article. A release is
assembled in a temporary directory, synced, made read-only and renamed into
place: a failure leaves nothing, and a published release is never modified.

The release date is --date, else SOURCE_DATE_EPOCH, else today (UTC); it is the
only value of a release not derived from the data.`,
		Example: `  threadset release dataset --to releases
  threadset release dataset --to releases --version 2.0.0
  threadset release verify releases/1.0.0
  threadset release verify releases/1.0.0 pages/     # also rebuild from the inputs`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			return runRelease(args[0], opts, stdout, stderr)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.to, "to", "", "releases directory (required); the release is written to RELEASES/X.Y.Z")
	f.StringVar(&opts.version, "version", "", "the version to publish (refused if it understates the change)")
	f.BoolVar(&opts.bump, "bump", false, "compute the version from the diff against the latest release (the default)")
	f.StringVar(&opts.date, "date", "", "release date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today in UTC)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "print only the release's path")
	cmd.AddCommand(newReleaseVerifyCmd(stdout))
	return cmd
}

func runRelease(dir string, opts releaseOptions, stdout, stderr io.Writer) error {
	if opts.to == "" {
		return &usageError{errors.New("--to RELEASES is required")}
	}
	if opts.bump && opts.version != "" {
		return &usageError{errors.New("give --version or --bump, not both")}
	}
	date := opts.date
	if date == "" {
		date = releaseDate()
	}
	if _, err := dataset.ReadManifest(dir); err != nil {
		return &failure{err}
	}
	res, err := release.Publish(release.Options{Dir: dir, To: opts.to, Version: opts.version, Date: date, Log: stderr})
	var ue *release.UsageError
	switch {
	case errors.As(err, &ue):
		return &usageError{err}
	case errors.Is(err, release.ErrUnderstated):
		return &failure{err}
	case err != nil:
		var ve *dataset.ValidationError
		if errors.As(err, &ve) {
			return &failure{err}
		}
		return err
	}
	if opts.quiet {
		fmt.Fprintln(stdout, res.Path)
		return nil
	}
	fmt.Fprintf(stdout, "released %s as %s", dir, res.Path)
	if res.Diff != nil {
		fmt.Fprintf(stdout, " (%s change from %s)", res.Diff.Change, res.Info.Previous)
	}
	fmt.Fprintln(stdout)
	for _, r := range res.Info.Reasons {
		fmt.Fprintf(stdout, "  - %s\n", r)
	}
	return nil
}

// releaseDate is SOURCE_DATE_EPOCH's day if set (reproducible builds'
// convention), else today in UTC.
func releaseDate() string {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC().Format(time.DateOnly)
		}
	}
	return time.Now().UTC().Format(time.DateOnly)
}

func newReleaseVerifyCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "verify RELEASE [INPUT...]",
		Short: "Check a release: checksums, tables, card, croissant.json, CITATION.cff; with INPUTs, rebuild and compare",
		Long: `Verify re-hashes every file of RELEASE against SHA256SUMS (and finds files that
are missing or unlisted), checks the data files against manifest.json,
validates the tables, and checks that the card (README.md), croissant.json
and CITATION.cff are the ones the files and release.json give; croissant.json
is also checked against the Croissant rules mlcroissant enforces. Given the
INPUTs the release was built from, it builds them again (with the release's
label set, metadata and labels) and compares every data file byte for byte.
It exits 1 and lists the problems when any is found.`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			var rebuild release.Rebuild
			if inputs := args[1:]; len(inputs) > 0 {
				rebuild = func(out string, m *dataset.Manifest, labelsFrom string) error {
					_, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: inputs, Registry: all.Registry(),
						Out: out, LabelSet: m.Labels(), Metadata: m.Metadata, LabelsFrom: labelsFrom})
					return err
				}
			}
			err := release.Verify(args[0], rebuild)
			var ve *release.VerifyError
			if errors.As(err, &ve) {
				return &failure{err}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: verified\n", args[0])
			return nil
		},
	}
}
