// Package builders turns input files into schema records. Each input format
// has a builder in a subpackage (builders/textpage, ...), registered by hand
// in builders/all; this package holds what they share: the Builder
// interface, the Page a builder emits, the registry, and the rules that turn
// a Page into rows with IDs, reply-tree columns and pseudonyms (Finish).
//
// Builders never write files; builders/pipeline runs them over the inputs
// and hands the records to schema/dataset.
package builders
