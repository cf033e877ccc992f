package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// TestReviewIndex: --format html with --out-dir writes each document's review page and an
// index.html linking them, saying what each run translated; each page's header says it too.
func TestReviewIndex(t *testing.T) {
	in := t.TempDir()
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(in, "news"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(in, "news", "ynet.txt"), raw, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "plain.txt"), []byte("An English line with nothing to translate at all, for the index.\n"), 0o644))
	out := t.TempDir()
	r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "html", "--out-dir", out, in)
	require.Equal(t, 0, r.code, r.stderr)
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	require.NoError(t, err)
	page, err := os.ReadFile(filepath.Join(out, "news", "ynet.txt.html"))
	require.NoError(t, err)
	for _, want := range []string{`<a href="news/ynet.txt.html">`, `<a href="plain.txt.html">`,
		"From Hebrew (4 segments) into English: 4 of 42 segments to translate, 4 translated (the document&#39;s own 4).",
		"Nothing to translate into English: none of the 1 segments is in another language.", "Review: 2 documents"} {
		assert.Contains(t, string(index), want)
	}
	assert.Contains(t, string(page), `<p class="summary">From Hebrew (4 segments) into English: 4 of 42 segments to translate`)
	assert.NotContains(t, string(page), "Language en, translated into en")

	// One input, or stdout: no index.
	out2 := t.TempDir()
	r = bitext(t, nil, "", "translate", "--backend", "none", "--format", "html", "-o", filepath.Join(out2, "one.html"), ynet)
	require.Equal(t, 0, r.code, r.stderr)
	_, err = os.Stat(filepath.Join(out2, "index.html"))
	assert.True(t, os.IsNotExist(err))
}

// TestCachedRerunIdentical: md, html and jsonl carry nothing that a cached rerun changes, so
// a rerun answered from the cache writes the same bytes.
func TestCachedRerunIdentical(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string { return fakeEN(text) })
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": t.TempDir()}
	for _, format := range []string{"md", "html", "jsonl"} {
		var outs []string
		for run := 0; run < 2; run++ {
			r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--format", format, ynet)
			require.Equal(t, 0, r.code, r.stderr)
			outs = append(outs, r.stdout)
			if run == 1 {
				assert.Contains(t, r.stderr, "from the cache", format)
			}
		}
		assert.Equal(t, outs[0], outs[1], "%s: the cached rerun writes the same bytes", format)
		assert.NotContains(t, strings.ToLower(outs[1]), "cached", format)
	}
	assert.Equal(t, 1, srv.RequestCount(), "the reruns were answered by the cache")
}
