package disqus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

func pages(t *testing.T, data []byte, tempDir string, opts builders.Options) []string {
	t.Helper()
	in := builders.Input{Path: "export.xml", TempDir: tempDir, Options: opts,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	var out []string
	require.NoError(t, New().Build(in, func(p *builders.Page) error {
		b, err := json.Marshal(p)
		out = append(out, string(b))
		return err
	}))
	return out
}

// generatedExport has more threads than partitions, spam, deleted posts
// with and without replies, posts of threads the export lacks (one
// before any of its threads), a thread without posts, a thread defined
// after its posts and a bad date.
func generatedExport() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<category dsq:id="1"><forum>f</forum><title>News</title></category>
<post dsq:id="m0"><message>early orphan</message><createdAt>2020-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>x</name></author><thread dsq:id="gone1"/></post>
`)
	for th := 0; th < 200; th++ {
		created := "2020-01-01T00:00:00Z"
		if th == 5 {
			created = "never"
		}
		fmt.Fprintf(&b, `<thread dsq:id="t%d"><forum>f</forum><category dsq:id="1"/><link>https://example.org/%d/</link><title>Thread %d</title><createdAt>%s</createdAt></thread>`+"\n", th, th, th, created)
	}
	for k := 0; k < 4; k++ {
		for th := 0; th < 201; th += 1 + th%3 {
			id := fmt.Sprintf("p%d_%d", th, k)
			parent := ""
			if k > 0 {
				parent = fmt.Sprintf(`<parent dsq:id="p%d_%d"/>`, th, k-1)
			}
			deleted, spam := "false", "false"
			if (th+k)%7 == 0 {
				deleted = "true"
			}
			if (th+k)%11 == 0 {
				spam = "true"
			}
			thread := fmt.Sprintf("t%d", th)
			if th%50 == 1 {
				thread = fmt.Sprintf("gone%d", th)
			}
			fmt.Fprintf(&b, `<post dsq:id="%s"><message>&lt;p&gt;post %d &amp;amp; more&lt;/p&gt;</message><createdAt>2020-01-0%dT00:00:00Z</createdAt><isDeleted>%s</isDeleted><isSpam>%s</isSpam><author><name>a%d</name></author><thread dsq:id="%s"/>%s</post>`+"\n",
				id, k, k+1, deleted, spam, th%13, thread, parent)
		}
	}
	b.WriteString(`<thread dsq:id="t200"><forum>f</forum><title>Late</title><createdAt>2020-01-01T00:00:00Z</createdAt></thread>
</disqus>
`)
	return b.Bytes()
}

// Partitioning an export's posts on disk gives the same pages, in the same
// order, as keeping them in memory, and leaves nothing behind.
func TestDiskPostsMatchMemory(t *testing.T) {
	inputs := map[string][]byte{"generated": generatedExport()}
	for _, p := range []string{"disqus/isso/input/isso_tests_disqus.xml", "join/disqus-and-page/input/disqus-export.xml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fixtures", p))
		require.NoError(t, err)
		inputs[p] = data
	}
	for name, data := range inputs {
		for _, opts := range []builders.Options{{}, {IncludeUnapproved: true, IncludeEmptyThreads: true}} {
			t.Run(fmt.Sprintf("%s/%+v", name, opts), func(t *testing.T) {
				mem := pages(t, data, "", opts)
				dir := t.TempDir()
				disk := pages(t, data, dir, opts)
				require.NotEmpty(t, mem)
				assert.Equal(t, mem, disk)
				left, err := os.ReadDir(dir)
				require.NoError(t, err)
				assert.Empty(t, left, "the partitions are removed")
			})
		}
	}
}
