package segment

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/language"
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

func TestSentencesLang(t *testing.T) {
	tests := []struct {
		lang language.Tag
		in   string
		want []string
	}{
		{language.German, "Er kam am 3. Oktober. Dann ging er.", []string{"Er kam am 3. Oktober.", "Dann ging er."}},
		{language.German, "Sie wurde der 2. Sieger. Das war gut.", []string{"Sie wurde der 2. Sieger.", "Das war gut."}},
		{language.Spanish, "¿Vienes? ¡Sí! La Sra. Gómez no.", []string{"¿Vienes?", "¡Sí!", "La Sra. Gómez no."}},
		{language.French, "M. Dupont est là. Il attend.", []string{"M. Dupont est là.", "Il attend."}},
		{language.Italian, "Ho visto l'Avv. Rossi. Era stanco.", []string{"Ho visto l'Avv. Rossi.", "Era stanco."}},
		{language.Russian, "Это сказал проф. Иванов. Он прав.", []string{"Это сказал проф. Иванов.", "Он прав."}},
		{language.Greek, "Πού είσαι; Εδώ.", []string{"Πού είσαι;", "Εδώ."}},
		{language.English, "Price: 3.5; see p. 4. Next.", []string{"Price: 3.5; see p. 4.", "Next."}},
		{language.Armenian, "Բարև Ձեզ: Իմ անունն է:", []string{"Բարև Ձեզ:", "Իմ անունն է:"}},
		{language.Arabic, "ما هذا؟ لا شيء.", []string{"ما هذا؟", "لا شيء."}},
		{language.Und, "Πού είσαι; Εδώ. και μετά", []string{"Πού είσαι;", "Εδώ.", "και μετά"}},
		{language.Und, "Hello!! Long time. Mr. X said e.g. Paris.", []string{"Hello!!", "Long time.", "Mr. X said e.g. Paris."}},
	}
	for _, tt := range tests {
		t.Run(tt.lang.String()+" "+tt.in, func(t *testing.T) {
			var got []string
			for _, sp := range SentencesLang(tt.in, tt.lang) {
				got = append(got, tt.in[sp.Start:sp.End])
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLineBreaks(t *testing.T) {
	in := "first line\nsecond line. still\n\nnew paragraph"
	join := split(in, Options{})
	assert.Equal(t, []string{"first line\nsecond line. still", "new paragraph"}, join)
	lines := split(in, Options{LineBreaks: LineBreaksSplit})
	assert.Equal(t, []string{"first line", "second line. still", "new paragraph"}, lines)
}

// fuzzOptions are the option sets the coverage contract is checked with: every profile kind.
var fuzzOptions = []Options{
	{},
	{Lang: language.English, LineBreaks: LineBreaksSplit},
	{Lang: language.German},
	{Lang: language.Arabic, LineBreaks: LineBreaksSplit},
	{Lang: language.Greek},
	{Lang: language.Armenian},
	{Lang: language.Japanese, LineBreaks: LineBreaksSplit},
	{Lang: language.Russian},
}

// coverage checks the contract for every option set: sentences are in order, do not overlap,
// start and end on rune boundaries, are trimmed, and cover every non-space byte.
func coverage(t *testing.T, s string) {
	t.Helper()
	for _, opt := range fuzzOptions {
		coverageWith(t, s, opt)
	}
}

func coverageWith(t *testing.T, s string, opt Options) {
	t.Helper()
	covered := make([]bool, len(s))
	prev := 0
	for _, sp := range Split(s, opt) {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
			t.Fatalf("bad span %+v after %d in %q (%+v)", sp, prev, s, opt)
		}
		if utf8.ValidString(s) && !utf8.ValidString(s[sp.Start:sp.End]) {
			t.Fatalf("span %+v splits a rune in %q (%+v)", sp, s, opt)
		}
		if seg := s[sp.Start:sp.End]; strings.TrimSpace(seg) != seg {
			t.Fatalf("span %+v not trimmed: %q (%+v)", sp, seg, opt)
		}
		for i := sp.Start; i < sp.End; i++ {
			covered[i] = true
		}
		prev = sp.End
	}
	for i, r := range s {
		if !unicode.IsSpace(r) && !covered[i] {
			t.Fatalf("byte %d (%q) not covered in %q (%+v)", i, r, s, opt)
		}
	}
}

func TestCoverage(t *testing.T) {
	for _, s := range []string{"a. b. c.", "...", ". . .", "x?!\" y", strings.Repeat("Ab. ", 50)} {
		coverage(t, s)
	}
}

// FuzzSentences checks the span contract on any input; the seeds are the Golden Rules and
// pySBD's cases (testdata/sbd).
func FuzzSentences(f *testing.F) {
	f.Add("Hello Mr. Smith. How are you? Fine… thanks.")
	f.Add("שלום. U.S. 3.5 “q.” ")
	f.Add("1. a 2. b\n\n• c • d „x. y“ (z. w) [...] . . . . ¿q? ։ ; ، ")
	for _, r := range readJSONL[goldenRule](f, "pragmatic_segmenter_golden_rules.jsonl") {
		f.Add(r.Text)
	}
	for _, c := range readJSONL[pysbdCase](f, "pysbd_tests.jsonl") {
		f.Add(c.Text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		coverage(t, s)
	})
}
