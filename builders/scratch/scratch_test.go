package scratch

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

// A key's records come back from one partition, in the order written, and
// Remove leaves nothing.
func TestPartitions(t *testing.T) {
	parent := t.TempDir()
	p, err := NewPartitions(parent, "x-", 4)
	require.NoError(t, err)
	for i := 0; i < 100; i++ {
		_, err := fmt.Fprintf(p.For(fmt.Sprintf("k%d", i%10)), "k%d %d\n", i%10, i)
		require.NoError(t, err)
	}
	seen := map[string][]string{} // key -> records
	where := map[string]int{}     // key -> partition
	part := 0
	require.NoError(t, p.Each(func(r *bufio.Reader) error {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			k, v, _ := strings.Cut(sc.Text(), " ")
			if w, ok := where[k]; ok {
				assert.Equal(t, w, part, "all of %s in one partition", k)
			}
			where[k] = part
			seen[k] = append(seen[k], v)
		}
		part++
		return sc.Err()
	}))
	require.Len(t, seen, 10)
	assert.Equal(t, []string{"3", "13", "23", "33", "43", "53", "63", "73", "83", "93"}, seen["k3"])
	p.Remove()
	left, err := os.ReadDir(parent)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// Pages come back as they were put, pointers to empty strings included.
func TestPagesRoundTrip(t *testing.T) {
	empty, when := "", time.Date(2020, 1, 2, 3, 4, 5, 6000, time.UTC)
	in := []*builders.Page{
		{Title: "a", Byline: &empty, PublishedAt: &when, Comments: []builders.PageComment{{Parent: -1, Author: &empty, Text: "x"}}},
		{Title: "b", Tags: []string{}, LeftOut: map[string]string{"p": "spam"}},
	}
	s, err := NewPages(filepath.Join(t.TempDir(), "pages"))
	require.NoError(t, err)
	var refs []Ref
	for _, p := range in {
		ref, err := s.Put(p)
		require.NoError(t, err)
		refs = append(refs, ref)
	}
	require.NoError(t, s.Done())
	for i := len(refs) - 1; i >= 0; i-- {
		got, err := s.Get(refs[i])
		require.NoError(t, err)
		assert.Equal(t, in[i], got)
	}
	require.NoError(t, s.Close())
}
