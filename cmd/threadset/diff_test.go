package main

import (
	"fmt"
	"strings"
	"testing"
)

// assertSameText fails with a short, readable diff around the first
// difference, not two walls of text.
func assertSameText(t *testing.T, want, got, what string) bool {
	t.Helper()
	if want == got {
		return true
	}
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s differs from line %d (want %d lines, got %d):\n", what, i+1, len(wl), len(gl))
	for k := max(0, i-2); k < i; k++ {
		fmt.Fprintf(&b, "   %s\n", clip(wl[k]))
	}
	for k := i; k < min(len(wl), i+3); k++ {
		fmt.Fprintf(&b, " - %s\n", clip(wl[k]))
	}
	for k := i; k < min(len(gl), i+3); k++ {
		fmt.Fprintf(&b, " + %s\n", clip(gl[k]))
	}
	t.Error(b.String())
	return false
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
