package release

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/threadset/threadset/schema/diff"
)

// Version is a semantic version MAJOR.MINOR.PATCH.
type Version struct{ Major, Minor, Patch int }

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// ParseVersion reads "X.Y.Z" (a leading "v" is allowed).
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("version %q: want MAJOR.MINOR.PATCH, such as 1.2.0", s)
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("version %q: %q is not a number without leading zeros", s, p)
		}
		n[i] = x
	}
	return Version{n[0], n[1], n[2]}, nil
}

// Less orders versions.
func (v Version) Less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	if v.Minor != w.Minor {
		return v.Minor < w.Minor
	}
	return v.Patch < w.Patch
}

// Bump returns the next version for a change of level l.
func (v Version) Bump(l diff.Level) Version {
	switch l {
	case diff.Major:
		return Version{v.Major + 1, 0, 0}
	case diff.Minor:
		return Version{v.Major, v.Minor + 1, 0}
	}
	return Version{v.Major, v.Minor, v.Patch + 1}
}

// levelOf is the level of change that going from v to w announces.
func levelOf(v, w Version) diff.Level {
	switch {
	case w.Major > v.Major:
		return diff.Major
	case w.Major == v.Major && w.Minor > v.Minor:
		return diff.Minor
	case !v.Less(w):
		return diff.None
	}
	return diff.Patch
}
