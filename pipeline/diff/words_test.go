package diff

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"same text", "same text", "same text"},
		{"IDF strikes in Gaza City", "IDF strike near Gaza City", "IDF [-strikes in-]{+strike near+} Gaza City"},
		{"Gaza, east", "Gaza. east", "Gaza[-,-]{+.+} east"},
		{"", "new", "{+new+}"},
		{"old", "", "[-old-]"},
		{"a b c", "a c", "a [-b -]c"},
		{"תקיפה ליד מסגד", "תקיפה סמוך למסגד", "תקיפה [-ליד מסגד-]{+סמוך למסגד+}"},
	} {
		t.Run(tc.a+"→"+tc.b, func(t *testing.T) {
			var sb strings.Builder
			for _, op := range Words(tc.a, tc.b) {
				sb.WriteString(mark(op.Text, op.Kind, TextOptions{}))
			}
			assert.Equal(t, tc.want, sb.String())
		})
	}
}

// FuzzWords checks the invariant every caller relies on: the kept and deleted pieces give
// the old text back, the kept and inserted ones the new text.
func FuzzWords(f *testing.F) {
	f.Add("IDF strikes in Gaza City", "IDF strike near Gaza City")
	f.Add("", "x")
	f.Add("a  b\tc", "a b c")
	f.Add("עידן אלכסנדר, עומר", "עידן, עומר נאוטרה")
	f.Fuzz(func(t *testing.T, a, b string) {
		var old, latest strings.Builder
		for _, op := range Words(a, b) {
			if op.Kind != Insert {
				old.WriteString(op.Text)
			}
			if op.Kind != Delete {
				latest.WriteString(op.Text)
			}
		}
		if old.String() != a || latest.String() != b {
			t.Fatalf("Words(%q, %q) does not rebuild its inputs: %q, %q", a, b, old.String(), latest.String())
		}
	})
}
