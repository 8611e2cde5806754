// Package dslock serialises the commands that rewrite a dataset: an
// exclusive advisory lock (flock) on a lock file beside the dataset
// directory, .NAME.lock in its parent. The operating system releases the
// lock when the holder exits, however it exits, so a crashed command never
// leaves a stale lock.
//
// The lock file lives beside the directory, not inside it, so that the
// dataset holds only what its manifest lists and the lock stays put when a
// new version is renamed over the old one. It is never removed: removing
// it would let two processes lock two different files of the same name.
//
// It is not a read lock: readers do not take it (see dataset.Recover for
// what they do when they find an interrupted write).
package dslock
