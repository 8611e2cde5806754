package dataset

import (
	"errors"
	"os"
	"syscall"
)

// The durable-write primitives every package that writes a dataset,
// a release or a user's file shares (restic's local backend is the model).

// WriteFileSync writes a new file durably: write, sync, close, each
// checked; it refuses to replace an existing file.
func WriteFileSync(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// SyncDir makes a directory's entries (creations, renames) durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		_ = d.Close()
		// Some file systems cannot sync a directory; the rename is then as
		// safe as they allow.
		if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
			return nil
		}
		return err
	}
	return d.Close()
}
