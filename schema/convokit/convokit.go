// Package convokit writes a dataset as a ConvoKit corpus directory
// (utterances.jsonl, speakers.json, conversations.json, corpus.json,
// index.json), the corpus model of Cornell's Conversational Analysis
// Toolkit, loadable with Corpus(filename=DIR).
//
// Each article is a conversation whose root utterance is the article
// itself (spoken by its byline, else its source), as ConvoKit's Reddit
// corpora make a post the root; top-level comments reply to it. Speakers
// are the authors' pseudonymous author_id; their display name is speaker
// metadata. Label columns, depth, position and the platform IDs are
// utterance metadata. It is not a general converter: it reads threadset
// datasets only.
package convokit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// Anonymous is the speaker of comments without an author.
const Anonymous = "[anonymous]"

// Result counts what was written.
type Result struct {
	Utterances, Speakers, Conversations int
}

// ErrExists is returned when the output directory exists.
var ErrExists = errors.New("output exists: give a new directory")

type utterance struct {
	ID             string         `json:"id"`
	Speaker        string         `json:"speaker"`
	ConversationID string         `json:"conversation_id"`
	ReplyTo        *string        `json:"reply_to"`
	Timestamp      *int64         `json:"timestamp"`
	Text           string         `json:"text"`
	Meta           map[string]any `json:"meta"`
	Vectors        []string       `json:"vectors"`
}

type object struct {
	Meta    map[string]any `json:"meta"`
	Vectors []string       `json:"vectors"`
}

// Export writes the dataset in dir as a ConvoKit corpus in out, which must
// not exist. It is written to a temporary directory beside out and renamed
// into place.
func Export(dir, out string) (*Result, error) {
	m, err := dataset.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Lstat(out); err == nil {
		return nil, fmt.Errorf("%s: %w", out, ErrExists)
	}
	parent := filepath.Dir(filepath.Clean(out))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			_ = os.RemoveAll(tmp)
		}
	}()
	res, err := write(dir, m, tmp)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, err
	}
	ok = true
	return res, nil
}

func write(dir string, m *dataset.Manifest, tmp string) (*Result, error) {
	ls := m.Labels()
	at, ct := ls.Table(schema.Articles.Name), ls.Table(schema.Comments.Name)
	res := &Result{}
	speakers := map[string]map[string]any{}
	conversations := map[string]map[string]any{}
	sources := map[string]string{}
	if err := dataset.ReadTable(dir, schema.Sources, func(r schema.Row) error {
		sources[dataset.Str(r[schema.Sources.Index(schema.ColSourceID)])] = dataset.Str(r[schema.Sources.Index(schema.ColName)])
		return nil
	}); err != nil {
		return nil, err
	}

	f, err := os.Create(filepath.Join(tmp, "utterances.jsonl"))
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	uttIndex := map[string]string{}
	emit := func(u *utterance) error {
		for k, v := range u.Meta {
			if t, ok := uttIndex[k]; !ok || t == pyType(nil) {
				uttIndex[k] = pyType(v)
			}
		}
		res.Utterances++
		return enc.Encode(u)
	}
	str := func(t *schema.Table, r schema.Row, col string) string { return dataset.Str(r[t.Index(col)]) }
	opt := func(t *schema.Table, r schema.Row, col string) any {
		if v := r[t.Index(col)]; v != nil {
			return v
		}
		return nil
	}
	labels := func(t *schema.Table, r schema.Row, meta map[string]any) {
		for _, c := range ls.ColumnsOf(t.Name) {
			meta[c.Name] = opt(t, r, c.Name)
		}
	}

	// Articles first: each is the root utterance of its conversation.
	err = dataset.ReadTable(dir, at, func(r schema.Row) error {
		id := str(at, r, schema.ColArticleID)
		src := sources[str(at, r, schema.ColSourceID)]
		speaker := "source:" + src
		if b := str(at, r, "byline"); b != "" {
			speaker = "byline:" + b
		}
		if _, ok := speakers[speaker]; !ok {
			speakers[speaker] = map[string]any{"name": strings.SplitN(speaker, ":", 2)[1], "kind": strings.SplitN(speaker, ":", 2)[0], "source": src}
		}
		conversations[id] = map[string]any{
			"title": str(at, r, "title"), "url": opt(at, r, "url"), "source": src,
			"comment_count": opt(at, r, schema.ColCommentCount), "reply_structure": str(at, r, schema.ColReplyStruct),
		}
		meta := map[string]any{"kind": "article", "title": str(at, r, "title"), "url": opt(at, r, "url"), "source": src}
		labels(at, r, meta)
		return emit(&utterance{ID: id, Speaker: speaker, ConversationID: id, Timestamp: unix(r[at.Index("published_at")]),
			Text: str(at, r, "body"), Meta: meta, Vectors: []string{}})
	})
	if err == nil {
		err = dataset.ReadTable(dir, ct, func(r schema.Row) error {
			id, art := str(ct, r, schema.ColCommentID), str(ct, r, schema.ColArticleID)
			replyTo := art
			if p := str(ct, r, schema.ColParentID); p != "" {
				replyTo = p
			}
			speaker := Anonymous
			if a := str(ct, r, schema.ColAuthorID); a != "" {
				speaker = a
				if _, ok := speakers[a]; !ok {
					speakers[a] = map[string]any{"name": str(ct, r, schema.ColAuthor), "kind": "commenter", "source": conversations[art]["source"]}
				}
			} else if _, ok := speakers[Anonymous]; !ok {
				speakers[Anonymous] = map[string]any{"name": nil, "kind": "anonymous", "source": nil}
			}
			meta := map[string]any{
				"kind": "comment", "depth": r[ct.Index(schema.ColDepth)], "position": r[ct.Index(schema.ColPosition)],
				"native_id": opt(ct, r, schema.ColNativeID), "deleted": r[ct.Index(schema.ColDeleted)], "status": opt(ct, r, schema.ColStatus),
			}
			labels(ct, r, meta)
			return emit(&utterance{ID: id, Speaker: speaker, ConversationID: art, ReplyTo: &replyTo,
				Timestamp: unix(r[ct.Index("published_at")]), Text: str(ct, r, "text"), Meta: meta, Vectors: []string{}})
		})
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}

	res.Speakers, res.Conversations = len(speakers), len(conversations)
	spkIndex, convIndex := map[string]string{}, map[string]string{}
	objects := func(in map[string]map[string]any, index map[string]string) map[string]object {
		out := make(map[string]object, len(in))
		for k, meta := range in {
			for mk, v := range meta {
				if _, ok := index[mk]; !ok || index[mk] == pyType(nil) {
					index[mk] = pyType(v)
				}
			}
			out[k] = object{Meta: meta, Vectors: []string{}}
		}
		return out
	}
	corpus := map[string]any{
		"name": name(m), "built_by": m.Tool.Name + " " + m.Tool.Version, "schema_version": m.SchemaVersion,
		"label_set": m.Labels().Name + " " + m.Labels().Version, "note": "Each conversation is an article (its root utterance) and the comments under it; speakers are pseudonymous author IDs.",
	}
	overall := map[string]string{}
	for k, v := range corpus {
		overall[k] = pyType(v)
	}
	files := map[string]any{
		"speakers.json":      objects(speakers, spkIndex),
		"conversations.json": objects(conversations, convIndex),
		"corpus.json":        corpus,
		"index.json": map[string]any{
			"utterances-index": listed(uttIndex), "speakers-index": listed(spkIndex),
			"conversations-index": listed(convIndex), "overall-index": listed(overall),
			"version": 1, "vectors": []string{},
		},
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var b strings.Builder
		e := json.NewEncoder(&b) // sorted keys: the same dataset gives the same files
		e.SetEscapeHTML(false)
		if err := e.Encode(files[n]); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(tmp, n), []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func name(m *dataset.Manifest) string {
	if m.Metadata != nil && m.Metadata.Name != "" {
		return m.Metadata.Name
	}
	return "threadset-dataset"
}

func unix(v any) *int64 {
	t, ok := v.(time.Time)
	if !ok {
		return nil
	}
	s := t.Unix()
	return &s
}

// pyType is how ConvoKit's index names a metadata value's type.
func pyType(v any) string {
	switch v.(type) {
	case nil:
		return "<class 'NoneType'>"
	case string:
		return "<class 'str'>"
	case int32, int64, int:
		return "<class 'int'>"
	case bool:
		return "<class 'bool'>"
	case float64:
		return "<class 'float'>"
	}
	return "<class 'str'>"
}

// listed turns an index into ConvoKit's form: field -> [types].
func listed(index map[string]string) map[string][]string {
	out := make(map[string][]string, len(index))
	for k, v := range index {
		out[k] = []string{v}
	}
	return out
}
