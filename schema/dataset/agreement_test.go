package dataset

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
// section A: binary data, two observers, no missing data: alpha = 0.095.
func TestKrippendorffBinaryTwoObservers(t *testing.T) {
	a := []string{"0", "1", "0", "0", "0", "0", "0", "0", "1", "0"}
	b := []string{"1", "1", "1", "0", "0", "1", "0", "0", "0", "0"}
	var units [][]string
	for i := range a {
		units = append(units, []string{a[i], b[i]})
	}
	alpha := KrippendorffNominal(units)
	require.NotNil(t, alpha)
	assert.InDelta(t, 0.095, *alpha, 0.0005)
}

// Krippendorff (2011), section C: nominal data, four observers, twelve
// units, missing values: alpha = 0.743.
func TestKrippendorffNominalWithMissing(t *testing.T) {
	const x = ""
	obs := [][]string{
		{"1", "2", "3", "3", "2", "1", "4", "1", "2", x, x, x},
		{"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", x, "3"},
		{x, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", x},
		{"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", x},
	}
	var units [][]string
	for u := 0; u < 12; u++ {
		var vs []string
		for _, o := range obs {
			if o[u] != x {
				vs = append(vs, o[u])
			}
		}
		units = append(units, vs)
	}
	alpha := KrippendorffNominal(units)
	require.NotNil(t, alpha)
	assert.InDelta(t, 0.743, *alpha, 0.0005)
}

// The worked example of Cohen's kappa on Wikipedia: 50 proposals, both
// yes 20, A yes B no 5, A no B yes 10, both no 15: kappa = 0.4.
func TestCohenKappaWorkedExample(t *testing.T) {
	var a, b []string
	add := func(n int, x, y string) {
		for i := 0; i < n; i++ {
			a, b = append(a, x), append(b, y)
		}
	}
	add(20, "yes", "yes")
	add(5, "yes", "no")
	add(10, "no", "yes")
	add(15, "no", "no")
	k := CohenKappa(a, b)
	require.NotNil(t, k)
	assert.InDelta(t, 0.4, *k, 1e-9)
	assert.Equal(t, []Cell{{"no", "no", 15}, {"no", "yes", 10}, {"yes", "no", 5}, {"yes", "yes", 20}}, confusion(a, b))
}

func TestUndefinedAgreement(t *testing.T) {
	assert.Nil(t, KrippendorffNominal([][]string{{"a", "a"}, {"a", "a"}}), "no variation: alpha undefined")
	assert.Nil(t, KrippendorffNominal([][]string{{"a"}}), "nothing pairable")
	assert.Nil(t, CohenKappa([]string{"a", "a"}, []string{"a", "a"}))
}

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
	for run := 0; run < 300; run++ {
		got := ForColumn("comments.stance", units)
		require.Equal(t, *first.Alpha, *got.Alpha, "run %d: alpha differs", run)
		for i, p := range got.Pairs {
			require.Equal(t, *first.Pairs[i].Kappa, *p.Kappa, "run %d: kappa of %s vs %s differs", run, p.A, p.B)
		}
	}
}
