package labels

import "github.com/threadset/threadset/schema/dataset"

// Agreement computes every label column's inter-annotator agreement
// (Krippendorff's alpha, Cohen's kappa per pair, confusion); see
// dataset.Agreement.
func Agreement(dir string) ([]dataset.ColumnAgreement, error) { return dataset.Agreement(dir) }
