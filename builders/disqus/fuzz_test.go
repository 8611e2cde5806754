package disqus

import (
	"testing"

	"github.com/threadset/threadset/builders/buildertest"
)

// FuzzBuild checks the properties of buildertest.Check (errors are
// InputErrors naming the file; every parent is kept or reported; rows are
// valid UTF-8 without control characters; the build is deterministic) on
// any bytes. The seed corpus in testdata/fuzz/FuzzBuild holds the
// fixtures' inputs (large ones cut to an excerpt) and what fuzzing found.
func FuzzBuild(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		buildertest.Check(t, New(), "export.xml", data)
	})
}
