package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/score"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

// TestScore: the article through the memory (the references themselves), a fake Google and
// no backend; scored against the captions memory, the memory's group scores 100, Google's
// less, and the counterparts come apart as a loose reference.
func TestScore(t *testing.T) {
	dir := t.TempDir()
	srv := googletest.NewServer(t, func(text, _, _ string) string { return fakeEN(text) })
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key}
	runs := map[string][]string{
		"tm.jsonl":    {"--backend", "tm", "--tm", "testdata/tm/captions.tmx"},
		"google.json": {"--backend", "google", "--endpoint", srv.URL, "--model", "nmt"},
		"none.jsonl":  {"--backend", "none"},
	}
	var outs []string
	for name, args := range runs {
		out := filepath.Join(dir, name)
		format := strings.TrimPrefix(filepath.Ext(name), ".")
		r := bitext(t, vars, "", append(append([]string{"translate", "--format", format, "-o", out}, args...), ynet)...)
		require.Equal(t, 0, r.code, r.stderr)
		outs = append(outs, out)
	}
	r := bitext(t, nil, "", append([]string{"score", "--ref", "testdata/tm/captions.tmx", "--format", "json"}, outs...)...)
	require.Equal(t, 0, r.code, r.stderr)
	var rep score.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Len(t, rep.Groups, 3)
	by := map[string]*score.Group{}
	for _, g := range rep.Groups {
		by[g.Backend] = g
		assert.Equal(t, "he", g.Source)
		assert.Equal(t, "en", g.Target)
		assert.Equal(t, 4, g.Segments, g.Backend)
	}
	assert.InDelta(t, 100, by["tm"].ChrF, 1e-9)
	assert.InDelta(t, 100, by["tm"].ChrFPlusPlus, 1e-9)
	assert.Equal(t, "nmt", by["google"].Model)
	assert.Less(t, by["google"].ChrF, 20.0, "a transliteration is far from the reference")
	assert.True(t, by["document"].Counterparts)
	assert.Greater(t, by["document"].ChrF, by["google"].ChrF, "the editors' captions say much of what the references say")
	assert.True(t, rep.Groups[2].Counterparts, "counterparts last")

	r = bitext(t, nil, "", append([]string{"score", "--ref", "testdata/tm/captions.tmx"}, outs...)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `tm\s+testdata/tm/captions.tmx\s+he-en\s+4\s+100.00\s+100.00`, r.stdout)
	assert.Contains(t, r.stdout, "The documents' own counterparts, a loose reference")

	r = bitext(t, nil, "", "score", "--ref", "testdata/tm/missing.tmx", outs[0])
	assert.Equal(t, 2, r.code)
	r = bitext(t, nil, "", "score", "--ref", outs[0], "testdata/tm/README.md")
	assert.Equal(t, 2, r.code, "an output that is not bitext's")
}
