// Package compress reads compressed inputs transparently: it recognises
// gzip, bzip2, xz and zstd (with windows up to 2 GiB, as Pushshift and
// Arctic Shift dumps are written with --long=31) by their magic bytes,
// names the file inside (RC_2019-01.zst holds RC_2019-01) and wraps a
// reader in the matching decompressor.
//
// It is not a place for formats: what the decompressed bytes hold is for
// the builders to say. A corrupt or truncated stream is reported as an
// *Error so that the pipeline can skip the input whole.
package compress
