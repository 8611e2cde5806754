package scalegen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPushshiftIsDeterministicNDJSON(t *testing.T) {
	o := Options{Records: 5000, Seed: 7, Active: 50, MaxThread: 400}
	var rs, rc bytes.Buffer
	st, err := Pushshift(&rs, &rc, o)
	require.NoError(t, err)
	var rs2, rc2 bytes.Buffer
	_, err = Pushshift(&rs2, &rc2, o)
	require.NoError(t, err)
	assert.Equal(t, rs.Bytes(), rs2.Bytes(), "same options, same bytes")
	assert.Equal(t, rc.Bytes(), rc2.Bytes(), "same options, same bytes")
	assert.Equal(t, int64(rs.Len()+rc.Len()), st.Bytes)

	type rec struct {
		ID, LinkID, ParentID, Author, Subreddit string
		Body                                    *string
		Title                                   *string
		CreatedUTC                              int64 `json:"created_utc"`
	}
	read := func(data []byte) []rec {
		var out []rec
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r struct {
				ID         string  `json:"id"`
				LinkID     string  `json:"link_id"`
				ParentID   string  `json:"parent_id"`
				Author     string  `json:"author"`
				Subreddit  string  `json:"subreddit"`
				Body       *string `json:"body"`
				Title      *string `json:"title"`
				CreatedUTC int64   `json:"created_utc"`
			}
			require.NoError(t, json.Unmarshal(sc.Bytes(), &r), "%s", sc.Text())
			out = append(out, rec(r))
		}
		require.NoError(t, sc.Err())
		return out
	}
	subs, comments := read(rs.Bytes()), read(rc.Bytes())
	assert.Len(t, comments, o.Records)
	assert.Equal(t, st.Threads-st.Missing, len(subs))
	seen := map[string]bool{}
	threads := map[string]int{}
	last := int64(0)
	for _, c := range comments {
		require.NotNil(t, c.Body)
		assert.GreaterOrEqual(t, c.CreatedUTC, last, "comments in time order")
		last = c.CreatedUTC
		threads[c.LinkID]++
		if p := c.ParentID; p[:3] == "t1_" && p[3:5] != "zz" {
			assert.True(t, seen[p[3:]], "a parent comes before its reply: %s", p)
		}
		seen[c.ID] = true
	}
	assert.Equal(t, st.Threads, len(threads))
	assert.Greater(t, st.MaxDepth, 10, "reply chains")
	assert.Greater(t, st.Orphans, 0)
	assert.Greater(t, st.Deleted, 0)
	assert.LessOrEqual(t, st.Largest, 400)
}

func TestDisqusIsWellFormed(t *testing.T) {
	o := Options{Records: 3000, Seed: 3, Active: 40}
	var a, b bytes.Buffer
	_, err := Disqus(&a, o)
	require.NoError(t, err)
	st, err := Disqus(&b, o)
	require.NoError(t, err)
	assert.Equal(t, a.Bytes(), b.Bytes())
	d := xml.NewDecoder(&a)
	posts, threads := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "post" {
			posts++
			require.NoError(t, d.Skip())
		} else if ok && se.Name.Local == "thread" && len(se.Attr) > 0 {
			threads++
			require.NoError(t, d.Skip())
		}
	}
	assert.Equal(t, o.Records, posts)
	assert.Equal(t, st.Threads, threads)
}
