package builders

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// Comments given by index keep their tree when the filter drops some: a
// kept reply's parent index follows, a reply to a dropped comment goes to
// top level with an orphan anomaly, and anomalies follow their comments.
func TestFilterRemapsIndexes(t *testing.T) {
	s := func(v string) *string { return &v }
	p := &Page{Title: "T", Comments: []PageComment{
		{Parent: -1, Author: s("ann"), Text: "0"},
		{Parent: 0, Author: s("bob"), Text: "1"},
		{Parent: 1, Author: s("ann"), Text: "2"},
		{Parent: 0, Author: s("ann"), Text: "3"},
	}, Anomalies: []PageAnomaly{{Comment: 1, Kind: "x"}, {Comment: 3, Kind: "y"}, {Comment: -1, Kind: "z"}}}
	f := &Filter{Authors: map[string]bool{"ann": true}}
	require.True(t, f.Apply(p))
	var texts []string
	var parents []int
	for _, c := range p.Comments {
		texts, parents = append(texts, c.Text), append(parents, c.Parent)
	}
	assert.Equal(t, []string{"0", "2", "3"}, texts)
	assert.Equal(t, []int{-1, -1, 0}, parents)
	require.Len(t, p.Anomalies, 3)
	assert.Equal(t, PageAnomaly{Comment: 2, Kind: "y"}, p.Anomalies[0])
	assert.Equal(t, -1, p.Anomalies[1].Comment)
	assert.Equal(t, schema.AnomalyOrphan, p.Anomalies[2].Kind)
	assert.Equal(t, 1, p.Anomalies[2].Comment)

	thread := &Page{Thread: true, Comments: []PageComment{{Parent: -1, Author: s("bob")}}}
	assert.False(t, f.Apply(thread), "an emptied thread is dropped")
	article := &Page{Comments: []PageComment{{Parent: -1, Author: s("bob")}}}
	assert.True(t, f.Apply(article), "an article stays as context")
	assert.Empty(t, article.Comments)
}
