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

// TestCacheCommands: a run fills the cache; stats shows it by backend and pair with the
// hit rate; export writes TMX; import of that TMX into a fresh cache serves the next run
// as translation memory with no backend at all; prune and clear empty it.
func TestCacheCommands(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "EN[" + text + "]" })
	dir := t.TempDir()
	vars := map[string]string{"GOOGLE_API_KEY": "k", "BITEXT_CACHE_DIR": dir}
	for i := 0; i < 2; i++ {
		r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, ynet)
		require.Equal(t, 0, r.code, r.stderr)
	}
	assert.Equal(t, 1, srv.RequestCount())

	r := bitext(t, vars, "", "cache", "stats")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "entries:  2")
	assert.Regexp(t, `google\s+he\s+en\s+2`, r.stdout)
	assert.Contains(t, r.stdout, "last 2 runs: 4 lookups, 2 hits (50% hit rate)")

	tmxPath := filepath.Join(t.TempDir(), "memory.tmx")
	r = bitext(t, vars, "", "cache", "export", "--format", "tmx", "-o", tmxPath)
	require.Equal(t, 0, r.code, r.stderr)
	data, err := os.ReadFile(tmxPath)
	require.NoError(t, err)
	assert.Contains(t, string(data), `<tuv xml:lang="he">`)
	assert.Contains(t, string(data), `<seg>תקיפה ליד מסגד`)
	assert.NotContains(t, string(data), "k\"", "no key in the export")

	fresh := map[string]string{"BITEXT_CACHE_DIR": t.TempDir()}
	r = bitext(t, fresh, "", "cache", "import", tmxPath)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "imported 2 translations")
	r = bitext(t, fresh, "", "translate", "--backend", "tm", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	f := decode(t, r.stdout)
	s := f.Blocks[7].Segments[0]
	require.NotNil(t, s.Translation)
	assert.Equal(t, "tm", string(s.Translation.Origin))
	assert.Equal(t, "EN["+s.Text+"]", s.Translation.Text)

	r = bitext(t, vars, "", "cache", "prune", "--older-than", "30d")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "pruned 0 entries")
	r = bitext(t, vars, "", "cache", "clear")
	require.Equal(t, 0, r.code, r.stderr)
	r = bitext(t, vars, "", "cache", "stats")
	assert.Contains(t, r.stdout, "entries:  0")
}

func TestTMFlag(t *testing.T) {
	r := bitext(t, nil, "", "translate", "--backend", "tm", "--tm", "testdata/tm/captions.tmx", "--format", "md", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City *(tm, tm)*")
	assert.Contains(t, r.stdout, "document: IDF strikes in Gaza City")

	r = bitext(t, nil, "", "translate", "--tm", "testdata/tm/missing.tmx", ynet)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "missing.tmx")
}

func TestCacheUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"cache", "prune"}, "older-than"},
		{[]string{"cache", "prune", "--older-than", "soon"}, "not a duration"},
		{[]string{"cache", "export", "--format", "csv"}, "only tmx"},
		{[]string{"cache", "import"}, "one FILE.tmx"},
		{[]string{"cache", "import", "nope.tmx"}, "nope.tmx"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := bitext(t, nil, "", tt.args...)
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
}

// A cache that cannot be opened (a directory where cache.db should be) does not fail the job:
// one warning, the translations, and the summary counting the answers it could not store.
func TestUnusableCacheDegrades(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "cache.db"), 0o755))
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "EN[" + text + "]" })
	r := bitext(t, map[string]string{"GOOGLE_API_KEY": "k", "BITEXT_CACHE_DIR": dir}, "", "translate", "--backend", "google", "--endpoint", srv.URL, ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, strings.Count(r.stderr, "warning: running without a cache"))
	assert.Contains(t, r.stderr, "2 answer(s) not stored in the cache")
	assert.Contains(t, r.stdout, "EN[")
	r = bitext(t, map[string]string{"GOOGLE_API_KEY": "k", "BITEXT_CACHE_DIR": dir}, "", "translate", "--strict", "--backend", "google", "--endpoint", srv.URL, ynet)
	assert.Equal(t, 1, r.code, "--strict: answers not stored")
}

func TestParseAge(t *testing.T) {
	for in, want := range map[string]string{"30d": "720h0m0s", "2w": "336h0m0s", "90m": "1h30m0s"} {
		d, err := parseAge(in)
		require.NoError(t, err)
		assert.Equal(t, want, d.String())
	}
	_, err := parseAge("-1d")
	assert.Error(t, err)
}

func TestCacheVerify(t *testing.T) {
	version := "v1"
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "EN[" + text + "]" + version })
	vars := map[string]string{"GOOGLE_API_KEY": "k", "BITEXT_CACHE_DIR": t.TempDir()}
	r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, ynet)
	require.Equal(t, 0, r.code, r.stderr)
	version = "v2"
	r = bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--cache", "verify", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 2, srv.RequestCount(), "verify asks the backend again")
	assert.Contains(t, r.stderr, "cache verify: 2 of 2 cached translations changed")
	assert.Contains(t, r.stderr, `was "EN[תקיפה ליד מסגד`)
	assert.Contains(t, r.stdout, "]v2")
}
