// Package all lists every builder threadset has. Adding a builder means
// adding one line here; the conformance tests then cover it.
package all

import (
	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/builders/disqus"
	"github.com/threadset/threadset/builders/html"
	"github.com/threadset/threadset/builders/reddit"
	"github.com/threadset/threadset/builders/textpage"
	"github.com/threadset/threadset/builders/wprest"
	"github.com/threadset/threadset/builders/wxr"
)

// Registry returns a registry holding every builder.
func Registry() *builders.Registry {
	r := &builders.Registry{}
	// Detection asks builders in this order; textpage, which has no
	// signature, comes last.
	r.Register(wxr.New())
	r.Register(disqus.New())
	r.Register(wprest.New())
	r.Register(reddit.New())
	r.Register(html.New())
	r.Register(textpage.New())
	return r
}
