package html

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/threadset/threadset/builders"
	"github.com/threadset/threadset/schema"
)

func input(name, data string) builders.Input {
	return builders.Input{Path: name, SHA256: "sha-" + name, Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(data)), nil }}
}

// build runs the builder on one page and returns the article page and
// the warnings-only pages.
func build(t *testing.T, data string) (*builders.Page, []*builders.Page) {
	t.Helper()
	var art *builders.Page
	var other []*builders.Page
	err := New().Build(input("page.html", data), func(p *builders.Page) error {
		if p.OnlyWarnings {
			other = append(other, p)
		} else {
			require.Nil(t, art, "one article per page")
			art = p
		}
		return nil
	})
	require.NoError(t, err)
	require.NotNil(t, art)
	return art, other
}

const wordpressPage = `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>Trains run again &#8211; Rail Blog</title>
<link rel="canonical" href="https://www.railblog.example/2020/05/trains-run-again/">
<meta property="og:site_name" content="Rail Blog">
<meta property="og:title" content="Trains run again">
<meta property="article:published_time" content="2020-05-04T10:00:00+02:00">
<meta property="article:tag" content="timetable">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Rail Blog"},
 {"@type":"BlogPosting","headline":"Trains run again","author":{"@type":"Person","name":"Ann Editor"},
  "datePublished":"2020-05-04T10:00:00+02:00","articleSection":"News"}]}</script>
</head>
<body>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/shop">Shop</a></li></ul></nav>
<div id="content">
<article class="post hentry">
 <header><h1 class="entry-title">Trains run again</h1><span class="byline">By <a rel="author" href="/ann">Ann Editor</a></span></header>
 <div class="entry-content">
  <p>The line reopened on Monday after <a href="/2020/01/closure/">four months</a>.</p>
  <blockquote><p>We are glad, said the mayor.</p></blockquote>
  <div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="https://twitter.com/share">Twitter</a></li></ul></div>
  <p>Tickets are on sale now.</p>
  <div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><p>Another post about buses and their timetables.</p></div>
 </div>
 <footer class="entry-footer"><a href="/category/news/" rel="category tag">News</a> <a href="/tag/timetable/" rel="tag">timetable</a></footer>
</article>
<div id="comments" class="comments-area">
 <h2 class="comments-title">4 thoughts on &ldquo;Trains run again&rdquo;</h2>
 <ol class="comment-list">
  <li id="comment-11" class="comment even thread-even depth-1 parent">
   <article id="div-comment-11" class="comment-body">
    <footer class="comment-meta">
     <div class="comment-author vcard"><img alt="" src="a.png" class="avatar"><b class="fn"><a href="https://bob.example" rel="external nofollow ugc" class="url">Bob</a></b> <span class="says">says:</span></div>
     <div class="comment-metadata"><a href="https://www.railblog.example/2020/05/trains-run-again/#comment-11"><time datetime="2020-05-04T12:30:00+02:00">May 4, 2020 at 12:30 pm</time></a></div>
    </footer>
    <div class="comment-content"><p>Finally!</p><p>I waited so long. See <a href="https://news.example/x">this</a>.</p></div>
    <div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-11">Reply</a></div>
   </article>
   <ol class="children">
    <li id="comment-12" class="comment byuser comment-author-ann bypostauthor odd alt depth-2">
     <article id="div-comment-12" class="comment-body">
      <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Ann Editor</b> <span class="says">says:</span></div>
      <div class="comment-metadata"><a href="#comment-12"><time datetime="2020-05-04T13:00:00+02:00">May 4, 2020 at 1:00 pm</time></a></div></footer>
      <div class="comment-content"><blockquote><p>I waited so long.</p></blockquote><p>So did we.</p>
      <p class="comment-likes"><span class="like">Like</span></p></div>
      <div class="reply"><a class="comment-reply-link" href="#comment-12">Reply</a></div>
     </article>
    </li>
   </ol>
  </li>
  <li id="comment-13" class="pingback even thread-odd depth-1">
   <div class="comment-body">Pingback: <a href="https://other.example/p">Weekly links</a></div>
  </li>
  <li id="comment-14" class="comment odd depth-1">
   <article id="div-comment-14" class="comment-body">
    <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Carla</b> <span class="says">says:</span></div></footer>
    <div class="comment-content"><p>Which line?</p></div>
   </article>
  </li>
 </ol>
 <div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>
  <form id="commentform"><p>Your email address will not be published.</p><label>Name *</label><input name="author"><textarea id="comment" name="comment"></textarea></form></div>
</div>
</article>
</div>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent Posts</h2><ul><li><a href="/a">A post</a></li></ul></section></aside>
<footer class="site-footer">© Rail Blog</footer>
</body></html>`

func TestWordPressPage(t *testing.T) {
	p, other := build(t, wordpressPage)
	assert.Equal(t, "Trains run again", p.Title)
	require.NotNil(t, p.URL)
	assert.Equal(t, "https://www.railblog.example/2020/05/trains-run-again/", *p.URL)
	assert.Equal(t, []string{"url:https://railblog.example/2020/05/trains-run-again"}, p.JoinKeys)
	require.NotNil(t, p.Byline)
	assert.Equal(t, "Ann Editor", *p.Byline)
	require.NotNil(t, p.PublishedAt)
	assert.Equal(t, time.Date(2020, 5, 4, 8, 0, 0, 0, time.UTC), *p.PublishedAt)
	require.NotNil(t, p.Section)
	assert.Equal(t, "News", *p.Section)
	assert.Equal(t, []string{"News"}, p.Categories)
	assert.Equal(t, []string{"timetable"}, p.Tags)
	assert.Equal(t, "Rail Blog", p.Source.Name)
	assert.Equal(t, "en-US", p.Source.Language)
	assert.Equal(t, "The line reopened on Monday after four months.\n\n> We are glad, said the mayor.\n\nTickets are on sale now.", p.Body)
	assert.Equal(t, []string{"https://www.railblog.example/2020/01/closure/"}, p.Links)

	assert.Equal(t, "html:wordpress", p.CommentRule)
	assert.Contains(t, p.CommentEvidence, "li#comment-N ×")
	require.Len(t, p.Comments, 3)
	c := p.Comments
	assert.Equal(t, "11", c[0].NativeID)
	assert.Equal(t, "Bob", *c[0].Author)
	assert.Equal(t, "Finally!\n\nI waited so long. See this.", c[0].Text)
	assert.Equal(t, []string{"https://news.example/x"}, c[0].Links)
	assert.Equal(t, time.Date(2020, 5, 4, 10, 30, 0, 0, time.UTC), *c[0].PublishedAt)
	assert.Equal(t, "", c[0].NativeParent)
	assert.Equal(t, "12", c[1].NativeID)
	assert.Equal(t, "11", c[1].NativeParent)
	assert.Equal(t, "Ann Editor", *c[1].Author)
	assert.Equal(t, "> I waited so long.\n\nSo did we.", c[1].Text)
	assert.Equal(t, "14", c[2].NativeID)
	assert.Equal(t, "Carla", *c[2].Author)
	assert.Nil(t, c[2].PublishedAt)
	assert.Equal(t, "Which line?", c[2].Text)
	assert.Equal(t, map[string]string{"13": "pingback"}, p.LeftOut)
	require.Len(t, other, 1)
	assert.Equal(t, "left out: 1 pingbacks", other[0].Warnings[0].Message)
}

func TestDisqusPage(t *testing.T) {
	page := `<!doctype html><html lang="de"><head><title>Neue Tweets | Techblog</title>
<meta property="og:url" content="https://techblog.example/tweets/?utm_source=x"></head><body>
<div class="post"><h1>Neue Tweets</h1><p>Ein langer Absatz über Tweets, der lang genug ist, um der Text des Artikels zu sein.</p></div>
<div id="disqus_thread"></div><script>var disqus_shortname = 'techblog';(function(){var d=document.createElement('script');d.src='//techblog.disqus.com/embed.js';})();</script>
</body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "Neue Tweets", p.Title)
	assert.Empty(t, p.Comments)
	assert.Equal(t, "script:disqus", p.CommentRule)
	assert.Contains(t, p.CommentEvidence, "div#disqus_thread")
	assert.Equal(t, []string{"url:https://techblog.example/tweets"}, p.JoinKeys)
	require.Len(t, p.Warnings, 1)
	assert.Equal(t, schema.WarnScriptThread, p.Warnings[0].Kind)
	assert.Contains(t, p.Warnings[0].Message, "Disqus export (Disqus admin → Moderation → Export; format disqus, detected by its content) as another input")
	assert.Equal(t, "page.html", p.Warnings[0].Input)
}

func TestNoComments(t *testing.T) {
	page := `<html><head><title>Budget passed - City News</title><meta property="og:site_name" content="City News"></head><body>
<header><nav><a href="/">News</a> <a href="/shop">Shop</a></nav></header>
<main><h1>Budget passed</h1><h2>Route</h2><p>The council passed the budget on Tuesday, with twelve votes in favour.</p>
<h2>Fares</h2><p>Fares stay the same, the council said.</p><p class="newsletter">Subscribe to our newsletter</p></main>
<footer>Folge uns</footer></body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "Budget passed", p.Title)
	assert.Empty(t, p.Comments)
	assert.Equal(t, "none", p.CommentRule)
	assert.Equal(t, "Route\n\nThe council passed the budget on Tuesday, with twelve votes in favour.\n\nFares\n\nFares stay the same, the council said.", p.Body)
}

func TestSchemaOrgMicrodata(t *testing.T) {
	page := `<html><head><title>A post</title></head><body><article><h1>A post</h1><div class="entry-content"><p>Text of the post, long enough to be the body of this article for sure.</p></div></article>
<section class="comments">
 <div itemscope itemtype="http://schema.org/Comment" id="c1"><span itemprop="author" itemscope itemtype="http://schema.org/Person"><span itemprop="name">Dora</span></span>
  <meta itemprop="dateCreated" content="2021-03-01T09:00:00Z"><div itemprop="text"><p>First!</p></div>
  <div itemscope itemtype="http://schema.org/Comment" id="c2"><span itemprop="author">Emil</span><div itemprop="text">Second.</div></div>
 </div>
</section></body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "html:schemaorg", p.CommentRule)
	require.Len(t, p.Comments, 2)
	assert.Equal(t, "Dora", *p.Comments[0].Author)
	assert.Equal(t, "First!", p.Comments[0].Text)
	assert.Equal(t, time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC), *p.Comments[0].PublishedAt)
	assert.Equal(t, "Emil", *p.Comments[1].Author)
	assert.Equal(t, "c1", p.Comments[1].NativeParent)
	assert.Equal(t, "Second.", p.Comments[1].Text)
	assert.Equal(t, "Text of the post, long enough to be the body of this article for sure.", p.Body)
}

func TestJSONLDComments(t *testing.T) {
	page := `<html><head><title>Q</title><script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Question time","comment":[
 {"@type":"Comment","@id":"#c-1","author":{"name":"Fay"},"dateCreated":"2022-01-02T03:04:05Z","text":"<p>Yes.</p>",
  "comment":[{"@type":"Comment","@id":"#c-2","author":"Gus","text":"No."}]}]}</script></head>
<body><h1>Question time</h1><p>Body text of the article, long enough to be taken as its body.</p></body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "Question time", p.Title)
	assert.Equal(t, "html:schemaorg", p.CommentRule)
	require.Len(t, p.Comments, 2)
	assert.Equal(t, "#c-1", p.Comments[0].NativeID)
	assert.Equal(t, "Fay", *p.Comments[0].Author)
	assert.Equal(t, "Yes.", p.Comments[0].Text)
	assert.Equal(t, "#c-1", p.Comments[1].NativeParent)
	assert.Equal(t, "Gus", *p.Comments[1].Author)
}

func TestPagedAndCapped(t *testing.T) {
	page := `<html><head><title>Long thread</title></head><body><h1>Long thread</h1><div class="entry-content"><p>Post text that is long enough to count as the article body here.</p></div>
<div id="comments"><ol class="commentlist">
<li id="li-comment-5" class="comment depth-1"><div id="comment-5"><cite class="fn">Hal</cite> sagt:<div class="comment-text"><p>Erster.</p></div></div></li>
<li id="li-comment-6" class="comment depth-1"><div id="comment-6"><cite class="fn">Ida</cite><p class="reply-to">In reply to Hal.</p><div class="comment-text"><p>Zweite.</p></div></div></li>
</ol><div class="navigation"><a href="https://x.example/long-thread/comment-page-2/#comments">« Ältere Kommentare</a></div></div></body></html>`
	p, _ := build(t, page)
	require.Len(t, p.Comments, 2)
	assert.Equal(t, "5", p.Comments[0].NativeID)
	assert.Equal(t, "Hal", *p.Comments[0].Author)
	assert.Equal(t, "Erster.", p.Comments[0].Text)
	var kinds []string
	for _, w := range p.Warnings {
		kinds = append(kinds, w.Kind)
	}
	assert.Equal(t, []string{schema.WarnDepthCapped, schema.WarnPagedThread}, kinds)
	assert.Contains(t, p.Warnings[0].Message, `comment 6 is shown at top level but its markup says "In reply to Hal."`)
}

func TestCharset(t *testing.T) {
	page := "<html><head><meta charset=\"iso-8859-1\"><title>K\xe4se</title></head><body><h1>K\xe4se</h1><p>Gr\xfc\xdfe aus der K\xe4serei, ein Absatz mit genug Text.</p></body></html>"
	p, _ := build(t, page)
	assert.Equal(t, "Käse", p.Title)
	assert.Equal(t, "Grüße aus der Käserei, ein Absatz mit genug Text.", p.Body)
}

func TestBadInput(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"empty", "", "html: page.html: empty file"},
		{"binary", "<html>\x00\x01", "html: page.html: line 1, column 7: NUL byte"},
		{"not html", "just some words\n", `html: page.html: line 1: not an HTML page: it starts "just some words"`},
		{"no title", "<html><body><div></div></body></html>", "html: page.html: no article"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := New().Build(input("page.html", tc.data), func(*builders.Page) error { return nil })
			var ie *builders.InputError
			require.True(t, errors.As(err, &ie), "got %v", err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestSniff(t *testing.T) {
	b := New()
	for _, s := range []string{"<!DOCTYPE html><html>", "\xef\xbb\xbf<!doctype HTML>", "  <html lang=en>", "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\"><html>", "<!-- saved from url=(0042)https://x.org -->\n<html>"} {
		assert.True(t, b.Sniff("x", []byte(s)), s)
	}
	for _, s := range []string{"<rss version=\"2.0\">", "<?xml version=\"1.0\"?><disqus>", "{\"a\":1}", "Title\n\ntext"} {
		assert.False(t, b.Sniff("x", []byte(s)), s)
	}
}

func TestClassOnlyComments(t *testing.T) {
	page := `<html><head><title>Notes</title></head><body><article><h1>Notes</h1><div class="entry-content"><p>The article text, long enough to be the body of the page.</p></div></article>
<div class="comments-area">
 <div class="c-comment" data-comment-id="a1"><span class="c-comment__author">Ola</span><div class="c-comment__text"><p>Nice.</p></div>
  <div class="c-comment" data-comment-id="a2"><span class="c-comment__author">Per</span><div class="c-comment__text"><p>Agreed.</p></div></div>
 </div>
 <div class="comment pingback-item"><span class="comment-author">Some Blog</span><div class="comment-body">Pingback: a post</div></div>
</div></body></html>`
	p, other := build(t, page)
	assert.Equal(t, "html:comment-class", p.CommentRule)
	require.Len(t, p.Comments, 2)
	assert.Equal(t, "a1", p.Comments[0].NativeID)
	assert.Equal(t, "Ola", *p.Comments[0].Author)
	assert.Equal(t, "Nice.", p.Comments[0].Text)
	assert.Equal(t, "a1", p.Comments[1].NativeParent)
	assert.Equal(t, "Agreed.", p.Comments[1].Text)
	require.Len(t, other, 1)
	assert.Equal(t, "left out: 1 pingbacks", other[0].Warnings[0].Message)
}

func TestDrupalComments(t *testing.T) {
	page := `<html><head><title>Drupal post</title></head><body><article><h1>Drupal post</h1><div class="field-name-body"><p>The article text, long enough to be the body of the page for sure.</p></div></article>
<section class="comments">
<a id="comment-7"></a><article class="comment"><header><span class="username">Rita</span> am <time datetime="2023-10-18T13:11:26+02:00">18. Oktober</time></header><div property="content:encoded"><p>Erstens.</p></div></article>
<div class="indented"><a id="comment-8"></a><article class="comment"><footer><h6>Sam | Mi, 19. Oktober 2023 - 10:00</h6></footer><div property="schema:text"><p>Zweitens.</p></div></article></div>
<a id="comment-9"></a><article class="comment"><span class="username">Tom</span><div property="content:encoded"><p>Drittens.</p></div></article>
</section></body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "html:comment-id", p.CommentRule)
	require.Len(t, p.Comments, 3)
	want := []struct{ id, parent, author, text string }{{"7", "", "Rita", "Erstens."}, {"8", "7", "Sam", "Zweitens."}, {"9", "", "Tom", "Drittens."}}
	for i, w := range want {
		c := p.Comments[i]
		assert.Equal(t, w.id, c.NativeID)
		assert.Equal(t, w.parent, c.NativeParent)
		assert.Equal(t, w.author, *c.Author)
		assert.Equal(t, w.text, c.Text)
	}
	assert.Equal(t, time.Date(2023, 10, 18, 11, 11, 26, 0, time.UTC), *p.Comments[0].PublishedAt)
}

// TestDepthClasses: a theme that closes each comment's element before its
// replies, or lists a thread's replies flat, still gives the levels in
// WordPress's depth-N classes; the name is the author line without its
// badge.
func TestDepthClasses(t *testing.T) {
	page := `<html><head><title>Deal</title></head><body><h1>Deal</h1><div class="entry-content"><p>A deal, described at enough length to be the body text.</p></div>
<ol class="commentlist">
 <li class="comment depth-1"><div id="comment-1"><cite class="fn">Ann<br><span class="p3_comment_author">Autor</span></cite><p>One.</p></div>
  <ul class="children">
   <li class="comment depth-2"><div id="comment-2"><cite class="fn">Bob</cite><p>Two.</p></div></li>
   <li class="comment depth-3"><div id="comment-3"><cite class="fn">Cid</cite><p>Three.</p></div></li>
   <li class="comment depth-2"><div id="comment-4"><cite class="fn">Dee</cite><p>Four.</p></div></li>
  </ul></li>
 <li class="comment depth-1"><div id="comment-5"><cite class="fn">Eve</cite><p>Five.</p></div></li>
</ol></body></html>`
	p, _ := build(t, page)
	require.Len(t, p.Comments, 5)
	var parents []string
	for _, c := range p.Comments {
		parents = append(parents, c.NativeParent)
	}
	assert.Equal(t, []string{"", "1", "2", "1", ""}, parents)
	assert.Equal(t, "Ann", *p.Comments[0].Author)
}

func TestDropMetaLines(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Mark says:\nAugust 3, 2019 at 4:11 am\n\nGood point.\n\nReply", "Good point."},
		{"Montag, 12. März 2019 um 10:15 Uhr\n\nStimmt.\n\n12\n\n3 Likes", "Stimmt."},
		{"vor 3 Tagen\n\nJa.\n\nAntworten an Mark", "Ja."},
		{"2 days ago\n\nYes.\n\nLike (4)", "Yes."},
		{"Reply\n\n12 Monkeys is a film.", "12 Monkeys is a film."},
		{"A first line\n\nReply\n\nA last line", "A first line\n\nReply\n\nA last line"},
		{"+1\n\nReply", "+1"},
		// What a byline leaves once its name element is taken out.
		{"Kommentar von\n\nEine gute Idee.", "Eine gute Idee."},
		{"Comment by\nNice.", "Nice."},
		{"says:\n\nAgreed.", "Agreed."},
		// A signature line after the text: "– NAME" (Stack Exchange's
		// comments, forums).
		{"Good catch.\n\n–\u00a0Mark", "Good catch."},
		{"Good catch.\n— Mark", "Good catch."},
		{"Comment by Mark was removed.", "Comment by Mark was removed."},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, dropMetaLines(tc.in, "Mark"), tc.in)
	}
}

// TestReplyUnitClass: the classes that mark a reply shown flat after its
// parent, and some that do not.
func TestReplyUnitClass(t *testing.T) {
	for c, want := range map[string]bool{
		"comment-sub": true, "sub-comment": true, "is-reply": true, "comment--reply": true, "comment--indented": true,
		"comment--child": true, "c-comment--reply": true, "comment__reply": true, "kommentar--antwort": true,
		"comment": false, "comment-reply-link": false, "comment-body": false, "comment-respond": false, "depth-2": false,
	} {
		assert.Equal(t, want, replyUnitClass.MatchString(c), c)
	}
}

// TestCommentMetaClasses: a script's js- hook names no part of a comment
// (Stack Exchange's div.comment-body.js-comment-edit-hide holds the text),
// and an edit link is meta only as itself.
func TestCommentMetaClasses(t *testing.T) {
	el := func(class string) *html.Node {
		return &html.Node{Type: html.ElementNode, Data: "div", Attr: []html.Attribute{{Key: "class", Val: class}}}
	}
	assert.False(t, isCommentMeta(el("comment-body js-comment-edit-hide")))
	assert.True(t, isCommentMeta(el("comment-edit-link")))
	assert.True(t, isCommentMeta(el("comment-edit")))
	assert.True(t, isCommentMeta(el("js-comment-actions comment-actions")))
}

// TestWidgetsAreNotThreads: a sidebar widget listing recent comments is
// no thread, while a layout wrapper named content-sidebar-wrap holds one.
func TestWidgetsAreNotThreads(t *testing.T) {
	widget := `<div class="widget widget_recent_comments"><ul><li id="comment-91"><b>Zoe</b> on <a href="/x#comment-91">Other post</a></li></ul></div>`
	page := `<html><head><title>Plain</title></head><body class="sidebar-first"><div class="content-sidebar-wrap"><main><h1>Plain</h1><div class="entry-content"><p>Plain article text, long enough to count as the body of it.</p></div>%s</main>` + widget + `</div></body></html>`
	p, _ := build(t, strings.Replace(page, "%s", "", 1))
	assert.Empty(t, p.Comments, "the widget's recent comment is not this page's")
	assert.Equal(t, "none", p.CommentRule)

	thread := `<ol class="commentlist"><li id="comment-5" class="comment depth-1"><cite class="fn">Yan</cite><p>Here.</p></li></ol>`
	p, _ = build(t, strings.Replace(page, "%s", thread, 1))
	require.Len(t, p.Comments, 1)
	assert.Equal(t, "Yan", *p.Comments[0].Author)
}

func TestDisqusMarks(t *testing.T) {
	for _, mark := range []string{
		`<div class="comments" data-disqus-identifier="post-7"></div>`,
		`<iframe src="https://disqus.com/embed/comments/?base=default&f=site"></iframe>`,
		`<a href="https://site.example/post/#disqus_thread">Comments</a>`,
		`<script src="/wp-content/plugins/disqus-comment-system/public/js/comment_embed.js"></script>`,
		// Embed variants and lazy loaders.
		`<disqus-comments shortname="techblog"></disqus-comments>`,
		`<vue-disqus shortname="techblog" identifier="post-7"></vue-disqus>`,
		`<div id="comments" data-shortname="techblog" data-platform="disqus"></div>`,
		`<div data-component="comments" data-provider="Disqus"></div>`,
		`<script id="dsq-count-scr" src="//techblog.disqus.com/count.js" async></script>`,
		`<span class="disqus-comment-count" data-disqus-url="https://x.example/post">Comments</span>`,
		`<script>var disqus_config = function () { this.page.url = "https://x.example/post"; };</script>`,
		`<script>window.DISQUS_SHORTNAME='techblog';</script>`,
		`<div id="dsq-content"><ul id="dsq-comments"></ul></div>`,
		`<button onclick="loadDisqus()">Show comments</button>`,
		`<script data-cfasync="false">var embedVars = {"disqusConfig":{"integration":"wordpress 3.0"},"disqusShortname":"techblog"};</script>`,
		`<div class="comments-lazy" data-loader="https://techblog.disqus.com/embed.js"></div>`,
		`<link rel="preconnect" href="https://disqus.com"><link rel="dns-prefetch" href="//c.disquscdn.com">`,
		`<script src="https://c.disquscdn.com/embedv2/latest/embedv2.js"></script>`,
		`<amp-iframe src="https://site.example/disqus.html?url=x" width="600" height="400"></amp-iframe>`,
		`<a href="http://disqus.com" class="dsq-brlink">blog comments powered by <span class="logo-disqus">Disqus</span></a>`,
	} {
		page := `<html><head><title>Post</title></head><body><h1>Post</h1><p>Text of the post, long enough to be its body text.</p>` + mark + `</body></html>`
		p, _ := build(t, page)
		assert.Equal(t, "script:disqus", p.CommentRule, mark)
	}
	// Words about Disqus are not a Disqus thread.
	for _, mark := range []string{
		`<p>We left <a href="https://disqus.com/">Disqus</a> last year; comments are closed.</p>`,
		`<p><img src="/img/logo.png" alt="Disqus logo" title="Disqus"></p>`,
		`<style>#disqus_thread{margin:0}</style>`,
	} {
		page := `<html><head><title>Post</title><meta name="description" content="Why we dropped Disqus"></head><body><h1>Post</h1><p>Text of the post, long enough to be its body text.</p>` + mark + `</body></html>`
		p, _ := build(t, page)
		assert.Equal(t, "none", p.CommentRule, mark)
	}
}

// TestScriptPlatforms: the comment systems that load their thread by
// script are named in the warning and the comment rule, from the
// marks their embed codes leave in a saved page.
func TestScriptPlatforms(t *testing.T) {
	for _, tc := range []struct{ mark, platform string }{
		{`<div class="fb-comments" data-href="https://site.example/post" data-numposts="5"></div>`, "facebook"},
		{`<iframe src="https://www.facebook.com/plugins/comments.php?href=https://site.example/post"></iframe>`, "facebook"},
		{`<div id="commento"></div><script defer src="https://cdn.commento.io/js/commento.js"></script>`, "commento"},
		{`<script data-isso="//comments.example/" src="//comments.example/js/embed.min.js"></script><section id="isso-thread"></section>`, "isso"},
		{`<script src="https://utteranc.es/client.js" repo="owner/repo" issue-term="pathname" crossorigin="anonymous" async></script>`, "utterances"},
		{`<script src="https://giscus.app/client.js" data-repo="owner/repo" async></script>`, "giscus"},
		{`<div id="hyvor-talk-view"></div><script async src="https://talk.hyvor.com/embed/embed.js" type="module"></script>`, "hyvor"},
		{`<div data-spotim-module="conversation"></div><script async src="https://launcher.spot.im/spot/sp_abc123" data-spotim-module="spotim-launcher"></script>`, "openweb"},
		{`<div id="vuukle-comments"></div><script src="https://cdn.vuukle.com/platform.js" async></script>`, "vuukle"},
		{`<div id="coral_thread"></div><script>Coral.createStreamEmbed({id: "coral_thread", rootURL: "https://talk.site.example"});</script>`, "coral"},
		{`<div class="viafoura"><vf-conversations></vf-conversations></div><script async src="//cdn.viafoura.net/entry/index.js"></script>`, "viafoura"},
		{`<div id="livefyre-comments"></div><script src="//cdn.livefyre.com/Livefyre.js"></script>`, "livefyre"},
		{`<div id="remark42"></div><script>var remark_config = {host: "https://remark42.site.example", site_id: "site"};</script>`, "remark42"},
		{`<div id="cusdis_thread" data-host="https://cusdis.com" data-app-id="x"></div><script async src="https://cusdis.com/js/cusdis.es.js"></script>`, "cusdis"},
		{`<noscript>Please enable JavaScript to view the <a href="https://disqus.com/?ref_noscript">comments powered by Disqus.</a></noscript>`, "disqus"},
		{`<div class="lazy-comments" data-src="https://site.disqus.com/embed.js"></div>`, "disqus"},
	} {
		page := `<html><head><title>Post</title></head><body><h1>Post</h1><p>Text of the post, long enough to be its body text.</p>` + tc.mark + `</body></html>`
		p, _ := build(t, page)
		assert.Equal(t, "script:"+tc.platform, p.CommentRule, tc.mark)
		if assert.NotEmpty(t, p.Warnings, tc.mark) {
			assert.Equal(t, schema.WarnScriptThread, p.Warnings[0].Kind, tc.mark)
		}
	}
	// The Facebook SDK alone (like buttons) loads no thread.
	p, _ := build(t, `<html><head><title>Post</title></head><body><h1>Post</h1><p>Text of the post, long enough to be its body text.</p><div class="fb-like"></div><script async src="https://connect.facebook.net/en_US/sdk.js"></script></body></html>`)
	assert.Equal(t, "none", p.CommentRule)
	// A theme's stylesheet that styles #disqus_thread, for sites that
	// might use it, loads nothing: the page's own WordPress thread is read
	// and no script thread is claimed (basicthinking.de).
	p, _ = build(t, `<html><head><title>Post</title><style>.main-box,#disqus_thread,.comment-respond{background:#fff}</style></head><body><h1>Post</h1><p>Text of the post, long enough to be its body text.</p>
<ul class="comment-list"><li id="comment-7" class="comment depth-1"><b class="fn">Ida</b> <span class="says">sagt:</span><div class="comment-content"><p>Guter Punkt.</p></div></li></ul></body></html>`)
	assert.Equal(t, "html:wordpress", p.CommentRule)
	assert.Empty(t, p.Warnings)
	require.Len(t, p.Comments, 1)
	assert.Equal(t, "Guter Punkt.", p.Comments[0].Text)
}

// TestRoleAndRelAuthor: ARIA's comment role marks a unit, and a
// rel=author link names its writer, whatever the classes say.
func TestRoleAndRelAuthor(t *testing.T) {
	page := `<html><head><title>Notes</title></head><body><article><h1>Notes</h1><div class="entry-content"><p>The article text, long enough to be the body of the page.</p></div></article>
<section aria-label="Reactions">
 <div role="comment" id="r-1" data-comment-id="r1"><a rel="author" href="/u/ola">Ola</a> <time datetime="2024-01-02T10:00:00Z">2 Jan</time><div class="body-text"><p>Nice.</p></div>
  <div role="comment" data-comment-id="r2"><a rel="author" href="/u/per">Per</a><div class="body-text"><p>Agreed.</p></div></div>
 </div>
</section></body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "html:comment-class", p.CommentRule)
	require.Len(t, p.Comments, 2)
	assert.Equal(t, "Ola", *p.Comments[0].Author)
	assert.Equal(t, "Nice.", p.Comments[0].Text)
	assert.Equal(t, "Per", *p.Comments[1].Author)
	assert.Equal(t, "r1", p.Comments[1].NativeParent)
}

// TestUnitIDs: a comment found by its class takes the number in its
// element id as its native ID (zeit.de's cid-N, Blogger's cN); a number
// two units share names neither, so no two comments get one ID.
func TestUnitIDs(t *testing.T) {
	unit := func(id, who, text string) string {
		return `<div class="comment" id="` + id + `"><span class="comment-author">` + who + `</span><div class="comment-text"><p>` + text + `</p></div></div>`
	}
	page := `<html><head><title>Post</title></head><body><h1>Post</h1><div class="entry-content"><p>The article text, long enough to be the body of the page.</p></div><section id="comments">` +
		unit("cid-51", "Ada", "First.") + unit("c52", "Bo", "Second.") + unit("c-53", "Cy", "Third.") + unit("x53", "Di", "Fourth.") + unit("comment-box", "Ed", "Fifth.") + `</section></body></html>`
	p, _ := build(t, page)
	require.Len(t, p.Comments, 5)
	var ids []string
	for _, c := range p.Comments {
		ids = append(ids, c.NativeID)
	}
	assert.Equal(t, []string{"51", "52", "", "", ""}, ids)
}

// TestLeadFromDescription: the article's schema.org description before
// its body opens the body, also where no <article> or <main> bounds it;
// an author's description, and anything after the body, does not.
func TestLeadFromDescription(t *testing.T) {
	body := `<div itemprop="articleBody"><p>The body's first paragraph, which is long enough to be the article text of this page.</p><p>And its second paragraph, also long enough to count as text.</p></div>`
	lead := `<div class="intro-box" itemprop="description"><p>The lead that sums the story up in one sentence, before the body.</p></div>`
	bio := `<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann</span><p itemprop="description">Ann writes about trains, buses and the people who run them.</p></div>`
	page := func(inner string) string {
		return `<html><head><title>Story</title></head><body><div class="page"><div class="news" itemscope itemtype="http://schema.org/NewsArticle"><h2 itemprop="headline">Story</h2>` + inner + `</div></div></body></html>`
	}
	p, _ := build(t, page(lead+body))
	assert.True(t, strings.HasPrefix(p.Body, "The lead that sums the story up"), p.Body)
	p, _ = build(t, page(bio+body))
	assert.True(t, strings.HasPrefix(p.Body, "The body's first paragraph"), p.Body)
	p, _ = build(t, page(body+lead))
	assert.True(t, strings.HasPrefix(p.Body, "The body's first paragraph"), p.Body)
}

// TestQAPageBody: on a question-and-answer page the question's text is
// the article, however short, and each answer a comment on it.
func TestQAPageBody(t *testing.T) {
	side := strings.Repeat(`<p>Hot question from elsewhere on the network, with a long title, asking, again, for help, please.</p>`, 6)
	page := `<html><head><title>How to fold a map?</title></head><body itemscope itemtype="https://schema.org/QAPage">
<div class="content"><div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question"><h1 itemprop="name">How to fold a map?</h1>
<div class="post-text" itemprop="text"><p>How do I fold it back?</p></div>
<div id="answer-7" class="answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer"><div class="post-text" itemprop="text"><p>Along the old creases, starting in the middle, and never against them, or the paper tears.</p></div>
<div itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Kim</span></div></div></div></div>
<div class="side-bar">` + side + `</div></body></html>`
	p, _ := build(t, page)
	assert.Equal(t, "How do I fold it back?", p.Body)
	require.Len(t, p.Comments, 1)
	assert.Equal(t, "answer-7", p.Comments[0].NativeID)
	assert.Equal(t, "Kim", *p.Comments[0].Author)
}
