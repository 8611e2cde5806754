// Package release publishes immutable, versioned releases of a dataset
// and verifies them.
//
// A release is a directory RELEASES/X.Y.Z laid out for the Hugging Face
// Hub: a card (README.md) with one config per table and its splits,
// data/<table>/<split>-0000N-of-0000M.parquet, the build's manifest,
// CHANGELOG.md, CITATION.cff, croissant.json (Croissant 1.1), the diff
// against the previous release, release.json and SHA256SUMS. The version
// is computed from the diff against the previous release (package diff);
// a requested version that understates the change is refused. Articles
// are split into train, validation and test by a hash of their ID, so an
// article never changes split between releases; comments, anomalies and
// annotations follow their article.
//
// What it is not: a build (it reads a finished dataset) or an uploader.
package release
