package translatetest

import (
	"strings"
	"unicode"
)

// hebrew and arabic transliterate letters, roughly; enough to tell texts apart.
var (
	hebrew = map[rune]string{'א': "a", 'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "v", 'ז': "z", 'ח': "kh", 'ט': "t",
		'י': "y", 'ך': "k", 'כ': "k", 'ל': "l", 'ם': "m", 'מ': "m", 'ן': "n", 'נ': "n", 'ס': "s", 'ע': "e", 'ף': "f",
		'פ': "p", 'ץ': "ts", 'צ': "ts", 'ק': "q", 'ר': "r", 'ש': "sh", 'ת': "t"}
	arabic = map[rune]string{'ا': "a", 'أ': "a", 'إ': "i", 'آ': "aa", 'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h",
		'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t",
		'ظ': "z", 'ع': "a", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h",
		'و': "w", 'ي': "y", 'ى': "a", 'ة': "h", 'ء': "'", 'ئ': "'", 'ؤ': "'"}
)

// Latin returns text with every letter of a script other than Latin written in Latin
// letters (Hebrew and Arabic transliterated, other scripts as "x"), combining marks of those
// scripts dropped, and everything else — Latin text, digits, punctuation, URLs, markup and
// placeholders — as it is. Fakes answer with it: a stand-in translation that keeps what QA
// checks (numbers, placeholders) and that the output-language gate does not take for the
// source language, as it would an echo.
func Latin(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case hebrew[r] != "":
			b.WriteString(hebrew[r])
		case arabic[r] != "":
			b.WriteString(arabic[r])
		case unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Latin, r) && r >= 0x0590:
		case unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r):
			b.WriteByte('x')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
