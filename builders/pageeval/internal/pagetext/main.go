// Command pagetext prints a saved HTML page as pageeval.Render sees it,
// for looking at what the text-page reader is given:
//
//	go run ./builders/pageeval/internal/pagetext [-article] PAGE.html
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/threadset/threadset/builders/pageeval"
)

func main() {
	article := flag.Bool("article", false, "only the article and the comment section (ArticleAndComments)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pagetext [-article] PAGE.html")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagetext:", err)
		os.Exit(1)
	}
	v := pageeval.WholePage
	if *article {
		v = pageeval.ArticleAndComments
	}
	os.Stdout.WriteString(pageeval.Render(data, v))
}
