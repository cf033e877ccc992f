package middleware_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/tmx"
)

func TestExportImportReexportIsLossless(t *testing.T) {
	ctx := context.Background()
	a, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	defer a.Close()
	created := time.Date(2025, 3, 19, 8, 0, 0, 0, time.UTC)
	be := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		out := make([]translate.Translation, len(req.Texts))
		for i, s := range req.Texts {
			out[i] = translate.Translation{Text: "EN<" + s + ">&", Backend: "google", Model: "nmt", Source: req.Source}
		}
		return out, nil
	})
	tr := translate.Chain(be, middleware.Cache(a, "google", middleware.CacheClock(func() time.Time { return created })))
	_, err = tr.Translate(ctx, &translate.Request{Texts: []string{"תקיפה ליד מסגד", "ג'ודי ווינשטיין"}, Source: language.Hebrew, Target: language.English})
	require.NoError(t, err)
	_, err = tr.Translate(ctx, &translate.Request{Texts: []string{"el gato\r\ncome"}, Source: language.Spanish, Target: language.English, Model: "nmt"})
	require.NoError(t, err)

	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var first bytes.Buffer
	n, err := middleware.ExportTMX(ctx, a, &first, middleware.ExportOptions{Version: "test", Now: now})
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	f, err := tmx.Read(bytes.NewReader(first.Bytes()))
	require.NoError(t, err, "the export is valid TMX")
	require.Len(t, f.Units, 3)

	b, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	defer b.Close()
	n, err = middleware.ImportTMX(ctx, b, bytes.NewReader(first.Bytes()), now)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	var second bytes.Buffer
	_, err = middleware.ExportTMX(ctx, b, &second, middleware.ExportOptions{Version: "test", Now: now})
	require.NoError(t, err)
	assert.Equal(t, first.String(), second.String())

	st, err := b.Stats(ctx)
	require.NoError(t, err)
	for _, p := range st.Pairs {
		assert.Equal(t, middleware.TMBackend, p.Backend, "imports are approved translations under tm")
	}
	// The translation-memory step finds an import by the tm key.
	key := cachekey.Key(middleware.TMBackend, &translate.Request{Source: language.Hebrew, Target: language.English, Format: translate.Text}, "תקיפה ליד מסגד")
	v, ok, err := b.Get(ctx, key)
	require.NoError(t, err)
	require.True(t, ok)
	var cv middleware.CachedValue
	require.NoError(t, json.Unmarshal(v, &cv))
	assert.Equal(t, "EN<תקיפה ליד מסגד>&", cv.Text)
	assert.Equal(t, "google", cv.Backend, "provenance survives the round trip")
}

func TestImportPeerTMX(t *testing.T) {
	ctx := context.Background()
	s, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	defer s.Close()
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>world<ept i="1">&lt;/b&gt;</ept></seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour le monde</seg></tuv><tuv xml:lang="de"><seg>Hallo Welt</seg></tuv></tu>
</body></tmx>`
	n, err := middleware.ImportTMX(ctx, s, strings.NewReader(doc), time.Time{})
	require.NoError(t, err)
	assert.Equal(t, 2, n, "one entry per target variant")
	key := cachekey.Key(middleware.TMBackend, &translate.Request{Source: language.MustParse("en-US"), Target: language.MustParse("fr-FR"), Format: translate.Text}, "Hello world")
	_, ok, err := s.Get(ctx, key)
	require.NoError(t, err)
	assert.True(t, ok, "inline codes are not part of the text")

	_, err = middleware.ImportTMX(ctx, s, strings.NewReader("<tmx><body><tu>"), time.Time{})
	assert.Error(t, err)
}
