package textpage

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/threadset/threadset/builders/pageeval"
)

func TestZZDump(t *testing.T) {
	for _, f := range strings.Fields(os.Getenv("TP_DUMP")) {
		data, _ := os.ReadFile(f)
		p, err := Parse(string(data))
		fmt.Printf("==== %s err=%v\n", f, err)
		if err != nil {
			continue
		}
		pg := p.Page
		str := func(s *string) string {
			if s == nil {
				return "<nil>"
			}
			return *s
		}
		fmt.Printf("title=%q sub=%q byline=%q section=%q source=%q\nrule=%s ev=%q declared=%v\n", pg.Title, str(pg.Subtitle), str(pg.Byline), str(pg.Section), pg.Source.Name, pg.CommentRule, pg.CommentEvidence, pg.DeclaredCount)
		fmt.Printf("BODY: %q\n", pg.Body)
		for i, c := range pg.Comments {
			tm := ""
			if c.PublishedAt != nil {
				tm = c.PublishedAt.Format("2006-01-02 15:04")
			}
			fmt.Printf("  C%d p=%d a=%q t=%s %q\n", i, c.Parent, str(c.Author), tm, c.Text)
		}
		for _, d := range p.Dropped {
			fmt.Printf("  drop %d %s %q\n", d.Line, d.Reason, d.Text)
		}
		for _, w := range pg.Warnings {
			fmt.Printf("  WARN %d %s\n", w.Line, w.Message)
		}
	}
}

func TestZZCorpus(t *testing.T) {
	dir := os.Getenv("TP_CORPUS")
	if dir == "" {
		return
	}
	files, _ := filepath.Glob("../../fixtures/textpage/*/input/*.txt")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		name := strings.NewReplacer("../../fixtures/textpage/", "", "/input/", "-", "/", "-", ".txt", "").Replace(f)
		body := "go test fuzz v1\nstring(" + strconv.Quote(string(data)) + ")\n"
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
}

func TestZZTime(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/textpage/*/input/*.txt")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		st := time.Now()
		p, err := Parse(string(data))
		d1 := time.Since(st)
		if err == nil {
			checkAccounted(t, string(data), p)
		}
		fmt.Println(f, len(data), d1, time.Since(st))
	}
}

func TestZZDev(t *testing.T) {
	v := pageeval.ArticleAndComments
	if os.Getenv("TP_WHOLE") != "" {
		v = pageeval.WholePage
	}
	rep, err := pageeval.Run(pageeval.Dir(), pageeval.TextFunc(New(), v), pageeval.Options{})
	require.NoError(t, err)
	dev := rep
	dev.Pages = nil
	os.MkdirAll("/tmp/dev/"+v.String(), 0o755)
	for _, p := range rep.Pages {
		if p.Truth.Split == pageeval.SplitDev {
			dev.Pages = append(dev.Pages, p)
			data, _ := os.ReadFile(filepath.Join(pageeval.Dir(), p.Truth.Page))
			os.WriteFile("/tmp/dev/"+v.String()+"/"+filepath.Base(p.Truth.Page)+".txt", []byte(pageeval.Render(data, v)), 0o644)
		}
	}
	m := rep.Dev
	fmt.Printf("DEV %s: F1 %.3f P %.3f R %.3f author %.3f parent %.3f title %.3f first %.3f last %.3f share %.3f invented %d on %d errors %d\n", v, m.F1, m.Precision, m.Recall, m.AuthorAccuracy, m.ParentAccuracy, m.TitleAccuracy, m.BodyFirstRate, m.BodyLastRate, m.CommentShare, m.InventedComments, m.PagesWithInvented, m.ReaderErrors)
	if os.Getenv("TP_PAGES") != "" {
		fmt.Println(dev.PageTable(true))
	}
}

func TestZZRules(t *testing.T) {
	files, _ := filepath.Glob("/tmp/dev/" + os.Getenv("TP_V") + "/*.txt")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		p, err := Parse(string(data))
		if err != nil {
			fmt.Printf("%-60.60s ERR %v\n", filepath.Base(f), err)
			continue
		}
		fmt.Printf("%-60.60s %3d %-15s %.90q | %.60q\n", filepath.Base(f), len(p.Page.Comments), p.Page.CommentRule, p.Page.CommentEvidence, p.Page.Title)
	}
}

func TestZZBig(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/textpage/*/input/*.txt")
	var all strings.Builder
	for _, f := range files {
		data, _ := os.ReadFile(f)
		all.Write(data)
	}
	for _, n := range []int{1, 4, 16} {
		text := strings.Repeat(all.String(), n)
		st := time.Now()
		p, err := Parse(text)
		d1 := time.Since(st)
		if err == nil {
			accountProblems(text, p)
		}
		fmt.Println(n, len(text), d1, time.Since(st))
	}
}

func TestZZPath(t *testing.T) {
	for name, text := range map[string]string{
		"headers":      "Title\n\n" + strings.Repeat("Comments\n\nAnn Lee\n\nSome text here ok fine yes.\n\n", 3000),
		"headersForm":  "Title\n\n" + strings.Repeat("3 Comments\n\nName *\n\n", 3000),
		"names":        "Title\n\nA paragraph with many words in it so that it counts as prose for sure.\n\n" + strings.Repeat("Ann Lee\n\nHi.\n\n", 5000),
		"longline":     "Title\n\n" + strings.Repeat("1 2 3 4 5 6 7 8 9 10 2019 March ", 20000) + "\n",
		"items":        "Title\n\n" + strings.Repeat("  1. Ann Lee\n", 20000),
		"bylines":      "Title\n\nA paragraph with many words in it so that it counts as prose for sure.\n\n" + strings.Repeat("Ann says:\n\ntext\n\n", 5000),
		"dateitems":    "Title\n\n3 Comments\n" + strings.Repeat("  1. March 3, 2019 at 4:00 pm\n", 10000),
	} {
		st := time.Now()
		p, err := Parse(text)
		d1 := time.Since(st)
		if err == nil {
			accountProblems(text, p)
		}
		fmt.Println(name, len(text), d1, time.Since(st))
	}
}

func TestZZNames(t *testing.T) {
	text := "Title\n\nA paragraph with many words in it so that it counts as prose for sure.\n\n" + strings.Repeat("Ann Lee\n\nHi.\n\n", 1500)
	Parse(text)
}
