// Package dataset is a threadset dataset on disk: one directory per table
// with Parquet parts, manifest.json and README.md (the card). It writes a
// dataset atomically (Writer, Rewrite), reads it back (ReadTable), checks
// it (Validate), summarises it (Summarize, Agreement) and renders its card.
//
// It knows tables only through package schema and never reads inputs:
// builders and labels imports hand it records.
package dataset
