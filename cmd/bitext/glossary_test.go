package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/glossary"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// hebrewTranslations returns the translations of the Hebrew segments of a JSON output.
func hebrewTranslations(t *testing.T, f *jsondoc.File) []*jsondoc.Translation {
	t.Helper()
	var out []*jsondoc.Translation
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			if s.Lang == "he" {
				require.NotNil(t, s.Translation, s.Text)
				out = append(out, s.Translation)
			}
		}
	}
	require.Len(t, out, 4)
	return out
}

// TestGlossaryAgainstFakeGoogle: --glossary through the real Google client and the fake v2
// server. Google v2 cannot apply a glossary, so QA flags the term its answer misses; the
// output records the glossary's digest; the same glossary is answered by the cache, a
// changed one is not (its digest is in the cache key), and diff says why the outputs differ.
func TestGlossaryAgainstFakeGoogle(t *testing.T) {
	srv := googletest.NewServer(t, func(text, source, target string) string { return fakeEN(text) })
	dir := t.TempDir()
	vars := map[string]string{"GOOGLE_API_KEY": "sekret-test-key-123", "BITEXT_CACHE_DIR": filepath.Join(dir, "cache")}
	gl := filepath.Join(dir, "terms.tsv")
	require.NoError(t, os.WriteFile(gl, []byte("# Hebrew → English\nhe\ten\nמסגד\tmosque\n"), 0o644))
	g, err := glossary.ReadFile(gl)
	require.NoError(t, err)
	run := func(out string) *jsondoc.File {
		t.Helper()
		r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--glossary", gl, "-o", out, ynet)
		require.Equal(t, 0, r.code, r.stderr)
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		var f jsondoc.File
		require.NoError(t, json.Unmarshal(data, &f))
		return &f
	}

	first := run(filepath.Join(dir, "first.json"))
	require.Equal(t, 1, srv.RequestCount())
	flagged := 0
	for _, tr := range hebrewTranslations(t, first) {
		assert.Equal(t, g.Digest(), tr.Glossary, "the output records the glossary")
		if len(tr.QA) > 0 {
			assert.Equal(t, []string{"glossary:מסגד"}, tr.QA)
			assert.Equal(t, "mt", string(tr.Origin), "a glossary flag marks for review, it does not fail")
			flagged++
		}
	}
	assert.Equal(t, 2, flagged, "both occurrences of the caption with מסגד")
	raw, err := os.ReadFile(filepath.Join(dir, "first.json"))
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"glossary": "`+g.Digest()+`"`)

	again := run(filepath.Join(dir, "again.json"))
	assert.Equal(t, 1, srv.RequestCount(), "same glossary: answered by the cache")
	assert.True(t, hebrewTranslations(t, again)[0].Cached)
	assert.Equal(t, []string{"glossary:מסגד"}, hebrewTranslations(t, again)[0].QA, "cache hits are checked too")

	// --dry-run computes the same cache keys: hits under this glossary, misses without it.
	for _, c := range []struct {
		args []string
		hits int
	}{{[]string{"--glossary", gl}, 2}, {nil, 0}} {
		args := append(append([]string{"translate", "--dry-run", "--backend", "google", "--endpoint", srv.URL}, c.args...), ynet)
		dr := bitext(t, vars, "", args...)
		require.Equal(t, 0, dr.code, dr.stderr)
		var est struct {
			CacheHits int `json:"cache_hits"`
		}
		require.NoError(t, json.Unmarshal([]byte(dr.stdout), &est), dr.stdout)
		assert.Equal(t, c.hits, est.CacheHits, "%v", c.args)
	}
	assert.Equal(t, 1, srv.RequestCount(), "a dry run sends nothing")

	require.NoError(t, os.WriteFile(gl, []byte("he\ten\nמסגד\tmosque\nעזה\tGaza City\n"), 0o644))
	changed := run(filepath.Join(dir, "changed.json"))
	assert.Equal(t, 2, srv.RequestCount(), "a changed glossary is a cache miss: requested again")
	g2, err := glossary.ReadFile(gl)
	require.NoError(t, err)
	require.NotEqual(t, g.Digest(), g2.Digest())
	for _, tr := range hebrewTranslations(t, changed) {
		assert.Equal(t, g2.Digest(), tr.Glossary)
		assert.False(t, tr.Cached)
	}

	r := bitext(t, nil, "", "diff", "--format", "json", filepath.Join(dir, "first.json"), filepath.Join(dir, "changed.json"))
	require.Equal(t, 1, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 4, "every Hebrew segment was made under another glossary: %s", r.stdout)
	for _, l := range lines {
		var c struct {
			Causes []string `json:"causes"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &c))
		assert.Equal(t, []string{"glossary"}, c.Causes)
	}

	text := bitext(t, nil, "", "diff", filepath.Join(dir, "first.json"), filepath.Join(dir, "changed.json"))
	require.Equal(t, 1, text.code, text.stderr)
	assert.Contains(t, text.stdout, "(glossary "+g.Digest()+" → "+g2.Digest()+")")

	// JSONL carries it too.
	jl := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--glossary", gl, "--format", "jsonl", ynet)
	require.Equal(t, 0, jl.code, jl.stderr)
	assert.Contains(t, jl.stdout, `"glossary":"`+g2.Digest()+`"`)
	assert.NotContains(t, jl.stdout+jl.stderr+r.stdout, "sekret-test-key-123")
}

func TestGlossaryUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	require.NoError(t, os.WriteFile(bad, []byte("מסגד\tmosque\nlonely line\n"), 0o644))
	r := bitext(t, nil, "", "translate", "--backend", "none", "--glossary", bad, ynet)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, bad+":2:")
	assert.Empty(t, r.stdout)

	r = bitext(t, nil, "", "translate", "--backend", "none", "--glossary", filepath.Join(dir, "missing.tsv"), ynet)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "missing.tsv")

	de := filepath.Join(dir, "de.tsv")
	require.NoError(t, os.WriteFile(de, []byte("he\tde\nמסגד\tMoschee\n"), 0o644))
	r = bitext(t, nil, "", "translate", "--backend", "none", "--glossary", de, ynet)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--to is en")
}

// TestDeepLContextAndGlossary: through the CLI and the fake DeepL server, two articles with
// different titles: their captions go in separate requests, each with its own article's
// title and lead as context; a --glossary becomes one DeepL glossary whose ID every request
// sends, with source_lang.
func TestDeepLContextAndGlossary(t *testing.T) {
	dl := deepltest.NewServer(t, fakeTarget)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.txt"), raw, 0o644))
	// Another article: another title, and only the second caption (the first one's text
	// would be sent once, with a.txt's context, as the first document that has it).
	other := strings.Replace(string(raw), "Amid renewed fighting, Hamas holds firm in negotiations as Israel increases military pressure",
		"Families of hostages rally in Tel Aviv as talks stall", 1)
	other = strings.ReplaceAll(other, "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה", "הפגנה של משפחות החטופים בכיכר")
	require.NoError(t, os.WriteFile(filepath.Join(in, "b.txt"), []byte(other), 0o644))
	gl := filepath.Join(dir, "terms.csv")
	require.NoError(t, os.WriteFile(gl, []byte("מסגד,mosque\n"), 0o644))

	vars := map[string]string{"DEEPL_AUTH_KEY": deepltest.Key, "DEEPL_URL": dl.URL, "BITEXT_CACHE_DIR": filepath.Join(dir, "cache")}
	r := bitext(t, vars, "", "translate", "--backend", "deepl", "--glossary", gl, "--out-dir", filepath.Join(dir, "out"), in)
	require.Equal(t, 0, r.code, r.stderr)

	created := dl.Glossaries()
	require.Len(t, created, 1)
	contexts := map[string][]string{}
	for _, req := range dl.Requests() {
		if req.Path != "/v2/translate" {
			continue
		}
		assert.Equal(t, created[0].ID, req.GlossaryID)
		assert.Equal(t, "HE", req.SourceLang)
		contexts[req.Context] = append(contexts[req.Context], req.Texts...)
	}
	require.Len(t, contexts, 2, "one request per article context: %v", contexts)
	for c, texts := range contexts {
		switch {
		case strings.HasPrefix(c, "Amid renewed fighting"):
			assert.Contains(t, texts, "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה")
		case strings.HasPrefix(c, "Families of hostages rally"):
			assert.Equal(t, []string{"הפגנה של משפחות החטופים בכיכר"}, texts)
		default:
			t.Errorf("unexpected context %q", c)
		}
		assert.Contains(t, c, "\nTerror group remains defiant", "the lead follows the title")
		assert.LessOrEqual(t, len([]rune(c)), 1000)
	}
	out, err := os.ReadFile(filepath.Join(dir, "out", "a.txt.json"))
	require.NoError(t, err)
	assert.Contains(t, string(out), "[EN-US] "+translatetest.Latin("תקיפה ליד")+" mosque", "DeepL applied the glossary")
	assert.NotContains(t, string(out), `"glossary:`, "DeepL applies the glossary itself: no QA check")
}
