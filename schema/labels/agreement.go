package labels

import "github.com/threadset/threadset/schema/dataset"

// Agreement computes every label column's inter-annotator agreement
// (percent agreement, Krippendorff's alpha, Cohen's kappa per pair,
// confusion), broken down by source or depth when by names one; see
// dataset.AgreementBy.
func Agreement(dir, by string) ([]dataset.ColumnAgreement, error) {
	return dataset.AgreementBy(dir, by)
}
