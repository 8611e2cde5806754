// Package scalegen writes large synthetic corpora for measuring how
// threadset scales: Pushshift-style monthly dumps (RS_ submissions and
// RC_ comments, NDJSON with the fields and sizes of real records) and
// Disqus exports (categories, threads, then posts replying to each
// other). Output depends only on the options and the seed.
//
// It is for the scale harness (cmd/threadset/scale_test.go), not for the
// tests of the default run; it generates gigabytes at a time.
package scalegen
