package segment

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

func texts(s string) []string {
	var out []string
	for _, sp := range Sentences(s) {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello world. How are you?", []string{"Hello world.", "How are you?"}},
		{"Meanwhile, the U.S. State Department said so. Then more.", []string{"Meanwhile, the U.S. State Department said so.", "Then more."}},
		{"Dr. Smith met Mr. Jones. They talked.", []string{"Dr. Smith met Mr. Jones.", "They talked."}},
		{"It cost 3.5 dollars. Cheap!", []string{"It cost 3.5 dollars.", "Cheap!"}},
		{"He said “stop.” Then he left.", []string{"He said “stop.”", "Then he left."}},
		{"Wait... what? Yes.", []string{"Wait... what?", "Yes."}},
		{"See example.com for more. Or not.", []string{"See example.com for more.", "Or not."}},
		{"J. K. Rowling wrote it. Fine.", []string{"J. K. Rowling wrote it.", "Fine."}},
		{"שלום עולם. מה שלומך?", []string{"שלום עולם.", "מה שלומך?"}},
		{"你好。再见。", []string{"你好。", "再见。"}},
		{"no terminal at all", []string{"no terminal at all"}},
		{"  padded.  ", []string{"padded."}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, texts(tt.in))
		})
	}
}

// coverage checks the contract: sentences are in order, do not overlap, and cover every non-space byte.
func coverage(t *testing.T, s string) {
	covered := make([]bool, len(s))
	prev := 0
	for _, sp := range Sentences(s) {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
			t.Fatalf("bad span %+v after %d in %q", sp, prev, s)
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i] = true
		}
		prev = sp.End
	}
	for i, r := range s {
		if !unicode.IsSpace(r) && !covered[i] {
			t.Fatalf("byte %d (%q) not covered in %q", i, r, s)
		}
	}
}

func TestCoverage(t *testing.T) {
	for _, s := range []string{"a. b. c.", "...", ". . .", "x?!\" y", strings.Repeat("Ab. ", 50)} {
		coverage(t, s)
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("Hello Mr. Smith. How are you? Fine… thanks.")
	f.Add("שלום. U.S. 3.5 “q.” ")
	f.Fuzz(func(t *testing.T, s string) {
		coverage(t, s)
	})
}
