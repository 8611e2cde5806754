// Package all lists every builder threadset has. Adding a builder means
// adding one line here; the conformance tests then cover it.
package all

import (
	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/textpage"
)

// Registry returns a registry holding every builder.
func Registry() *builders.Registry {
	r := &builders.Registry{}
	r.Register(textpage.New())
	return r
}
