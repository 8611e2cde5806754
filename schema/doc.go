// Package schema defines the tables a threadset dataset is made of: their
// columns, the one-line description of each column, the label vocabularies
// and the record types builders produce.
//
// It is the single source of truth for the dataset's shape: the Parquet
// writer, the validator and the dataset card are all generated from the
// definitions here, so a column documented here is documented everywhere.
// It does not read inputs (see builders) or touch the file system (see
// schema/parquetio and schema/dataset).
package schema
