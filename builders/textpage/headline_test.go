package textpage

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHeadlineFromEvidence: the headline is the line the page's own
// evidence points to, not the first line of the copy. Each case is the
// layout of saved pages whose title the reader got wrong (the kicker, the
// tagline, the category list, the author's name, a photo credit).
func TestHeadlineFromEvidence(t *testing.T) {
	para := "Der Stadtrat hat am Dienstag beschlossen, die Buslinie sieben ab Mai bis zum Bahnhof zu verlängern, sagte die Sprecherin der Verwaltung am Abend."
	para2 := "Die Verlängerung kostet nach Angaben der Verwaltung rund vierhunderttausend Euro im Jahr, die Anwohner befürchten mehr Lärm."
	thread := "2 Kommentare\n\n  1. Anna sagt:\n\n    3. Mai 2021 um 10:15\n\n    Endlich, darauf warten wir seit Jahren.\n\n  2. Horst sagt:\n\n    3. Mai 2021 um 11:20\n\n    Und wer bezahlt das am Ende?\n"
	for _, tc := range []struct {
		name, page, title string
		body              []string // lines the body keeps
		notBody           []string // lines it must not hold
	}{
		{"a short kicker over the headline over its date",
			"Streit um die Buslinie\n\n„Reine Schikane“: Der Stadtrat stoppt die neue Linie 7\n\n1. Februar 2022 Jana Roth 6\n\nFoto: Stadtwerke Musterstadt\n\n" + para + "\n\n" + para2 + "\n",
			"„Reine Schikane“: Der Stadtrat stoppt die neue Linie 7", []string{para, para2}, nil},
		{"a tagline opening with a symbol over the headline over its date",
			"Ein Gartentagebuch\n\n~ Beete & was sonst so wächst\n\nEndlich wieder Tomaten im Garten\n\n31 Donnerstag Okt 2019\n\n" + para + "\n\n" + para2 + "\n",
			"Endlich wieder Tomaten im Garten", []string{para}, []string{"~ Beete & was sonst so wächst"}},
		{"a category list and the comment header naming the headline",
			"Das Blog Magazin\n\nAllgemein, Essen und Trinken, Gesellschaft, Lifestyle\n\nDie Überforderung durch Überangebote\n\n" + para + "\n\n" + para2 + "\n\n2 Kommentare zu „Die Überforderung durch Überangebote“\n\n  1. Anna sagt:\n\n    3. Mai 2021 um 10:15\n\n    Toller Text, sehr wahr.\n",
			"Die Überforderung durch Überangebote", []string{para}, []string{"Allgemein, Essen und Trinken, Gesellschaft, Lifestyle"}},
		{"the author's name and date over the headline",
			"Martina Berg 19. Juni 2019\n\nEine Tasche für jede Frau!\n\n" + para + "\n\n" + para2 + "\n",
			"Eine Tasche für jede Frau!", []string{para, para2}, nil},
		{"the author's name by the date is no headline",
			"WordPress.com\n\nMenu\n\n  • Features\n  • Themes\n  • Plans\n\nThe WordPress.com Blog\n\nThe WordPress.com Blog\n\nWant to See a More Diverse Contributor Community? So Do We.\n\nMore diverse speakers at WordCamps means a more diverse community contributing to WordPress, and better software.\n\nJune 19, 2019\n\nAndrea Middleton\n\n" + para + "\n",
			"Want to See a More Diverse Contributor Community? So Do We.", []string{para}, []string{"Features"}},
		{"a headline over its dek over the byline stays",
			"Five Questions About the New Border Regime\n\nWhat changes on Monday, explained\n\nBy Sam Writer\n\n" + para + "\n",
			"Five Questions About the New Border Regime", []string{para}, nil},
		{"the copy starts below the headline that the comment header names",
			"So schön winterlich ist es wie schon lange nicht mehr.\n\n" + para + "\n\n" + para2 + "\n\n2 Kommentare zu „Leber mit Apfel und Zwiebel“\n\n  1. Anna sagt:\n\n    3. Mai 2021 um 10:15\n\n    Sieht lecker aus.\n",
			"Leber mit Apfel und Zwiebel", []string{"So schön winterlich ist es wie schon lange nicht mehr.", para}, nil},
		{"a site name and tagline over a date over the headline",
			"Internet-Law\n\nOnlinerecht und Bürgerrechte 2.0\n\n17.7.11\n\nVerstößt der Ausschluss von Pseudonymen gegen deutsches Recht?\n\n" + para + "\n\n" + thread,
			"Verstößt der Ausschluss von Pseudonymen gegen deutsches Recht?", []string{para}, nil},
		{"a breadcrumb trail that ends with the headline",
			"Home>Articles>Amazon Liable for Defective Products\n\nAmazon delivery vans. (Photo: Twitter)\n\nAmazon Liable for Defective Products\n\n" + para + "\n\n" + para2 + "\n",
			"Amazon Liable for Defective Products", []string{para}, nil},
		{"a dateline with the time of day over the headline",
			"Managua, Nicaragua 26, Abril, 2022 7:43 p.m.\n\nNicaragua cerró 2021 con deuda externa récord\n\n" + para + "\n\n" + para2 + "\n",
			"Nicaragua cerró 2021 con deuda externa récord", []string{para}, nil},
		{"a photo credit repeated over a section label over the headline",
			"APA/Georg Hochmuth\n\nAPA/Georg Hochmuth\n\nChronik\n\nLotte Tobisch ist tot\n\n" + para + "\n\n" + para2 + "\n",
			"Lotte Tobisch ist tot", []string{para}, nil},
		{"the votes between the headline and its date",
			"Jacobs Gold Instant Kaffee 2 Gläser für 4,80 €\n\n149\n\nMikeNils 18.10.2019, 15:07 Uhr\n\n" + para + "\n\n" + para2 + "\n",
			"Jacobs Gold Instant Kaffee 2 Gläser für 4,80 €", []string{para}, nil},
		{"a short byline between the dek and the date is no headline",
			"Zugverkehr: Im ICE von Frankfurt nach Barcelona\n\nMit Schnellzügen durch Europa will die Partei zum Klimaschutz beitragen. Die Strecken gibt es längst. Warum ist das Angebot bisher keine Konkurrenz zum Fliegen?\n\nEine Analyse von Caspar Schwietering\n\n14. Januar 2020, 9:21 Uhr\n\n" + para + "\n\n" + para2 + "\n",
			"Zugverkehr: Im ICE von Frankfurt nach Barcelona", []string{para}, nil},
		{"a site name over its one-paragraph description does not end the search",
			"DenkanStoos Hamburg (Stoos-Satellite)\n\nWir sind eine offene Gruppe von Menschen, die über die Zukunft der Arbeit und des Managements in Hamburg diskutieren wollen.\n\n  • Startseite\n  • Über uns\n  • Termine\n\nDenkanStoos April 2012\n\nVeröffentlicht am 11/04/2012 von bjoernlinder01\n\n" + para + "\n\n" + para2 + "\n",
			"DenkanStoos April 2012", []string{para}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.page)
			require.NoError(t, err)
			checkAccounted(t, tc.page, p)
			assert.Equal(t, tc.title, p.Page.Title)
			for _, s := range tc.body {
				assert.Contains(t, p.Page.Body, s)
			}
			for _, s := range tc.notBody {
				assert.NotContains(t, p.Page.Body, s)
			}
			assert.False(t, strings.Contains(p.Page.Body, tc.title) && !strings.Contains(para+para2, tc.title), "the headline stays out of the body")
		})
	}
}

// TestMetaLines: the lines around a headline that give the article's date,
// author or reading time, and headlines that only look like them.
func TestMetaLines(t *testing.T) {
	for _, s := range []string{"12 minute read", "17/11/201917/11/2019 ~ Cem Basman", "31 Donnerstag Okt 2019", "Online seit heute, 12.09 Uhr",
		"Managua, Nicaragua 26, Abril, 2022 7:43 p.m.", "veröffentlicht von stylegart", "Dezember 10, 2019 · von freeman1984 · in Uncategorized",
		"By Evan Symon, August 14, 2020 2:30 pm"} {
		assert.True(t, isMetaLine(s), s)
	}
	for _, s := range []string{"DenkanStoos April 2012", "Barcamp Graz 2015 – Politcamp Call for Action", "Bundesregierung 2017 #btw17 #groko", "Der historische Purzelbaum"} {
		assert.False(t, isMetaLine(s), s)
	}
}

// TestHeaderTitle: the title a comment header names, without its quotes.
func TestHeaderTitle(t *testing.T) {
	for in, want := range map[string]string{
		"5 thoughts on “Need for Speed”":                  "Need for Speed",
		"± 6 Kommentare zu „Leber mit Apfel“":             "Leber mit Apfel",
		"142 Antworten zu Würde des Lebens – ein Projekt": "Würde des Lebens – ein Projekt",
		"3 réponses à « La réforme »":                     "La réforme",
		"3 KOMMENTARE ZU İSTANBUL":                        "İSTANBUL",
		"12 Kommentare":                                   "",
	} {
		assert.Equal(t, want, headerTitle(in), in)
	}
}
