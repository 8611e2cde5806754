package metadata

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadChecks(t *testing.T) {
	for _, tc := range []struct{ name, yaml, err string }{
		{"ok", "name: x\nlicense: CC-BY-4.0\nlanguages: [en, pt-BR]\n", ""},
		{"unknown field", "name: x\nlicence: MIT\n", `field licence not found`},
		{"bad spdx", "license: CC BY 4.0\n", `not an SPDX identifier`},
		{"other without name", "license: other\n", `license other needs license_name`},
		{"bad language", "languages: [English]\n", `"English" is not a BCP 47 tag`},
		{"bad doi", "doi: https://doi.org/10.1/x\n", `give the bare DOI`},
		{"bad citation", "citation: Lovelace 2026\n", `BibTeX entry`},
		{"splits sum", "splits: {train: 0.8, validation: 0.1, test: 0.2}\n", `add up to 1.1`},
		{"duplicate section", "sections: [{title: A, body: x}, {title: A, body: y}]\n", `"A" appears twice`},
		{"bad name", "name: my dataset\n", `name "my dataset"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), FileName)
			require.NoError(t, os.WriteFile(p, []byte(tc.yaml), 0o644))
			_, err := Load(p)
			if tc.err == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), p+": ")
			assert.Contains(t, err.Error(), tc.err)
		})
	}
}

func TestHubLicense(t *testing.T) {
	for _, tc := range []struct {
		md              *Metadata
		lic, name, link string
	}{
		{nil, "other", "unspecified", ""},
		{&Metadata{License: "CC-BY-4.0"}, "cc-by-4.0", "", ""},
		{&Metadata{License: "EUPL-1.2"}, "other", "EUPL-1.2", "https://spdx.org/licenses/EUPL-1.2.html"},
		{&Metadata{License: "other", LicenseName: "ours", LicenseLink: "https://x.example/l"}, "other", "ours", "https://x.example/l"},
	} {
		lic, name, link := tc.md.HubLicense()
		assert.Equal(t, []string{tc.lic, tc.name, tc.link}, []string{lic, name, link})
	}
}

func TestSizeCategory(t *testing.T) {
	assert.Equal(t, "n<1K", SizeCategory(999))
	assert.Equal(t, "1K<n<10K", SizeCategory(1000))
	assert.Equal(t, "1M<n<10M", SizeCategory(2_500_000))
}
