package schema

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMajority(t *testing.T) {
	cases := []struct {
		in   []string
		want string
		ok   bool
	}{
		{nil, "", false},
		{[]string{"favor"}, "favor", true},
		{[]string{"favor", "against", "favor"}, "favor", true},
		{[]string{"favor", "against"}, "", false},
		{[]string{"a", "b", "b", "a", "c"}, "", false},
	}
	for _, tc := range cases {
		got, ok := Majority(tc.in)
		assert.Equal(t, tc.ok, ok, "%v", tc.in)
		if ok {
			assert.Equal(t, tc.want, got)
		}
	}
}

func TestLabelColumnCheck(t *testing.T) {
	ls := DefaultLabelSet()
	st := ls.Column("comments", ColStance)
	v, err := st.Check(" favor ")
	require.NoError(t, err)
	assert.Equal(t, "favor", v)
	_, err = st.Check("favour")
	assert.EqualError(t, err, `stance "favour" is not one of [favor against none]`)
	_, err = ls.Column("comments", ColStanceTarget).Check("  ")
	assert.EqualError(t, err, "stance_target is empty")
	many := &LabelColumn{Name: "tox", Type: LabelMany, Values: []VocabularyValue{{"a", ""}, {"b", ""}, {"c", ""}}}
	v, err = many.Check("c; a;a")
	require.NoError(t, err)
	assert.Equal(t, "a;c", v)
	assert.Nil(t, ls.Column("articles", ColReplyStance))
	tb := ls.Table("comments")
	assert.True(t, tb.Columns[len(tb.Columns)-1].Label, "label columns come after the base columns")
}

func TestLoadLabelSetErrors(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"unknown field", `{"name":"x","version":"1","colums":[]}`, `unknown field "colums"`},
		{"no version", `{"name":"x"}`, "needs a name and a version"},
		{"bad table", `{"name":"x","version":"1","columns":[{"table":"authors","name":"y","type":"text","definition":"d"}]}`, `table "authors" is not one of [articles comments]`},
		{"bad type", `{"name":"x","version":"1","columns":[{"table":"comments","name":"y","type":"list","definition":"d"}]}`, `type "list" is not one of [one many text]`},
		{"no values", `{"name":"x","version":"1","columns":[{"table":"comments","name":"y","type":"one","definition":"d"}]}`, "a one column needs values"},
		{"same name twice", `{"name":"x","version":"1","columns":[{"table":"comments","name":"sarcasm","type":"text","definition":"d"},{"table":"comments","name":"sarcasm","type":"text","definition":"e"}]}`, `columns[1]: comments.sarcasm is defined twice (columns[0] and columns[1])`},
		{"semicolon", `{"name":"x","version":"1","columns":[{"table":"comments","name":"y","type":"many","definition":"d","values":[{"value":"a;b"}]}]}`, `value "a;b" is empty, repeated or contains ';'`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "ls.json")
			require.NoError(t, os.WriteFile(p, []byte(tc.body), 0o644))
			_, err := LoadLabelSet(p)
			assert.ErrorContains(t, err, tc.want)
		})
	}
	p := filepath.Join(t.TempDir(), "ls.json")
	require.NoError(t, os.WriteFile(p, []byte(`{"name":"x","version":"1","extends":"none","columns":[{"table":"comments","name":"sarcasm","type":"one","definition":"is it sarcastic","values":[{"value":"yes"},{"value":"no"}]}]}`), 0o644))
	ls, err := LoadLabelSet(p)
	require.NoError(t, err)
	require.Len(t, ls.Columns, 1)
	assert.Empty(t, ls.ColumnsOf("articles"))
}
