package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

// TestYnetAgainstFakeGoogle drives the CLI through the real Google client library against a
// local server speaking the v2 REST protocol: one request with the two distinct Hebrew
// captions, each translation paired with its own source, and nothing sent on a second run.
func TestYnetAgainstFakeGoogle(t *testing.T) {
	srv := googletest.NewServer(t, func(text, source, target string) string {
		return fakeEN(text)
	})
	cacheDir := t.TempDir()
	vars := map[string]string{"GOOGLE_API_KEY": "sekret-test-key-123", "BITEXT_CACHE_DIR": cacheDir}
	for _, endpoint := range []string{srv.URL, srv.URL + "/language/translate/"} {
		t.Run(endpoint, func(t *testing.T) {
			srv.Reset()
			r := bitext(t, map[string]string{"GOOGLE_API_KEY": vars["GOOGLE_API_KEY"], "BITEXT_CACHE_DIR": t.TempDir()}, "",
				"translate", "--backend", "google", "--endpoint", endpoint, ynet)
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, 1, srv.RequestCount())
			req := srv.Requests()[0]
			assert.Equal(t, googletest.Path, req.Path)
			assert.Len(t, req.Texts, 2)
			assert.Equal(t, "iw", req.Source)
			assert.Equal(t, "en", req.Target)
			assert.Equal(t, "text", req.Format)
		})
	}

	srv.Reset()
	first := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, ynet)
	require.Equal(t, 0, first.code, first.stderr)
	require.Equal(t, 1, srv.RequestCount())
	f := decode(t, first.stdout)
	hebrew := 0
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			if s.Lang != "he" {
				assert.Nil(t, s.Translation, s.Text)
				continue
			}
			hebrew++
			require.NotNil(t, s.Translation)
			assert.Equal(t, fakeEN(s.Text), s.Translation.Text, "paired with its own source")
			assert.Equal(t, "mt", string(s.Translation.Origin))
			assert.Equal(t, "google", s.Translation.Backend)
			assert.False(t, s.Translation.Cached)
			require.NotNil(t, s.Counterpart)
		}
	}
	assert.Equal(t, 4, hebrew)
	assert.Equal(t, 1, f.Stats.Requests)
	assert.Equal(t, 119, f.Stats.Characters)

	second := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, ynet)
	require.Equal(t, 0, second.code, second.stderr)
	assert.Equal(t, 1, srv.RequestCount(), "the second run is answered by the cache")
	g := decode(t, second.stdout)
	assert.Equal(t, 0, g.Stats.Requests)
	assert.True(t, g.Blocks[7].Segments[0].Translation.Cached)

	for _, out := range []string{first.stdout, first.stderr, second.stdout, second.stderr} {
		assert.NotContains(t, out, "sekret-test-key-123")
	}
}

func decode(t *testing.T, s string) *jsondoc.File {
	t.Helper()
	var f jsondoc.File
	require.NoError(t, json.NewDecoder(strings.NewReader(s)).Decode(&f))
	return &f
}
