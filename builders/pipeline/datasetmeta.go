package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"

	"github.com/threadset/threadset/schema/dataset"
	"github.com/threadset/threadset/schema/metadata"
)

// datasetMetadata picks the dataset's descriptive metadata: the one given,
// the sample's, a metadata file at the top of a directory INPUT (all such
// files must agree), or the metadata of the dataset labels are carried
// from, so that a rebuild keeps its card.
func datasetMetadata(opts Options) (*metadata.Metadata, error) {
	if opts.Metadata != nil {
		return opts.Metadata, nil
	}
	if len(opts.Inputs) == 0 {
		return opts.SampleMetadata, nil
	}
	var found *metadata.Metadata
	var foundPath string
	for _, in := range opts.Inputs {
		st, err := os.Stat(in)
		if err != nil || !st.IsDir() {
			continue
		}
		path := filepath.Join(in, metadata.FileName)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		md, err := metadata.Load(path)
		if err != nil {
			return nil, &MetaError{Path: path, Msg: trimPath(err.Error(), path)}
		}
		if found != nil && !reflect.DeepEqual(found, md) {
			return nil, &UsageError{fmt.Sprintf("%s and %s differ: give one with --metadata", foundPath, path)}
		}
		found, foundPath = md, path
	}
	if found == nil && opts.LabelsFrom != "" {
		if old, err := dataset.ReadManifest(opts.LabelsFrom); err == nil {
			found = old.Metadata
		}
	}
	return found, nil
}

// trimPath drops the "PATH: " a message starts with.
func trimPath(msg, path string) string {
	if len(msg) > len(path)+2 && msg[:len(path)+2] == path+": " {
		return msg[len(path)+2:]
	}
	return msg
}
