package middleware_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

// The fault tests and the pipeline benchmark share one detector restricted to the corpus's
// languages: lingua-go models are big, and loading them once per package keeps tests fast.
var (
	detOnce sync.Once
	det     *detect.Detector
	detErr  error
)

func detector(tb testing.TB) *detect.Detector {
	tb.Helper()
	detOnce.Do(func() {
		det, detErr = detect.New(detect.Options{Languages: []language.Tag{
			language.English, language.Hebrew, language.Arabic, language.Russian,
		}})
	})
	require.NoError(tb, detErr)
	return det
}

// Words of the corpus's foreign sentences, by language: script decides the language, so
// any sequence of them is detected as intended.
var corpusWords = map[string][]string{
	"he": strings.Fields("תקיפה ליד מסגד בשכונת מזרחית לעיר עזה חטופים משא ומתן לחץ צבאי ממשלה הודיעה היום כי הצבא פתח במבצע נרחב בצפון"),
	"ar": strings.Fields("غارة قرب مسجد في حي شرق مدينة غزة الرهائن المفاوضات ضغط عسكري الحكومة أعلنت اليوم أن الجيش بدأ عملية واسعة في الشمال"),
	"ru": strings.Fields("удар возле мечети в районе к востоку от города газа заложники переговоры военное давление правительство объявило сегодня что армия начала операцию"),
}

var englishLines = []string{
	"Amid renewed fighting, Hamas holds firm in negotiations as Israel increases military pressure.",
	"The talks in Doha resumed on Tuesday after a pause of several weeks.",
	"Officials said the proposal would be discussed again later this week.",
	"Residents described a night of heavy bombardment across the city.",
}

// corpusDocs generates n plain-text documents, the same ones for the same n and seed: English
// paragraphs with foreign ones in Hebrew, Arabic and Russian, some shared between documents
// (quotes that several articles carry), most their own.
func corpusDocs(tb testing.TB, n int, seed uint64) []*doc.Document {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	langs := []string{"he", "ar", "ru"}
	sentence := func(lang string, id int) string {
		w := corpusWords[lang]
		k := 6 + rng.IntN(8)
		parts := make([]string, k)
		for i := range parts {
			parts[i] = w[rng.IntN(len(w))]
		}
		return fmt.Sprintf("%s %d.", strings.Join(parts, " "), id)
	}
	shared := map[string][]string{}
	for _, l := range langs {
		for i := range 20 {
			shared[l] = append(shared[l], sentence(l, 10000+i))
		}
	}
	docs := make([]*doc.Document, n)
	for i := range docs {
		var b strings.Builder
		fmt.Fprintf(&b, "Report number %d from the region\n", i)
		for j := range 6 {
			b.WriteString(englishLines[(i+j)%len(englishLines)] + "\n")
			l := langs[(i+j)%len(langs)]
			if j%3 == 0 {
				b.WriteString(shared[l][rng.IntN(len(shared[l]))] + "\n")
			} else {
				b.WriteString(sentence(l, i*10+j) + "\n")
			}
		}
		d, err := pipeline.Read(pipeline.DefaultFormats(), fmt.Sprintf("doc%03d.txt", i), []byte(b.String()), "text")
		require.NoError(tb, err)
		docs[i] = d
	}
	return docs
}

// minRequests is the fewest requests that can carry the distinct foreign texts of docs (as
// planned: one source language per request) within l: per source language, the larger of
// texts/l.Texts and bytes/l.Bytes, rounded up.
func minRequests(docs []*doc.Document, l translate.Limits) (requests, distinct int) {
	seen := map[string]bool{}
	texts := map[language.Tag]int{}
	bytes := map[language.Tag]int{}
	for _, d := range docs {
		for _, s := range d.Segments() {
			if !s.Foreign(language.English) {
				continue
			}
			k := s.Lang.String() + "\x00" + doc.NormalizeText(s.Text)
			if seen[k] {
				continue
			}
			seen[k] = true
			texts[s.Lang]++
			bytes[s.Lang] += len(doc.NormalizeText(s.Text))
		}
	}
	for lang, n := range texts {
		r := ceilDiv(n, l.Texts)
		if l.Bytes > 0 {
			r = max(r, ceilDiv(bytes[lang], l.Bytes))
		}
		requests += r
		distinct += n
	}
	return requests, distinct
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return 1
	}
	return (a + b - 1) / b
}

// checkTranslated asserts that every foreign segment of docs got its own translation, as the
// fakes make it ("[en] " + the text sent), exactly: no segment paired with another's answer,
// none left out, no source text or error written as a translation.
func checkTranslated(t testing.TB, docs []*doc.Document) {
	t.Helper()
	var foreign int
	for _, d := range docs {
		for _, s := range d.Segments() {
			if !s.Foreign(language.English) {
				continue
			}
			foreign++
			require.NotNil(t, s.Translation, "%s: %q", d.Source, s.Text)
			require.Equal(t, doc.MT, s.Translation.Origin, "%s: %q: %s", d.Source, s.Text, s.Translation.Reason)
			require.Equal(t, "[en] "+doc.NormalizeText(s.Text), s.Translation.Text, "%s: paired with its own answer", d.Source)
			require.Empty(t, s.Translation.QA)
		}
	}
	require.Positive(t, foreign)
}

// checkNothingWritten asserts that no foreign segment of docs carries a machine translation:
// each has origin none (or the document's own counterpart) with a reason containing want.
func checkNothingWritten(t *testing.T, docs []*doc.Document, want string, secret string) {
	t.Helper()
	for _, d := range docs {
		for _, s := range d.Segments() {
			if !s.Foreign(language.English) {
				continue
			}
			tr := s.Translation
			require.NotNil(t, tr)
			require.NotEqual(t, doc.MT, tr.Origin, "%q translated as %q", s.Text, tr.Text)
			if tr.Origin == doc.None {
				require.Empty(t, tr.Text)
			}
			require.Contains(t, tr.Reason, want)
			if secret != "" {
				require.NotContains(t, tr.Reason, secret)
			}
			require.True(t, utf8.ValidString(tr.Reason))
		}
	}
}
