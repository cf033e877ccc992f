package pipeline_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
)

// gateCase is one line of testdata/answergate/cases.jsonl: a source sentence and a real
// English sentence as the answer.
type gateCase struct {
	Src    string `json:"src"`
	Source string `json:"source"`
	Answer string `json:"answer"`
}

func gateCases(t testing.TB) []gateCase {
	t.Helper()
	f, err := os.Open("../testdata/answergate/cases.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var out []gateCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c gateCase
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
		out = append(out, c)
	}
	require.NoError(t, sc.Err())
	return out
}

// half is an answer translated halfway: the first half of the English answer's words, then
// the second half of the source's.
func half(source, answer string) string {
	a, s := strings.Fields(answer), strings.Fields(source)
	return strings.Join(append(a[:len(a)/2:len(a)/2], s[len(s)/2:]...), " ")
}

// gate runs QA with the output-language gate over one answer and returns its flags.
func gate(t testing.TB, l middleware.Languages, src language.Tag, source, answer string) []string {
	t.Helper()
	echo := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		return []translate.Translation{{Text: answer}}, nil
	})
	res, err := middleware.QA(middleware.QALanguages(l))(echo).Translate(context.Background(),
		&translate.Request{Source: src, Target: language.English, Texts: []string{source}})
	require.NoError(t, err)
	// The answers are not translations of their sources: numbers and the like differ. Only
	// the gate's flags count here.
	var flags []string
	for _, f := range res[0].QA {
		if f == translate.QASourceLanguage || strings.HasPrefix(f, middleware.QAPartialPrefix) {
			flags = append(flags, f)
		}
	}
	return flags
}

// TestAnswerGate: on 30 Spanish and 30 Hebrew sources, an echoed answer always fails hard,
// a half-translated one is always flagged (hard or partial), and every real English answer
// passes with no flag; short answers, names and numbers are never judged.
func TestAnswerGate(t *testing.T) {
	l := pipeline.AnswerLanguages(detect.Options{})
	var echoed, halfFlagged, halfHard, clean int
	cases := gateCases(t)
	for _, c := range cases {
		src := language.MustParse(c.Src)
		if f := gate(t, l, src, c.Source, c.Source); assert.Contains(t, f, translate.QASourceLanguage, "echo of %q", c.Source) {
			echoed++
		}
		f := gate(t, l, src, c.Source, half(c.Source, c.Answer))
		switch {
		case len(f) == 1 && f[0] == translate.QASourceLanguage:
			halfHard++
			halfFlagged++
		case len(f) == 1 && f[0] == middleware.QAPartialPrefix+c.Src:
			halfFlagged++
		default:
			t.Errorf("half answer %q: flags %q", half(c.Source, c.Answer), f)
		}
		if f := gate(t, l, src, c.Source, c.Answer); assert.Empty(t, f, "real English %q", c.Answer) {
			clean++
		}
	}
	t.Logf("%d cases: echo flagged %d, half flagged %d (%d hard), real English clean %d", len(cases), echoed, halfFlagged, halfHard, clean)
	for _, tc := range []struct {
		src            language.Tag
		source, answer string
	}{
		{language.Spanish, "Hola amigos", "Hola amigos"},                                                   // two words: short
		{language.Spanish, "Juan Pérez, María López y Ana García", "Juan Pérez, María López y Ana García"}, // names
		{language.Spanish, "El 12 de mayo de 2024", "12/05/2024"},                                          // numbers
		{language.Hebrew, "עידן אלכסנדר, עומר נאוטרה, איתי חן", "Edan Alexander, Omer Neutra, Itay Chen"},
	} {
		assert.Empty(t, gate(t, l, tc.src, tc.source, tc.answer), tc.answer)
	}
}

// BenchmarkAnswerGate is the gate's cost on one short answer (a caption's translation), QA
// with and without it: what it adds to every answer, fresh or cached. The Hebrew source
// asks the detector Hebrew or English (scripts tell them apart); the Spanish one makes it
// weigh Spanish against English with the n-gram models.
func BenchmarkAnswerGate(b *testing.B) {
	l := pipeline.AnswerLanguages(detect.Options{})
	for _, bc := range []struct {
		name           string
		src            language.Tag
		source, answer string
	}{
		{"he-en", language.Hebrew, "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה", "Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City"},
		{"he-en half", language.Hebrew, "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה", "Strike near the al-Mahatta mosque בשכונת אל-תופאח, מזרחית לעיר עזה"},
		{"es-en", language.Spanish, "Ataque cerca de la mezquita de al-Mahatta, al este de la ciudad de Gaza", "Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City"},
	} {
		for _, with := range []bool{false, true} {
			var opts []middleware.QAOption
			name := bc.name + "/qa"
			if with {
				opts, name = append(opts, middleware.QALanguages(l)), bc.name+"/qa+gate"
			}
			answer := []translate.Translation{{Text: bc.answer}}
			qa := middleware.QA(opts...)(translate.Func(func(context.Context, *translate.Request) ([]translate.Translation, error) {
				return answer, nil
			}))
			req := &translate.Request{Source: bc.src, Target: language.English, Texts: []string{bc.source}}
			b.Run(name, func(b *testing.B) {
				l.Spans(bc.answer, bc.src, language.English) // models loaded once per process, as in a run
				b.ReportAllocs()
				for b.Loop() {
					if _, err := qa.Translate(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestAnswerGateRealEnglish: 602 real English sentences (FLORES-200 and NTREX-128), each the
// answer to its professional Hebrew and Arabic translations and to a Spanish sentence: the
// gate flags none of the 1,806 (names, numbers and titles the sources keep in Latin letters
// included).
func TestAnswerGateRealEnglish(t *testing.T) {
	l := pipeline.AnswerLanguages(detect.Options{})
	f, err := os.Open("../testdata/answergate/pairs.jsonl")
	require.NoError(t, err)
	defer f.Close()
	spanish := gateCases(t)[:30]
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for ; sc.Scan(); n++ {
		var p struct{ En, He, Ar string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &p))
		for _, c := range []struct {
			src    language.Tag
			source string
		}{{language.Hebrew, p.He}, {language.Arabic, p.Ar}, {language.Spanish, spanish[n%len(spanish)].Source}} {
			assert.Empty(t, gate(t, l, c.src, c.source, p.En), "%s source %q, answer %q", c.src, c.source, p.En)
		}
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 602, n)
}
