package scalegen

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand"
	"strconv"
	"time"
	"unicode/utf8"
)

// Options says how large a corpus to write.
type Options struct {
	// Records is the number of comments (RC_ lines) or Disqus posts.
	Records int
	// Seed makes the corpus; the same options write the same bytes.
	Seed int64
	// MaxThread caps a thread's size (default 20,000 comments), so that
	// the largest thread does not grow with the corpus: thread sizes
	// otherwise follow a Pareto law with a mean near 20.
	MaxThread int
	// Active is how many threads take comments at once (default 2,000):
	// records of different threads interleave, as in a monthly dump.
	Active int
}

func (o Options) withDefaults() Options {
	if o.MaxThread <= 0 {
		o.MaxThread = 20000
	}
	if o.Active <= 0 {
		o.Active = 2000
	}
	return o
}

// Stats counts what a generator wrote.
type Stats struct {
	Threads  int   // submissions or Disqus threads
	Records  int   // comments or posts
	Largest  int   // comments in the largest thread
	Bytes    int64 // bytes written, all files
	Missing  int   // threads whose submission is not written (stub articles)
	Orphans  int   // comments whose parent is not in the corpus
	Deleted  int   // comments with a [deleted] or [removed] body
	MaxDepth int   // deepest reply chain
}

// thread is a thread being written.
type thread struct {
	id      int   // index in creation order
	size    int   // comments it will have
	done    int   // comments written
	start   int64 // unix seconds
	sub     int   // subreddit or forum category
	ids     []int // comment (post) IDs written so far
	depth   []int // their reply depths
	chainy  bool  // a flame war: most replies answer the latest comment
	missing bool  // its submission is not in the corpus
}

// gen holds what both formats share: the random source, the thread sizes
// and the interleaving of the threads' comments.
type gen struct {
	o       Options
	r       *rand.Rand
	sizes   []int
	next    int // next thread to open
	pool    []*thread
	fen     []int // Fenwick tree over pool weights (thread sizes)
	weight  int   // their sum
	authors *rand.Zipf
	subs    *rand.Zipf
	nAuth   int
	stats   Stats
}

func newGen(o Options) *gen {
	o = o.withDefaults()
	g := &gen{o: o, r: rand.New(rand.NewSource(o.Seed))}
	// Thread sizes: Pareto (alpha 1.3) shifted to start at 1, capped.
	for total := 0; total < o.Records; {
		u := 1 - g.r.Float64()
		n := int(5/math.Pow(u, 1/1.3)) - 4
		n = max(1, min(n, o.MaxThread, o.Records-total))
		g.sizes = append(g.sizes, n)
		total += n
		g.stats.Largest = max(g.stats.Largest, n)
	}
	g.stats.Threads = len(g.sizes)
	g.nAuth = max(1000, o.Records/4)
	g.authors = rand.NewZipf(g.r, 1.1, 4, uint64(g.nAuth-1))
	g.subs = rand.NewZipf(g.r, 1.2, 8, 4999)
	g.pool = make([]*thread, min(o.Active, len(g.sizes)))
	g.fen = make([]int, len(g.pool)+1)
	return g
}

func (g *gen) add(i, w int) {
	g.weight += w
	for i++; i < len(g.fen); i += i & -i {
		g.fen[i] += w
	}
}

// pick finds the slot holding the target'th unit of weight.
func (g *gen) pick(target int) int {
	pos := 0
	for step := 1 << bitsLen(len(g.fen)); step > 0; step >>= 1 {
		if pos+step < len(g.fen) && g.fen[pos+step] <= target {
			pos += step
			target -= g.fen[pos]
		}
	}
	return pos
}

func bitsLen(n int) int {
	b := 0
	for ; 1<<b < n; b++ {
	}
	return b
}

// open puts the next thread in slot i, or leaves it empty; onOpen is told.
func (g *gen) open(i int, t0 int64, onOpen func(*thread) error) error {
	g.pool[i] = nil
	if g.next >= len(g.sizes) {
		return nil
	}
	t := &thread{id: g.next, size: g.sizes[g.next], start: t0 - int64(g.r.Intn(3600)),
		sub: int(g.subs.Uint64()), chainy: g.r.Intn(20) == 0, missing: g.r.Intn(50) == 0}
	g.next++
	g.pool[i] = t
	g.add(i, t.size)
	if onOpen != nil {
		return onOpen(t)
	}
	return nil
}

// each calls fn for every comment in dump order: the thread it belongs
// to, its ID, its parent's ID in the thread (-1: top level, -2: a parent
// not in the corpus) and its time. A thread takes comments at a rate in
// proportion to its size, so big and small threads last about as long.
func (g *gen) each(t0, span int64, onOpen func(*thread) error, fn func(t *thread, id, parent int, at int64) error) error {
	for i := range g.pool {
		if err := g.open(i, t0, onOpen); err != nil {
			return err
		}
	}
	for n := 0; n < g.o.Records; n++ {
		slot := g.pick(g.r.Intn(g.weight))
		t := g.pool[slot]
		at := t0 + span*int64(n)/int64(g.o.Records)
		parent, depth := -1, 0
		if k := len(t.ids); k > 0 {
			switch x := g.r.Float64(); {
			case g.r.Intn(100) == 0:
				parent = -2
				g.stats.Orphans++
			case t.chainy && x < 0.85, x < 0.35:
				parent, depth = t.ids[k-1], t.depth[k-1]+1
			case x < 0.7:
				j := g.r.Intn(k)
				parent, depth = t.ids[j], t.depth[j]+1
			}
		}
		g.stats.MaxDepth = max(g.stats.MaxDepth, depth)
		id := n
		t.ids = append(t.ids, id)
		t.depth = append(t.depth, depth)
		t.done++
		if err := fn(t, id, parent, at); err != nil {
			return err
		}
		g.stats.Records++
		if t.done == t.size {
			g.add(slot, -t.size)
			if err := g.open(slot, at, onOpen); err != nil {
				return err
			}
		}
	}
	return nil
}

var words = []string{
	"the", "a", "I", "you", "it", "is", "that", "this", "to", "of", "and", "in", "not", "for", "on", "with",
	"but", "was", "have", "be", "just", "like", "they", "what", "so", "people", "think", "would", "don't",
	"it's", "if", "can", "about", "all", "do", "me", "my", "one", "get", "more", "no", "there", "are", "or",
	"really", "why", "because", "when", "how", "time", "good", "know", "thing", "year", "game", "post",
	"comment", "actually", "source", "read", "article", "anyone", "agree", "wrong", "right", "lol", "edit:",
	"thanks", "great", "point", "fair", "though", "pretty", "much", "never", "always", "still", "even",
	"government", "team", "season", "price", "market", "city", "phone", "update", "version", "issue", "bug",
	"movie", "book", "song", "album", "player", "coach", "vote", "law", "court", "police", "school", "work",
	"job", "money", "dog", "cat", "food", "coffee", "beer", "car", "bike", "train", "weather", "winter",
	"probably", "literally", "honestly", "seriously", "basically", "absolutely", "definitely", "maybe",
	"here's", "there's", "doesn't", "isn't", "wasn't", "couldn't", "should've", "y'all", "imo", "tbh",
	"&amp;", "&gt;", "&lt;3", "\"quoted\"", "(yes)", "50%", "$20", "#1", "*really*", "**bold**", "café", "naïve",
	"über", "😂", "🙃", "—", "…", "r/AskReddit", "u/someone",
}

// text appends n words in sentences and paragraphs, Reddit-style.
func (g *gen) text(b []byte, n int) []byte {
	for i := 0; i < n; i++ {
		switch {
		case i == 0:
		case g.r.Intn(40) == 0:
			b = append(b, ".\n\n"...)
		case g.r.Intn(12) == 0:
			b = append(b, ". "...)
		default:
			b = append(b, ' ')
		}
		if g.r.Intn(200) == 0 {
			b = append(b, "https://example.com/a/"...)
			b = strconv.AppendInt(b, int64(g.r.Intn(1e6)), 10)
			continue
		}
		b = append(b, words[g.r.Intn(len(words))]...)
	}
	return b
}

// bodyWords is a heavy-tailed comment length: median 16 words, a few
// thousand at most.
func (g *gen) bodyWords() int {
	return max(1, min(3000, int(math.Exp(g.r.NormFloat64()*1.1+2.8))))
}

func base36(n int) string { return strconv.FormatInt(int64(n), 36) }

// appendJSON appends s as a JSON string.
func appendJSON(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b = append(b, s[i:i+size]...)
		i += size
	}
	return append(b, '"')
}

// countingWriter counts what goes through it.
type countingWriter struct {
	w *bufio.Writer
	n *int64
}

func (c countingWriter) write(b []byte) error {
	*c.n += int64(len(b))
	_, err := c.w.Write(b)
	return err
}

// Jan 2023, the month the dumps are dated.
const month0 = int64(1672531200)

// Pushshift writes a month's submissions (RS_) to rs and comments (RC_)
// to rc as Pushshift NDJSON: comments in time order, threads interleaved,
// reply chains, deleted and removed comments, [deleted] authors, a few
// comments whose parent or submission is missing. Records carry the
// fields real dumps carry (some fifty), most of which threadset skips.
func Pushshift(rs, rc io.Writer, o Options) (Stats, error) {
	g := newGen(o)
	brs, brc := bufio.NewWriterSize(rs, 1<<20), bufio.NewWriterSize(rc, 1<<20)
	ws, wc := countingWriter{brs, &g.stats.Bytes}, countingWriter{brc, &g.stats.Bytes}
	var b []byte
	subName := func(s int) string { return "sub" + base36(s*7919+13) }
	subID := func(t *thread) string { return base36(t.id + 36*36*36*36*36) }
	onOpen := func(t *thread) error {
		if t.missing {
			g.stats.Missing++
			return nil
		}
		sr, id := subName(t.sub), subID(t)
		title := string(g.text(nil, 3+g.r.Intn(15)))
		slug := base36(t.id)
		b = append(b[:0], `{"all_awardings":[],"allow_live_comments":false,"archived":false,"author":`...)
		b = appendJSON(b, g.author())
		b = append(b, `,"author_flair_css_class":null,"author_flair_richtext":[],"author_flair_text":null,"author_flair_type":"text","author_fullname":"t2_`...)
		b = append(b, base36(g.r.Intn(1e9))...)
		b = append(b, `","author_patreon_flair":false,"author_premium":false,"awarders":[],"can_gild":true,"category":null,"content_categories":null,"contest_mode":false,"created_utc":`...)
		b = strconv.AppendInt(b, t.start, 10)
		b = append(b, `,"discussion_type":null,"distinguished":null,"domain":"self.`...)
		b = append(b, sr...)
		b = append(b, `","edited":false,"gilded":0,"gildings":{},"hidden":false,"id":"`...)
		b = append(b, id...)
		b = append(b, `","is_created_from_ads_ui":false,"is_crosspostable":true,"is_meta":false,"is_original_content":false,"is_reddit_media_domain":false,"is_robot_indexable":true,"is_self":true,"is_video":false,"link_flair_background_color":"","link_flair_css_class":null,"link_flair_richtext":[],"link_flair_text":null,"link_flair_text_color":"dark","link_flair_type":"text","locked":false,"media":null,"media_embed":{},"media_only":false,"name":"t3_`...)
		b = append(b, id...)
		b = append(b, `","no_follow":false,"num_comments":`...)
		b = strconv.AppendInt(b, int64(t.size), 10)
		b = append(b, `,"num_crossposts":0,"over_18":false,"parent_whitelist_status":"all_ads","permalink":"/r/`...)
		b = append(b, sr+"/comments/"+id+"/t"+slug+"/"...)
		b = append(b, `","pinned":false,"pwls":6,"quarantine":false,"removed_by_category":null,"retrieved_on":`...)
		b = strconv.AppendInt(b, t.start+86400*30, 10)
		b = append(b, `,"score":`...)
		b = strconv.AppendInt(b, int64(g.r.Intn(50)*t.size), 10)
		b = append(b, `,"secure_media":null,"secure_media_embed":{},"selftext":`...)
		var self []byte
		if g.r.Intn(3) > 0 {
			self = g.text(nil, g.bodyWords()*2)
		}
		b = appendJSON(b, string(self))
		b = append(b, `,"send_replies":true,"spoiler":false,"stickied":false,"subreddit":"`...)
		b = append(b, sr...)
		b = append(b, `","subreddit_id":"t5_`...)
		b = append(b, base36(t.sub+100000)...)
		b = append(b, `","subreddit_name_prefixed":"r/`...)
		b = append(b, sr...)
		b = append(b, `","subreddit_subscribers":`...)
		b = strconv.AppendInt(b, int64(1e6/(t.sub+1)), 10)
		b = append(b, `,"subreddit_type":"public","suggested_sort":null,"thumbnail":"self","title":`...)
		b = appendJSON(b, title)
		b = append(b, `,"top_awarded_type":null,"total_awards_received":0,"treatment_tags":[],"upvote_ratio":0.97,"url":"https://www.reddit.com/r/`...)
		b = append(b, sr+"/comments/"+id+"/t"+slug+"/"...)
		b = append(b, `","whitelist_status":"all_ads","wls":6}`+"\n"...)
		return ws.write(b)
	}
	err := g.each(month0, 31*86400, onOpen, func(t *thread, id, parent int, at int64) error {
		cid := base36(id + 36*36*36*36*36*36)
		sid := subID(t)
		sr := subName(t.sub)
		body, author := "", g.author()
		switch x := g.r.Intn(100); {
		case x < 3:
			body, author = "[deleted]", "[deleted]"
		case x < 4:
			body, author = "[removed]", "[deleted]"
		default:
			body = string(g.text(nil, g.bodyWords()))
		}
		if body[0] == '[' {
			g.stats.Deleted++
		}
		b = append(b[:0], `{"all_awardings":[],"archived":false,"associated_award":null,"author":`...)
		b = appendJSON(b, author)
		b = append(b, `,"author_flair_background_color":null,"author_flair_css_class":null,"author_flair_richtext":[],"author_flair_template_id":null,"author_flair_text":null,"author_flair_text_color":null,"author_flair_type":"text","author_fullname":"t2_`...)
		b = append(b, base36(g.r.Intn(1e9))...)
		b = append(b, `","author_patreon_flair":false,"author_premium":false,"awarders":[],"body":`...)
		b = appendJSON(b, body)
		b = append(b, `,"can_gild":true,"collapsed":false,"collapsed_because_crowd_control":null,"collapsed_reason":null,"collapsed_reason_code":null,"comment_type":null,"controversiality":0,"created_utc":`...)
		b = strconv.AppendInt(b, at, 10)
		b = append(b, `,"distinguished":null,"edited":false,"gilded":0,"gildings":{},"id":"`...)
		b = append(b, cid...)
		b = append(b, `","is_submitter":false,"link_id":"t3_`...)
		b = append(b, sid...)
		b = append(b, `","locked":false,"name":"t1_`...)
		b = append(b, cid...)
		b = append(b, `","no_follow":true,"parent_id":"`...)
		switch parent {
		case -1:
			b = append(b, "t3_"+sid...)
		case -2:
			b = append(b, "t1_zz"+cid...)
		default:
			b = append(b, "t1_"+base36(parent+36*36*36*36*36*36)...)
		}
		b = append(b, `","permalink":"/r/`...)
		b = append(b, sr+"/comments/"+sid+"/t"+base36(t.id)+"/"+cid+"/"...)
		b = append(b, `","retrieved_on":`...)
		b = strconv.AppendInt(b, at+86400*30, 10)
		b = append(b, `,"score":`...)
		b = strconv.AppendInt(b, int64(g.r.Intn(40)-3), 10)
		b = append(b, `,"score_hidden":false,"send_replies":true,"stickied":false,"subreddit":"`...)
		b = append(b, sr...)
		b = append(b, `","subreddit_id":"t5_`...)
		b = append(b, base36(t.sub+100000)...)
		b = append(b, `","subreddit_name_prefixed":"r/`...)
		b = append(b, sr...)
		b = append(b, `","subreddit_type":"public","top_awarded_type":null,"total_awards_received":0,"treatment_tags":[],"unrepliable_reason":null}`+"\n"...)
		return wc.write(b)
	})
	if err != nil {
		return g.stats, err
	}
	if err := brs.Flush(); err != nil {
		return g.stats, err
	}
	return g.stats, brc.Flush()
}

func (g *gen) author() string {
	if g.r.Intn(20) == 0 {
		return "[deleted]"
	}
	return fmt.Sprintf("user_%s", base36(int(g.authors.Uint64())*104729%g.nAuth+1000))
}

// Disqus writes a Disqus export: a few categories, every thread, then
// every post (HTML messages, some deleted or spam, anonymous authors,
// replies by dsq:id), posts of different threads interleaved in time.
func Disqus(w io.Writer, o Options) (Stats, error) {
	g := newGen(o)
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := countingWriter{bw, &g.stats.Bytes}
	var b []byte
	b = append(b, `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/internals.xsd">
`...)
	for c := 0; c < 8; c++ {
		b = fmt.Appendf(b, "<category dsq:id=\"%d\">\n<forum>scaleforum</forum>\n<title>Category %d</title>\n<isDefault>%t</isDefault>\n</category>\n", 1000+c, c, c == 0)
	}
	if err := cw.write(b); err != nil {
		return g.stats, err
	}
	// Threads first, as Disqus writes them: their start times are those
	// of an even spread over the year before the posts.
	for i := range g.sizes {
		at := time.Unix(month0-365*86400+int64(i)*365*86400/int64(len(g.sizes)), 0).UTC().Format(time.RFC3339)
		b = append(b[:0], "<thread dsq:id=\""...)
		b = strconv.AppendInt(b, int64(5000000+i), 10)
		b = append(b, "\">\n<id>post-"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "</id>\n<forum>scaleforum</forum>\n<category dsq:id=\""...)
		b = strconv.AppendInt(b, int64(1000+i%8), 10)
		b = append(b, "\"/>\n<link>https://blog.example.com/"...)
		b = append(b, at[:7]...)
		b = append(b, "/post-"...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, "/</link>\n<title>"...)
		b = xmlText(b, string(g.text(nil, 3+g.r.Intn(10))))
		b = append(b, "</title>\n<message/>\n<createdAt>"...)
		b = append(b, at...)
		b = append(b, "</createdAt>\n<author>\n<email>editor@example.com</email>\n<name>Editor</name>\n<isAnonymous>false</isAnonymous>\n<username>editor</username>\n</author>\n<ipAddress>192.0.2.1</ipAddress>\n<isClosed>false</isClosed>\n<isDeleted>false</isDeleted>\n</thread>\n"...)
		if err := cw.write(b); err != nil {
			return g.stats, err
		}
	}
	err := g.each(month0, 365*86400, nil, func(t *thread, id, parent int, at int64) error {
		b = append(b[:0], "<post dsq:id=\""...)
		b = strconv.AppendInt(b, int64(10000000+id), 10)
		b = append(b, "\">\n<id />\n<message><![CDATA[<p>"...)
		deleted := g.r.Intn(50) == 0
		if !deleted {
			text := string(g.text(nil, g.bodyWords()))
			for i := 0; i < len(text); i++ {
				if text[i] == '\n' && i+1 < len(text) && text[i+1] == '\n' {
					text = text[:i] + "</p><p>" + text[i+2:]
				}
			}
			b = append(b, text...)
		} else {
			g.stats.Deleted++
		}
		b = append(b, "</p>]]></message>\n<createdAt>"...)
		b = time.Unix(at, 0).UTC().AppendFormat(b, time.RFC3339)
		b = append(b, "</createdAt>\n<isDeleted>"...)
		b = strconv.AppendBool(b, deleted)
		b = append(b, "</isDeleted>\n<isSpam>"...)
		b = strconv.AppendBool(b, g.r.Intn(200) == 0)
		b = append(b, "</isSpam>\n<author>\n"...)
		if g.r.Intn(10) == 0 {
			b = append(b, "<name>Guest</name>\n<isAnonymous>true</isAnonymous>\n"...)
		} else {
			a := g.author()[5:]
			b = append(b, "<email>"+a+"@example.org</email>\n<name>"+a+"</name>\n<isAnonymous>false</isAnonymous>\n<username>"+a+"</username>\n"...)
		}
		b = append(b, "</author>\n<ipAddress>198.51.100."...)
		b = strconv.AppendInt(b, int64(g.r.Intn(255)), 10)
		b = append(b, "</ipAddress>\n<thread dsq:id=\""...)
		b = strconv.AppendInt(b, int64(5000000+t.id), 10)
		b = append(b, "\" />\n"...)
		switch {
		case parent >= 0:
			b = append(b, "<parent dsq:id=\""...)
			b = strconv.AppendInt(b, int64(10000000+parent), 10)
			b = append(b, "\" />\n"...)
		case parent == -2:
			b = append(b, "<parent dsq:id=\""...)
			b = strconv.AppendInt(b, int64(90000000+id), 10)
			b = append(b, "\" />\n"...)
		}
		b = append(b, "</post>\n"...)
		return cw.write(b)
	})
	if err != nil {
		return g.stats, err
	}
	if err := cw.write([]byte("</disqus>\n")); err != nil {
		return g.stats, err
	}
	return g.stats, bw.Flush()
}

// xmlText appends s escaped as XML character data.
func xmlText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}
