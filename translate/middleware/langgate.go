package middleware

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// QAPartialPrefix starts the soft QA flag of an answer that keeps a run of the source
// language: "partial:es" (a half-translated caption).
const QAPartialPrefix = "partial:"

// LanguageSpan is a run of one language in a text: text[Start:End], byte offsets.
type LanguageSpan struct {
	Start, End int
	Lang       language.Tag
}

// Languages is what QA's output-language gate needs of a language detector: the runs of one
// language a text is made of, as detect.Detector.Spans finds them (the text's own language
// first, then runs of another script, and same-script phrases of several words that the
// models are sure of), among the source and target languages only. It takes strings and gives language.Tag, so the middleware knows no
// detector; pipeline.AnswerLanguages adapts a *detect.Detector, and engine.Spec.Languages
// (backends.Stack.Languages) hands it to QA. It must be safe for concurrent use.
type Languages interface {
	// Spans returns the runs of one language text is made of, judged between source and
	// target: the question the gate asks is which of the two an answer is in.
	Spans(text string, source, target language.Tag) []LanguageSpan
}

// QALanguages makes QA check that every answer is in the target language, with l: an
// answer mostly in the source language (most of its letters) fails with
// translate.QASourceLanguage, a hard failure that falls back like an echo; an answer that
// keeps a run of two words or more in the source language is flagged "partial:<source>"
// for review. Answers of fewer than GateMinWords words, answers made mostly of names
// (capitalised words) and answers without letters are not checked: detection says nothing
// sure about them.
func QALanguages(l Languages) QAOption {
	return func(o *qaOptions) { o.langs = l }
}

// GateMinWords is the fewest words an answer needs for the output-language gate to judge it:
// detection of one or two words is a guess, and short answers are mostly names and labels.
const GateMinWords = 3

// languageFlags is the output-language gate (QALanguages) for one answer of source.
func languageFlags(l Languages, source, answer string, src, target language.Tag) []string {
	if l == nil || src == language.Und || sameBase(src, target) {
		return nil
	}
	// Markup, placeholders, URLs and addresses are kept from the source on purpose.
	source, answer = stripIfMarked(source), stripIfMarked(answer)
	words, names := wordCounts(answer)
	if words < GateMinWords || names*5 >= words*3 {
		return nil // short, or mostly names: "Edan Alexander, Omer Neutra, Itay Chen"
	}
	// Words copied from the source in runs: the half a model left untranslated, which the
	// detector cannot always single out between languages of one script (Spanish in English).
	copied := copiedWords(source, answer, target)
	if copied*2 > words {
		return []string{translate.QASourceLanguage}
	}
	if foreignScript(source, target) && !foreignScript(answer, target) {
		// The source is written in a script the target does not use (Hebrew into English)
		// and the answer has no letter of such a script: none of it can be in the source
		// language, and the detector need not be asked.
		return nil
	}
	spans := l.Spans(answer, src, target)
	var inSource, total int
	partial := false
	for _, s := range spans {
		if s.Start < 0 || s.End > len(answer) || s.Start > s.End {
			continue // a detector's bad span is no evidence
		}
		run := answer[s.Start:s.End]
		n := letters(run)
		total += n
		if sameBase(s.Lang, src) {
			inSource += n
			if w, _ := wordCounts(run); w >= 2 {
				partial = true
			}
		}
	}
	switch {
	case total > 0 && inSource*2 > total:
		return []string{translate.QASourceLanguage}
	case partial || copied > 0:
		return []string{QAPartialPrefix + baseCode(src)}
	}
	return nil
}

// copiedRun is the fewest consecutive words of the source that an answer must repeat, in
// order, to count as copied: one or two words are names, numbers and cognates.
const copiedRun = 3

// copiedWords counts the words of answer that lie in a run of at least copiedRun words that
// also runs in source (case and punctuation aside), among runs holding a word in lower
// case: a run of capitalised words is a name, kept on purpose. When the source is written
// in a script the target does not use (Hebrew into English), only words with a letter of
// such a script count: a Hebrew article quoting an English title in Latin letters gives
// that title back, rightly.
func copiedWords(source, answer string, target language.Tag) int {
	src, ans := gateWords(source), gateWords(answer)
	if foreignScript(source, target) {
		for i := range ans {
			if !foreignScript(ans[i].fold, target) {
				ans[i].fold = "\x00" // matches nothing in the source's grams
			}
		}
	}
	if len(src) < copiedRun || len(ans) < copiedRun {
		return 0
	}
	grams := map[[copiedRun]string]bool{}
	for i := 0; i+copiedRun <= len(src); i++ {
		grams[[copiedRun]string{src[i].fold, src[i+1].fold, src[i+2].fold}] = true
	}
	marked := make([]bool, len(ans))
	for i := 0; i+copiedRun <= len(ans); i++ {
		lower := ans[i].lower || ans[i+1].lower || ans[i+2].lower
		if lower && grams[[copiedRun]string{ans[i].fold, ans[i+1].fold, ans[i+2].fold}] {
			marked[i], marked[i+1], marked[i+2] = true, true, true
		}
	}
	n := 0
	for _, m := range marked {
		if m {
			n++
		}
	}
	return n
}

// gateWord is a word with letters, case-folded, and whether it starts in lower case.
type gateWord struct {
	fold  string
	lower bool
}

func gateWords(s string) []gateWord {
	var out []gateWord
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		if letters(w) == 0 {
			continue
		}
		r := []rune(w)[0]
		out = append(out, gateWord{fold: strings.ToLower(w), lower: unicode.IsLower(r) || !unicode.IsUpper(r) && unicode.IsLetter(r)})
	}
	return out
}

// stripIfMarked is stripMarkup for text that may hold markup, placeholders, URLs or
// addresses; the rest, most captions, skip its regular expressions (a third of the gate's
// cost, measured).
func stripIfMarked(s string) string {
	if strings.ContainsAny(s, "<{%@") || strings.Contains(s, "://") || strings.Contains(s, "www.") {
		return stripMarkup(s)
	}
	return s
}

func sameBase(a, b language.Tag) bool { return baseCode(a) == baseCode(b) }

func baseCode(t language.Tag) string {
	b, _ := t.Base()
	return b.String()
}

// wordCounts counts the words of s that have a letter, and of them those that start with
// an upper-case letter after the first word (names; a sentence's first word does not count).
func wordCounts(s string) (words, names int) {
	for i, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == '—' }) {
		first := rune(0)
		for _, r := range w {
			if unicode.IsLetter(r) {
				first = r
				break
			}
		}
		if first == 0 {
			continue
		}
		words++
		if i > 0 && unicode.IsUpper(first) {
			names++
		}
	}
	return words, names
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
