package release

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/metadata"
	"github.com/threadset/threadset/schema/parquetio"
)

// Split names. Tables that are not about articles (sources, authors) are
// released whole, as split "all".
const (
	Train      = "train"
	Validation = "validation"
	Test       = "test"
	All        = "all"
)

// ArticleSplits are the splits of the tables that follow their article.
var ArticleSplits = []string{Train, Validation, Test}

// SplitOf assigns an article to a split by a hash of its ID: the same
// article is in the same split in every release with the same shares.
func SplitOf(articleID string, s metadata.Splits) string {
	h := sha256.Sum256([]byte("threadset-split\x00" + articleID))
	u := float64(binary.BigEndian.Uint64(h[:8])>>11) / float64(1<<53) // uniform in [0, 1)
	switch {
	case u < s.Train:
		return Train
	case u < s.Train+s.Validation:
		return Validation
	}
	return Test
}

// splitsOf lists the splits a table is released in.
func splitsOf(table string) []string {
	switch table {
	case schema.Sources.Name, schema.Authors.Name:
		return []string{All}
	}
	return ArticleSplits
}

// DataPath is the release path of one split of a table.
func DataPath(table, split string) string {
	return path.Join("data", table, fmt.Sprintf("%s-00000-of-00001.parquet", split))
}

// writeData writes every table of the dataset in src into the release
// directory dst by split, and returns the tables as the release's
// manifest lists them. Memory holds one entry per comment (its article),
// so that annotations of comments follow their article.
func writeData(src, dst string, m *dataset.Manifest, shares metadata.Splits) ([]dataset.TableFiles, error) {
	mem := memory.NewGoAllocator()
	commentArticle := map[string]string{}
	var out []dataset.TableFiles
	for _, t := range m.SchemaTables() {
		splits := splitsOf(t.Name)
		writers := map[string]*splitWriter{}
		for _, s := range splits {
			w, err := newSplitWriter(dst, t, s, mem)
			if err != nil {
				return nil, err
			}
			writers[s] = w
		}
		route := router(t, shares, commentArticle)
		err := dataset.ReadTable(src, t, func(r schema.Row) error {
			return writers[route(r)].w.Append(r)
		})
		tf := dataset.TableFiles{Name: t.Name}
		for _, s := range splits {
			f, cerr := writers[s].close()
			if err == nil {
				err = cerr
			}
			tf.Rows += f.Rows
			tf.Files = append(tf.Files, f)
		}
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
		out = append(out, tf)
	}
	return out, nil
}

// router returns the function that names the split of a row of t.
func router(t *schema.Table, shares metadata.Splits, commentArticle map[string]string) func(schema.Row) string {
	col := func(name string) int { return t.Index(name) }
	switch t.Name {
	case schema.Sources.Name, schema.Authors.Name:
		return func(schema.Row) string { return All }
	case schema.Comments.Name:
		idc, ac := col(schema.ColCommentID), col(schema.ColArticleID)
		return func(r schema.Row) string {
			a := dataset.Str(r[ac])
			commentArticle[dataset.Str(r[idc])] = a
			return SplitOf(a, shares)
		}
	case schema.Annotations.Name, schema.OrphanedAnnotations.Name:
		tc, ic := col(schema.ColItemTable), col(schema.ColItemID)
		return func(r schema.Row) string {
			id := dataset.Str(r[ic])
			if dataset.Str(r[tc]) == schema.Comments.Name {
				if a, ok := commentArticle[id]; ok {
					id = a
				}
			}
			return SplitOf(id, shares)
		}
	}
	ac := col(schema.ColArticleID)
	return func(r schema.Row) string { return SplitOf(dataset.Str(r[ac]), shares) }
}

type splitWriter struct {
	f    *os.File
	bw   *bufio.Writer // keeps the Parquet writer from closing f before it is synced
	w    *parquetio.Writer
	root string
	rel  string
}

func newSplitWriter(root string, t *schema.Table, split string, mem memory.Allocator) (*splitWriter, error) {
	rel := DataPath(t.Name, split)
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w, err := parquetio.NewWriter(bw, t, mem)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return &splitWriter{f: f, bw: bw, w: w, root: root, rel: rel}, nil
}

// close finishes the file, syncs it and describes it.
func (s *splitWriter) close() (dataset.File, error) {
	rows := s.w.Rows()
	err := s.w.Close()
	if err == nil {
		err = s.bw.Flush()
	}
	if err == nil {
		err = s.f.Sync()
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return dataset.File{}, err
	}
	f, err := describe(s.root, s.rel)
	f.Rows = rows
	return f, err
}
