package deepl

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzChunks: whatever the texts, the spans cover them in order, none is empty, none has more
// than MaxTexts texts, and each encoded body fits MaxBodyBytes, or the texts are refused.
func FuzzChunks(f *testing.F) {
	f.Add("a\x00b\x00c", 3, "ctx")
	f.Add(strings.Repeat("ש", 100), 60, "")
	f.Add("\"\\\n<>&\x01", 2000, strings.Repeat("x", 1000))
	f.Fuzz(func(t *testing.T, text string, n int, context string) {
		if n < 0 || n > 5000 || !utf8.ValidString(text) {
			return
		}
		texts := make([]string, n)
		for i := range texts {
			texts[i] = text
		}
		fixed := request{TargetLang: "EN-US", SourceLang: "HE", Context: context, SplitSentences: "0"}
		spans, err := chunks(texts, fixed)
		if err != nil {
			return // a text too long for any request
		}
		next := 0
		for _, s := range spans {
			if n == 0 {
				break
			}
			if s.lo != next || s.hi <= s.lo || s.hi-s.lo > MaxTexts {
				t.Fatalf("bad span %v after %d", s, next)
			}
			body := fixed
			body.Text = texts[s.lo:s.hi]
			b, err := marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > MaxBodyBytes {
				t.Fatalf("span %v: body of %d bytes", s, len(b))
			}
			next = s.hi
		}
		if next != n {
			t.Fatalf("spans end at %d of %d", next, n)
		}
	})
}
