package convokit_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/builders/pipeline"
	"github.com/threadset/threadset/schema/convokit"
)

type utt struct {
	ID             string         `json:"id"`
	Speaker        string         `json:"speaker"`
	ConversationID string         `json:"conversation_id"`
	ReplyTo        *string        `json:"reply_to"`
	Timestamp      *int64         `json:"timestamp"`
	Text           *string        `json:"text"`
	Meta           map[string]any `json:"meta"`
}

func build(t *testing.T, inputs ...string) string {
	out := filepath.Join(t.TempDir(), "ds")
	_, err := pipeline.Build(context.Background(), pipeline.Options{Inputs: inputs, Registry: all.Registry(), Workers: 1, Out: out})
	require.NoError(t, err)
	return out
}

// The export has ConvoKit's documented layout: five files; every
// utterance has the six mandatory fields; every reply_to resolves to an
// utterance of the same conversation; every conversation_id is the ID of
// its root utterance; every speaker is in speakers.json; index.json names
// every metadata field.
func TestLayout(t *testing.T) {
	fx := filepath.Join("..", "..", "fixtures")
	ds := build(t, filepath.Join(fx, "textpage", "seeds", "input"), filepath.Join(fx, "wxr", "theme-unit-test", "input"))
	out := filepath.Join(t.TempDir(), "corpus")
	res, err := convokit.Export(ds, out)
	require.NoError(t, err)

	f, err := os.Open(filepath.Join(out, "utterances.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	byID := map[string]utt{}
	var order []utt
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var raw map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(sc.Bytes(), &raw))
		for _, k := range []string{"id", "speaker", "conversation_id", "reply_to", "timestamp", "text", "meta"} {
			assert.Contains(t, raw, k)
		}
		var u utt
		require.NoError(t, json.Unmarshal(sc.Bytes(), &u))
		require.NotContains(t, byID, u.ID, "utterance IDs are unique")
		byID[u.ID] = u
		order = append(order, u)
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, res.Utterances, len(order))

	var speakers map[string]struct {
		Meta map[string]any `json:"meta"`
	}
	readJSON(t, filepath.Join(out, "speakers.json"), &speakers)
	var convos map[string]struct {
		Meta map[string]any `json:"meta"`
	}
	readJSON(t, filepath.Join(out, "conversations.json"), &convos)
	replies := 0
	for _, u := range order {
		assert.Contains(t, speakers, u.Speaker)
		assert.Contains(t, convos, u.ConversationID)
		root, ok := byID[u.ConversationID]
		require.True(t, ok, "conversation %s has its root utterance", u.ConversationID)
		assert.Nil(t, root.ReplyTo, "the root replies to nothing")
		if u.ReplyTo != nil {
			replies++
			p, ok := byID[*u.ReplyTo]
			require.True(t, ok, "reply_to %s resolves", *u.ReplyTo)
			assert.Equal(t, u.ConversationID, p.ConversationID)
			if p.Meta["kind"] == "comment" {
				assert.Equal(t, p.Meta["depth"].(float64)+1, u.Meta["depth"], "a reply is one deeper than its parent")
			} else {
				assert.Equal(t, float64(0), u.Meta["depth"])
			}
		}
	}
	assert.Greater(t, replies, 70)
	assert.Equal(t, len(convos), len(order)-replies, "one root per conversation")

	var index map[string]any
	readJSON(t, filepath.Join(out, "index.json"), &index)
	for _, k := range []string{"utterances-index", "speakers-index", "conversations-index", "overall-index", "version"} {
		assert.Contains(t, index, k)
	}
	ui := index["utterances-index"].(map[string]any)
	for _, k := range []string{"stance", "reply_stance", "discourse_act", "depth", "kind"} {
		assert.Contains(t, ui, k)
	}
	assert.Equal(t, []any{"<class 'int'>"}, ui["depth"])

	_, err = convokit.Export(ds, out)
	assert.ErrorIs(t, err, convokit.ErrExists)
	again := filepath.Join(t.TempDir(), "again")
	_, err = convokit.Export(ds, again)
	require.NoError(t, err)
	for _, n := range []string{"utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"} {
		a, _ := os.ReadFile(filepath.Join(out, n))
		b, _ := os.ReadFile(filepath.Join(again, n))
		assert.Equal(t, a, b, "%s is deterministic", n)
	}
}

func readJSON(t *testing.T, path string, v any) {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, v))
}
