package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CheckOut refuses an output directory that is empty, or equal to, inside
// or around an INPUT: the build would write its temporaries into the
// inputs, and --force would delete them. Paths are compared after
// resolving symbolic links, as far as they exist.
func CheckOut(out string, inputs []string) error {
	if strings.TrimSpace(out) == "" {
		return &UsageError{"the output directory is empty: name one with --out DIR"}
	}
	o, err := resolve(out)
	if err != nil {
		return &UsageError{fmt.Sprintf("output %s: %v", out, err)}
	}
	for _, in := range inputs {
		i, err := resolve(in)
		if err != nil {
			continue // discovery reports a missing or unreadable INPUT
		}
		switch {
		case o == i:
			return &UsageError{fmt.Sprintf("the output directory %s is the input %s: choose an --out outside the inputs", out, in)}
		case inside(o, i):
			return &UsageError{fmt.Sprintf("the output directory %s is inside the input %s: choose an --out outside the inputs", out, in)}
		case inside(i, o):
			return &UsageError{fmt.Sprintf("the output directory %s contains the input %s: choose an --out outside the inputs", out, in)}
		}
	}
	return nil
}

// inside reports whether path p is strictly inside directory dir.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolve makes p absolute and resolves the symbolic links of its longest
// existing prefix; the rest is kept as written.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		} else if !os.IsNotExist(err) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
