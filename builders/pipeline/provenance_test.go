package pipeline

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/schema"
)

// Every comment and anomaly names the input it was read from, also when a
// thread from one input joins an article from another.
func TestProvenanceOfJoinedThreads(t *testing.T) {
	fixtures := filepath.Join("..", "..", "fixtures")
	cases := []struct {
		input string
		// comments and anomalies by the comment's native ID: the input
		// they come from.
		comments  map[string]string
		anomalies map[string]string // kind -> input
		articles  map[string]string // title prefix -> input
	}{
		{
			input:     "wprest/posts-and-comments",
			comments:  map[string]string{"501": "comments-page-1.json", "502": "comments-page-1.json", "503": "comments-page-1.json", "500": "comments-page-2.json"},
			anomalies: map[string]string{schema.AnomalyBadDate: "comments-page-1.json"},
		},
		{
			input:     "reddit/pushshift-join",
			comments:  map[string]string{"t1_c1": "RC_sample.ndjson", "t1_c2": "RC_sample.ndjson", "t1_c3": "RC_sample.ndjson", "t1_c4": "RC_sample.ndjson", "t1_c5": "RC_sample.ndjson"},
			anomalies: map[string]string{schema.AnomalyOrphan: "RC_sample.ndjson", schema.AnomalyParentDeleted: "RC_sample.ndjson"},
			articles:  map[string]string{"Ceasefire": "RS_sample.ndjson", "Link post": "RS_sample.ndjson"},
		},
		{
			input:     "join/disqus-and-page",
			comments:  map[string]string{"1001": "disqus-export.xml", "1002": "disqus-export.xml", "1004": "disqus-export.xml"},
			anomalies: map[string]string{schema.AnomalyBadDate: "disqus-export.xml"},
			articles:  map[string]string{"Front Line": "page.txt", "Another Story": "disqus-export.xml"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.input, func(t *testing.T) {
			r := build(t, Options{Inputs: []string{filepath.Join(fixtures, filepath.FromSlash(tc.input), "input")}})
			require.NoError(t, r.err, r.log)
			byID := map[string]string{}
			got := map[string]string{}
			for _, c := range rows(t, r.out, schema.Comments) {
				native, _ := c["native_id"].(string)
				byID[c["comment_id"].(string)] = native
				got[native], _ = c["input_path"].(string)
			}
			assert.Equal(t, tc.comments, got)
			gotAn := map[string]string{}
			for _, a := range rows(t, r.out, schema.Anomalies) {
				kind := a["kind"].(string)
				gotAn[kind] = a["input_path"].(string)
				if cid, ok := a["comment_id"].(string); ok {
					assert.Equal(t, tc.comments[byID[cid]], a["input_path"], "%s anomaly of comment %s", kind, byID[cid])
				}
			}
			assert.Equal(t, tc.anomalies, gotAn)
			for _, a := range rows(t, r.out, schema.Articles) {
				for prefix, want := range tc.articles {
					if strings.HasPrefix(a["title"].(string), prefix) {
						assert.Equal(t, want, a["input_path"], a["title"])
					}
				}
			}
		})
	}
}
