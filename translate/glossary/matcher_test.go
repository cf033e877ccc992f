package glossary

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
)

// naiveFind is what Matcher.Find must agree with: Matches for every term in turn.
func naiveFind(terms []translate.Term, text string) []int {
	var out []int
	for i, t := range terms {
		if Matches(text, t.Source) {
			out = append(out, i)
		}
	}
	return out
}

func TestMatcherAgreesWithMatches(t *testing.T) {
	terms := []translate.Term{
		{Source: "cat"}, {Source: "at"}, {Source: "Gaza City"}, {Source: "gaza"}, {Source: "GAZA"},
		{Source: "a"}, {Source: "aa"}, {Source: "aaa"}, {Source: "東京"}, {Source: "京都"},
		{Source: "עזה"}, {Source: "מסגד"}, {Source: "C#"}, {Source: "cafe\u0301"}, {Source: " "},
		{Source: "she"}, {Source: "he"}, {Source: "hers"}, {Source: "his"},
	}
	m := NewMatcher(terms)
	for _, text := range []string{
		"", "the cat sat", "categories", "Gaza  City\nand gaza", "aaa aa a", "aaaa",
		"東京都に住む", "תקיפה ליד מסגד מזרחית לעיר עזה", "בעזה", "C# code", "Café", "ushers his hers",
		"she sells", "x" + strings.Repeat("a", 100),
	} {
		assert.Equal(t, naiveFind(terms, text), m.Find(text), "%q", text)
	}
	assert.Nil(t, NewMatcher(nil).Find("anything"))
}

// Random terms and texts over a small alphabet (so that terms overlap, nest and repeat):
// the automaton finds exactly what the term-by-term check finds.
func TestMatcherRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "A", " ", "é", "e\u0301", "ש", "東", "-"}
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for round := range 300 {
		terms := make([]translate.Term, 1+r.IntN(30))
		for i := range terms {
			terms[i] = translate.Term{Source: word(1 + r.IntN(4)), Target: word(1 + r.IntN(3))}
		}
		m := NewMatcher(terms)
		for range 10 {
			text := word(r.IntN(40))
			require.Equal(t, naiveFind(terms, text), m.Find(text), "round %d: terms %q text %q", round, terms, text)
			tr := word(r.IntN(20))
			var want []translate.Term
			for _, tm := range terms {
				if Matches(text, tm.Source) && !Matches(tr, tm.Target) {
					want = append(want, tm)
				}
			}
			require.Equal(t, want, m.Missing(text, tr))
		}
	}
}

func FuzzMatcher(f *testing.F) {
	f.Add("cat\nat\naa", "the cat sat aaa")
	f.Add("עזה\nמסגד", "תקיפה ליד מסגד בעזה")
	f.Add("東京\n京都", "東京都")
	f.Fuzz(func(t *testing.T, termList, text string) {
		var terms []translate.Term
		for _, s := range strings.Split(termList, "\n") {
			terms = append(terms, translate.Term{Source: s, Target: s})
		}
		if got, want := NewMatcher(terms).Find(text), naiveFind(terms, text); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Find(%q) over %q = %v, want %v", text, terms, got, want)
		}
	})
}

// MatcherFor builds once per term list and reuses it for the same slice.
func TestMatcherFor(t *testing.T) {
	terms := []translate.Term{{Source: "a b"}, {Source: "c"}}
	m := MatcherFor(terms)
	assert.Same(t, m, MatcherFor(terms))
	assert.NotSame(t, m, MatcherFor(terms[:1]), "another length is another list")
	other := append([]translate.Term(nil), terms...)
	assert.NotSame(t, m, MatcherFor(other))
}

// bigGlossary returns n distinct Hebrew-looking terms and texts in which a few occur.
func bigGlossary(n int) ([]translate.Term, []string) {
	r := rand.New(rand.NewPCG(7, 7))
	letters := []rune("אבגדהוזחטיכלמנסעפצקרשת")
	word := func() string {
		w := make([]rune, 3+r.IntN(5))
		for i := range w {
			w[i] = letters[r.IntN(len(letters))]
		}
		return string(w)
	}
	seen := map[string]bool{}
	terms := make([]translate.Term, 0, n)
	for len(terms) < n {
		s := word()
		if r.IntN(3) == 0 {
			s += " " + word()
		}
		if !seen[s] {
			seen[s] = true
			terms = append(terms, translate.Term{Source: s, Target: fmt.Sprintf("term%d", len(terms))})
		}
	}
	texts := make([]string, 323)
	for i := range texts {
		var b strings.Builder
		for j := range 12 {
			if j > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(6) == 0 {
				b.WriteString(terms[r.IntN(n)].Source)
			} else {
				b.WriteString(word())
			}
		}
		texts[i] = b.String()
	}
	return terms, texts
}

// BenchmarkMissing: GlossaryQA's check of 323 segments against glossaries of growing size.
// The automaton is built once (MatcherFor), outside the loop, as in a job.
func BenchmarkMissing(b *testing.B) {
	for _, n := range []int{0, 1_000, 100_000} {
		terms, texts := bigGlossary(max(n, 1))
		terms = terms[:n]
		b.Run(fmt.Sprintf("terms=%d", n), func(b *testing.B) {
			MatcherFor(terms)
			b.ResetTimer()
			for range b.N {
				for _, s := range texts {
					Missing(terms, s, "a translation without the terms")
				}
			}
		})
	}
}

// BenchmarkNewMatcher is the one-off cost of a glossary's automaton.
func BenchmarkNewMatcher(b *testing.B) {
	terms, _ := bigGlossary(100_000)
	b.ResetTimer()
	for range b.N {
		NewMatcher(terms)
	}
}
