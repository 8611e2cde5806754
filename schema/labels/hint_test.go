package labels

import (
	"strings"
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

// TestLeadAndCaps: the lead is the first paragraphs up to LeadChars; a
// long text is cut at a word and says how much is left out.
func TestLeadAndCaps(t *testing.T) {
	p1, p2 := strings.Repeat("word ", 60), strings.Repeat("more ", 80)
	assert.Equal(t, strings.TrimSpace(p1), articleLead(p1+"\n\n"+p2), "the second paragraph would pass LeadChars")
	assert.Equal(t, "one\n\ntwo", articleLead("one\n\ntwo"))
	assert.Equal(t, "", articleLead(""))
	long := strings.Repeat("abcd ", 400) // 2000 characters
	got := capText(long, ContextChars)
	assert.True(t, strings.HasSuffix(got, " [... 501 more characters]"), got[len(got)-40:])
	assert.LessOrEqual(t, len([]rune(got)), ContextChars+30)
	assert.Equal(t, "short", capText("short", 10))
}
