package textpage

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The words pages use around a comment thread, in English, German, French,
// Spanish, Italian, Portuguese, Dutch, Russian and Polish. Each pattern is
// a whole line, case-insensitive.

// numberWords are the counts written out that comment headers use.
var numberWords = map[string]int{
	"no": 0, "one": 1, "two": 2, "three": 3, "keine": 0, "kein": 0, "ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3,
	"aucun": 0, "aucune": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "sin": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3,
	"nessun": 0, "nessuno": 0, "due": 2, "um": 1, "uma": 1, "dois": 2, "duas": 2, "geen": 0, "een": 1, "één": 1, "twee": 2, "drie": 3,
	"один": 1, "одна": 1, "jeden": 1, "jedna": 1,
}

// pageOfRe: "• Page 1 of 3" after a count.
const pageOfRe = `\s*[•·|,–-]\s*(?:page|seite|página|pagina|pagina|страница|strona)\s+\d+\s+(?:of|von|sur|de|di|van|из|z)\s+\d+`

var (
	countWord = `(\d{1,7}|no|one|two|three|keine?|ein|eine|einen|zwei|drei|aucune?|une?|deux|trois|sin|uno|una|dos|tres|nessuno?|due|um|uma|dois|duas|geen|een|één|twee|drie|один|одна|jeden|jedna)`
	// "3 Comments", "5 thoughts on “…”", "45 Gedanken zu „…“", "3 réponses à « … »",
	// "33 LESER-KOMMENTARE", "52Comments", "This Post Has 80 Comments".
	countHeaderRe = mustAnchored(`(?i)^(?:this (?:post|article|entry|story) has\s+|there (?:are|is)\s+|es gibt\s+|(?:dieser|der) (?:artikel|beitrag) hat\s+|il y a\s+|cet article a\s+|hay\s+)?` + countWord + `\s*(?:` +
		`comments?|responses?|replies|reply|thoughts?|reactions?|discussions?|` +
		`(?:leser-?)?kommentare?|gedanken|gedanke|antworten|antwort|reaktionen|meinungen|` +
		`commentaires?|réponses?|réflexions?|pensées?|avis|` +
		`comentarios?|respuestas?|pensamientos?|` +
		`commenti|commento|risposte|risposta|pensieri|pensiero|` +
		`comentários?|respostas?|pensamentos?|` +
		`reacties?|opmerkingen?|gedachten?|` +
		`комментари(?:й|я|ев|ии)|ответ(?:а|ов)?|отзыв(?:а|ов)?|мнени[еяй]|` +
		`komentarz(?:e|y)?|odpowied(?:ź|zi)` +
		`)(?:\s+(?:on|to|for|about|zu|zum|zur|über|à|au|aux|sur|a|en|sobre|para|su|per|em|op|over|на|к|do|na|o)\s.*|\s*[:.»↓]?|` + pageOfRe + `)$`)
	// A forum's post count with its page, "4 Beiträge • Seite 1 von 1".
	postCountRe = mustAnchored(`(?i)^(\d{1,7})\s+(?:beiträge|posts|messages|mensajes|messaggi|berichten|сообщени[йея]|postów)` + pageOfRe + `$`)
	// "Comments (4)", "Kommentare: 12", "Comments 3".
	parenHeaderRe = mustAnchored(`(?i)^(?:comments?|responses?|discussion|kommentare?|leserkommentare|commentaires?|réactions|comentarios?|commenti|comentários|reacties|комментарии|komentarze)\s*(?:\((\d{1,7})\)|:\s*(\d{1,7})|(\d{1,7}))$`)
	// A bare section title over a thread: "Comments", "Kommentare", "Discussion".
	bareHeaderRe = mustAnchored(`(?i)^(?:comments?|responses?|discussion|reader comments|kommentare|leserkommentare|diskussion|commentaires|réactions|comentarios|commenti|comentários|reacties|комментарии|komentarze)\s*:?$`)
)

// commentHeader reads a comment section header: the count it declares
// (-1 when it declares none) and whether the line is one.
func commentHeader(s string) (count int, ok bool) {
	s = trimIcon(s)
	if utf8.RuneCountInString(s) > 200 {
		return 0, false
	}
	if m := countHeaderRe.FindStringSubmatch(s); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n, true
		}
		return numberWords[strings.ToLower(m[1])], true
	}
	if m := postCountRe.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, true
	}
	if m := parenHeaderRe.FindStringSubmatch(s); m != nil {
		for _, g := range m[1:] {
			if g != "" {
				n, _ := strconv.Atoi(g)
				return n, true
			}
		}
	}
	if bareHeaderRe.MatchString(s) {
		return -1, true
	}
	return 0, false
}

// trimIcon drops the icon before a header: "± 6 Kommentare", "💬 12
// Comments".
func trimIcon(s string) string {
	return strings.TrimLeftFunc(strings.TrimSpace(s), func(r rune) bool { return isIcon(r) || unicode.IsSymbol(r) })
}

func isCountHeader(s string) bool {
	n, ok := commentHeader(s)
	return ok && n >= 0
}

// formRe: the comment form's title, fields and buttons, as whole lines.
// showAllRe: a link to the rest of the thread, "Alle Kommentare anzeigen".
const showAllRe = `(?:\+?\s*\d{1,5}\s+(?:weitere|more|autres|más|altre|mais|meer)\s+(?:antworten|kommentare|replies|comments|réponses|commentaires|respuestas|comentarios|risposte|commenti|respostas|reacties)(?:\s+(?:anzeigen|laden|ansehen|zeigen))?|(?:show|view|load|see|read) (?:all|more|all \d+|\d+ more) (?:comments|replies)|alle kommentare (?:anzeigen|lesen)|weitere (?:kommentare|antworten) (?:anzeigen|laden)|voir (?:tous les|plus de) commentaires|ver (?:todos los|más) comentarios|mostra (?:tutti i|altri) commenti|toon (?:alle|meer) reacties)`

var formRe = mustAnchored(`(?i)^(?:` +
	`(?:sort(?:ed)? by|sortieren nach|sortiert nach|trier par|ordenar por|ordina per|ordenar por|sorteer op|сортировать по|sortuj według)\s*:?(?:\s+\pL+)?|` +
	`` + showAllRe + `(?:\s+` + showAllRe + `)*|` +
	`(?:abbrechen|cancel|annuler|cancelar|annulla|annuleren)\s+(?:senden|absenden|abschicken|submit|send|post|envoyer|publier|enviar|publicar|invia|pubblica|verzenden|plaatsen)|` +
	`leave a (?:reply|comment|response)|post a comment|add (?:a |new )?comment|neuen kommentar (?:hinzufügen|schreiben)|ajouter un commentaire|añadir (?:un )?comentario|aggiungi (?:un )?commento|write a comment|join the discussion|` +
	`leave a reply to .*|reply to .*|cancel reply|cancel|abbrechen|annuler|cancelar|annulla|annuleren|отмена|anuluj|` +
	`(?:schreibe|schreib|hinterlasse|verfasse)(?:n sie)? einen kommentar|kommentar (?:verfassen|schreiben|hinterlassen)|antwort hinterlassen|hinterlasse eine antwort|antworten abbrechen|antwort abbrechen|` +
	`laisser un commentaire|laisser une réponse|laissez un commentaire|écrire un commentaire|annuler la réponse|` +
	`deja (?:una respuesta|un comentario)|dejar un comentario|escribe un comentario|cancelar respuesta|` +
	`lascia (?:un commento|una risposta)|annulla risposta|` +
	`deixe (?:um comentário|uma resposta)|cancelar resposta|` +
	`laat een reactie achter|geef een reactie|reactie annuleren|` +
	`(?:добавить|оставить|написать) (?:комментарий|ответ)|отменить ответ|` +
	`(?:dodaj|napisz|zostaw) (?:komentarz|odpowiedź)|anuluj pisanie odpowiedzi|` +
	`(?:name|email|e-mail|mail|website|webseite|url|site web|nom|courriel|nombre|correo electrónico|sitio web|nome|sito web|naam|e-mailadres|имя|сайт|imię|strona) ?\*?:?|` +
	`(?:comment|kommentar|commentaire|comentario|commento|comentário|reactie|комментарий|komentarz) ?\*?:?|` +
	`(?:post|submit|publish) (?:a )?comment|kommentar (?:abschicken|absenden|veröffentlichen)|publier (?:un )?commentaire|pubblica (?:un )?commento|kommentar absenden|publicar (?:el )?comentario|invia commento|publicar comentário|plaats reactie|отправить комментарий|opublikuj komentarz|` +
	`comments are closed\.?|kommentare sind geschlossen\.?|les commentaires sont fermés\.?|` +
	`you must be (?:logged in|registered).*|du musst angemeldet sein.*|` +
	`log in to reply|zum antworten anmelden|connectez-vous pour répondre|kommentar (?:anzeigen|schreiben)|erneut versuchen|try again|show comment|` +
	`[←«‹]?\s*(?:older|newer|previous|next|ältere|neuere|vorherige|nächste|commentaires (?:plus anciens|plus récents)|comentarios (?:anteriores|más recientes)|commenti (?:precedenti|successivi)|oudere|nieuwere) (?:comments|kommentare|reacties)?\s*[→»›]?|` +
	`(?:like|liked|gefällt mir)+\s*(?:liked by|gefällt)?\s*\d*\s*(?:people|person|personen|person)?|` +
	`liked by \d+ (?:people|person)|gefällt \d+ personen?` +
	`)$`)

// formNotices: phrases of the form's notices, wherever they stand in the
// line (lower case).
var formNotices = []string{
	"will not be published", "wird nicht veröffentlicht", "ne sera pas publiée", "no será publicada", "non sarà pubblicato", "não será publicado", "wordt niet gepubliceerd", "не будет опубликован", "nie zostanie opublikowany",
	"required fields are marked", "pflichtfelder", "erforderliche felder", "champs obligatoires", "campos obligatorios", "campi obbligatori", "campos obrigatórios", "verplichte velden", "обязательные поля", "wymagane pola",
	"notify me of", "benachrichtige mich", "benachrichtigen sie mich", "prévenez-moi", "avisarme", "notificami", "notifique-me", "stuur mij een e-mail",
	"save my name", "meinen namen, meine e-mail", "enregistrer mon nom", "guardar mi nombre", "salva il mio nome", "salvar meus dados", "mijn naam, e-mail",
	"enter your comment here", "gib hier deinen kommentar ein", "saisissez votre commentaire", "introduce aquí tu comentario", "inserisci qui il tuo commento", "digite seu comentário aqui",
	"akismet", "comments powered by disqus", "this comment is awaiting moderation", "dein kommentar muss noch freigegeben werden", "votre commentaire est en attente",
}

// isIcon: a glyph of an icon font (Unicode private use area), which pages
// put before labels such as "Kommentar schreiben".
func isIcon(r rune) bool { return unicode.Is(unicode.Co, r) || unicode.IsSpace(r) }

func isFormLine(s string) bool {
	s = strings.TrimFunc(s, isIcon)
	n := utf8.RuneCountInString(s)
	if n > 300 {
		return false
	}
	if n <= 80 && formRe.MatchString(s) {
		return true
	}
	return formNoticeIndex.in(strings.ToLower(s))
}

// phraseIndex finds any of a list of phrases (two bytes or longer) in a
// text in one pass: a bit per pair of bytes that opens a phrase, then the
// phrases that open with it. It answers as strings.Contains over the list
// (TestPhraseIndexMatchesContains).
type phraseIndex struct {
	pairs [1 << 16 / 64]uint64
	by    map[uint16][]string
}

func newPhraseIndex(phrases []string) *phraseIndex {
	x := &phraseIndex{by: map[uint16][]string{}}
	for _, p := range phrases {
		if len(p) < 2 {
			panic("phraseIndex: phrase shorter than two bytes: " + p)
		}
		k := uint16(p[0])<<8 | uint16(p[1])
		x.pairs[k/64] |= 1 << (k % 64)
		x.by[k] = append(x.by[k], p)
	}
	return x
}

// in: a phrase occurs in s.
func (x *phraseIndex) in(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if x.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, p := range x.by[k] {
			if strings.HasPrefix(s[i:], p) {
				return true
			}
		}
	}
	return false
}

var formNoticeIndex = newPhraseIndex(formNotices)

// replyTailRe: a reply link at the end of a meta line, "[ antworten ]", "| Reply".
var replyTailRe = mustAnchored(`(?i)\s*(?:\[\s*(?:reply|antworten|répondre|responder|rispondi)\s*\]|[|·]\s*(?:reply|antworten|répondre|responder|rispondi))\s*$`)

// replyRe: the reply link under a comment.
var replyRe = mustAnchored(`(?i)^(?:↓\s*)?(?:reply|antworten|répondre|responder|rispondi|responda|beantwoorden|reageer|reageren|ответить|odpowiedz)(?:\s*[↓→↩])?(?:\s+(?:reply|antworten|répondre|responder|rispondi))?(?:\s+to\s+\S.*)?$`)

// uiTailRe: a moderation link after a commenter's name, "anaya60 Kommentar löschen".
var uiTailRe = mustAnchored(`(?i)\s+(?:kommentar löschen|kommentar melden|delete comment|report comment|löschen|delete|melden|report|flag)$`)

// badgeTailRe: a role badge after a commenter's name, "Tom Reyes
// Moderator", "Greg Hollis Verified", "Anna (Autorin)", "Kai [Admin]".
var badgeTailRe = mustAnchored(`(?i)\s+(?:[(\[]\s*)?(?:verified(?:\s+(?:buyer|user|owner|purchase|reader|commenter))?|verifiziert|vérifié|verificado|verificato|moderator(?:in)?|modérateur|moderador|moderatore|admin(?:istrator)?|administrateur|administrador|amministratore|author|autor(?:in)?|auteur|autore|article author|beitragsautor(?:in)?|post author|staff|editor|redaktion|rédaction|redacción|redazione|redactie|top contributor|top commenter|[✓✔☑])(?:\s*[)\]])?$`)

// cleanName drops a moderation link and a role badge from a name line.
func cleanName(s string) string {
	s = uiTailRe.ReplaceAllString(s, "")
	if t := badgeTailRe.ReplaceAllString(s, ""); t != "" {
		s = t
	}
	return s
}

func isReplyLine(s string) bool {
	s = strings.TrimSpace(s)
	return replyRe.MatchString(s) || expandRe.MatchString(s) || quoteLabelRe.MatchString(s)
}

// moderationRe: a commenter's or moderator's link alone, "• Delete",
// "Bearbeiten", "Melden".
var moderationRe = mustAnchored(`(?i)^(?:delete|edit|report|flag|permalink|recommend|empfehlen|recommander|recomendar|consiglia|aanbevelen|löschen|bearbeiten|melden|supprimer|modifier|signaler|eliminar|editar|denunciar|elimina|modifica|segnala|verwijderen|bewerken|rapporteren|удалить|редактировать|usuń|edytuj|zgłoś)$`)

func isModerationLine(s string) bool { return moderationRe.MatchString(strings.TrimSpace(s)) }

// isActionLine: a row of action links with a reply link among them.
func isActionLine(s string) bool {
	s = strings.TrimSpace(s)
	return actionLineRe.MatchString(s) && actionReplyRe.MatchString(s)
}

// actionLineRe: a comment's row of action links (its reply link, quote
// labels and "Click to expand..." count as reply lines too), "Report Like Quote Reply",
// "Antworten · Gefällt mir (4) · Melden"; actionReplyRe: one of them is
// the reply link.
var (
	actionWords  = `reply|like|likes|dislike|quote|report|share|flag|permalink|edit|delete|upvote|downvote|vote|recommend|antworten|zitieren|melden|empfehlen|teilen|gefällt mir|bearbeiten|löschen|répondre|j'aime|citer|signaler|partager|responder|me gusta|citar|denunciar|compartir|rispondi|mi piace|cita|segnala|condividi|responda|curtir|beantwoorden|reageren|citeren|ответить|цитировать|odpowiedz|cytuj`
	actionLineRe = mustAnchored(`(?i)^(?:(?:` + actionWords + `|` + ageWords + `)\s*(?:\(\d+\)|\d+)?\s*[·|•]?\s*){2,8}$`)
	// ageWords: a comment's age in an action row, "3y", "2 hrs", "5 days ago".
	ageWords      = `\d{1,3}\s?(?:[smhdwy]|min|mins|hrs?|hours?|days?|weeks?|wks?|months?|years?|yrs?|std|tage?|wochen?|jahre?|j|sem|ans?|mois|jours?|años?|días?|anni|giorni)(?:\s+ago)?`
	actionReplyRe = regexp.MustCompile(`(?i)(?:^|\s)(?:reply|antworten|répondre|responder|rispondi|responda|beantwoorden|reageren|ответить|odpowiedz)(?:\s|$|[·|•(])`)
	// expandRe: the link that ends a folded quote, "Click to expand...".
	expandRe = mustAnchored(`(?i)^(?:click to expand|zum erweitern anklicken|cliquez pour agrandir|haz clic para expandir|clicca per espandere|klik om uit te vouwen|нажмите для раскрытия)\s*(?:\.\.\.|…)?$`)
	// quoteLabelRe: the label over a quote box, "Zitat:", "Quote:".
	quoteLabelRe = mustAnchored(`(?i)^(?:quote|zitat|citation|cita|citazione|citação|citaat|цитата|cytat)\s*:$`)
	// quoteAttrRe: the attribution over a quoted comment inside a comment,
	// "bitrot_hunter said: ↑", "netzwerker hat geschrieben:", "Zitat von
	// Tom_89", "Quote from Anna", "Originally Posted by Anna". Its first
	// form, a line ending in " ↑", is told by isQuoteAttr without a
	// regular expression: an unanchored one reads every line to its end.
	quoteAttrRe = mustAnchored(`(?i)^(?:(?:zitat von|quote from|quoting|originally posted by|citation de|cita de|citazione di|citaat van|цитата)\s+\S.{0,40}$|\S.{0,40}\s(?:hat geschrieben|a écrit|ha scritto)\s*:?$)`)
)

// pingbackRe: a pingback or trackback, which is not a comment.
var pingbackRe = mustAnchored(`(?i)^(?:pingback|trackback)(?:\s*:|\s+(?:von|from|de|da|by|van|od|от)\s)`)

func isPingback(s string) bool { return pingbackRe.MatchString(strings.TrimSpace(s)) }

// Author lines.
var (
	// What stands between a name and its date: "Julia on 11/08/2020", "Jean le 3 août".
	nameDateSepRe = mustAnchored(`(?i)(?:\s+(?:on|am|le|el|il|em|op|в|w|dnia|at)|\s*[|·•,–—»›-])?\s*$`)
	// A weekday before the date: "Heidemarie Heim | Di, 21. April 2020".
	weekdayRe = mustAnchored(`(?i)(?:^|\s)(?:mo|di|mi|do|fr|sa|so|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\.?,?\s*$`)
	notNameRe = mustAnchored(`(?i)^(?:posted|published|updated|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|опубликовано|обновлено|opublikowano|by|von|par|por|di|door|de|from|date|datum|written|geschrieben|écrit|escrito|scritto|geschreven|copyright|©|update|aktualisierung|nachtrag)\b`)
)

// sayVerbs end an author line: "Julia says:", "Jean dit :", "Anna schreibt:".
var sayVerbs = []string{"says", "said", "hat gesagt", "a dit", "ha dicho", "ha detto", "zei", "wrote", "writes", "sagt", "sagte", "schreibt", "schrieb", "meint", "meinte", "dit", "écrit", "dice", "dijo", "escribe", "escribió", "scrive", "ha scritto", "ha detto", "diz", "disse", "escreveu", "zegt", "schreef", "говорит", "пишет", "написал", "написала", "pisze", "napisał", "napisała"}

// cutSayVerb splits "NAME says:" into the name.
func cutSayVerb(s string) (string, bool) {
	t := strings.TrimRight(s, " :…")
	low := strings.ToLower(t)
	for _, v := range sayVerbs {
		if strings.HasSuffix(low, " "+v) {
			name := strings.TrimSpace(t[:len(t)-len(v)])
			return name, name != ""
		}
	}
	return "", false
}

// author is a comment's author line read: the name, the time when the line
// shows one, and whether the line shows a comment by itself (a says-verb
// or a date next to the name).
type author struct {
	name   string
	time   *time.Time
	strong bool
	says   bool // a says-verb ends the line
	// by: a meta line under a comment's title or after its text, "by NAME
	// on DATE", "Comment by NAME — DATE", "geschrieben von NAME am DATE".
	by bool
}

// commentByRe: "Comment by", "Kommentar von": an author line by itself.
var commentByRe = mustAnchored(`(?i)^(?:comment|kommentar|commentaire|comentario|commento|comentário|reactie|комментарий|komentarz)\s+(?:by|von|de|par|por|di|da|door|от|od)\s+`)

var byPrefixRe = mustAnchored(`(?i)^(?:comment|kommentar|commentaire|comentario|commento|geschrieben|verfasst|written|posted|submitted|eingereicht|gepostet|écrit|escrito|scritto|publié|publicado|pubblicato|geplaatst)?\s*(?:by|von|par|por|da|door|от|przez)\s+`)

// authorLine reads "NAME says:", "NAME on DATE said:", "NAME DATE",
// "Julia on 11/08/2020 at 9:52"; a bare name is weak evidence.
func authorLine(s string) (author, bool) {
	s = strings.TrimSpace(s)
	if !runesAtMost(s, 120) {
		return author{}, false
	}
	var a author
	if name, ok := cutSayVerb(s); ok {
		s, a.strong, a.says = name, true, true
	}
	if m := byPrefixRe.FindStringIndex(s); m != nil {
		if _, _, _, ok := dateSpan(s); ok {
			s, a.by = s[m[1]:], true
		} else if m := commentByRe.FindStringIndex(s); m != nil {
			// "Kommentar von NAME" over the date: the line says it is
			// a comment's author.
			s, a.by, a.strong = s[m[1]:], true, true
		}
	}
	s = strings.TrimSpace(replyTailRe.ReplaceAllString(s, ""))
	if a, ok := segmentedAuthor(s); ok {
		return a, true
	}
	if start, end, t, ok := dateSpan(s); ok && start == 0 {
		return author{}, false
	} else if ok && dateFillerRe.MatchString(s[end:]) {
		name := s[:start]
		for prev := ""; prev != name; {
			prev = name
			name = strings.TrimSpace(weekdayRe.ReplaceAllString(nameDateSepRe.ReplaceAllString(name, ""), ""))
		}
		if n, ok := cutSayVerb(name); ok {
			name, a.says = n, true // "NAME said, on DATE"
		}
		if name != "" {
			s, a.strong = name, true
			if !t.IsZero() {
				a.time = &t
			}
		}
	}
	s = cleanName(s)
	if !isNameLike(s) && !(a.says && isNickname(s)) || notNameRe.MatchString(s) {
		return author{}, false
	}
	a.name = s
	return a, true
}

// isNickname: a name before a says-verb may be any short phrase, with the
// punctuation nicknames have ("was ist er eigentlich....", "geht's no?!",
// "G.M.", "Danke !!").
func isNickname(s string) bool {
	t := strings.TrimRight(s, ".!?…")
	return t != "" && isNameLike(t) && utf8.RuneCountInString(s) <= maxNameRunes
}

// metaSepRe splits a meta line into its segments, "NAME · 12 points · 3
// hours ago"; scoreRe is a segment that shows votes or likes.
var (
	metaSepRe = regexp.MustCompile(`\s+[·•|]\s+`)
	scoreRe   = mustAnchored(`(?i)^(?:[+-]?\d{1,6}\s+(?:points?|punkte?|votes?|stimmen|likes?|upvotes?|puntos?|punti|voti)|[+-]\d{1,6}|edited|bearbeitet|modifié|editado|modificato)$`)
)

// segmentedAuthor reads "NAME · 12 points · 3 hours ago": a name, then
// segments that are each a date, a relative time or a score, one of them
// a date or time.
func segmentedAuthor(s string) (author, bool) {
	parts := metaSepRe.Split(s, -1)
	if len(parts) < 2 {
		return author{}, false
	}
	var a author
	dated := false
	for _, p := range parts[1:] {
		if t, ok := dateLine(p); ok {
			dated = true
			if !t.IsZero() && a.time == nil {
				tt := t
				a.time = &tt
			}
			continue
		}
		if !scoreRe.MatchString(strings.TrimSpace(p)) {
			return author{}, false
		}
	}
	name := cleanName(strings.TrimSpace(parts[0]))
	if !dated || !isNameLike(name) || notNameRe.MatchString(name) {
		return author{}, false
	}
	a.name, a.strong = name, true
	return a, true
}

// Page furniture around the article.
var (
	// Sidebar and footer widget titles.
	widgetRe = mustAnchored(`(?i)^(?:trending|trending articles|read next|related articles|you might also like|most read|most popular|meistgelesen|meistgelesene artikel|das könnte dich auch interessieren|weitere artikel|lo más leído|les plus lus|i più letti|recent posts|recent comments|recent articles|latest posts|popular posts|related posts|archives?|categories|tags|tag cloud|meta|blogroll|links|search|follow (?:us|me|blog via email)|` +
		`aktuelle beiträge|neueste beiträge|neueste kommentare|letzte kommentare|archiv|archive|kategorien|schlagwörter|schlagworte|suche|blogroll|meta|ähnliche beiträge|` +
		`articles récents|commentaires récents|derniers articles|catégories|étiquettes|rechercher|` +
		`entradas recientes|comentarios recientes|archivos|categorías|etiquetas|buscar|` +
		`articoli recenti|commenti recenti|archivi|categorie|tag|cerca|` +
		`posts recentes|comentários recentes|arquivos|categorias|` +
		`recente berichten|recente reacties|archieven|categorieën|zoeken|` +
		`свежие записи|свежие комментарии|архивы|рубрики|метки|поиск|` +
		`ostatnie wpisy|najnowsze komentarze|archiwa|kategorie|tagi|szukaj)\s*:?$`)
	copyrightRe = regexp.MustCompile(`(?i)(?:^©|^\(c\)\s|^copyright\b|\bproudly powered by\b|^powered by\b|^theme:|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\btodos los derechos reservados\b|^impressum$|^datenschutz(?:erklärung)?$|^privacy policy$)`)
	// copyrightRe in two: the branches anchored at the start (guarded)
	// and the phrases that may stand anywhere, looked for only when a
	// word of theirs is in the line (copyrightWords: ASCII letters with
	// no fold outside ASCII, neither k nor s). TestIsCopyrightMatchesTheRule.
	copyrightStartRe = mustAnchored(`(?i)^(?:©|\(c\)\s|copyright\b|powered by\b|theme:|impressum$|datenschutz(?:erklärung)?$|privacy policy$)`)
	copyrightAnyRe   = regexp.MustCompile(`(?i)\bproudly powered by\b|\ball rights reserved\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\btodos los derechos reservados\b`)
	copyrightWords   = []string{"powered by", "right", "rechte vorbehalten", "droit", "derecho"}
	navRe            = mustAnchored(`(?i)^(?:menu|main menu|menü|hauptmenü|navigation|toggle navigation|primary menu|skip to (?:main )?content|skip to navigation|zum inhalt springen|springe zum inhalt|aller au contenu|saltar al contenido|vai al contenuto|ir para o conteúdo|naar de inhoud springen|перейти к содержимому|przejdź do treści|search|suche|rechercher|buscar|cerca|pesquisar|zoeken|поиск|szukaj|home|startseite|accueil|inicio|início|live|open menu|close menu|close|schließen|fermer|cerrar|chiudi|sluiten|[←«]?\s*(?:vorheriger|nächster|previous|next|older|newer|älterer|neuerer) (?:beitrag|post|article|artikel|entry|eintrag|story)\s*[→»]?|article (?:précédent|suivant)|(?:entrada|artículo) (?:anterior|siguiente)|articolo (?:precedente|successivo))\s*[:…]?$`)
	// Share and like widgets: "Share this:", "Teilen mit:", "Like Loading...".
	shareRe = mustAnchored(`(?i)^(?:share|share this|share this (?:article|post|story|page)|share on \pL+|teilen|teilen mit|diesen beitrag teilen|partager|partager cet article|compartir|compartir esto|condividi|condividi questo articolo|compartilhe|compartilhar|delen|поделиться|udostępnij|like|like this|gefällt mir|j'aime|me gusta|mi piace|curtir|vind ik leuk|нравится|lubię to|tweet|facebook|twitter|x|whatsapp|telegram|pinterest|linkedin|reddit|tumblr|pocket|e-?mail|print|drucken|imprimer|imprimir|stampa|more|mehr|loading\.*|(?:like|liken|gefällt mir|j'aime|me gusta|mi piace|curtir)\s+(?:loading|lade|wird geladen|chargement|cargando|caricamento|carregando)\s*(?:\.\.\.|…)?|wird geladen\s*…?|chargement\s*…?|cargando\.*|caricamento\.*|carregando\.*|laden\.*|загрузка\.*)\s*[:.…]?$|^(?:\pL+ )?(?:herunterladen|download(?:en)?|kopieren|copy|teilen|share|drucken|print|speichern|save|merken)$|^click to (?:share|email|print) .*|^klicken, um .*|^cliquez pour .*|^haz clic para .*|^fai clic per .*`)
	// Subscribe and follow prompts: "Subscribe to our newsletter", "Folge uns".
	subscribeRe = mustAnchored(`(?i)^(?:sign me up|sign up|subscribe|follow|abonnieren|abonniere|folge|folgt|s'abonner|abonnez-vous|suivez|suivre|suscríbete|suscribirse|síguenos|seguir|iscriviti|seguici|inscreva-se|siga|assine|abonneer|volg|подписаться|подпишитесь|subskrybuj|obserwuj)(?:\s+(?:to|us|me|on|our|my|the|this|via|by|for|now|uns|mir|unserem|unseren|unseren|dem|den|nous|notre|nos|à|a|al|nuestro|nuestra|ci|alla|ao|nossa|nosso|ons|onze|на|нас|nas)\b.{0,60})?[.!]?$`)
)

// personish: a name as commenters write them: one word ("photobix",
// "Badenraser-1018"), or up to four capitalised words and particles
// ("Karl-Heinz Meier", "Jean de la Fontaine"), not a headline.
func personish(s string) bool {
	if !wordsAtMost(s, 4) {
		return false
	}
	ws := strings.Fields(s)
	if len(ws) == 1 {
		return true
	}
	if len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !particles[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

var particles = map[string]bool{"von": true, "van": true, "de": true, "der": true, "den": true, "la": true, "le": true, "di": true, "da": true, "du": true, "del": true, "y": true, "e": true, "zu": true, "ten": true, "ter": true, "bin": true, "al": true}

func isWidgetHeading(s string) bool { return widgetRe.MatchString(strings.TrimSpace(s)) }
func isCopyright(s string) bool {
	s = strings.TrimSpace(s)
	if !runesAtMost(s, 200) {
		return false
	}
	if copyrightStartRe.MatchString(s) {
		return true
	}
	for _, w := range copyrightWords {
		if asciiFoldIndex(s, w) >= 0 {
			return copyrightAnyRe.MatchString(s)
		}
	}
	return false
}

// asciiFoldIndex is the first index of word (lower-case ASCII) in s,
// ASCII letters compared without case; -1 when it is not there.
func asciiFoldIndex(s, word string) int {
	for i := 0; i+len(word) <= len(s); i++ {
		j := 0
		for ; j < len(word); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
		}
		if j == len(word) {
			return i
		}
	}
	return -1
}
func isNavWord(s string) bool { return navRe.MatchString(strings.TrimSpace(s)) }
func isShareWidget(s string) bool {
	return runesAtMost(s, 80) && shareRe.MatchString(strings.TrimSpace(s))
}
func isSubscribePrompt(s string) bool {
	s = strings.TrimSpace(s)
	return wordsAtMost(s, 8) && subscribeRe.MatchString(s)
}

// wordCount is len(strings.Fields(s)) without allocating: a page's line may
// be megabytes, and these rules only ask how many words a line has.
func wordCount(s string) int { return wordsUpTo(s, math.MaxInt) }

// wordsAtMost is wordCount(s) <= n, reading s only as far as needed.
func wordsAtMost(s string, n int) bool { return n >= 0 && wordsUpTo(s, n) <= n }

// wordsUpTo counts the words of s, stopping at the word past limit.
func wordsUpTo(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if space {
			in = false
		} else if !in {
			in = true
			if n++; n > limit {
				return n
			}
		}
	}
	return n
}

// asciiSpace is unicode.IsSpace below utf8.RuneSelf.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// runesAtMost is utf8.RuneCountInString(s) <= n without counting a long
// line's runes: a rune takes one to four bytes.
func runesAtMost(s string, n int) bool {
	if len(s) <= n {
		return true
	}
	if len(s) > utf8.UTFMax*n {
		return false
	}
	return utf8.RuneCountInString(s) <= n
}

// isQuoteAttr tells an attribution over a quoted comment (quoteAttrRe, or
// a line ending in a space and "↑").
func isQuoteAttr(s string) bool {
	if t, ok := strings.CutSuffix(s, "↑"); ok && t != "" && strings.IndexByte("\t\n\f\r ", t[len(t)-1]) >= 0 {
		return true
	}
	return quoteAttrRe.MatchString(s)
}

// replyToRe: a line under a comment that names the comment it answers,
// "Antwort auf #1 von NAME", "In reply to NAME", "En réponse à NAME".
var replyToRe = mustAnchored(`(?i)^(?:antwort auf(?:\s+#\d{1,6}(?:\.\d{1,4})*)?\s+von|in reply to|replying to|en réponse à|en respuesta a|in risposta a|em resposta a|als antwoord op|в ответ на)\s+(\S.{0,40}?)\s*:?$`)
