package main

import (
	"embed"
	"io/fs"

	"github.com/threadset/threadset/schema/metadata"
)

// The sample corpus: the five seed pages, byte for byte the same as
// fixtures/textpage/seeds/input (a test checks it). `threadset build` with
// no INPUT builds them.
//
//go:embed sample/*.txt
var sampleFiles embed.FS

func sampleFS() fs.FS {
	sub, err := fs.Sub(sampleFiles, "sample")
	if err != nil {
		panic(err) // the directory is embedded at compile time
	}
	return sub
}

// sampleAbout describes the sample corpus in the card.
const sampleAbout = `The sample corpus is five plain-text dumps of real web pages — news and opinion
articles on the war in Syria, some with their reader comment threads — exactly as a
scraper saved them. They are embedded in the threadset binary and built when
` + "`threadset build`" + ` gets no INPUT; they are also the first golden fixtures of the
text-page builder (` + "`fixtures/textpage/seeds`" + `).

| file | what it is |
|---|---|
| 000_27271087f4f471d8.txt | WordPress article (site footer "Anti-Empire") with a "3 Comments" header and a numbered, indented reply chain |
| 001_14190828f1643914.txt | article followed by a Disqus thread flattened to text: name line, blank, paragraphs; empty name lines; no nesting shown |
| 002_ea87f83a75bdf1fd.txt | reposted article with a category breadcrumb above the title; numbered comments, some with no author line, bullet replies two deep; "Comments are closed." |
| 003_08501f5dcdae8cc7.txt | translated article with an interview section in bullets; no comments |
| 004_be1d32c1f28b7405.txt | long article with a duplicated byline/subscribe block, subheadings and citations; no comments |

The pages were collected by a scraper that saved each page's visible text; their URLs and
dates were not kept, so ` + "`url`" + ` and ` + "`published_at`" + ` are null. The text belongs
to its original authors and is included for research.`

// sampleMetadata names the sample corpus and keeps its own content warning.
var sampleMetadata = &metadata.Metadata{
	Name:       "threadset-sample",
	PrettyName: "threadset sample: articles on the war in Syria and their reader comments",
	ContentWarning: "Reader comments in this dataset contain hateful, abusive, racist and antisemitic " +
		"language. It is kept verbatim because it is the object of study (stance and discourse in " +
		"comment sections); nothing has been cleaned or censored.",
	License:     "other",
	LicenseName: "research use only; the texts belong to their original authors",
	Languages:   []string{"en"},
	Keywords:    []string{"news-comments", "syria"},
}
