package labels

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSampleIsSeededAndOrderIndependent(t *testing.T) {
	var tasks []Task
	for i := 0; i < 100; i++ {
		tasks = append(tasks, Task{ItemID: fmt.Sprintf("cmt_%03d", i)})
	}
	ids := func(ts []Task) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.ItemID)
		}
		return out
	}
	a := ids(sample(tasks, 10, 7))
	assert.Len(t, a, 10)
	assert.Equal(t, a, ids(sample(tasks, 10, 7)), "same seed, same sample")
	assert.NotEqual(t, a, ids(sample(tasks, 10, 8)), "another seed, another sample")
	reversed := make([]Task, len(tasks))
	for i, t := range tasks {
		reversed[len(tasks)-1-i] = t
	}
	b := ids(sample(reversed, 10, 7))
	assert.ElementsMatch(t, a, b, "the sample does not depend on the order items come in")
}
