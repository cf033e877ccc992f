package format

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":            "plain text",
		"tab\tand\nnewline":     "tab\tand\nnewline",
		"\x1b[31mred":           "⟨U+001B⟩[31mred",
		"nul\x00":               "nul⟨U+0000⟩",
		"cr\r":                  "cr⟨U+000D⟩",
		"del\x7f c1\u009b":      "del⟨U+007F⟩ c1⟨U+009B⟩",
		"‮txt.exe":              "⟨U+202E RLO⟩txt.exe",
		"\u2066isolate\u2069":   "⟨U+2066 LRI⟩isolate⟨U+2069 PDI⟩",
		"שלום\u200f marks stay": "שלום\u200f marks stay",
		"":                      "",
		"bad \x9b byte":         "bad ⟨0x9B⟩ byte",
	} {
		assert.Equal(t, want, Visible(in), "%q", in)
	}
}
