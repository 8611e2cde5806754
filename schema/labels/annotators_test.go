package labels

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormaliseAnnotator(t *testing.T) {
	for in, want := range map[string]string{"Alice ": "alice", " ALICE": "alice", "Mary  Ann\t": "mary ann", "": ""} {
		assert.Equal(t, want, NormaliseAnnotator(in), "%q", in)
	}
	m := map[string]string{"1": "alice", "bob@example.org": "bob"}
	assert.Equal(t, "bob", resolveAnnotator(m, "Bob@Example.org", "2"), "e-mail first")
	assert.Equal(t, "alice", resolveAnnotator(m, "carol@example.org", "1"), "then the user ID")
	assert.Equal(t, "carol@example.org", resolveAnnotator(m, "Carol@example.org", "3"), "unmapped: the first name, normalised")
}

// TestReadAnnotatorMap: JSON or CSV (any separator, optional header);
// mistakes name the file and row.
func TestReadAnnotatorMap(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	want := map[string]string{"1": "alice", "bob@example.org": "bob"}
	for _, tc := range []struct{ name, content string }{
		{"team.json", `{"1": "Alice", "Bob@example.org": "bob"}`},
		{"team.csv", "from,to\n1,Alice\nBob@example.org,bob\n"},
		{"team-semicolon.csv", "1;Alice\nbob@example.org;BOB\n"},
		{"team.tsv", "1\talice\nbob@example.org\tbob\n"},
	} {
		got, err := ReadAnnotatorMap(write(tc.name, tc.content))
		require.NoError(t, err, tc.name)
		assert.Equal(t, want, got, tc.name)
	}
	for _, tc := range []struct{ name, content, want string }{
		{"conflict.csv", "1,alice\n1,bob\n", `conflict.csv: row 2: "1" is mapped twice, to "alice" and "bob"`},
		{"short.csv", "1,alice\n2\n", `short.csv: row 2: 1 cell(s), want 2 (from, to): "2"`},
		{"empty-name.csv", "1,\n", `empty-name.csv: row 1: an empty name ("1" -> "")`},
		{"number.json", `{"1": 2}`, `number.json: "1": the name must be a string, not 2`},
		{"nothing.csv", "from,to\n", "nothing.csv: no names in the file"},
	} {
		_, err := ReadAnnotatorMap(write(tc.name, tc.content))
		assert.EqualError(t, err, tc.want)
	}
}

func TestCompletedBy(t *testing.T) {
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	assert.Equal(t, []string{"42"}, completedBy(raw(42)))
	assert.Equal(t, []string{"bob@example.org", "bob", "Bob Smith", "7"},
		completedBy(raw(map[string]any{"id": 7, "email": "bob@example.org", "username": "bob", "first_name": "Bob", "last_name": "Smith"})))
	assert.Nil(t, completedBy(nil))
	assert.Nil(t, completedBy(raw(nil)))
}
