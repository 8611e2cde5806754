package reddit

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/scratch"
)

// TestPartitionRecordReadsBackAsJSONDid checks that a record read back
// from a partition is the record encoding/json gave back before the
// partitions had their own encoding.
func TestPartitionRecordReadsBackAsJSONDid(t *testing.T) {
	title, body, empty := "A title", "Body with ünïcode, \"quotes\" and <tags> &amp;", ""
	for _, r := range []record{
		{},
		{ID: "c1", Name: "t1_c1", Subreddit: "sr", Author: "a", ParentID: "t3_s", LinkID: "t3_s", Body: &body, CreatedUTC: json.RawMessage(`1546300800`)},
		{ID: "s1", Title: &title, Selftext: "self", URL: "https://x/", Permalink: "/r/x/", Count: -3, Body: &empty, CreatedUTC: json.RawMessage(` "1546300800.5" `)},
		{ID: "x", CreatedUTC: json.RawMessage(`{ "a" : [1, 2] }`), Count: 1 << 40},
		{ID: "y", CreatedUTC: json.RawMessage(`null`)},
	} {
		data, err := json.Marshal(&r)
		require.NoError(t, err)
		var want record
		require.NoError(t, json.Unmarshal(data, &want))

		var rec scratch.Record
		require.NoError(t, appendRecord(&rec, &r))
		enc := rec.Bytes()
		got, err := readRecord(enc)
		require.NoError(t, err)
		assert.Equal(t, want, got)

		_, err = readRecord(enc[:len(enc)-1])
		assert.Error(t, err, "a cut record is refused")
	}
}
