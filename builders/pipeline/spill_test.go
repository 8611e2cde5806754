package pipeline

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

// A LeftOut map shared by every page of a file is written to disk with
// each page only for the parents its comments name.
func TestSpillKeepsOnlyUsedLeftOut(t *testing.T) {
	shared := map[string]string{}
	for i := 0; i < 1000; i++ {
		shared[fmt.Sprintf("spam%d", i)] = "spam"
	}
	p := &builders.Page{Thread: true, LeftOut: shared, Comments: []builders.PageComment{
		{NativeID: "a", NativeParent: "spam7"}, {NativeID: "b", NativeParent: "a"}, {NativeID: "c"}}}
	sp, err := newSpill(t.TempDir())
	require.NoError(t, err)
	defer sp.remove()
	ref, err := sp.put(p)
	require.NoError(t, err)
	require.NoError(t, sp.done())
	assert.Less(t, ref.Size(), int64(2000))
	got, err := sp.pages.Get(ref)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"spam7": "spam"}, got.LeftOut)
	assert.Len(t, shared, 1000, "the builder's map is not changed")
	assert.Equal(t, p.Comments, got.Comments)
}
