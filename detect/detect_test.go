package detect

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

// testLanguages keep the models small but include the languages a plain detector confuses
// English with on the example (da, fr, az, la), so the tests can fail.
var testLanguages = tags("en", "es", "fr", "de", "da", "az", "la", "pt", "ro", "he", "ar", "fa", "ru", "uk", "el", "ja", "zh", "ko")

func tags(codes ...string) []language.Tag {
	out := make([]language.Tag, len(codes))
	for i, c := range codes {
		out[i] = language.MustParse(c)
	}
	return out
}

var (
	shared     *Detector
	sharedOnce sync.Once
)

func detector(t testing.TB) *Detector {
	sharedOnce.Do(func() {
		var err error
		shared, err = New(Options{Languages: testLanguages})
		require.NoError(t, err)
	})
	return shared
}

func TestScriptDecides(t *testing.T) {
	d := detector(t)
	tests := []struct {
		text string
		want string
	}{
		{"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח", "he"},
		{"צה\"ל תקף את מטה ה-IDF בעזה", "he"},
		{"Ο καιρός είναι καλός σήμερα", "el"},
		{"안녕하세요 여러분", "ko"},
		{"今日はいい天気ですね", "ja"},
		{"×", "und"},
		{"2024 — 15%", "und"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := d.Detect(tt.text)
			assert.Equal(t, tt.want, r.Lang.String())
		})
	}
}

func TestDetectAlone(t *testing.T) {
	d := detector(t)
	tests := []struct{ text, want string }{
		{"The quick brown fox jumps over the lazy dog near the river bank.", "en"},
		{"El rápido zorro marrón salta sobre el perro perezoso cerca del río.", "es"},
		{"Der schnelle braune Fuchs springt über den faulen Hund am Fluss.", "de"},
		{"Быстрая коричневая лиса перепрыгивает через ленивую собаку.", "ru"},
		{"Швидка руда лисиця перестрибує через ледачого пса.", "uk"},
		{"الثعلب البني السريع يقفز فوق الكلب الكسول", "ar"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			r := d.Detect(tt.text)
			assert.Equal(t, tt.want, r.Lang.String())
			assert.Greater(t, r.Confidence, 0.5)
		})
	}
}

func TestDocumentPriorKeepsShortLinesEnglish(t *testing.T) {
	d := detector(t)
	texts := []string{
		"Despite the resumption of hostilities in Gaza, Hamas remains steadfast in its negotiating position.",
		"live", "Quality", "×", "Comments", "Moran Azulay|", "2 View gallery",
		"In response, Israeli leadership has decided to gradually intensify military operations.",
		"Es una propuesta que queremos discutir con todos los países de la región.",
	}
	res, dom, err := d.DetectDocument(context.Background(), texts)
	require.NoError(t, err)
	assert.Equal(t, language.English, dom)
	for i, r := range res[:8] {
		assert.Contains(t, []string{"en", "und"}, r.Lang.String(), "%q", texts[i])
	}
	assert.Equal(t, "es", res[8].Lang.String(), "a real Spanish sentence is not overruled by the prior")
}

func TestYnetExactlyFourHebrewLines(t *testing.T) {
	raw, err := os.ReadFile("../testdata/ynet/ynet-hostages.txt")
	require.NoError(t, err)
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	res, dom, err := detector(t).DetectDocument(context.Background(), lines)
	require.NoError(t, err)
	assert.Equal(t, language.English, dom)
	he := 0
	for i, r := range res {
		switch r.Lang.String() {
		case "he":
			he++
		case "en", "und":
		default:
			t.Errorf("line %q detected as %s (%.2f)", lines[i], r.Lang, r.Confidence)
		}
	}
	assert.Equal(t, 4, he)
}

func TestNewRejectsUnknownLanguage(t *testing.T) {
	_, err := New(Options{Languages: []language.Tag{language.MustParse("tlh")}})
	assert.Error(t, err)
}

func TestConfidenceBounds(t *testing.T) {
	d := detector(t)
	for _, s := range []string{"a", "ok", "hello there", "שלום", "x y z"} {
		r := d.Detect(s)
		assert.GreaterOrEqual(t, r.Confidence, 0.0)
		assert.LessOrEqual(t, r.Confidence, 1.0)
		if r.Lang == language.Und {
			assert.Zero(t, r.Confidence)
		}
	}
}

func TestSpansExactOffsets(t *testing.T) {
	d := detector(t)
	tests := []struct {
		name string
		text string
		want []string // lang:text of each span
	}{
		{"hebrew quote", `The sign read "שלום עולם" in large letters.`,
			[]string{`en:The sign read "`, `he:שלום עולם`, `en:" in large letters.`}},
		{"cyrillic quote", `The crowd chanted "Слава Україні" outside.`,
			[]string{`en:The crowd chanted "`, `uk:Слава Україні`, `en:" outside.`}},
		{"spanish phrase", `The minister told reporters on Wednesday evening that "es una propuesta que queremos discutir" before he left the building with his advisers.`,
			[]string{`en:The minister told reporters on Wednesday evening that "`, `es:es una propuesta que queremos discutir`, `en:" before he left the building with his advisers.`}},
		{"acronym stays hebrew", `צה"ל תקף את מטה ה-IDF בעזה`, []string{`he:צה"ל תקף את מטה ה-IDF בעזה`}},
		{"names stay english", `Israeli American hostages in Hamas captivity, from top left clockwise: Judi Weinstein Haggai, Gad Haggai, Edan Alexander, Itay Chen and Omer Neutra`,
			[]string{`en:Israeli American hostages in Hamas captivity, from top left clockwise: Judi Weinstein Haggai, Gad Haggai, Edan Alexander, Itay Chen and Omer Neutra`}},
		{"quoted two-word phrase", `They said "os damos la" and left.`,
			[]string{`en:They said "`, `es:os damos la`, `en:" and left.`}},
		{"quoted name stays english", `The volcano known as "Don Goyo" has been active since 1994.`,
			[]string{`en:The volcano known as "Don Goyo" has been active since 1994.`}},
		{"quoted english stays english", `He said "no comment" and left.`,
			[]string{`en:He said "no comment" and left.`}},
		{"one cyrillic word", `The word "мир" means peace.`,
			[]string{`en:The word "`, `ru:мир`, `en:" means peace.`}},
		{"english sentence", `  Despite the resumption of hostilities in Gaza, Hamas remains steadfast.  `,
			[]string{`en:Despite the resumption of hostilities in Gaza, Hamas remains steadfast.`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := d.Spans(tt.text)
			var got []string
			prev := 0
			for _, sp := range spans {
				require.GreaterOrEqual(t, sp.Start, prev, "spans overlap")
				assert.Empty(t, strings.TrimSpace(tt.text[prev:sp.Start]), "uncovered bytes")
				prev = sp.End
				got = append(got, sp.Lang.String()+":"+tt.text[sp.Start:sp.End])
			}
			assert.Empty(t, strings.TrimSpace(tt.text[prev:]), "uncovered bytes at the end")
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSpansHebrewOffsets(t *testing.T) {
	text := `The sign read "שלום עולם" in large letters.`
	spans := detector(t).Spans(text)
	require.Len(t, spans, 3)
	assert.Equal(t, []int{0, 15, 15, 32, 32, 51}, []int{spans[0].Start, spans[0].End, spans[1].Start, spans[1].End, spans[2].Start, spans[2].End})
}

// TestEvaluationFloor gates accuracy on a fixed sample of the evaluation set
// (testdata/langid, see cmd/detecteval) for the test languages, so a regression fails CI
// without loading every language under -race.
func TestEvaluationFloor(t *testing.T) {
	want := map[string]bool{}
	for _, l := range testLanguages {
		want[l.String()] = true
	}
	right, total := map[string]int{}, map[string]int{}
	d := detector(t)
	for _, it := range langidItems(t) {
		if !want[it.Lang] || total[it.Bucket] >= 120 {
			continue
		}
		total[it.Bucket]++
		if d.Detect(it.Text).Lang.String() == it.Lang {
			right[it.Bucket]++
		}
	}
	floor := map[string]float64{"short": 0.70, "medium": 0.93, "long": 0.97}
	for b, min := range floor {
		require.NotZero(t, total[b], b)
		acc := float64(right[b]) / float64(total[b])
		t.Logf("%s: %.3f of %d", b, acc, total[b])
		assert.GreaterOrEqual(t, acc, min, "bucket %s", b)
	}
}

// TestOrdinaryEnglishNeverSplit runs Spans over every English sentence of the evaluation
// set (lingua's sentences and NTREX news): none may be split.
func TestOrdinaryEnglishNeverSplit(t *testing.T) {
	d := detector(t)
	n := 0
	for _, it := range langidItems(t) {
		if it.Lang != "en" || it.Bucket == "short" {
			continue
		}
		n++
		spans := d.SpansOf(it.Text, Result{Lang: language.English, Confidence: 1})
		assert.Len(t, spans, 1, "%q was split: %v", it.Text, spans)
	}
	assert.Greater(t, n, 50)
}

func TestDocumentSpans(t *testing.T) {
	texts := []string{
		"Despite the resumption of hostilities in Gaza, Hamas remains steadfast in its negotiating position.",
		`Officials in Madrid said "es una propuesta que queremos discutir con todos" on Friday.`,
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה",
		"Comments",
		"   ",
	}
	spans, dom, err := detector(t).DocumentSpans(context.Background(), texts)
	require.NoError(t, err)
	assert.Equal(t, language.English, dom)
	var got [][]string
	for i, ss := range spans {
		var g []string
		for _, s := range ss {
			g = append(g, s.Lang.String()+":"+texts[i][s.Start:s.End])
		}
		got = append(got, g)
	}
	assert.Equal(t, [][]string{
		{"en:" + texts[0]},
		{`en:Officials in Madrid said "`, "es:es una propuesta que queremos discutir con todos", `en:" on Friday.`},
		{"he:" + texts[2]},
		{"en:Comments"},
		nil,
	}, got)
	_, _, err = detector(t).DocumentSpans(canceled(), texts)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestDocumentCaptionStaysWhole: a caption wholly in Spanish in an English document stays
// one Spanish span; what the phrase search leaves of it ("Sin", "lo ms") is too little to
// read it as an English sentence quoting Spanish.
func TestDocumentCaptionStaysWhole(t *testing.T) {
	texts := []string{
		"He said that in the sty was a large male pig with blood on its mouth.",
		"Security camera footage showed the farmer entering the market at dawn on Thursday to feed his pigs.",
		"A market manager told the Evening News that the animal had been locked away to prevent it attacking anyone else, while police gathered evidence at the scene.",
		"The family and market authorities are reportedly negotiating compensation for his death.",
		"Sin embargo, su poder bactericida es muy bajo y lo ms probable es que la aplicacin de saliva en las heridas favorezca el transporte de grmenes ms agresivos que aumenten el riesgo de infeccin de las mismas.",
		"The animal who killed the man did not belong to the farmer or his cousin.",
	}
	spans, dom, err := detector(t).DocumentSpans(context.Background(), texts)
	require.NoError(t, err)
	require.Equal(t, language.English, dom)
	require.Len(t, spans[4], 1, "%v", spans[4])
	assert.Equal(t, "es", spans[4][0].Lang.String())
	assert.Equal(t, len(texts[4]), spans[4][0].End-spans[4][0].Start)
}

// langidItem is one labelled text of testdata/langid (see cmd/detecteval).
type langidItem struct{ Lang, Bucket, Text string }

func langidItems(tb testing.TB) []langidItem {
	f, err := os.Open("../testdata/langid/items.jsonl")
	require.NoError(tb, err)
	defer f.Close()
	var out []langidItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it langidItem
		require.NoError(tb, json.Unmarshal(sc.Bytes(), &it))
		out = append(out, it)
	}
	require.NoError(tb, sc.Err())
	return out
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestOptionsValidated(t *testing.T) {
	for _, o := range []Options{
		{DocumentWeight: 0.9, NeighbourWeight: 0.1},
		{MinConfidence: 2},
		{Temperature: -1},
	} {
		_, err := New(o)
		assert.Error(t, err, "%+v", o)
	}
}
