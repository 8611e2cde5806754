package dataset

import (
	"context"
	"fmt"

	"github.com/threadset/threadset/schema"
	"github.com/threadset/threadset/schema/dslock"
)

// RewriteOptions say what changes when a dataset is rewritten.
type RewriteOptions struct {
	// Annotations replace the dataset's annotations; the label columns of
	// articles and comments are recomputed from them (majority).
	Annotations []schema.Annotation
	// Orphans replace the orphaned annotations.
	Orphans []schema.Annotation
	// Imports replace the list of label imports.
	Imports []Import
	// Info is the card's build documentation (builders, normalisation);
	// About comes from the manifest.
	Info CardInfo
}

// RewriteResult reports the label columns left null by a tie.
type RewriteResult struct {
	Manifest *Manifest
	Ties     int
}

// Rewrite writes a new version of the dataset in dir with new annotations,
// atomically: the old version stays readable until the new one replaces
// it, and a failure leaves it untouched. Rows other than label columns are
// copied unchanged. It takes dir's lock unless this process holds it; a
// command that reads the dataset before rewriting it must lock first
// (Lock), or a concurrent writer's update could be lost.
func Rewrite(dir string, opts RewriteOptions) (*RewriteResult, error) {
	lock, err := dslock.Acquire(context.Background(), dir, dslock.Options{})
	if err != nil {
		return nil, err
	}
	defer func() { _ = lock.Release() }()
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if err := Validate(dir); err != nil {
		return nil, fmt.Errorf("refusing to rewrite a dataset that does not validate: %w", err)
	}
	w, err := Create(dir, CreateOptions{Force: true, LabelSet: m.Labels()})
	if err != nil {
		return nil, err
	}
	return w.rewriteFrom(dir, m, opts)
}

// CommitRelabelled finishes the dataset in its temporary directory, then
// writes it once more with the label columns recomputed from
// opts.Annotations (for labels that found their items only once every item
// was written), and publishes only that second version, with one rename.
func (w *Writer) CommitRelabelled(info CardInfo, opts RewriteOptions) (*RewriteResult, error) {
	m, err := w.finish(info)
	if err != nil {
		w.Abort()
		return nil, err
	}
	defer w.Abort() // the first version is never published; w keeps the lock
	second, err := newWriter(w.dir, w.replace, nil, CreateOptions{Allocator: w.mem, LabelSet: w.ls})
	if err != nil {
		return nil, err
	}
	opts.Info = info
	return second.rewriteFrom(w.tmp, m, opts)
}

// rewriteFrom fills w with the dataset in src, whose manifest is m, with
// new annotations, and commits it.
func (w *Writer) rewriteFrom(src string, m *Manifest, opts RewriteOptions) (*RewriteResult, error) {
	res := &RewriteResult{}
	labels := Aggregate(opts.Annotations, Adjudicators(opts.Imports))
	relabel := func(p *part) func(schema.Row) error {
		idCol := p.table.Index(schema.IDColumn(p.table.Name))
		return func(r schema.Row) error {
			id := Str(r[idCol])
			for j, c := range p.table.Columns {
				if !c.Label {
					continue
				}
				r[j] = nil
				if v, ok := labels[LabelKey{p.table.Name, id, c.Name}]; ok {
					if v.Tie {
						res.Ties++
					} else {
						r[j] = v.Value
					}
				}
			}
			return p.pw.Append(r)
		}
	}
	for _, p := range []*part{w.articles, w.comments} {
		if err := ReadTable(src, p.table, relabel(p)); err != nil {
			w.Abort()
			return nil, err
		}
	}
	if err := ReadTable(src, schema.Anomalies, func(r schema.Row) error { return w.anomalies.pw.Append(r) }); err != nil {
		w.Abort()
		return nil, err
	}
	w.copied = map[string][]schema.Row{}
	for _, t := range []*schema.Table{schema.Sources, schema.Authors} {
		if err := ReadTable(src, t, func(r schema.Row) error {
			w.copied[t.Name] = append(w.copied[t.Name], r)
			return nil
		}); err != nil {
			w.Abort()
			return nil, err
		}
	}
	w.inputs, w.warnings, w.filter = m.Inputs, m.Warnings, m.Filter
	for _, b := range m.Builders {
		w.AddBuilder(b.Name, b.Version)
	}
	w.SetAnnotations(opts.Annotations, opts.Orphans, opts.Imports)
	info := opts.Info
	info.About, info.Metadata = m.About, m.Metadata
	var err error
	res.Manifest, err = w.Commit(info)
	return res, err
}

func (w *Writer) writeCopied() error {
	for _, t := range []*schema.Table{schema.Sources, schema.Authors} {
		if err := w.writeRows(t, w.copied[t.Name]); err != nil {
			return err
		}
	}
	var ann, orph []schema.Row
	for i := range w.annotations {
		ann = append(ann, w.annotations[i].Row())
	}
	for i := range w.orphans {
		orph = append(orph, w.orphans[i].OrphanRow())
	}
	if err := w.writeRows(schema.Annotations, ann); err != nil {
		return err
	}
	return w.writeRows(schema.OrphanedAnnotations, orph)
}

// LabelKey names one label column of one item.
type LabelKey struct{ Table, ID, Label string }

// Aggregated is a label column's value from its annotations.
type Aggregated struct {
	Value string
	Tie   bool
}

// Aggregate computes every labelled item's label columns: the majority
// of its annotators' values (schema.Majority), or, where adjudicators
// labelled the item, the majority of the adjudicators' values; a tie is
// marked.
func Aggregate(as []schema.Annotation, adjudicators map[string]bool) map[LabelKey]Aggregated {
	values := map[LabelKey][]string{}
	adjudicated := map[LabelKey][]string{}
	for _, a := range as {
		k := LabelKey{a.ItemTable, a.ItemID, a.Label}
		values[k] = append(values[k], a.Value)
		if adjudicators[a.Annotator] {
			adjudicated[k] = append(adjudicated[k], a.Value)
		}
	}
	out := make(map[LabelKey]Aggregated, len(values))
	for k, vs := range values {
		if ad := adjudicated[k]; len(ad) > 0 {
			vs = ad
		}
		v, ok := schema.Majority(vs)
		out[k] = Aggregated{Value: v, Tie: !ok}
	}
	return out
}

// ReadAnnotations reads a dataset's annotations and orphaned annotations.
func ReadAnnotations(dir string) (annotations, orphans []schema.Annotation, err error) {
	read := func(t *schema.Table, dst *[]schema.Annotation) error {
		return ReadTable(dir, t, func(r schema.Row) error {
			a := schema.Annotation{ItemTable: Str(r[0]), ItemID: Str(r[1]), Label: Str(r[2]), Annotator: Str(r[3]),
				Value: Str(r[4]), SourceFile: Str(r[5]), SourceSHA256: Str(r[6]), SourceRow: I32(r[7])}
			if r[8] != nil {
				s := Str(r[8])
				a.RematchedFrom = &s
			}
			if len(r) > 9 {
				a.Reason = Str(r[9])
			}
			*dst = append(*dst, a)
			return nil
		})
	}
	if err := read(schema.Annotations, &annotations); err != nil {
		return nil, nil, err
	}
	if err := read(schema.OrphanedAnnotations, &orphans); err != nil {
		return nil, nil, err
	}
	return annotations, orphans, nil
}
