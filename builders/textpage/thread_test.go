package textpage

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewsThreadWithReplyToLines: a news site's flat thread where each
// comment shows its number and age ("#1.1 — vor 8 Stunden"), its votes,
// and under a reply the comment it answers ("Antwort auf #1 von NAME"),
// with rows of action links and "+ 7 weitere Antworten anzeigen" between.
func TestNewsThreadWithReplyToLines(t *testing.T) {
	page := "Im Nachtzug nach Barcelona\n\n" +
		"Mit Schnellzugtrassen durch Europa will die Partei zum Klimaschutz beitragen, doch die Strecken gibt es längst und kaum jemand nutzt sie.\n\n" +
		"Kommentare\n\n" +
		"ThomasMelber\n\n#1 — vor 8 Stunden\n\n2\n\nDie Bahn ist einfach zu teuer.\n\nAntworten Melden\n\nEmpfehlen\n\n" +
		"Curitiba\n\n#1.1 — vor 8 Stunden\n\n20\n\nDas stimmt so nicht, mit Sparpreisen geht es.\n\nAntwort auf #1 von ThomasMelber\n\nAntworten Melden\n\nEmpfehlen\n\n" +
		"+ 7 weitere Antworten anzeigen\n\n" +
		"Rechtssozialdemokrat\n\n#2 — vor 8 Stunden\n\n47\n\nNicht einmal die Manager fahren Bahn.\n\nAntworten Melden\n\nEmpfehlen\n\n" +
		"Robert Geiss\n\n#2.1 — vor 7 Stunden\n\n84\n\nDas gilt nicht für alle.\n\nAntwort auf #2 von Rechtssozialdemokrat\n\nAntworten Melden\n\nEmpfehlen\n"
	p, err := Parse(page)
	require.NoError(t, err)
	checkAccounted(t, page, p)
	authors, parents := threadOf(t, p)
	var texts []string
	for _, c := range p.Page.Comments {
		texts = append(texts, c.Text)
	}
	assert.Equal(t, []string{"ThomasMelber", "Curitiba", "Rechtssozialdemokrat", "Robert Geiss"}, authors)
	assert.Equal(t, []int{-1, 0, -1, 2}, parents)
	assert.Equal(t, []string{"Die Bahn ist einfach zu teuer.", "Das stimmt so nicht, mit Sparpreisen geht es.", "Nicht einmal die Manager fahren Bahn.", "Das gilt nicht für alle."}, texts)
	assert.NotContains(t, p.Page.Body, "ThomasMelber")
}

// TestSignedRepliesInAList: a numbered thread whose comments end with
// their signature ("NAME · DATE"), with a bulleted reply under a comment:
// the reply is a comment of its own, not more text of its parent.
func TestSignedRepliesInAList(t *testing.T) {
	page := "Neuer iMac im Test\n\n" +
		"Wir haben den neuen iMac vier Wochen lang mit Lightroom und zwei Monitoren im Alltag einer Fotografin getestet.\n\n" +
		"3 Comments:\n\n" +
		"  1. Ein kurzer Tipp noch von mir, man braucht kein Zusatzprogramm für die Auflösung.\n\n" +
		"    Tobsen · April 19, 2019\n\n" +
		"  2. Jedoch liest man auch, dass diese Probleme nur auf dem Pro auftreten.\n\n" +
		"    Helmut Kruse · Mai 14, 2019\n\n" +
		"    • Ich habe das MBP mit zwei Monitoren, das Problem ist da auch.\n\n" +
		"      Tobsen · Mai 15, 2019\n"
	p, err := Parse(page)
	require.NoError(t, err)
	checkAccounted(t, page, p)
	authors, parents := threadOf(t, p)
	assert.Equal(t, []string{"Tobsen", "Helmut Kruse", "Tobsen"}, authors)
	assert.Equal(t, []int{-1, -1, 1}, parents)
}

// threadOf lists the authors and parents of a page's comments; every
// comment must have an author.
func threadOf(t *testing.T, p *Parsed) (authors []string, parents []int) {
	t.Helper()
	for _, c := range p.Page.Comments {
		require.NotNil(t, c.Author)
		authors = append(authors, *c.Author)
		parents = append(parents, c.Parent)
	}
	return authors, parents
}

// TestPingbackAsSaysItem: a pingback rendered like a comment, the linking
// post's title before "sagt:" and its "[...]" excerpt as the text, is a
// pingback, not a comment.
func TestPingbackAsSaysItem(t *testing.T) {
	page := "Quests für Level 70 bis 90\n\n" +
		"Hier stehen alle Quests der Roc Mountains mit ihren Belohnungen und den Orten, an denen man sie bekommt.\n\n" +
		"3 Kommentare\n\n" +
		"  1. Lena sagt:\n\n    17. März 2009 um 10:02\n\n    Danke, genau das habe ich gesucht!\n\n    Antworten\n\n" +
		"  2. Mein Blog : NEU: Komplette Quest Datenbank sagt:\n\n    18. März 2009 um 16:40\n\n    [...] Roc Mountain Quests (Lv 70 – 90) [...]\n\n    Antworten\n\n" +
		"  3. Tom sagt:\n\n    19. März 2009 um 08:15\n\n    Fehlt da nicht die Drachenquest?\n\n    Antworten\n"
	p, err := Parse(page)
	require.NoError(t, err)
	checkAccounted(t, page, p)
	authors, parents := threadOf(t, p)
	assert.Equal(t, []string{"Lena", "Tom"}, authors)
	assert.Equal(t, []int{-1, -1}, parents)
	assert.Empty(t, p.Page.Warnings, "3 declared, 2 comments and a pingback read")
}

// TestTitledCommentsInAList: bulleted comments that open with a title over
// "geschrieben von NAME am DATE": the title is no comment text, and a
// first line that reads like a relative date ("Hier der Versuch …") stays
// text.
func TestTitledCommentsInAList(t *testing.T) {
	page := "Der Multiplikator\n\n" +
		"Eine realistische Interpretation des Multiplikators zeigt, warum Staatsausgaben so wenig Wirkung haben.\n\n" +
		"Dieser Artikel hat 2 Kommentare.\n\n" +
		"  • Ein Argument\n\n    geschrieben von berg2012 am 21. Jan. 2015, 19:04 [ antworten ]\n\n    Ich hätte eine andere Erklärung.\n\n" +
		"  • Zu Waldner\n\n    geschrieben von GeorgQuaas am 11. Mai. 2015, 12:55 [ antworten ]\n\n    Hier der Versuch, ein wenig Licht ins Dunkel zu bringen.\n"
	p, err := Parse(page)
	require.NoError(t, err)
	checkAccounted(t, page, p)
	authors, _ := threadOf(t, p)
	assert.Equal(t, []string{"berg2012", "GeorgQuaas"}, authors)
	require.Len(t, p.Page.Comments, 2)
	assert.Equal(t, "Ich hätte eine andere Erklärung.", p.Page.Comments[0].Text)
	assert.Equal(t, "Hier der Versuch, ein wenig Licht ins Dunkel zu bringen.", p.Page.Comments[1].Text)
}
