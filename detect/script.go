package detect

import (
	"unicode"
)

// Script is a writing system as far as detection cares.
type Script int

// Scripts that decide or narrow a segment's language before any model is consulted.
const (
	NoScript Script = iota
	Latin
	Hebrew
	Arabic
	Cyrillic
	Greek
	Han
	Kana
	Hangul
	Thai
	Devanagari
	Bengali
	Gujarati
	Gurmukhi
	Tamil
	Telugu
	Armenian
	Georgian
	Other
	numScripts
)

var scriptTables = []struct {
	s Script
	t *unicode.RangeTable
}{
	{Latin, unicode.Latin}, {Hebrew, unicode.Hebrew}, {Arabic, unicode.Arabic},
	{Cyrillic, unicode.Cyrillic}, {Greek, unicode.Greek}, {Han, unicode.Han},
	{Kana, unicode.Hiragana}, {Kana, unicode.Katakana}, {Hangul, unicode.Hangul},
	{Thai, unicode.Thai}, {Devanagari, unicode.Devanagari}, {Bengali, unicode.Bengali},
	{Gujarati, unicode.Gujarati}, {Gurmukhi, unicode.Gurmukhi}, {Tamil, unicode.Tamil},
	{Telugu, unicode.Telugu}, {Armenian, unicode.Armenian}, {Georgian, unicode.Georgian},
}

func scriptOf(r rune) Script {
	if r < 0x80 {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return Latin
		}
		return NoScript
	}
	if !unicode.IsLetter(r) {
		return NoScript
	}
	for _, st := range scriptTables {
		if unicode.Is(st.t, r) {
			return st.s
		}
	}
	return Other
}

// scriptCounts counts the letters of each script in s.
type scriptCounts [numScripts]int

func countScripts(s string) (c scriptCounts) {
	for _, r := range s {
		c[scriptOf(r)]++
	}
	return c
}

// letters is the number of letters of any script.
func (c scriptCounts) letters() int {
	n := 0
	for s := Latin; s < numScripts; s++ {
		n += c[s]
	}
	return n
}

// main returns the script with the most letters. Japanese mixes Han and Kana: any Kana
// makes Han-script text Japanese. A Latin acronym inside a Hebrew sentence does not
// outweigh the Hebrew letters around it.
func (c scriptCounts) main() Script {
	best, n := NoScript, 0
	for s := Latin; s < numScripts; s++ {
		if c[s] > n {
			best, n = s, c[s]
		}
	}
	if (best == Han || best == Kana) && c[Kana] > 0 {
		return Kana
	}
	return best
}
