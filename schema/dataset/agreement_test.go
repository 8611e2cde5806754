package dataset

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Every printed figure is the same from run to run: the sums run in a
// sorted order, never in map order. Many values and unit sizes make the
// float sums sensitive to their order.
func TestAgreementIsDeterministic(t *testing.T) {
	values := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	annotators := []string{"ann", "bob", "cat", "dan", "eve", "fay", "gus"}
	units := Units{}
	for u := 0; u < 97; u++ {
		id := string(rune('A'+u%26)) + string(rune('a'+u/26))
		units[id] = map[string]string{}
		for k, who := range annotators {
			if (u*7+k*3)%5 == 0 && k > 1 {
				continue // missing values: units of different sizes
			}
			units[id][who] = values[(u*u+k*5+u/3)%len(values)]
		}
	}
	first := ForColumn("comments.stance", units)
	require.NotNil(t, first.Alpha)
	require.NotNil(t, first.Percent)
	for run := 0; run < 300; run++ {
		got := ForColumn("comments.stance", units)
		require.Equal(t, *first.Alpha, *got.Alpha, "run %d: alpha differs", run)
		require.Equal(t, *first.Percent, *got.Percent, "run %d: percent agreement differs", run)
		for i, p := range got.Pairs {
			require.Equal(t, *first.Pairs[i].Kappa, *p.Kappa, "run %d: kappa of %s vs %s differs", run, p.A, p.B)
		}
	}
}
