package agreement

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
	require.NotNil(t, alpha.Value)
	assert.InDelta(t, 0.095, *alpha.Value, 0.0005)
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
	require.NotNil(t, alpha.Value)
	assert.InDelta(t, 0.743, *alpha.Value, 0.0005)
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
	k, note := CohenKappa(a, b)
	require.NotNil(t, k)
	assert.Empty(t, note)
	assert.InDelta(t, 0.4, *k, 1e-9)
	assert.InDelta(t, 35.0/50, *Percent(pairs(a, b)), 1e-9)
	assert.Equal(t, []Cell{{"no", "no", 15}, {"no", "yes", 10}, {"yes", "no", 5}, {"yes", "yes", 20}}, Confusion(a, b))
}

// TestAllAgreeAndUndefined: 40 of 40 identical values are perfect
// agreement (alpha and kappa 1, with the reason), not "undefined"; with
// nothing pairable, alpha is undefined and says why.
func TestAllAgreeAndUndefined(t *testing.T) {
	var units [][]string
	var a []string
	for i := 0; i < 40; i++ {
		units = append(units, []string{"favor", "favor"})
		a = append(a, "favor")
	}
	alpha := KrippendorffNominal(units)
	require.NotNil(t, alpha.Value)
	assert.Equal(t, 1.0, *alpha.Value)
	assert.Equal(t, AllAgree, alpha.Note)
	k, note := CohenKappa(a, a)
	require.NotNil(t, k)
	assert.Equal(t, 1.0, *k)
	assert.Equal(t, AllAgree, note)
	assert.Equal(t, 1.0, *Percent(units))

	alpha = KrippendorffNominal([][]string{{"a"}, {"b"}})
	assert.Nil(t, alpha.Value)
	assert.Equal(t, NoPairs, alpha.Note)
	assert.Nil(t, Percent([][]string{{"a"}}))
	k, note = CohenKappa(nil, nil)
	assert.Nil(t, k)
	assert.Equal(t, NoPairs, note)
	// Three annotators on one item, two agreeing: one agreeing pair of
	// three; with a second item of full agreement the mean is 2/3.
	assert.InDelta(t, 2.0/3, *Percent([][]string{{"a", "a", "b"}, {"c", "c"}}), 1e-9)
}

func pairs(a, b []string) [][]string {
	var out [][]string
	for i := range a {
		out = append(out, []string{a[i], b[i]})
	}
	return out
}

// TestPerValue: on the Wikipedia example, "yes" is given 25 times by A
// and 30 by B, both on 20 items: specific agreement 40/55.
func TestPerValue(t *testing.T) {
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
	got := PerValue(a, b)
	require.Len(t, got, 2)
	assert.Equal(t, ValueAgreement{Value: "no", A: 25, B: 20, Both: 15, Specific: 30.0 / 45}, got[0])
	assert.Equal(t, "yes", got[1].Value)
	assert.InDelta(t, 40.0/55, got[1].Specific, 1e-12)
}
