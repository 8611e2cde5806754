package release

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema/dataset"
)

// SumsName is the checksum file of a release, in sha256sum's format.
const SumsName = "SHA256SUMS"

// describe hashes one file of a release.
func describe(root, rel string) (dataset.File, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return dataset.File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return dataset.File{}, err
	}
	return dataset.File{Path: rel, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeFile writes data to root/rel durably.
func writeFile(root, rel string, data []byte) error {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return dataset.WriteFileSync(p, data)
}

// listFiles lists every regular file under root, '/'-separated and
// sorted; anything else (a link, a device) is an error.
func listFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", filepath.ToSlash(rel))
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(out)
	return out, err
}

// sums renders SHA256SUMS for every file of root except itself.
func sums(root string) ([]byte, error) {
	files, err := listFiles(root)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, rel := range files {
		if rel == SumsName {
			continue
		}
		f, err := describe(root, rel)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, rel)
	}
	return []byte(b.String()), nil
}

// readSums parses SHA256SUMS into path -> sha256.
func readSums(root string) (map[string]string, error) {
	f, err := os.Open(filepath.Join(root, SumsName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		sum, rel, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			return nil, fmt.Errorf("%s: line %d: want \"SHA256  PATH\", found %q", SumsName, line, sc.Text())
		}
		out[rel] = sum
	}
	return out, sc.Err()
}

// readOnly makes every file under root read-only, so that a published
// release is not modified by accident.
func readOnly(root string) error {
	files, err := listFiles(root)
	if err != nil {
		return err
	}
	for _, rel := range files {
		if err := os.Chmod(filepath.Join(root, filepath.FromSlash(rel)), 0o444); err != nil {
			return err
		}
	}
	return nil
}
