package labels

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/threadset/threadset/schema"
)

// TestHint: a refused value says what it most likely meant.
func TestHint(t *testing.T) {
	vals := []schema.VocabularyValue{{Value: "insult"}, {Value: "threat"}, {Value: "none"}}
	many := &schema.LabelColumn{Name: "toxicity", Type: schema.LabelMany, Values: vals}
	one := &schema.LabelColumn{Name: "kind", Type: schema.LabelOne, Values: vals}
	cases := []struct {
		name string
		lc   *schema.LabelColumn
		in   string
		want string
	}{
		{"comma in a many column", many, "insult, threat", `; several values are separated by ";", not ",": write "insult;threat"`},
		{"bar in a many column", many, "Insult|threat", `; several values are separated by ";", not "|": write "insult;threat"`},
		{"two values in a one column", one, "insult, threat", "; kind takes one value only"},
		{"typo", one, "thraet", `; did you mean "threat"?`},
		{"case", one, "NONE", `; did you mean "none"?`},
		{"nothing close", one, "banana", ""},
		{"text column", &schema.LabelColumn{Name: "t", Type: schema.LabelText}, "x", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, hint(tc.lc, tc.in))
		})
	}
	assert.Equal(t, "insult;threat", choicesCell(`{"choices": ["insult", "threat"]}`))
	assert.Equal(t, "{oops", choicesCell("{oops"))
	assert.Equal(t, ';', sniffComma([]byte("item_id;stance;\"a,b,c\"\nx,y,z,w\n")))
	assert.Equal(t, '\t', sniffComma([]byte("item_id\tstance\n")))
	assert.Equal(t, ',', sniffComma([]byte("item_id\n")))
}
