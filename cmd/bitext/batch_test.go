package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// mixedDir writes a directory of mixed inputs: the Ynetnews article, an HTML page and a
// subtitle file in subdirectories, one file that is not text, and files no reader claims.
func mixedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	files := map[string][]byte{
		"ynet.txt":           raw,
		"pages/page.html":    []byte("<!DOCTYPE html><html><body><article><h1>Talks resume</h1><p>The talks resumed today in Cairo after a long pause.</p><figure><img src=a.jpg><figcaption>שיחות בקהיר</figcaption></figure></article></body></html>"),
		"subs/clip.srt":      []byte("1\n00:00:01,000 --> 00:00:02,500\nשלום לכולם\n\n2\n00:00:03,000 --> 00:00:04,000\nGood evening.\n"),
		"broken.txt":         []byte("caf\xe9 au lait\n"),
		"image.png":          {0x89, 'P', 'N', 'G', 0, 0},
		"drafts/old.txt":     []byte("An old draft that --exclude skips.\n"),
		".git/objects/x.txt": []byte("never walked\n"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	return dir
}

// TestBatchDirectoryWithBrokenFile: the good inputs are translated and written under
// --out-dir mirroring the tree, the broken one is reported by name and written nowhere,
// and the exit code is 1.
func TestBatchDirectoryWithBrokenFile(t *testing.T) {
	dir := mixedDir(t)
	out := t.TempDir()
	r := bitext(t, nil, "", "translate", "--backend", "none", "--progress", "plain", "--exclude", "drafts", "--out-dir", out, dir)
	assert.Equal(t, 1, r.code, r.stderr)
	broken := filepath.Join(dir, "broken.txt")
	assert.Regexp(t, "bitext: "+broken+": .*invalid UTF-8 at byte offset 3", r.stderr)
	assert.Contains(t, r.stderr, "bitext: 3 document(s)")
	assert.Contains(t, r.stderr, "1 input(s) failed: "+broken)
	assert.Contains(t, r.stderr, "bitext: progress: ")
	var got []string
	require.NoError(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	assert.ElementsMatch(t, []string{"ynet.txt.json", "pages/page.html.json", "subs/clip.srt.json"}, got)
	data, err := os.ReadFile(filepath.Join(out, "ynet.txt.json"))
	require.NoError(t, err)
	f := decode(t, string(data))
	hebrew := 0
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			if s.Lang == "he" && s.Translation != nil && s.Translation.Origin == "document" {
				hebrew++
			}
		}
	}
	assert.Equal(t, 4, hebrew, "the four Hebrew captions get their counterparts")
}

func TestBatchIncludeExclude(t *testing.T) {
	dir := mixedDir(t)
	for _, tc := range []struct {
		name  string
		flags []string
		want  []string
	}{
		{"include by name", []string{"--include", "*.srt"}, []string{"subs/clip.srt.jsonl"}},
		{"include by path with **", []string{"--include", "**/*.html", "--include", "ynet.txt"}, []string{"pages/page.html.jsonl", "ynet.txt.jsonl"}},
		{"exclude", []string{"--exclude", "broken.txt", "--exclude", "pages", "--exclude", "drafts/*"}, []string{"ynet.txt.jsonl", "subs/clip.srt.jsonl"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"translate", "--backend", "none", "--format", "jsonl", "--out-dir", out}, tc.flags...)
			r := bitext(t, nil, "", append(args, dir)...)
			require.Equal(t, 0, r.code, r.stderr)
			var got []string
			_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(out, p)
					got = append(got, filepath.ToSlash(rel))
				}
				return nil
			})
			assert.ElementsMatch(t, tc.want, got)
		})
	}
	r := bitext(t, nil, "", "translate", "--include", "[", dir)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--include")
}

// hebrewLines returns n distinct Hebrew lines for job tests.
func hebrewLines(prefix string, n int) string {
	var b strings.Builder
	b.WriteString("A short English introduction to a list of Hebrew lines for the test.\n")
	for i := range n {
		fmt.Fprintf(&b, "שורה %s מספר %d במסמך הבדיקה על המשא ומתן\n", prefix, i)
	}
	return b.String()
}

// TestDryRunEqualsWhatIsSent: the dry run's segments and characters are exactly what the fake
// server then receives; a second dry run finds everything in the cache.
func TestDryRunEqualsWhatIsSent(t *testing.T) {
	srv := googletest.NewServer(t, fakeTarget)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte(hebrewLines("א", 60)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.txt"), []byte(hebrewLines("א", 10)+hebrewLines("ב", 50)), 0o644))
	warm := filepath.Join(dir, "c.txt")
	require.NoError(t, os.WriteFile(warm, []byte(hebrewLines("ג", 2)), 0o644))
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": t.TempDir()}
	args := []string{"--backend", "google", "--endpoint", srv.URL, "--model", "nmt"}

	// Warm the cache with one document, so the estimate has hits to subtract.
	r := bitext(t, vars, "", append(append([]string{"translate"}, args...), warm)...)
	require.Equal(t, 0, r.code, r.stderr)
	srv.Reset()

	dry := bitext(t, vars, "", append(append([]string{"translate", "--dry-run", "--format", "json"}, args...), dir)...)
	require.Equal(t, 0, dry.code, dry.stderr)
	require.Zero(t, srv.RequestCount(), "a dry run calls no backend")
	var est struct {
		Documents       int `json:"documents"`
		Segments        int `json:"segments"`
		ForeignSegments int `json:"foreign_segments"`
		CacheHits       int `json:"cache_hits"`
		ToSend          struct {
			Segments, Characters, Requests int
		} `json:"to_send"`
		ByBackend []struct {
			Backend, Model, BillingUnit string
			Characters                  int
		} `json:"by_backend"`
		EstimatedCost struct {
			Amount   float64 `json:"amount"`
			Currency string  `json:"currency"`
			PricedOn string  `json:"priced_on"`
		} `json:"estimated_cost"`
	}
	require.NoError(t, json.Unmarshal([]byte(dry.stdout), &est), dry.stdout)
	assert.Equal(t, 3, est.Documents)
	assert.Equal(t, 60+60+2, est.ForeignSegments)
	assert.Equal(t, 2, est.CacheHits, "the two lines of c.txt are cached")
	assert.Equal(t, 110, est.ToSend.Segments, "distinct texts: 60 + 50")
	require.Len(t, est.ByBackend, 1)
	assert.Equal(t, "google", est.ByBackend[0].Backend)
	assert.Equal(t, "nmt", est.ByBackend[0].Model)
	assert.Equal(t, "USD", est.EstimatedCost.Currency)
	assert.NotEmpty(t, est.EstimatedCost.PricedOn)
	assert.InDelta(t, float64(est.ToSend.Characters)*20/1e6, est.EstimatedCost.Amount, 1e-12)

	out := t.TempDir()
	real := bitext(t, vars, "", append(append([]string{"translate", "--out-dir", out}, args...), dir)...)
	require.Equal(t, 0, real.code, real.stderr)
	texts, chars := 0, 0
	for _, req := range srv.Requests() {
		for _, s := range req.Texts {
			texts++
			chars += utf8.RuneCountInString(s)
		}
	}
	assert.Equal(t, est.ToSend.Segments, texts, "texts sent")
	assert.Equal(t, est.ToSend.Characters, chars, "characters sent")
	assert.LessOrEqual(t, est.ToSend.Requests, srv.RequestCount(), "requests are a lower bound")
	assert.Contains(t, real.stderr, fmt.Sprintf("%d characters sent", chars))

	again := bitext(t, vars, "", append(append([]string{"translate", "--dry-run", "--format", "md"}, args...), dir)...)
	require.Equal(t, 0, again.code, again.stderr)
	assert.Contains(t, again.stdout, "cache hits        112")
	assert.Regexp(t, `total\s+0\s+0\s+0\s+0.0000 USD`, again.stdout)
}

// TestDryRunWithoutCredentials: a named backend is estimated without its key (nothing is
// sent); a real run with it still needs the key.
func TestDryRunWithoutCredentials(t *testing.T) {
	in := filepath.Join(t.TempDir(), "a.txt")
	text := hebrewLines("א", 3)
	require.NoError(t, os.WriteFile(in, []byte(text), 0o644))
	chars := utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.SplitAfter(text, "\n")[0]) - 3 // no intro, no newlines
	r := bitext(t, nil, "", "translate", "--dry-run", "--backend", "google", in)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, fmt.Sprintf(`"to_send":{"segments":3,"characters":%d,"requests":1}`, chars))
	r = bitext(t, nil, "", "translate", "--backend", "google", in)
	assert.Equal(t, 2, r.code, "a real run still needs the key")
	r = bitext(t, nil, "", "translate", "--dry-run", "--backend", "none", "--format", "md", in)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "foreign segments  3")
	assert.Regexp(t, `\(none\)\s+-\s+0\s+0\s+0`, r.stdout)
}
