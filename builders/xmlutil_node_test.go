package builders

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeNodeMatchesDecodeElement reads every element of the XML
// fixtures (and broken variants of them) both with decodeNode and with
// encoding/xml's DecodeElement, and expects the same nodes and errors.
func TestDecodeNodeMatchesDecodeElement(t *testing.T) {
	var docs [][]byte
	for _, pat := range []string{"wxr/*/input/*", "disqus/*/input/*"} {
		files, err := filepath.Glob(filepath.Join("..", "fixtures", pat))
		require.NoError(t, err)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")) {
				continue // a gzipped export
			}
			docs = append(docs, data, data[:len(data)/2], data[:len(data)*9/10],
				bytes.Replace(data, []byte("</"), []byte("</x"), 1))
		}
	}
	require.NotEmpty(t, docs)
	nodes := 0
	for _, doc := range docs {
		for depth := 2; depth <= 3; depth++ {
			want, wantErr := elements(doc, depth, func(dec *xml.Decoder, start xml.StartElement) (*XMLNode, error) {
				var n XMLNode
				err := dec.DecodeElement(&n, &start)
				return &n, err
			})
			got, gotErr := elements(doc, depth, decodeNode)
			assert.Equal(t, wantErr, gotErr)
			require.Equal(t, len(want), len(got))
			for i := range want {
				assert.Equal(t, want[i], got[i])
			}
			nodes += len(want)
		}
	}
	assert.Greater(t, nodes, 50)
}

func elements(doc []byte, depth int, decode func(*xml.Decoder, xml.StartElement) (*XMLNode, error)) ([]*XMLNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	var out []*XMLNode
	level := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			level++
			if level == depth {
				n, err := decode(dec, t)
				if err != nil {
					return out, err
				}
				out = append(out, n)
				level--
			}
		case xml.EndElement:
			level--
		}
	}
}
