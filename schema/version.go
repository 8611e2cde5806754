package schema

// ToolName and ToolVersion identify the program that wrote a dataset. They
// land in every Parquet footer (created_by), the manifest and the card, so
// they are constants: nothing build-specific may drift into them.
const (
	ToolName    = "threadset"
	ToolVersion = "0.1.0"

	// Version is the version of the table layout. It changes whenever a
	// column is added, removed, renamed or changes meaning.
	Version = "1.2.0"
)
