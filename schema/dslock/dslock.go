package dslock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrBusy is wrapped by the error of Acquire when the dataset is locked by
// another process and NoWait was asked for.
var ErrBusy = errors.New("locked by another process")

// BusyError says who holds the lock (PID 0 when the holder is unknown).
type BusyError struct {
	Dir string
	PID int
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is %v%s", e.Dir, ErrBusy, holder(e.PID))
}

func (e *BusyError) Unwrap() error { return ErrBusy }

func holder(pid int) string {
	if pid <= 0 {
		return ""
	}
	return fmt.Sprintf(" (pid %d)", pid)
}

// Options are the settings of Acquire.
type Options struct {
	// NoWait fails with a *BusyError instead of waiting for the holder.
	NoWait bool
	// Waiting, when set, is called once if Acquire has to wait, with the
	// holder's process ID (0 when unknown).
	Waiting func(pid int)
}

// Lock is a held lock on one dataset path.
type Lock struct {
	key  string
	file string
}

// held counts this process's locks by path: a process that holds a
// dataset's lock may take it again (a command locks, then a library
// function it calls locks too). flock alone would make the second open of
// the file wait for the first.
var (
	mu   sync.Mutex
	held = map[string]*entry{}
)

type entry struct {
	f     *os.File
	count int
}

// File is the lock file of the dataset directory dir.
func File(dir string) string {
	parent, base := split(dir)
	return filepath.Join(parent, "."+base+".lock")
}

func split(dir string) (parent, base string) {
	parent, base = filepath.Split(filepath.Clean(dir))
	if parent == "" {
		parent = "."
	}
	return parent, base
}

func key(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	// Resolve the parent, so that two spellings of one directory share a
	// lock; the last element is the name the lock file is made of.
	parent, base := split(abs)
	if p, err := filepath.EvalSymlinks(parent); err == nil {
		parent = p
	}
	return filepath.Join(parent, base), nil
}

// Acquire takes the lock on the dataset path dir, creating its parent
// directory and lock file when needed. It waits for another holder unless
// opts.NoWait is set, and stops waiting when ctx is done.
func Acquire(ctx context.Context, dir string, opts Options) (*Lock, error) {
	k, err := key(dir)
	if err != nil {
		return nil, err
	}
	mu.Lock()
	if e, ok := held[k]; ok {
		e.count++
		mu.Unlock()
		return &Lock{key: k, file: File(k)}, nil
	}
	mu.Unlock()

	parent, _ := split(k)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
	}
	name := File(k)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if errors.Is(err, os.ErrPermission) {
		// A lock file made by another user or in a read-only place: flock
		// works on a file opened for reading too.
		if rf, rerr := os.Open(name); rerr == nil {
			f, err = rf, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
	}
	const poll = 50 * time.Millisecond
	waited := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
		}
		if ok {
			break
		}
		if opts.NoWait {
			f.Close()
			return nil, &BusyError{Dir: dir, PID: readPID(name)}
		}
		if !waited && opts.Waiting != nil {
			opts.Waiting(readPID(name))
		}
		waited = true
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
	// Say who holds it, for the message of the next writer. Best effort: a
	// read-only lock file still locks.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	mu.Lock()
	held[k] = &entry{f: f, count: 1}
	mu.Unlock()
	return &Lock{key: k, file: name}, nil
}

// TryAcquire takes the lock if no other process holds it; ok is false
// when one does.
func TryAcquire(dir string) (l *Lock, ok bool, err error) {
	l, err = Acquire(context.Background(), dir, Options{NoWait: true})
	if errors.Is(err, ErrBusy) {
		return nil, false, nil
	}
	return l, err == nil, err
}

// Release gives the lock up. Releasing twice is a no-op.
func (l *Lock) Release() error {
	if l == nil || l.key == "" {
		return nil
	}
	k := l.key
	l.key = ""
	mu.Lock()
	defer mu.Unlock()
	e, ok := held[k]
	if !ok {
		return nil
	}
	e.count--
	if e.count > 0 {
		return nil
	}
	delete(held, k)
	// Closing the file releases the flock. The PID is left in the file: a
	// reader of it checks the lock, not the number.
	return e.f.Close()
}

// Holds reports whether this process holds the lock on dir.
func Holds(dir string) bool {
	k, err := key(dir)
	if err != nil {
		return false
	}
	mu.Lock()
	defer mu.Unlock()
	_, ok := held[k]
	return ok
}

func readPID(name string) int {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return 0
	}
	return pid
}
