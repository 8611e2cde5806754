package main

import (
	"context"
	"fmt"
	"io"

	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/dslock"
)

const noWaitHelp = "fail at once (exit 4) instead of waiting when another command is writing the dataset"

// lockForWriting takes the lock of the dataset at dir for a command that
// rewrites it, saying on stderr when it has to wait, and recovers what an
// interrupted command left there.
func lockForWriting(ctx context.Context, dir string, noWait bool, stderr io.Writer) (*dslock.Lock, error) {
	return dataset.Lock(ctx, dir, lockOptions(dir, noWait, stderr))
}

// lockOptions say on stderr when a writer waits and what a recovery did.
func lockOptions(dir string, noWait bool, stderr io.Writer) dataset.LockOptions {
	return dataset.LockOptions{NoWait: noWait, Log: stderr, Waiting: func(pid int) {
		fmt.Fprintf(stderr, "threadset: waiting for the lock on %s held by %s (--no-wait fails instead)\n", dir, holder(pid))
	}}
}

// recoverForReading repairs an interrupted write at dir, if any, before a
// command reads it.
func recoverForReading(ctx context.Context, dir string, stderr io.Writer) error {
	return dataset.RecoverForReading(ctx, dir, dataset.LockOptions{Log: stderr, Waiting: func(pid int) {
		fmt.Fprintf(stderr, "threadset: waiting for the lock on %s held by %s: it is replacing the dataset\n", dir, holder(pid))
	}})
}

func holder(pid int) string {
	if pid <= 0 {
		return "another process"
	}
	return fmt.Sprintf("pid %d", pid)
}
