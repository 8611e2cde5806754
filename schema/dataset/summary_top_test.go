package dataset

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTopNIsTheSortedPrefix checks the bounded selection against sorting
// everything, with many ties.
func TestTopNIsTheSortedPrefix(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{0, 1, 5, 10, 11, 100, 2000} {
		var as []AuthorCount
		for i := 0; i < size; i++ {
			as = append(as, AuthorCount{Name: fmt.Sprintf("a%d", rng.IntN(20)), Source: fmt.Sprintf("s%d", rng.IntN(2)), Comments: int32(rng.IntN(8))})
		}
		assert.Equal(t, fullSort(as), topN(as, topAuthors), "size %d", size)
	}
}

func fullSort(as []AuthorCount) []AuthorCount {
	s := append([]AuthorCount(nil), as...)
	sort.SliceStable(s, func(i, j int) bool { return authorBefore(s[i], s[j]) })
	if len(s) > topAuthors {
		s = s[:topAuthors]
	}
	return s
}
