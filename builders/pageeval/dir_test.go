package pageeval

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders"
)

// oracle reads a page by looking its truth up: what a perfect reader
// would emit. Scoring it must give full marks, so the harness and the
// committed truth agree with each other.
func oracle(t *testing.T) ReadFunc {
	truths, err := LoadTruth(filepath.Join(Dir(), "truth"))
	require.NoError(t, err)
	byPage := map[string]Truth{}
	for _, tr := range truths {
		byPage[tr.Page] = tr
	}
	return func(name string, data []byte) ([]*builders.Page, error) {
		tr := byPage[name]
		p := &builders.Page{Title: tr.Title, Body: tr.BodyFirst + "\n\n" + tr.BodyLast}
		if tr.CommentPlatform == "disqus" {
			p.Warnings = append(p.Warnings, builders.Warning{Kind: "script_thread", Message: "comments are loaded by Disqus"})
		}
		for _, c := range tr.RealComments() {
			author := c.Author
			pc := builders.PageComment{NativeID: c.NativeID, Author: &author, Text: c.Text, Parent: -1}
			if c.Parent != nil {
				pc.NativeParent = *c.Parent
			}
			p.Comments = append(p.Comments, pc)
		}
		return []*builders.Page{p}, nil
	}
}

func TestScoreDirOracle(t *testing.T) {
	rep := ScoreDir(t, oracle(t))
	m := rep.All
	assert.Equal(t, 84, m.Pages)
	assert.Equal(t, m.TruthComments, m.Matched)
	assert.InDelta(t, 1.0, m.F1, 1e-9)
	assert.InDelta(t, 1.0, m.AuthorAccuracy, 1e-9)
	assert.InDelta(t, 1.0, m.ParentAccuracy, 1e-9)
	assert.InDelta(t, 1.0, m.DepthAccuracy, 1e-9)
	assert.InDelta(t, 1.0, m.TitleAccuracy, 1e-9)
	assert.InDelta(t, 1.0, m.BodyFirstRate, 1e-9)
	assert.InDelta(t, 1.0, m.BodyLastRate, 1e-9)
	assert.Equal(t, m.DisqusPages, m.DisqusFlagged)
	assert.Equal(t, 0, m.InventedComments)
	assert.Positive(t, rep.Holdout.Pages)
	assert.Equal(t, rep.All.Pages, rep.Dev.Pages+rep.Holdout.Pages)
	assert.True(t, strings.HasPrefix(rep.Table(), "metric"))
}

// TestScoreDirFlatReader: a reader that finds every comment but flattens
// the threads loses exactly the replies' parents.
func TestScoreDirFlatReader(t *testing.T) {
	read := oracle(t)
	flat := func(name string, data []byte) ([]*builders.Page, error) {
		pages, err := read(name, data)
		for i := range pages[0].Comments {
			pages[0].Comments[i].NativeParent = ""
		}
		return pages, err
	}
	rep, err := Run(Dir(), flat, Options{})
	require.NoError(t, err)
	replies := 0
	truths, err := LoadTruth(filepath.Join(Dir(), "truth"))
	require.NoError(t, err)
	for _, tr := range truths {
		for _, c := range tr.RealComments() {
			if c.Parent != nil {
				replies++
			}
		}
	}
	require.Positive(t, replies)
	assert.Equal(t, rep.All.Matched-replies, rep.All.ParentCorrect)
	assert.InDelta(t, 1.0, rep.All.F1, 1e-9)
}
