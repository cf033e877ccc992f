package tm

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
)

const captions = "../../testdata/tm/captions.tmx"

func TestLookup(t *testing.T) {
	m, err := New(Options{Files: []string{captions}})
	require.NoError(t, err)
	texts := []string{
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה",
		"תקיפה  ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה ", // whitespace differs: exact
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה!!", // fuzzy
		"עידן אלכסנדר", // too far
	}
	res, err := m.Lookup(context.Background(), language.Hebrew, language.English, texts)
	require.NoError(t, err)
	require.Len(t, res, 4)
	assert.Equal(t, translate.Match{Found: true, Text: "Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City", Score: 1, Origin: captions}, res[0])
	assert.Equal(t, 1.0, res[1].Score)
	assert.True(t, res[2].Found)
	assert.InDelta(t, 0.96, res[2].Score, 0.02)
	assert.False(t, res[3].Found)

	res, err = m.Lookup(context.Background(), language.Hebrew, language.German, texts[:1])
	require.NoError(t, err)
	assert.False(t, res[0].Found, "another target language")
}

func TestFuzzyOff(t *testing.T) {
	m, err := New(Options{Files: []string{captions}, Fuzzy: -1})
	require.NoError(t, err)
	res, err := m.Lookup(context.Background(), language.Hebrew, language.English, []string{"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה!!"})
	require.NoError(t, err)
	assert.False(t, res[0].Found)
}

func TestCacheImports(t *testing.T) {
	ctx := context.Background()
	s, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	f, err := os.Open(captions)
	require.NoError(t, err)
	defer f.Close()
	_, err = middleware.ImportTMX(ctx, s, f, time.Time{})
	require.NoError(t, err)
	m, err := New(Options{Store: s})
	require.NoError(t, err)
	res, err := m.Lookup(ctx, language.Hebrew, language.English, []string{"עידן אלכסנדר, עומר נאוטרה, איתי חן, גדי חגי, ג'ודי ווינשטיין חגי"})
	require.NoError(t, err)
	assert.Equal(t, "cache", res[0].Origin)
	assert.Equal(t, "Edan Alexander, Omer Neutra, Itay Chen, Gadi Haggai, Judi Weinstein Haggai", res[0].Text)
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tmx")
	require.NoError(t, os.WriteFile(bad, []byte("<tmx><body>"), 0o644))
	_, err := New(Options{Files: []string{bad}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad)
	_, err = New(Options{Files: []string{filepath.Join(dir, "missing.tmx")}})
	assert.ErrorContains(t, err, "missing.tmx")
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"שלום", "שלומ", 1}}
	for _, tt := range tests {
		assert.Equal(t, tt.want, levenshtein([]rune(tt.a), []rune(tt.b)), "%s/%s", tt.a, tt.b)
	}
}
