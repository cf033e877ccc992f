package detect

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSpans checks SpansOf's contract on any text: spans are in order, do not overlap,
// lie inside the text, start and end on rune boundaries, hold no leading or trailing
// whitespace, and together cover every non-whitespace byte.
func FuzzSpans(f *testing.F) {
	for _, s := range []string{
		`The sign read "שלום עולם" in large letters.`,
		`צה"ל תקף את מטה ה-IDF בעזה`,
		`Officials said "es una propuesta que queremos discutir" on Friday.`,
		"  ×  ", "", "\u200f", "日本語とEnglish", "a-'b' -- 'ג'", "Ληξόβιοι) handel",
	} {
		f.Add(s)
	}
	d := detector(f)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		prev := 0
		for _, sp := range d.Spans(text) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
				t.Fatalf("bad span %+v after %d in %q", sp, prev, text)
			}
			if !utf8.RuneStart(text[sp.Start]) || sp.End < len(text) && !utf8.RuneStart(text[sp.End]) {
				t.Fatalf("span %+v splits a rune in %q", sp, text)
			}
			piece := text[sp.Start:sp.End]
			if strings.TrimSpace(piece) != piece {
				t.Fatalf("span %+v has surrounding whitespace in %q", sp, text)
			}
			if strings.TrimSpace(text[prev:sp.Start]) != "" {
				t.Fatalf("bytes %d..%d of %q are in no span", prev, sp.Start, text)
			}
			prev = sp.End
		}
		if strings.TrimSpace(text[prev:]) != "" {
			t.Fatalf("the end of %q from %d is in no span", text, prev)
		}
	})
}

// BenchmarkYnetDocumentSpans measures detecting and splitting the example article once the
// models it needs are loaded.
func BenchmarkYnetDocumentSpans(b *testing.B) {
	raw, err := os.ReadFile("../testdata/ynet/ynet-hostages.txt")
	if err != nil {
		b.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	d := detector(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := d.DocumentSpans(context.Background(), lines); err != nil {
			b.Fatal(err)
		}
	}
}
