package release

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema/dataset"
)

// VerifyError lists what is wrong with a release.
type VerifyError struct {
	Dir      string
	Problems []string
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("%s: %d problem(s):\n  %s", e.Dir, len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Rebuild builds a dataset from a release's inputs into out, with the
// release's label set and metadata, carrying the labels of the dataset in
// labelsFrom. It is given by the caller, which knows the builders.
type Rebuild func(out string, m *dataset.Manifest, labelsFrom string) error

// Verify checks a release: every file against SHA256SUMS (and no file
// unlisted), the data files against the manifest, the tables with
// validate, and that the card, croissant.json and CITATION.cff are the
// ones its files and release.json give. With rebuild, the release's
// inputs are built again and every data file compared byte for byte. It
// returns a *VerifyError listing the problems, sorted.
func Verify(dir string, rebuild Rebuild) error {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	info, err := readInfo(dir)
	if err != nil {
		return &VerifyError{dir, []string{err.Error()}}
	}
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return &VerifyError{dir, []string{err.Error()}}
	}

	// Checksums.
	listed, err := readSums(dir)
	if err != nil {
		bad("%v", err)
	}
	files, err := listFiles(dir)
	if err != nil {
		bad("%v", err)
	}
	present := map[string]bool{}
	for _, rel := range files {
		present[rel] = true
		if rel == SumsName {
			continue
		}
		want, ok := listed[rel]
		if !ok {
			bad("%s: not listed in %s", rel, SumsName)
			continue
		}
		f, err := describe(dir, rel)
		if err != nil {
			bad("%s: %v", rel, err)
		} else if f.SHA256 != want {
			bad("%s: sha256 %s, %s says %s", rel, f.SHA256, SumsName, want)
		}
	}
	for rel := range listed {
		if !present[rel] {
			bad("%s: listed in %s but missing", rel, SumsName)
		}
	}

	// Data files against the manifest.
	for _, t := range m.Tables {
		for _, f := range t.Files {
			if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
				bad("%s: %s lists %q, outside the release", dataset.ManifestName, f.Path, f.Path)
				continue
			}
			got, err := describe(dir, f.Path)
			if err != nil {
				bad("%s: %v", f.Path, err)
				continue
			}
			if got.SHA256 != f.SHA256 || got.Bytes != f.Bytes {
				bad("%s: %d bytes, sha256 %s; %s says %d bytes, sha256 %s", f.Path, got.Bytes, got.SHA256, dataset.ManifestName, f.Bytes, f.SHA256)
			}
		}
	}

	// Generated files must be what the data and release.json give.
	card, err := os.ReadFile(filepath.Join(dir, dataset.CardName))
	if err != nil {
		bad("%v", err)
	} else {
		head := cardHeader(info, m, m.Tables)
		if !bytes.HasPrefix(card, []byte(head)) {
			bad("%s: its header (YAML configs, dataset_info, release notes) is not the one the files give: edited, or stale", dataset.CardName)
		} else {
			sum := sha256.Sum256(card[len(head):])
			if hex.EncodeToString(sum[:]) != info.CardBodySHA256 {
				bad("%s: the dataset card below the header was edited (%s records its checksum)", dataset.CardName, InfoName)
			}
		}
	}
	if want, err := croissant(info, m, m.Tables); err == nil {
		got, err := os.ReadFile(filepath.Join(dir, CroissantName))
		switch {
		case err != nil:
			bad("%v", err)
		case !bytes.Equal(got, want):
			bad("%s: not the Croissant metadata of these files (stale or edited)", CroissantName)
			for _, p := range CheckCroissant(got) {
				bad("%s: %s", CroissantName, p)
			}
			probs = append(probs, croissantHashes(dir, got)...)
		}
	}
	if got, err := os.ReadFile(filepath.Join(dir, "CITATION.cff")); err != nil {
		bad("%v", err)
	} else if !bytes.Equal(got, citation(info, m)) {
		bad("CITATION.cff: not the citation release.json and the metadata give (stale or edited)")
	}

	// The tables themselves, through a dataset view of the release.
	if len(probs) == 0 {
		view, err := datasetView(dir, m)
		if view != "" {
			defer os.RemoveAll(view)
		}
		if err != nil {
			return err
		}
		if err := dataset.Validate(view); err != nil {
			var ve *dataset.ValidationError
			if errors.As(err, &ve) {
				for _, v := range ve.Violations {
					bad("tables: %s", v)
				}
			} else {
				bad("tables: %v", err)
			}
		} else if rebuild != nil {
			probs = append(probs, compareRebuild(dir, view, m, info, rebuild)...)
		}
	}
	if len(probs) > 0 {
		sort.Strings(probs)
		return &VerifyError{dir, probs}
	}
	return nil
}

// croissantHashes checks the sha256 of every FileObject against its file.
func croissantHashes(dir string, data []byte) []string {
	var doc struct {
		Distribution []struct {
			Type       string `json:"@type"`
			ContentURL string `json:"contentUrl"`
			SHA256     string `json:"sha256"`
		} `json:"distribution"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var probs []string
	for _, d := range doc.Distribution {
		if d.Type != "cr:FileObject" || !filepath.IsLocal(filepath.FromSlash(d.ContentURL)) {
			continue
		}
		f, err := describe(dir, d.ContentURL)
		if err != nil {
			probs = append(probs, fmt.Sprintf("%s: FileObject %s: %v", CroissantName, d.ContentURL, err))
		} else if f.SHA256 != d.SHA256 {
			probs = append(probs, fmt.Sprintf("%s: FileObject %s: sha256 %s, the file has %s", CroissantName, d.ContentURL, d.SHA256, f.SHA256))
		}
	}
	return probs
}

// datasetView lays the release's data files out as a dataset (hard links,
// or copies across file systems) in a temporary directory, so that
// validate and --labels-from read it like any dataset.
func datasetView(dir string, m *dataset.Manifest) (string, error) {
	view, err := os.MkdirTemp("", "threadset-release-view-")
	if err != nil {
		return "", err
	}
	vm := *m
	vm.Tables = nil
	for _, t := range m.Tables {
		vt := dataset.TableFiles{Name: t.Name, Rows: t.Rows}
		if err := os.MkdirAll(filepath.Join(view, t.Name), 0o755); err != nil {
			return view, err
		}
		for i, f := range t.Files {
			rel := fmt.Sprintf("%s/part-%05d.parquet", t.Name, i)
			src, dst := filepath.Join(dir, filepath.FromSlash(f.Path)), filepath.Join(view, filepath.FromSlash(rel))
			if err := os.Link(src, dst); err != nil {
				data, rerr := os.ReadFile(src)
				if rerr != nil {
					return view, rerr
				}
				if err := os.WriteFile(dst, data, 0o644); err != nil {
					return view, err
				}
			}
			vf := f
			vf.Path = rel
			vt.Files = append(vt.Files, vf)
		}
		vm.Tables = append(vm.Tables, vt)
	}
	data, err := marshal(&vm)
	if err != nil {
		return view, err
	}
	return view, os.WriteFile(filepath.Join(view, dataset.ManifestName), data, 0o644)
}

// compareRebuild builds the release's inputs again and compares every
// data file.
func compareRebuild(dir, view string, m *dataset.Manifest, info *Info, rebuild Rebuild) []string {
	tmp, err := os.MkdirTemp("", "threadset-release-rebuild-")
	if err != nil {
		return []string{err.Error()}
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "ds")
	if err := rebuild(out, m, view); err != nil {
		return []string{fmt.Sprintf("rebuild: %v", err)}
	}
	rm, err := dataset.ReadManifest(out)
	if err != nil {
		return []string{fmt.Sprintf("rebuild: %v", err)}
	}
	var probs []string
	ins := func(m *dataset.Manifest) map[string]string {
		out := map[string]string{}
		for _, in := range m.Inputs {
			out[in.Path] = in.SHA256
		}
		return out
	}
	have, want := ins(rm), ins(m)
	for p, sum := range want {
		switch got, ok := have[p]; {
		case !ok:
			probs = append(probs, fmt.Sprintf("rebuild: input %s of the release was not given", p))
		case got != sum:
			probs = append(probs, fmt.Sprintf("rebuild: input %s has sha256 %s, the release was built from %s", p, got, sum))
		}
	}
	for p := range have {
		if _, ok := want[p]; !ok {
			probs = append(probs, fmt.Sprintf("rebuild: input %s is not one the release was built from", p))
		}
	}
	if len(probs) > 0 {
		return probs
	}
	again := filepath.Join(tmp, "release")
	tables, err := writeData(out, again, rm, info.Splits)
	if err != nil {
		return []string{fmt.Sprintf("rebuild: %v", err)}
	}
	got := map[string]string{}
	for _, t := range tables {
		for _, f := range t.Files {
			got[f.Path] = f.SHA256
		}
	}
	for _, t := range m.Tables {
		for _, f := range t.Files {
			if got[f.Path] != f.SHA256 {
				probs = append(probs, fmt.Sprintf("rebuild: %s differs from the rebuilt file (sha256 %s, rebuilt %s)", f.Path, f.SHA256, got[f.Path]))
			}
		}
	}
	return probs
}
