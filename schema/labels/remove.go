package labels

import (
	"fmt"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// RemoveOptions say whose labels a removal takes out: one annotator's, or
// those of one imported file (its sha256, or an unambiguous prefix of at
// least 8 hex digits).
type RemoveOptions struct {
	Annotator string
	SHA256    string
	// Info documents the build in the rewritten card.
	Info dataset.CardInfo
}

// RemoveResult says what a removal did.
type RemoveResult struct {
	Removed  int // annotations and orphaned annotations taken out
	Ties     int
	Manifest *dataset.Manifest
}

// Remove writes a new version of the dataset without the chosen labels,
// atomically, as Import does; the import log records the removal.
func Remove(dir string, opts RemoveOptions) (*RemoveResult, error) {
	who, sha := NormaliseAnnotator(opts.Annotator), strings.ToLower(strings.TrimSpace(opts.SHA256))
	if (who == "") == (sha == "") {
		return nil, fmt.Errorf("a removal names either an annotator or a file's sha256, not %s", map[bool]string{true: "both", false: "neither"}[who != ""])
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	annotations, orphans, err := dataset.ReadAnnotations(dir)
	if err != nil {
		return nil, err
	}
	entry := dataset.Import{Action: dataset.ActionRemove, Annotator: who}
	var match func(a schema.Annotation) bool
	if who != "" {
		match = func(a schema.Annotation) bool { return a.Annotator == who }
	} else {
		full, file, err := findFile(sha, annotations, orphans)
		if err != nil {
			return nil, err
		}
		entry.SHA256, entry.File = full, file
		match = func(a schema.Annotation) bool { return a.SourceSHA256 == full }
	}
	keep := func(as []schema.Annotation) []schema.Annotation {
		out := make([]schema.Annotation, 0, len(as))
		for _, a := range as {
			if match(a) {
				entry.Labels++
				continue
			}
			out = append(out, a)
		}
		return out
	}
	names := map[string]bool{}
	for _, a := range annotations {
		names[a.Annotator] = true
	}
	annotations, orphans = keep(annotations), keep(orphans)
	if entry.Labels == 0 {
		return nil, fmt.Errorf("no labels by annotator %q in %s; the annotators are [%s]", who, dir, strings.Join(sortedSet(names), " "))
	}
	imports := append(append([]dataset.Import(nil), m.Imports...), entry)
	rw, err := dataset.Rewrite(dir, dataset.RewriteOptions{Annotations: annotations, Orphans: orphans, Imports: imports, Info: opts.Info})
	if err != nil {
		return nil, err
	}
	return &RemoveResult{Removed: entry.Labels, Ties: rw.Ties, Manifest: rw.Manifest}, nil
}

// findFile is the one imported file whose sha256 starts with prefix.
func findFile(prefix string, lists ...[]schema.Annotation) (sha, file string, err error) {
	files := map[string]string{}
	for _, as := range lists {
		for _, a := range as {
			files[a.SourceSHA256] = a.SourceFile
		}
	}
	var hits, all []string
	for s := range files {
		all = append(all, s[:min(12, len(s))]+" ("+files[s]+")")
		if strings.HasPrefix(s, prefix) {
			hits = append(hits, s)
		}
	}
	sort.Strings(all)
	switch {
	case len(prefix) < 8 && len(prefix) != 64:
		return "", "", fmt.Errorf("sha256 %q is too short: give at least 8 hex digits", prefix)
	case len(hits) == 1:
		return hits[0], files[hits[0]], nil
	case len(hits) > 1:
		return "", "", fmt.Errorf("sha256 %q names %d files; give more of it", prefix, len(hits))
	}
	return "", "", fmt.Errorf("no labels from a file with sha256 %q; the imported files are [%s]", prefix, strings.Join(all, ", "))
}
