package glossary

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/translate"
)

// Matches reports whether term occurs in text as a whole word or phrase, ignoring case,
// after both are normalized (Normalize). At an edge of the term that is a letter or a
// digit, the neighbouring character of text must not be one, so "cat" is not found in
// "category" — except in scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao,
// Khmer, Myanmar), where a term matches anywhere. Inflected forms ("hostages" for
// "hostage", Hebrew "בעזה" for "עזה") are not matches: the check is literal on purpose, so
// that it is predictable.
func Matches(text, term string) bool {
	term = strings.ToLower(Normalize(term))
	if term == "" {
		return false
	}
	text = strings.ToLower(Normalize(text))
	first, _ := utf8.DecodeRuneInString(term)
	last, _ := utf8.DecodeLastRuneInString(term)
	for from := 0; from <= len(text); {
		i := strings.Index(text[from:], term)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(term)
		if edgeOK(text[:start], first, true) && edgeOK(text[end:], last, false) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		from = start + size
	}
	return false
}

// edgeOK reports whether the text beside a match (rest: before it when before is true,
// else after it) leaves the term's edge rune r a word edge.
func edgeOK(rest string, r rune, before bool) bool {
	if !word(r) || spaceless(r) || rest == "" {
		return true
	}
	var n rune
	if before {
		n, _ = utf8.DecodeLastRuneInString(rest)
	} else {
		n, _ = utf8.DecodeRuneInString(rest)
	}
	return !word(n) || spaceless(n)
}

func word(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }

// spaceless reports whether r belongs to a script written without spaces between words.
func spaceless(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// Matching returns the terms whose source term occurs in at least one of texts (Matches),
// in the order of terms.
func Matching(terms []translate.Term, texts ...string) []translate.Term {
	var out []translate.Term
	for _, t := range terms {
		for _, s := range texts {
			if Matches(s, t.Source) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// Missing returns the terms whose source term occurs in source but whose target term does
// not occur in translation: the terms a translation failed to use.
func Missing(terms []translate.Term, source, translation string) []translate.Term {
	var out []translate.Term
	for _, t := range terms {
		if Matches(source, t.Source) && !Matches(translation, t.Target) {
			out = append(out, t)
		}
	}
	return out
}
