//go:build !unix

package main

// lockFile does not lock where flock is missing: two processes may then
// both install, and the rename of a complete install into place still
// keeps either from seeing half of one.
func lockFile(path string) (unlock func(), err error) { return func() {}, nil }
