package html

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// platform is a comment system that loads its thread by script, so that
// a saved page holds none of it.
type platform struct {
	name string
	// export says how to add the thread, for the warning.
	export string
	// marks recognise the platform: an element id or class, or a
	// substring of a script's src or text.
	ids, classes, scripts []string
}

var platforms = []platform{
	{name: "disqus", export: "add the site's Disqus export (Disqus admin → Moderation → Export; format disqus, detected by its content) as another input of the same build: its thread joins this page by canonical URL",
		ids: []string{"disqus_thread"}, scripts: []string{"disqus.com/embed.js", ".disqus.com/", "disqus_shortname", "disqus_config", "disqus_identifier", "disqus-comment-system", "disqusConfig"}},
	{name: "facebook", export: "Facebook comments have no export threadset reads; the page holds none of them",
		classes: []string{"fb-comments"}, scripts: []string{"facebook.com/plugins/comments.php"}},
	{name: "commento", export: "threadset has no reader for Commento's export; the page holds none of the thread",
		ids: []string{"commento"}, scripts: []string{"cdn.commento.io", "commento.js"}},
	{name: "isso", export: "threadset has no reader for Isso's database; the page holds none of the thread",
		ids: []string{"isso-thread"}, scripts: []string{"data-isso"}},
	{name: "utterances", export: "the thread is a GitHub issue (utterances); the page holds none of it",
		classes: []string{"utterances"}, scripts: []string{"utteranc.es/client.js"}},
	{name: "giscus", export: "the thread is a GitHub discussion (giscus); the page holds none of it",
		classes: []string{"giscus"}, scripts: []string{"giscus.app/client.js"}},
	{name: "hyvor", export: "threadset has no reader for Hyvor Talk's export; the page holds none of the thread",
		ids: []string{"hyvor-talk-view"}, scripts: []string{"talk.hyvor.com"}},
	{name: "openweb", export: "threadset has no reader for OpenWeb (Spot.IM) threads; the page holds none of the thread",
		classes: []string{"spot-im-conversation", "openweb-conversation"}, scripts: []string{"launcher.spot.im", "spotim", "openweb.com/"}},
	{name: "vuukle", export: "threadset has no reader for Vuukle threads; the page holds none of the thread",
		ids: []string{"vuukle-comments", "vuukle-emote"}, scripts: []string{"cdn.vuukle.com", "vuukle.com/platform.js"}},
	{name: "coral", export: "threadset has no reader for Coral Talk threads; the page holds none of the thread",
		ids: []string{"coral_thread", "coral-thread"}, scripts: []string{"Coral.createStreamEmbed", "Coral.Talk.render"}},
	{name: "viafoura", export: "threadset has no reader for Viafoura threads; the page holds none of the thread",
		classes: []string{"viafoura", "vf-conversations"}, scripts: []string{"cdn.viafoura.net"}},
	{name: "livefyre", export: "threadset has no reader for Livefyre threads; the page holds none of the thread",
		ids: []string{"livefyre-comments", "livefyre"}, scripts: []string{"livefyre.com/", "fyre.co/"}},
	{name: "remark42", export: "threadset has no reader for Remark42's backup; the page holds none of the thread",
		ids: []string{"remark42"}, scripts: []string{"remark_config", "remark42"}},
	{name: "cusdis", export: "threadset has no reader for Cusdis threads; the page holds none of the thread",
		ids: []string{"cusdis_thread"}, scripts: []string{"cusdis.com/js/"}},
}

// scriptThread is the comment platform whose script loads the page's
// thread, and what showed it; "" when none.
func scriptThread(doc *html.Node) (name, evidence, export string) {
	for _, p := range platforms {
		var ev []string
		walk(doc, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return true
			}
			id := attr(n, "id")
			for _, x := range p.ids {
				if id == x {
					ev = appendNew(ev, n.Data+"#"+id)
				}
			}
			for _, x := range p.classes {
				if hasClass(n, x) {
					ev = appendNew(ev, n.Data+"."+x)
				}
			}
			if n.DataAtom == atom.Script || n.DataAtom == atom.Iframe {
				src := ""
				for _, a := range n.Attr {
					src += " " + a.Key + "=" + a.Val // src, and loaders' data-* attributes
				}
				body := ""
				if n.FirstChild != nil {
					body = n.FirstChild.Data
				}
				for _, x := range p.scripts {
					if strings.Contains(src, x) || strings.Contains(body, x) {
						ev = appendNew(ev, "script "+x)
					}
				}
				return false
			}
			return true
		})
		if len(ev) > 0 {
			return p.name, strings.Join(ev, ", "), p.export
		}
	}
	// Any other mention of Disqus in the markup a loader leaves: an
	// element named for it (<disqus-comments>, <vue-disqus>), an id or class
	// naming it (also the old plugin's dsq-* ids), a data-disqus-*
	// attribute, an address or a loader's data-*/on* attribute naming it
	// (the noscript link, a lazy loader's data-src, an amp-iframe, a
	// preconnect, onclick="loadDisqus()"), a link to #disqus_thread (the
	// comment-count script's), or a script naming it (plugins wrap the
	// loader in their own names). Text and a link in the article to
	// disqus.com are words about Disqus, not a thread; nor is a
	// stylesheet that styles #disqus_thread.
	var ev string
	walk(doc, func(n *html.Node) bool {
		if ev != "" || n.Type != html.ElementNode {
			return ev == ""
		}
		if n.DataAtom == atom.Style {
			return false
		}
		idClass := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
		switch {
		case strings.Contains(strings.ToLower(n.Data), "disqus"):
			ev = "<" + n.Data + ">"
		case strings.Contains(idClass, "disqus") || dsqMark.MatchString(idClass):
			ev = describe(n)
		}
		for _, a := range n.Attr {
			if ev != "" {
				break
			}
			key, val := strings.ToLower(a.Key), strings.ToLower(a.Val)
			switch {
			case strings.HasPrefix(key, "data-disqus"):
				ev = n.Data + "[" + a.Key + "]"
			case key == "href" && strings.HasSuffix(val, "#disqus_thread"):
				ev = "a link to #disqus_thread"
			case !strings.Contains(val, "disqus"):
			case key == "src" || key == "action" || strings.HasPrefix(key, "data-") || strings.HasPrefix(key, "on") ||
				(key == "href" && n.DataAtom != atom.A):
				ev = n.Data + "[" + a.Key + "] naming disqus"
			}
		}
		if n.DataAtom == atom.Script || n.DataAtom == atom.Noscript {
			text := attr(n, "src")
			if n.FirstChild != nil {
				text += n.FirstChild.Data
			}
			if ev == "" && strings.Contains(strings.ToLower(text), "disqus") {
				ev = "a " + n.Data + " naming disqus"
			}
			return false
		}
		return ev == ""
	})
	if ev != "" {
		return platforms[0].name, ev, platforms[0].export
	}
	return "", "", ""
}

// dsqMark is the prefix of the ids the Disqus plugin for WordPress gives
// its wrapper and its fallback list (dsq-content, dsq-comments, dsq_thread).
var dsqMark = regexp.MustCompile(`(^|\s)dsq[-_]`)

func appendNew(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

var (
	commentPageHref = regexp.MustCompile(`(?i)/comment-page-(\d+)|[?&]cpage=(\d+)`)
	olderComments   = regexp.MustCompile(`(?i)^\W*(older comments|newer comments|previous comments|next comments|ältere kommentare|neuere kommentare|commentaires plus anciens|commentaires plus récents|comentarios anteriores|comentarios más recientes|commenti precedenti|commenti successivi|starsze komentarze|nowsze komentarze)\W*$`)
)

// pagedThread is the link that shows the page's comment thread continues
// on another page, or "".
func pagedThread(doc *html.Node) string {
	var hit string
	walk(doc, func(n *html.Node) bool {
		if hit != "" || n.Type != html.ElementNode {
			return hit == ""
		}
		if isCommentForm(n) {
			return false // its cancel-reply link points to comment-page-N too
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head:
			return false
		case atom.A:
			t := textOf(n)
			href := attr(n, "href")
			if olderComments.MatchString(t) || (commentPageHref.MatchString(href) && ancestor(n, isCommentSection) != nil) {
				hit = strings.TrimSpace(t)
				if hit == "" {
					hit = href
				}
				if href != "" {
					hit += " (" + href + ")"
				}
			}
			return false
		}
		return true
	})
	return hit
}

// isCommentForm is the comment form and its wrapper.
func isCommentForm(n *html.Node) bool {
	if n.DataAtom == atom.Form {
		return true
	}
	id := attr(n, "id")
	return id == "respond" || id == "commentform" || hasClass(n, "comment-respond")
}
