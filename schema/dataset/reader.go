package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/apache/arrow/go/v15/arrow/memory"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/parquetio"
)

// Parts lists the Parquet parts of table t in dir, in name order.
func Parts(dir string, t *schema.Table) ([]string, error) {
	parts, err := filepath.Glob(filepath.Join(dir, t.Name, "*.parquet"))
	if err != nil {
		return nil, err
	}
	sort.Strings(parts)
	return parts, nil
}

// ReadTable calls fn for every row of table t in dir, part by part, after
// checking each part's columns against the schema.
func ReadTable(dir string, t *schema.Table, fn func(schema.Row) error) error {
	return ReadTableColumns(dir, t, nil, fn)
}

// ReadTableColumns is ReadTable reading only the named columns (all when
// names is nil); the others are nil.
func ReadTableColumns(dir string, t *schema.Table, names []string, fn func(schema.Row) error) error {
	parts, err := Parts(dir, t)
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		return fmt.Errorf("%s: no Parquet files for table %s", filepath.Join(dir, t.Name), t.Name)
	}
	mem := memory.NewGoAllocator()
	for _, p := range parts {
		if err := readPart(p, t, mem, names, fn); err != nil {
			return err
		}
	}
	return nil
}

func readPart(path string, t *schema.Table, mem memory.Allocator, names []string, fn func(schema.Row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := parquetio.ReadColumns(f, t, mem, names, fn); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Str returns a string cell, "" for null.
func Str(v any) string {
	s, _ := v.(string)
	return s
}

// I32 returns an int32 cell, 0 for null.
func I32(v any) int32 {
	n, _ := v.(int32)
	return n
}
