package htmltext

import (
	"strings"

	"golang.org/x/net/html"
)

// Attr is the value of an element's attribute, "" when absent.
func Attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// HasAttr reports whether an element has the attribute, even empty.
func HasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// Classes are an element's class names.
func Classes(n *html.Node) []string { return strings.Fields(Attr(n, "class")) }
