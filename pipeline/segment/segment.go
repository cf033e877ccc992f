// Package segment splits block text into sentences, keeping byte offsets.
//
// A sentence ends at '.', '!', '?', '…' (and their CJK, Arabic and Devanagari forms), with
// any closing quotes and brackets, when whitespace and then something that can start a
// sentence follow. The usual traps are handled: abbreviations ("Dr.", "U.S."), initials,
// decimals and times ("3.5", "2:30"), ellipses followed by lower case, and URLs.
package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of the text given to Sentences.
type Span struct{ Start, End int }

// abbreviations never end a sentence when followed by a capital, lower-cased, without the dot.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "maj": true, "gov": true, "sen": true,
	"rep": true, "rev": true, "hon": true, "pres": true, "vs": true, "etc": true, "e.g": true, "i.e": true,
	"no": true, "nos": true, "vol": true, "fig": true, "figs": true, "p": true, "pp": true, "ed": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"approx": true, "dept": true, "est": true, "ft": true, "mt": true, "ave": true, "blvd": true,
	"a.m": true, "p.m": true, "u.s": true, "u.k": true, "u.n": true,
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '؟', '।', '॥':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']', '}', '」', '』', '›':
		return true
	}
	return false
}

// Sentences returns the sentences of text, trimmed of surrounding whitespace, in order.
// Together they cover every non-space byte of text.
func Sentences(text string) []Span {
	var spans []Span
	start := skipSpace(text, 0)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isTerminal(r) {
			i += n
			continue
		}
		end := i + n
		// A run of terminals ("?!", "...") and then closers belong to this sentence.
		for end < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[end:])
			if !isTerminal(r2) && !isCloser(r2) {
				break
			}
			end += n2
		}
		if boundary(text, start, i, end) {
			spans = appendSpan(spans, text, start, end)
			start = skipSpace(text, end)
		}
		i = end
	}
	return appendSpan(spans, text, start, len(text))
}

func appendSpan(spans []Span, text string, start, end int) []Span {
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	if end > start {
		spans = append(spans, Span{start, end})
	}
	return spans
}

func skipSpace(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// boundary decides whether the terminal at text[term:end] ends the sentence begun at start.
func boundary(text string, start, term, end int) bool {
	if end >= len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[end:])
	r, _ := utf8.DecodeRuneInString(text[term:])
	// CJK full stops need no space after them.
	if r == '。' || r == '！' || r == '？' {
		return true
	}
	if !unicode.IsSpace(next) {
		return false // "3.5", "U.S.", "example.com", "e.g.,"
	}
	after := skipSpace(text, end)
	if after >= len(text) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(text[after:])
	if unicode.IsLower(first) {
		return false // "... and then", "approx. five"
	}
	if r != '.' {
		return true
	}
	// A full stop: look at the word it ends.
	word := lastWord(text[start:term])
	lw := strings.ToLower(word)
	switch {
	case abbreviations[lw]:
		return false
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper(firstRune(word)):
		return false // an initial: "J. Smith"
	case strings.Contains(word, ".") && isInitialism(word):
		// "U.S." ends a sentence only when what follows cannot continue it; we cannot tell,
		// and mid-sentence use is far more common in news text.
		return false
	}
	return true
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' })
	w := s[i+1:]
	if i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		w = s[i+n:]
	}
	return w
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isInitialism reports whether w looks like "U.S" or "e.g": letters separated by dots.
func isInitialism(w string) bool {
	for _, part := range strings.Split(w, ".") {
		if utf8.RuneCountInString(part) > 2 {
			return false
		}
	}
	return true
}
