package format

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bidiNames are the explicit bidi embedding, override and isolate controls (Unicode UAX #9),
// which reorder the text around them on display.
var bidiNames = map[rune]string{
	0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
	0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
}

// Visible returns s with every C0 and C1 control character except tab and newline, and
// every bidi embedding, override or isolate control, replaced by a visible marker such as
// ⟨U+001B⟩ or ⟨U+202E RLO⟩: what a terminal or a reading view shows is then what the text
// holds. Text bound for a terminal goes through it — an escape sequence in a document or in
// a backend's answer could otherwise move the cursor, retitle the window or hide lines.
// A byte that is not UTF-8 shows as ⟨0x9B⟩. Text without any of these is returned as it is.
func Visible(s string) string {
	i := strings.IndexFunc(s, hidden)
	if i < 0 && utf8.ValidString(s) {
		return s
	}
	if i < 0 {
		i = 0
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for rest := s[i:]; rest != ""; {
		r, size := utf8.DecodeRuneInString(rest)
		switch name, bidi := bidiNames[r]; {
		case r == utf8.RuneError && size == 1:
			// A byte that is not UTF-8: a lone 0x9B is CSI to terminals that read 8-bit C1.
			fmt.Fprintf(&b, "⟨0x%02X⟩", rest[0])
		case bidi:
			fmt.Fprintf(&b, "⟨U+%04X %s⟩", r, name)
		case hidden(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		default:
			b.WriteString(rest[:size])
		}
		rest = rest[size:]
	}
	return b.String()
}

func hidden(r rune) bool {
	if r == '\t' || r == '\n' {
		return false
	}
	_, bidi := bidiNames[r]
	return bidi || unicode.IsControl(r)
}
