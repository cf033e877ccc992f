package detect

import (
	"context"
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
