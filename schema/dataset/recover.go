package dataset

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/threadset/threadset/schema/dslock"
)

// The names of a dataset's temporaries beside it, NAME being its
// directory's name and N MkdirTemp's digits: .NAME.tmp-N is a version
// being written, .NAME.old-N the version it replaces while the two are
// swapped.
const (
	tmpInfix = ".tmp-"
	oldInfix = ".old-"
)

func splitDir(dir string) (parent, base string) {
	parent, base = filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	return parent, base
}

// leftovers lists the temporaries of dir by suffix N. Only exact names
// count, so that the temporaries of a dataset named "ds.tmp-1" (which are
// .ds.tmp-1.tmp-N) are never taken for those of "ds".
func leftovers(dir string) (tmps, olds map[string]string, err error) {
	parent, base := splitDir(dir)
	entries, err := os.ReadDir(parent)
	if os.IsNotExist(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	re := regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `\.(tmp|old)-([0-9]+)$`)
	tmps, olds = map[string]string{}, map[string]string{}
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() { // a symlink is not ours either
			continue
		}
		if m[1] == "tmp" {
			tmps[m[2]] = filepath.Join(parent, e.Name())
		} else {
			olds[m[2]] = filepath.Join(parent, e.Name())
		}
	}
	return tmps, olds, nil
}

// Recover repairs what an interrupted command left at dir and returns
// what it did, one note each. The caller must hold dir's lock (dslock):
// every writer holds it while its temporaries exist, so under the lock
// they are all a dead command's.
//
// A crash between the two renames of a replace leaves no dir but a pair
// .NAME.old-N and .NAME.tmp-N. The temporary is complete then (the old
// version is only moved aside once the new one is written and synced), so
// the new version is put in place if it validates, else the old one goes
// back. Every other temporary is removed.
func Recover(dir string) (notes []string, err error) {
	if !dslock.Holds(dir) {
		return nil, fmt.Errorf("internal error: recovering %s without holding its lock", dir)
	}
	tmps, olds, err := leftovers(dir)
	if err != nil || len(tmps)+len(olds) == 0 {
		return nil, err
	}
	parent, _ := splitDir(dir)
	if _, err := os.Lstat(dir); os.IsNotExist(err) {
		note, err := restore(dir, tmps, olds)
		if err != nil {
			return nil, err
		}
		if note != "" {
			notes = append(notes, note)
		}
	}
	var removed []string
	for _, set := range []map[string]string{tmps, olds} {
		for _, p := range set {
			if err := os.RemoveAll(p); err != nil {
				return notes, fmt.Errorf("removing %s, left by an interrupted command: %w", p, err)
			}
			removed = append(removed, filepath.Base(p))
		}
	}
	if len(removed) > 0 {
		sort.Strings(removed)
		notes = append(notes, fmt.Sprintf("%s: removed %d temporary director%s left by an interrupted command: %s",
			dir, len(removed), plural(len(removed), "y", "ies"), strings.Join(removed, ", ")))
	}
	return notes, SyncDir(parent)
}

// restore puts a dataset back at dir from the pair of an interrupted
// replace, deleting what it used from the maps.
func restore(dir string, tmps, olds map[string]string) (string, error) {
	var ns []string
	for n := range olds {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	for _, n := range ns {
		if tmp, ok := tmps[n]; ok && Validate(tmp) == nil {
			if err := os.Rename(tmp, dir); err != nil {
				return "", err
			}
			delete(tmps, n)
			return fmt.Sprintf("%s: an interrupted replace was completed: the new version is in place", dir), nil
		}
	}
	for _, n := range ns {
		if Validate(olds[n]) == nil {
			if err := os.Rename(olds[n], dir); err != nil {
				return "", err
			}
			delete(olds, n)
			return fmt.Sprintf("%s: an interrupted replace was undone: the old version is back in place", dir), nil
		}
	}
	if len(ns) > 0 {
		return "", fmt.Errorf("%s is missing and no copy left by an interrupted command validates; they are kept: %s", dir, strings.Join(sortedValues(olds, tmps), ", "))
	}
	return "", nil
}

func sortedValues(ms ...map[string]string) []string {
	var out []string
	for _, m := range ms {
		for _, v := range m {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// LockOptions are the settings of Lock.
type LockOptions struct {
	// NoWait fails with a *dslock.BusyError instead of waiting.
	NoWait bool
	// Waiting is called once when another process holds the lock.
	Waiting func(pid int)
	// Log receives the notes of a recovery; nil discards them.
	Log io.Writer
}

// Lock takes dir's lock for a command that rewrites the dataset, then
// recovers what an interrupted command left there. Release the lock when
// the command is done.
func Lock(ctx context.Context, dir string, opts LockOptions) (*dslock.Lock, error) {
	l, err := dslock.Acquire(ctx, dir, dslock.Options{NoWait: opts.NoWait, Waiting: opts.Waiting})
	if err != nil {
		return nil, err
	}
	notes, err := Recover(dir)
	logNotes(opts.Log, notes)
	if err != nil {
		_ = l.Release()
		return nil, err
	}
	return l, nil
}

// RecoverForReading is what a command that only reads dir does first: if
// an interrupted command left temporaries beside it and no live writer
// holds the lock, it takes the lock and recovers. While a writer holds
// it, its temporaries are its own: the reader waits only when dir is
// missing (a replace is between its two renames).
func RecoverForReading(ctx context.Context, dir string, opts LockOptions) error {
	tmps, olds, err := leftovers(dir)
	if err != nil || len(tmps)+len(olds) == 0 {
		return nil // nothing to do, or nothing a reader can do
	}
	l, ok, err := dslock.TryAcquire(dir)
	if err != nil {
		return nil // a read-only place: read what is there
	}
	if !ok {
		// A live writer: its temporaries are its own. Wait only while it
		// is between the two renames of a replace (DIR missing, the old
		// version aside), not for a whole first build.
		if _, err := os.Lstat(dir); !os.IsNotExist(err) || len(olds) == 0 {
			return nil
		}
		if l, err = Lock(ctx, dir, opts); err != nil {
			return err
		}
		return l.Release()
	}
	defer func() { _ = l.Release() }()
	notes, err := Recover(dir)
	logNotes(opts.Log, notes)
	return err
}

func logNotes(w io.Writer, notes []string) {
	if w == nil {
		return
	}
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
}
