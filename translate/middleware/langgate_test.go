package middleware

import (
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// scriptLanguages is a fake detector: each run of Hebrew letters is he, the rest en, or
// whatever spans a test gives; it counts its calls.
type scriptLanguages struct {
	spans []LanguageSpan // when set, returned as they are
	calls int
}

func (s *scriptLanguages) Spans(text string, _, _ language.Tag) []LanguageSpan {
	s.calls++
	if s.spans != nil {
		return s.spans
	}
	var out []LanguageSpan
	for i, r := range text {
		lang := language.English
		if unicode.Is(unicode.Hebrew, r) {
			lang = language.Hebrew
		}
		if n := len(out); n > 0 && out[n-1].Lang == lang {
			out[n-1].End = i + len(string(r))
			continue
		}
		out = append(out, LanguageSpan{Start: i, End: i + len(string(r)), Lang: lang})
	}
	return out
}

func TestLanguageFlags(t *testing.T) {
	he, es, en := language.Hebrew, language.Spanish, language.English
	for _, tc := range []struct {
		name           string
		src            language.Tag
		source, answer string
		spans          []LanguageSpan
		want           []string
		asked          bool
	}{
		{name: "short", src: he, source: "שלום עולם", answer: "שלום עולם"},
		{name: "names", src: es, source: "Juan Pérez y María López García", answer: "Juan Pérez and María López García"},
		{name: "no letters", src: he, source: "12.5.2024", answer: "12/05/2024 14:00 — 3"},
		{name: "same language", src: en, source: "a b c d", answer: "a b c d"},
		{name: "und source", src: language.Und, source: "x y z w", answer: "x y z w"},
		{name: "english answer to hebrew: the detector is not asked", src: he, source: "תקיפה ליד מסגד אל-מחטה", answer: "Strike near the al-Mahatta mosque"},
		{name: "mostly hebrew", src: he, source: "תקיפה ליד מסגד אל-מחטה", answer: "Strike ליד מסגד אל-מחטה בשכונת", want: []string{translate.QASourceLanguage}}, // copied words tell, before the detector
		{name: "a hebrew run", src: he, source: "תקיפה ליד מסגד אל-מחטה", answer: "Strike near the big mosque of al-Mahatta, מסגד אל-מחטה", want: []string{"partial:he"}, asked: true},
		{name: "one hebrew word is a name", src: he, source: "תקיפה ליד מסגד אל-מחטה", answer: "Strike near the mosque of al-Mahatta in עזה", asked: true},
		{name: "spanish copied, half", src: es, source: "el gato come pescado en la casa", answer: "the cat eats fish en la casa", want: []string{"partial:es"}, asked: true},
		{name: "spanish copied, mostly", src: es, source: "el gato come pescado en la casa", answer: "el gato come pescado in the house", want: []string{translate.QASourceLanguage}},
		{name: "spanish, detector says so", src: es, source: "el gato come pescado", answer: "the cat is eating its fish today", want: []string{translate.QASourceLanguage},
			spans: []LanguageSpan{{0, 32, es}}, asked: true},
		{name: "bad spans are no evidence", src: es, source: "el gato come pescado", answer: "the cat is eating its fish today",
			spans: []LanguageSpan{{-1, 4, es}, {20, 999, es}, {9, 3, es}}, asked: true},
		{name: "a URL and markup are kept on purpose", src: es, source: "visite https://www.example.com/path/to/page para <b>más</b>",
			answer: "visit https://www.example.com/path/to/page for <b>more</b>", asked: true},
		{name: "capitalised copied run is a name", src: es, source: "vive en Nueva York City Hall", answer: "he lives in New York City Hall today", asked: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &scriptLanguages{spans: tc.spans}
			assert.Equal(t, tc.want, languageFlags(l, tc.source, tc.answer, tc.src, en))
			assert.Equal(t, tc.asked, l.calls > 0, "detector asked")
		})
	}
	assert.Nil(t, languageFlags(nil, "el gato come pescado", "el gato come pescado", es, en), "no detector, no gate")
}
