//go:build !unix && !windows

package dslock

import (
	"errors"
	"os"
)

func tryLock(f *os.File) (bool, error) {
	return false, errors.New("dataset locking is only implemented on Unix systems")
}
