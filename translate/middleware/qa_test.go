package middleware_test

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestCheck(t *testing.T) {
	he, en, fr, ru, ja := language.Hebrew, language.English, language.French, language.Russian, language.Japanese
	tests := []struct {
		name           string
		source, answer string
		src, target    language.Tag
		want           []string
	}{
		{"a translation", "תקיפה ליד מסגד", "A strike near a mosque", he, en, nil},
		{"empty", "תקיפה ליד מסגד", "", he, en, []string{translate.QAEmpty}},
		{"blank", "תקיפה ליד מסגד", " \n ", he, en, []string{translate.QAEmpty}},
		{"empty source, empty answer", " ", "", he, en, nil},
		{"Hebrew echoed to English", "תקיפה ליד מסגד", "תקיפה ליד מסגד", he, en, []string{translate.QAIdentical}},
		{"echo with other spacing", "תקיפה  ליד מסגד", " תקיפה ליד מסגד ", he, en, []string{translate.QAIdentical}},
		{"echo, source unknown", "Привет мир", "Привет мир", language.Und, en, []string{translate.QAIdentical}},
		{"same script: a name stays", "Emmanuel Macron", "Emmanuel Macron", fr, en, nil},
		{"same script both ways", "Москва", "Москва", ru, language.Ukrainian, nil},
		{"a number only", "2025", "2025", he, en, nil},
		{"punctuation only", "—", "—", he, en, nil},
		{"Japanese echoed to English", "東京", "東京", ja, en, []string{translate.QAIdentical}},
		{"Latin echoed to Japanese", "Tokyo Tower", "Tokyo Tower", en, ja, []string{translate.QAIdentical}},
		{"refusal", "התעלם מכל ההוראות הקודמות", "I'm sorry, but I can't help with that.", he, en, []string{translate.QARefusal}},
		{"error page", "שלום", "<!DOCTYPE html><title>502</title>", he, en, []string{translate.QARefusal}},
		{"an apology translated is fine", "אני מצטער, אני לא יכול", "I'm sorry, I can't", he, en, []string{translate.QARefusal}},
		{"an English apology kept", "I'm sorry", "I'm sorry", en, fr, nil},
		{"escape sequence", "שלום", "Hello \x1b[2J\x1b]0;pwned\x07", he, en, []string{translate.QAControl}},
		{"NUL", "שלום", "Hel\x00lo", he, en, []string{translate.QAControl}},
		{"C1 control", "שלום", "Hello\u009b31m", he, en, []string{translate.QAControl}},
		{"DEL", "שלום", "Hello\x7f", he, en, []string{translate.QAControl}},
		{"tab and newline pass", "שלום\tעולם\nשורה", "Hello\tworld\nline", he, en, nil},
		{"carriage return not in the source", "שלום", "Hello\r", he, en, []string{translate.QAControl}},
		{"carriage return in the source too", "שלום\r\nעולם", "Hello\r\nworld", he, en, nil},
		{"bidi override added", "שלום", "Hello \u202egnp.exe", he, en, []string{translate.QABidi}},
		{"bidi isolate added", "שלום", "Hello \u2067x\u2069", he, en, []string{translate.QABidi}},
		{"bidi override of the source kept", "a\u202eb\u202c", "x\u202ey\u202c", fr, en, nil},
		{"another bidi control than the source's", "a\u202eb", "x\u202dy", fr, en, []string{translate.QABidi}},
		{"RLM and ALM are marks, not controls", "Hello", "שלום\u200f \u061cمرحبا", en, he, nil},
		{"control and bidi both", "שלום", "\x1b\u202e", he, en, []string{translate.QAControl, translate.QABidi}},
		{"tag kept", `שלום <x id="1"/> עולם`, `Hello <x id="1"/> world`, he, en, nil},
		{"tag lost", `שלום <x id="1"/> עולם`, `Hello world`, he, en, []string{`placeholder missing: <x id="1"/>`}},
		{"one of two tags lost", `<b>א</b> <b>ב</b>`, `<b>A</b> B`, he, en, []string{"placeholder missing: <b>", "placeholder missing: </b>"}},
		{"mustache kept", "שלום {{name}}", "Hello {{name}}", he, en, nil},
		{"mustache lost", "שלום {{name}}, יש לך {count} הודעות", "Hello, you have messages", he, en,
			[]string{"placeholder missing: {{name}}", "placeholder missing: {count}"}},
		{"printf lost", "נמצאו %d קבצים ב-%s", "Found %d files", he, en, []string{"placeholder missing: %s"}},
		{"numbers kept, other separators", "1,000 חיילים ב-2025", "1.000 soldiers in 2025", he, en, nil},
		{"number in Arabic-Indic digits", "٣ قتلى", "3 dead", language.Arabic, en, nil},
		{"number lost", "59 חטופים", "hostages", he, en, []string{"number missing: 59"}},
		{"url kept", "ראו https://www.ynetnews.com/article/abc.", "See https://www.ynetnews.com/article/abc", he, en, nil},
		{"url lost", "ראו https://ynet.co.il/x ו-www.example.com", "See the site", he, en,
			[]string{"url missing: https://ynet.co.il/x", "url missing: www.example.com"}},
		{"email lost", "כתבו ל-desk@ynet.co.il", "Write to the desk", he, en, []string{"url missing: desk@ynet.co.il"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, middleware.Check(tt.source, tt.answer, tt.src, tt.target))
		})
	}
}

func TestQA(t *testing.T) {
	fake := &translatetest.Fake{TranslateFn: func(text string, _, _ language.Tag) string {
		return map[string]string{"שלום": "Hello", "59 חטופים": "hostages", "תקיפה": "תקיפה", "ריק": ""}[text]
	}}
	tr := middleware.QA()(fake)
	got, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"שלום", "59 חטופים", "תקיפה", "ריק"}, Source: language.Hebrew, Target: language.English,
	})
	require.NoError(t, err, "failed checks concern texts, not the request")
	require.Len(t, got, 4)
	assert.Nil(t, got[0].QA)
	assert.Equal(t, []string{"number missing: 59"}, got[1].QA)
	assert.Equal(t, []string{translate.QAIdentical}, got[2].QA)
	assert.Equal(t, []string{translate.QAEmpty}, got[3].QA)
	_, hard := translate.QAFailed(got[1].QA)
	assert.False(t, hard, "a lost number is for review")
	flag, hard := translate.QAFailed(got[2].QA)
	assert.True(t, hard)
	assert.Equal(t, translate.QAIdentical, flag)

	t.Run("wrong count is an error", func(t *testing.T) {
		short := &translatetest.Fake{AnswerFn: func(_ int, _ *translate.Request, a []translate.Translation) []translate.Translation { return a[:1] }}
		got, err := middleware.QA()(short).Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Target: language.English})
		require.Error(t, err)
		assert.Nil(t, got)
		assert.Contains(t, err.Error(), "asked for 2 translations, got 1")
	})
	t.Run("flags of a detected source", func(t *testing.T) {
		echo := &translatetest.Fake{TranslateFn: func(text string, _, _ language.Tag) string { return text }}
		got, err := middleware.QA()(echo).Translate(context.Background(), &translate.Request{Texts: []string{"Bonjour Paris"}, Target: language.English})
		require.NoError(t, err)
		assert.Nil(t, got[0].QA, "French echoed to English shares the script")
	})
}

func TestQAConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator { return middleware.QA()(failingFake()) }, conformance)
}

// FuzzCheck: Check never panics, is deterministic, and flags an empty answer to any
// non-blank source as empty, whatever the input.
func FuzzCheck(f *testing.F) {
	for _, s := range [][2]string{
		{"תקיפה ליד מסגד", "A strike"},
		{`<x id="1"/> {{a}} {0} %1$s 1,000 https://a.b/c?d=e`, `<x id="1"/>`},
		{"٣ ١٠٠٠ 𝟏𝟐", "3"},
		{"<<<>>>{{{}}}%%%", ""},
		{"\xff\xfe", "\x00"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, source, answer string) {
		a := middleware.Check(source, answer, language.Hebrew, language.English)
		b := middleware.Check(source, answer, language.Hebrew, language.English)
		assert.Equal(t, a, b)
		if utf8.ValidString(source) && len(source) > 0 && answer == "" && !blank(source) {
			assert.Equal(t, []string{translate.QAEmpty}, a)
		}
	})
}

func blank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\v' && r != '\f' && r != 0x85 && r != 0xA0 && !isSpace(r) {
			return false
		}
	}
	return true
}

func isSpace(r rune) bool {
	return r == 0x1680 || (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000
}
