// Package diff compares two threadset datasets: per table the rows added,
// removed and changed (matched by ID, with the columns that changed),
// comments re-parented, threads whose shape changed, labels added, changed
// and removed per annotator, schema and label-set changes, a summary by
// source, and the semantic-versioning level the change calls for (the
// rules a release applies). It only reads; it does not check checksums —
// run validate for that.
package diff
