package builders

import "github.com/threadset/threadset/builders/textnorm"

// CleanEmit wraps a builder's emit so that no string of a page it emits
// holds a control character (textnorm rule 2). Text fields already pass
// through textnorm; this also covers values a builder keeps as read (IDs,
// URLs, statuses, source names), which JSON can fill with "\u0000"
// escapes. Every structured builder wraps its emit with it.
func CleanEmit(emit func(*Page) error) func(*Page) error {
	return func(p *Page) error {
		CleanPage(p)
		return emit(p)
	}
}

// CleanPage removes control characters from every string of p.
func CleanPage(p *Page) {
	c := textnorm.Controls
	p.NativeID, p.Title, p.Body = c(p.NativeID), c(p.Title), c(p.Body)
	// A pointer may be shared (one platform name for all pages): replace
	// it, never write through it.
	for _, s := range []**string{&p.URL, &p.Subtitle, &p.Byline, &p.Section, &p.Source.Homepage, &p.Source.Platform, &p.Source.Country} {
		if *s != nil {
			if v := c(**s); v != **s {
				*s = &v
			}
		}
	}
	cleanAll(p.Categories)
	cleanAll(p.Tags)
	cleanAll(p.Links)
	p.Source.Name, p.Source.Language = c(p.Source.Name), c(p.Source.Language)
	for i := range p.Comments {
		pc := &p.Comments[i]
		pc.NativeID, pc.NativeParent, pc.Text, pc.Status = c(pc.NativeID), c(pc.NativeParent), c(pc.Text), c(pc.Status)
		if pc.Author != nil {
			if a := c(*pc.Author); a != *pc.Author {
				pc.Author = &a
			}
		}
		cleanAll(pc.Links)
	}
	for i := range p.Warnings {
		p.Warnings[i].Message = c(p.Warnings[i].Message)
	}
	for i := range p.Anomalies {
		p.Anomalies[i].Detail = c(p.Anomalies[i].Detail)
	}
}

func cleanAll(xs []string) {
	for i := range xs {
		if v := textnorm.Controls(xs[i]); v != xs[i] {
			xs[i] = v
		}
	}
}
