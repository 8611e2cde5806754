package textpage

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDateLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"August 3, 2019 at 4:11 am", "2019-08-03 04:11"},
		{"March 3, 2019 at 4:12 pm", "2019-03-03 16:12"},
		{"11. Dezember 2012 um 11:07", "2012-12-11 11:07"},
		{"11.12.2012 um 11:07 Uhr", "2012-12-11 11:07"},
		{"3 août 2019 à 16 h 11 min", "2019-08-03 16:11"},
		{"3 de agosto de 2019 a las 4:11", "2019-08-03 04:11"},
		{"3 agosto 2019 alle 4:11", "2019-08-03 04:11"},
		{"3 de agosto de 2019 às 4:11", "2019-08-03 04:11"},
		{"3 augustus 2019 om 4:11", "2019-08-03 04:11"},
		{"3 августа 2019 в 4:11", "2019-08-03 04:11"},
		{"3 sierpnia 2019 o 4:11", "2019-08-03 04:11"},
		{"16. March, 2023 at 16:59", "2023-03-16 16:59"},
		{"11/08/2020 at 9:52", "2020-11-08 09:52"},
		{"2019-08-03 04:11", "2019-08-03 04:11"},
		{"17.10.2019, 14:14 Zum Antworten anmelden Zitieren #", "2019-10-17 14:14"},
		{"Jun 20th at 2:41 am", "no year"},
		{"2 years ago", "no year"},
		{"vor 3 Tagen", "no year"},
		{"gestern um 10:15", "no year"}, {"Yesterday at 4:11 pm", "no year"}, {"hier à 18h30", "no year"}, {"Heute", "no year"},
	} {
		got, ok := dateLine(tc.in)
		if !assert.True(t, ok, tc.in) {
			continue
		}
		s := "no year"
		if !got.IsZero() {
			s = got.Format("2006-01-02 15:04")
		}
		assert.Equal(t, tc.want, s, tc.in)
	}
	for _, s := range []string{
		"Heute waren wir mit beiden Hunden fast drei Stunden unterwegs, vom Hafen bis zur alten Fähre.",
		"Julia on 11/08/2020 at 9:52",
		"The first crossing leaves at 6:30, the last at 22:00.",
		"1. Home",
		"May",
		"Hier der Versuch, ein wenig Licht ins Dunkel zu bringen.",
		"Heute Abend im Ersten",
	} {
		assert.False(t, isDateLine(s), s)
	}
}

func TestAuthorLine(t *testing.T) {
	for _, tc := range []struct {
		in, name string
		strong   bool
		dated    bool
	}{
		{"JHK says", "JHK", true, false},
		{"Jean Dupont dit :", "Jean Dupont", true, false},
		{"Anna sagt:", "Anna", true, false},
		{"Karl schreibt:", "Karl", true, false},
		{"Mark Taylor on March 3, 2019 at 4:12 pm said:", "Mark Taylor", true, true},
		{"Julia on 11/08/2020 at 9:52", "Julia", true, true},
		{"photobix 11. Dezember 2012 um 11:07", "photobix", true, true},
		{"Heidemarie Heim | Di, 21. April 2020 - 16:40", "Heidemarie Heim", true, true},
		{"geschrieben von berg2012 am 21. Jan. 2015, 19:04 [ antworten ]", "berg2012", true, true},
		{"Chandice Probst", "Chandice Probst", false, false},
		{"was ist er eigentlich.... sagt:", "was ist er eigentlich....", true, false},
		{"geht's no?! sagt:", "geht's no?!", true, false},
		{"Kommentar von Mareike", "Mareike", true, false},
	} {
		a, ok := authorLine(tc.in)
		if !assert.True(t, ok, tc.in) {
			continue
		}
		assert.Equal(t, tc.name, a.name, tc.in)
		assert.Equal(t, tc.strong, a.strong || a.by, tc.in)
		assert.Equal(t, tc.dated, a.time != nil, tc.in)
	}
	for _, s := range []string{"Posted on March 3, 2019", "Update vom 3. April 2019", "11/08/2020 at 9:52", "The minister said that the talks would go on."} {
		_, ok := authorLine(s)
		assert.False(t, ok, s)
	}
}

// BenchmarkDateLine: the dates of TestDateLine and a paragraph, one call
// each. github.com/markusmobius/go-dateparser v1.2.3 takes about 22 ms a
// string on the same inputs (language detection included), over 1,000 times
// longer: too slow for a test run on every line of a page.
func BenchmarkDateLine(b *testing.B) {
	in := []string{"3 août 2019 à 16 h 11 min", "March 5, 2019 at 10:20 am", "11. Dezember 2012 um 11:07", "3 de agosto de 2019 a las 4:11", "11/08/2020 at 9:52", "3 августа 2019 в 4:11", "16. March, 2023 at 16:59", "Heute waren wir mit beiden Hunden fast drei Stunden unterwegs, vom Hafen bis zur alten Fähre."}
	for i := 0; i < b.N; i++ {
		for _, s := range in {
			dateLine(s)
		}
	}
}

func TestCommentHeader(t *testing.T) {
	for _, tc := range []struct {
		in string
		n  int // -1: a header without a count
	}{
		{"3 Comments", 3}, {"One Comment", 1}, {"No Comments", 0}, {"12 Responses", 12},
		{"5 thoughts on “Need for Speed”", 5}, {"5 Responses to \"Peanut Butter\"", 5},
		{"Comments (4)", 4}, {"This Post Has 80 Comments", 80}, {"52Comments", 52},
		{"35 Comments »", 35}, {"Comments", -1}, {"Kommentare", -1},
		{"45 Gedanken zu „Der lange Spaziergang“", 45}, {"Ein Gedanke zu “Über uns”", 1},
		{"12 Kommentare", 12}, {"33 LESER-KOMMENTARE", 33}, {"5 Antworten zu „Antipoden“", 5},
		{"Dieser Artikel hat 32 Kommentare.", 32}, {"Kommentare: 10", 10},
		{"3 réponses à « La réforme »", 3}, {"2 commentaires", 2},
		{"2 comentarios", 2}, {"4 respuestas a «La huerta»", 4},
		{"7 commenti", 7}, {"3 risposte a “Titolo”", 3},
		{"6 comentários", 6}, {"2 respostas para “Título”", 2},
		{"8 reacties", 8}, {"3 gedachten over “Titel”", 3},
		{"5 комментариев", 5}, {"Комментарии (3)", 3}, {"4 komentarze", 4},
		{"17 Discussion to this post", 17}, {"± 6 Kommentare zu „Leber mit Apfel“", 6},
	} {
		n, ok := commentHeader(tc.in)
		assert.True(t, ok, tc.in)
		assert.Equal(t, tc.n, n, tc.in)
	}
	for _, s := range []string{"149", "2019", "Leave a Reply", "Comments are closed.", "3 Tipps für den Garten", "Recent Comments"} {
		_, ok := commentHeader(s)
		assert.False(t, ok, s)
	}
}

// TestThreadsInOtherLanguages: small pages in the languages the rules name,
// each with a header, author lines, dates and reply links.
func TestThreadsInOtherLanguages(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		authors    []string
		parents    []int
		times      []string
	}{
		{"italian", "Ricetta della pasta\n\nUn piatto semplice che si prepara in dieci minuti con pochi ingredienti freschi.\n\n2 commenti\n\nGiulia scrive:\n\n3 agosto 2019 alle 16:11\n\nBuonissima, grazie!\n\nRispondi\n\nMarco scrive:\n\n4 agosto 2019 alle 9:02\n\nL'ho provata ieri sera.\n\nRispondi\n\nLascia un commento\n",
			[]string{"Giulia", "Marco"}, []int{-1, -1}, []string{"2019-08-03 16:11", "2019-08-04 09:02"}},
		{"portuguese", "Receita de bolo\n\nUm bolo simples que fica pronto em quarenta minutos e agrada a toda a família.\n\n2 comentários\n\n  1. Ana diz:\n\n    3 de agosto de 2019 às 16:11\n\n    Adorei a receita!\n\n    Responder\n\n    1. Pedro diz:\n\n      4 de agosto de 2019 às 9:02\n\n      Eu também.\n\n      Responder\n\nDeixe um comentário\n",
			[]string{"Ana", "Pedro"}, []int{-1, 0}, []string{"2019-08-03 16:11", "2019-08-04 09:02"}},
		{"dutch", "Fietsroute langs de kust\n\nEen route van veertig kilometer langs de duinen en de dorpen aan de Noordzee.\n\n2 reacties op “Fietsroute langs de kust”\n\n  1. Jan de Vries\n\n    3 augustus 2019 om 16:11\n\n    Mooie route, gisteren gefietst.\n\n    Beantwoorden\n\n  2. Els\n\n    4 augustus 2019 om 9:02\n\n    Wat een wind daar!\n\n    Beantwoorden\n\nGeef een reactie\n",
			[]string{"Jan de Vries", "Els"}, []int{-1, -1}, []string{"2019-08-03 16:11", "2019-08-04 09:02"}},
		{"russian", "Поездка на Байкал\n\nМы провели неделю на берегу озера и объехали почти все интересные места вокруг.\n\n2 комментария\n\nИван говорит:\n\n3 августа 2019 в 16:11\n\nОтличные фотографии!\n\nОтветить\n\nМария говорит:\n\n4 августа 2019 в 9:02\n\nХочу туда же.\n\nОтветить\n\nДобавить комментарий\n",
			[]string{"Иван", "Мария"}, []int{-1, -1}, []string{"2019-08-03 16:11", "2019-08-04 09:02"}},
		{"numbered labels over Kommentar von NAME, header after an icon", "Leber mit Apfel\n\nSo schön winterlich ist es wie schon lange nicht mehr, da kochen wir gern etwas Deftiges für die ganze Familie.\n\n± 2 Kommentare zu „Leber mit Apfel“\n\n  1. 1\n\n    Kommentar von Mareike\n    8. Dezember 2010 um 10:56\n\n    Muss ich morgen gleich ausprobieren.\n\n  2. 2\n\n    Kommentar von Georg77\n    16. März 2011 um 12:22\n\n    Dazu ein guter Wein.\n\n± Kommentar schreiben\n",
			[]string{"Mareike", "Georg77"}, []int{-1, -1}, []string{"2010-12-08 10:56", "2011-03-16 12:22"}},
		{"related posts with dates over a discussion header", "The Bag Mishap\n\nFirst I thought I could keep quiet about what happened, but then friends kept asking about the new bag.\n\nRelated Posts\n\nMarrakesh Travel Guide\n\nOn May 20, 2019\n\nMy Flat in Cologne: Room Tour\n\nOn May 14, 2019\n\n2 Discussion to this post\n\n  1. Jasmin says:\n\n    February 10, 2019 at 6:05 pm\n\n    I would sell it, honestly.\n\n    Reply\n\n    • Franziska says:\n\n      February 10, 2019 at 6:07 pm\n\n      Maybe I will!\n\n      Reply\n\nLeave a Reply\n",
			[]string{"Jasmin", "Franziska"}, []int{-1, 0}, []string{"2019-02-10 18:05", "2019-02-10 18:07"}},
		{"name-date-text-reply list without says", "Garden notes\n\nThe tomatoes finally ripened in the last week of August after a cold summer here.\n\n3 Comments\n\n  1. Chandice Probst\n\n    August 3, 2019 at 4:11 am\n\n    Mine too, very late.\n\n    Reply\n\n    1. Ruth\n\n      August 3, 2019 at 9:00 am\n\n      Same here.\n\n      Reply ↓\n\n  2. Pingback: Late tomatoes | Another Blog\n\n  3. Omar\n\n    August 4, 2019 at 10:30 pm\n\n    Good to hear.\n\n    Reply\n\nLeave a Reply\n",
			[]string{"Chandice Probst", "Ruth", "Omar"}, []int{-1, 0, -1}, []string{"2019-08-03 04:11", "2019-08-03 09:00", "2019-08-04 22:30"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.page)
			if !assert.NoError(t, err) {
				return
			}
			checkAccounted(t, tc.page, p)
			var authors, times []string
			var parents []int
			for _, c := range p.Page.Comments {
				a := ""
				if c.Author != nil {
					a = *c.Author
				}
				authors = append(authors, a)
				parents = append(parents, c.Parent)
				tm := ""
				if c.PublishedAt != nil {
					tm = c.PublishedAt.Format("2006-01-02 15:04")
				}
				times = append(times, tm)
				assert.NotContains(t, c.Text, "\n\n", "one paragraph, no meta lines: %q", c.Text)
			}
			assert.Equal(t, tc.authors, authors)
			assert.Equal(t, tc.parents, parents)
			assert.Equal(t, tc.times, times)
			assert.Equal(t, RuleHeader, p.Page.CommentRule)
			assert.Empty(t, p.Page.Warnings)
		})
	}
}
