package html

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// Page leftovers that survive content choice because they sit inside the article's markup,
// recognised by what they say, in the languages of the development set and their neighbours.
var (
	// chromeLineRe matches a whole block that is a page control or a call to action.
	chromeLineRe = regexp.MustCompile(`(?i)^\W*(reklama|publicidad|publicidade|anuncio|advertisement|advertising|anzeige|werbung|publicité|pubblicità|mainos|annonse|drukuj|print|imprimir|drucken|imprimer|stampa|tulosta|udostępnij|compartir|compartilhar|partager|teilen|share( this( article)?)?|condividi|jaa|kommentieren|kommentare?( schreiben)?|\d*\s*(comments?|comentarios?|commentaires?|kommentare?|komentarze?|commenti|kommentit)|leave a (comment|reply)|deja (un|tu) comentario|laisser un commentaire|vos réactions|réagir|skomentuj|dodaj komentarz|ultima modifica|última actualización|atualizado em|mis à jour|aktualisiert|updated|published|publikacja|opublikowano|publicado|publié le|veröffentlicht|más noticias|otras noticias|weitere artikel|more stories|inne artykuły( autora)?|kommentierte artikel|meistgelesen|am meisten gelesen|lo último|tags?|temas|etiquetas|schlagworte|tagi|mots-clés)\W*$`)
	// chromeStartRe matches the start of a block that asks the reader to do something
	// other than read on: follow, subscribe, sign in, accept cookies, rate the article.
	chromeStartRe = regexp.MustCompile(`(?i)^\W*(follow us|síguenos|siguenos|sígueme|nos siga|siga-nos|suivez-nous|folgen sie uns|obserwuj nas|seguici|subscribe|suscríbete|suscribete|assine|abonnez-vous|abonnieren sie|zapraszamy (też |także )?do (subskrypcji|prenumeraty)|pour lire la suite|pour accéder|czytasz właśnie|ten tekst przeczytasz|this article is for subscribers|sign in|log in|inicia sesión|connectez-vous|melden sie sich an|sie müssen sich einloggen|zaloguj się|we use cookies|utilizamos cookies|nous utilisons des cookies|wir verwenden cookies|korzystamy z (plików )?cookies|ta strona (używa|korzysta)|was this (article|page) helpful|war (der|dieser) artikel (nützlich|hilfreich)|möchten sie den artikel teilen|¿te (gustó|sirvió)|¡mira lo que tiene|¿ya sabías que|for the latest (stories|news)|download (our|the) app|descarga (nuestra|la) app|laden sie sich|all rights reserved|todos los derechos reservados|tous droits réservés|alle rechte vorbehalten|wszelkie prawa zastrzeżone|materiał chroniony prawem|copyright|©)`)
	// serverErrorRe matches a server's error message printed into the page (PHP's "Warning:
	// … in /path/file.php on line 12").
	serverErrorRe = regexp.MustCompile(`^\W*(Strict Standards|Warning|Notice|Deprecated|Fatal error|Parse error): .{0,400}? on line \d+`)
	// readTimeRe matches a reading-time line ("5 min read", "11 minut czytania").
	readTimeRe = regexp.MustCompile(`(?i)^\W*\d+\s*(min|minutes?|minut[ay]?|minuten|minutos|minuti)\.?\s*(read|de lectura|de lecture|czytania|lesezeit|lettura|de leitura)?\W*$|^\W*(lesezeit|reading time|tiempo de lectura|temps de lecture|czas czytania)\b`)
	// commentsRe names a comment section: where it starts, the article has ended.
	commentsRe = regexp.MustCompile(`(?i)^\W*(#?\d+\s*)?(comments?|kommentare?|comentarios?|commentaires?|komentarze?|commenti)\s+(von|by|de|od|di|par)\s|^\W*(\d+\s*)?(comments?|comentarios?|commentaires?|kommentare?|komentarze?|commenti|kommentit|vos réactions|reacciones|leave a (comment|reply)|laisser un commentaire|deja un comentario|kommentar schreiben|kommentieren)(\s*\(\d+\))?\W*$`)
	// monthWords are month and weekday names and the small words of dates, for telling a
	// date line from a line of text.
	monthWords = setOf(strings.Fields(`january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
		enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
		lunes martes miércoles jueves viernes sábado domingo
		janvier février mars avril mai juin juillet août septembre octobre novembre décembre
		lundi mardi mercredi jeudi vendredi samedi dimanche
		januar februar märz april mai juni juli august september oktober november dezember
		montag dienstag mittwoch donnerstag freitag samstag sonntag
		stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia
		styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień
		poniedziałek wtorek środa czwartek piątek sobota niedziela
		janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
		gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
		tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta marraskuuta joulukuuta
		januar februar mars april mai juni juli august september oktober november desember
		de del of am um uhr à le el h hs hrs gmt utc cet cest est pm am a.m. p.m. och i w dnia r. godz. godz
		on at il em às published updated posted pubblicato ultima modifica aggiornato publicado actualizado atualizado
		publié mis à jour veröffentlicht aktualisiert zuletzt opublikowano publikacja aktualizacja julkaistu päivitetty
		publisert oppdatert`))
)

func setOf(ws []string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// leftover reports whether a block of text is a page leftover: a control, a call to action,
// a reading time, or a date line.
func leftover(t string) bool {
	return chromeLineRe.MatchString(t) || serverErrorRe.MatchString(t) || chromeStartRe.MatchString(t) || readTimeRe.MatchString(t) || dateLine(t)
}

// dateLine reports whether t is a date or time and little else ("7. oktober 2020", "19:49",
// "24. März 2004, 19:49 | Genesis"): it has digits, and without them and the words of dates
// at most one word is left.
func dateLine(t string) bool {
	if utf8.RuneCountInString(t) > 80 || !strings.ContainsFunc(t, unicode.IsDigit) {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '|' || r == '/' || r == '-' || r == '–' || r == '·' || r == '•'
	})
	left := 0
	for _, w := range words {
		w = strings.Trim(w, ".:()[]")
		if w == "" || monthWords[w] || !strings.ContainsFunc(w, unicode.IsLetter) {
			continue
		}
		left++
	}
	return left <= 1 && len(words) <= 8
}

// sentence reports whether t ends like a sentence.
func sentence(t string) bool {
	t = strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r) })
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…。！？:;", r)
}

// trimEdges drops what an article's edges collect: a comment section and everything after
// it; headings with nothing after them (the title of a box of links); short lines that are
// not sentences after the last paragraph (a sign-off, an agency code, a tag).
func trimEdges(d *doc.Document) {
	blocks := d.Blocks
	for i, b := range blocks {
		if i > 0 && (b.Kind == doc.Heading || b.Kind == doc.Paragraph) && commentsRe.MatchString(b.Text) && i >= len(blocks)/3 {
			blocks = blocks[:i]
			break
		}
	}
	for len(blocks) > 1 {
		b := blocks[len(blocks)-1]
		short := len(strings.Fields(b.Text)) <= 4 && !sentence(b.Text)
		if b.Kind == doc.Heading || b.Kind == doc.Paragraph && short || b.Kind == doc.Boilerplate {
			blocks = blocks[:len(blocks)-1]
			continue
		}
		break
	}
	for i, b := range blocks {
		b.Index = i
	}
	d.Blocks = blocks
}
