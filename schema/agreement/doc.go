// Package agreement is inter-annotator agreement on nominal labels:
// percent agreement, Krippendorff's alpha, Cohen's kappa and confusion
// counts. It reads no files and knows no dataset: schema/dataset gathers
// the values and prints the figures.
//
// Every sum runs over values in sorted order, so the same input gives the
// same bits on every run.
package agreement
