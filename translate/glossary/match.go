package glossary

import (
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
	return occurs(compared(text), compared(term))
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
// in the order of terms. It costs the length of the texts, not terms × texts: see Matcher
// (built once per term list, MatcherFor).
func Matching(terms []translate.Term, texts ...string) []translate.Term {
	return MatcherFor(terms).Matching(texts...)
}

// Missing returns the terms whose source term occurs in source but whose target term does
// not occur in translation: the terms a translation failed to use. Like Matching, it costs
// the length of the texts (plus one check per term found), whatever the number of terms.
func Missing(terms []translate.Term, source, translation string) []translate.Term {
	return MatcherFor(terms).Missing(source, translation)
}
