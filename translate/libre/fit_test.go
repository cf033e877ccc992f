package libre

import (
	"testing"
	"unicode/utf8"

	"github.com/seed77ff/bitext/translate"
)

// FuzzFit: fit takes at least one text, never more than the limits allow unless a single text
// is over them (then it is an error), and never more texts than there are.
func FuzzFit(f *testing.F) {
	f.Add("abc", 5, 3, 10)
	f.Add("שלום", 100, 0, 7)
	f.Fuzz(func(t *testing.T, text string, n, texts, chars int) {
		if n <= 0 || n > 1000 || texts < 0 || chars < 0 || !utf8.ValidString(text) {
			return
		}
		in := make([]string, n)
		for i := range in {
			in[i] = text
		}
		hi, err := fit(in, translate.Limits{Texts: texts, CodePoints: chars})
		c := utf8.RuneCountInString(text)
		if err != nil {
			if chars == 0 || c <= chars {
				t.Fatalf("error for a text within the limit: %v", err)
			}
			return
		}
		if hi < 1 || hi > n {
			t.Fatalf("fit %d of %d", hi, n)
		}
		if texts > 0 && hi > texts {
			t.Fatalf("fit %d texts over the limit %d", hi, texts)
		}
		if chars > 0 && hi*c > chars {
			t.Fatalf("fit %d chars over the limit %d", hi*c, chars)
		}
	})
}
