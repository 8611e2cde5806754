package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/all"
	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
)

// ids maps every article (by title) and comment (by article title, author
// and text) of a dataset to its ID.
func ids(t *testing.T, dir string) (articles, comments map[string]string) {
	articles, comments = map[string]string{}, map[string]string{}
	titles := map[string]string{}
	at := schema.Articles
	require.NoError(t, dataset.ReadTable(dir, at, func(r schema.Row) error {
		id, title := r[at.Index(schema.ColArticleID)].(string), r[at.Index("title")].(string)
		articles[title] = id
		titles[id] = title
		return nil
	}))
	ct := schema.Comments
	require.NoError(t, dataset.ReadTable(dir, ct, func(r schema.Row) error {
		author, _ := r[ct.Index(schema.ColAuthor)].(string)
		text, _ := r[ct.Index("text")].(string)
		key := titles[r[ct.Index(schema.ColArticleID)].(string)] + "\x00" + author + "\x00" + text
		for n := 1; ; n++ { // identical comments: numbered in page order
			if _, dup := comments[key]; !dup {
				break
			}
			key += fmt.Sprintf("\x00%d", n)
		}
		comments[key] = r[ct.Index(schema.ColCommentID)].(string)
		return nil
	}))
	return articles, comments
}

func buildDir(t *testing.T, in string) string {
	out := filepath.Join(t.TempDir(), "ds")
	_, err := Build(context.Background(), Options{Inputs: []string{in}, Registry: all.Registry(), Workers: 2, Out: out})
	require.NoError(t, err)
	return out
}

var topItem = regexp.MustCompile(`(?m)^  (\d+)\. `)

// renumber shifts the numbers of the top-level comment items by delta
// from item `from` on.
func renumber(page string, from, delta int) string {
	return topItem.ReplaceAllStringFunc(page, func(m string) string {
		n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m), ".")))
		if n < from {
			return m
		}
		return fmt.Sprintf("  %d. ", n+delta)
	})
}

// Re-scraping a page keeps the ID of every item that did not change:
// other whitespace, a new comment at the top of a thread, a comment
// removed, files renamed and moved.
func TestIDsSurviveRescrapes(t *testing.T) {
	seeds := filepath.Join("..", "..", "fixtures", "textpage", "seeds", "input")
	base := buildDir(t, seeds)
	baseArts, baseCmts := ids(t, base)
	require.Equal(t, 5, len(baseArts))
	require.Equal(t, 70, len(baseCmts))

	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(seeds, name))
		require.NoError(t, err)
		return string(data)
	}
	page000, page002 := read("000_27271087f4f471d8.txt"), read("002_ea87f83a75bdf1fd.txt")
	const bigB = "  1. BigB says"
	require.Contains(t, page002, bigB)
	const alan = "  2. Alan says\n\n    Rather too speculative to warrant a comment.\n\n"
	require.Contains(t, page002, alan)

	variants := map[string]map[string]string{
		"whitespace, renamed and moved; a new first comment": {
			"moved/zzz-first.txt":  strings.ReplaceAll(page000, "\n", "  \n") + "\n\n",
			"moved/aaa-second.txt": strings.Replace(renumber(page002, 1, 1), "  2. BigB says", "  1. Newcomer says\n\n    First!\n\n  2. BigB says", 1),
			"003.txt":              read("003_08501f5dcdae8cc7.txt"),
			"x/004.txt":            read("004_be1d32c1f28b7405.txt"),
			"001.txt":              read("001_14190828f1643914.txt"),
		},
		"a comment removed": {
			"000.txt": page000,
			"002.txt": renumber(strings.Replace(page002, alan, "", 1), 3, -1),
		},
	}
	for name, files := range variants {
		t.Run(name, func(t *testing.T) {
			in := t.TempDir()
			for rel, text := range files {
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(in, rel)), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(in, rel), []byte(text), 0o644))
			}
			arts, cmts := ids(t, buildDir(t, in))
			for title, id := range arts {
				assert.Equal(t, baseArts[title], id, "article %q", title)
			}
			kept, added := 0, 0
			for key, id := range cmts {
				if was, ok := baseCmts[key]; ok {
					assert.Equal(t, was, id, "comment %q", key)
					kept++
				} else {
					added++
				}
			}
			switch name {
			case "a comment removed":
				assert.Equal(t, 3+7-1, kept)
				assert.Zero(t, added)
			default:
				assert.Equal(t, 70, kept)
				assert.Equal(t, 1, added, "the new comment")
			}
		})
	}
}
