package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedUpToDate regenerates the models and languages_gen.go from lingua-go into a
// temporary directory and compares them byte for byte with what is committed, so a change
// of the generator, the format or lingua-go's version cannot land without `go generate
// ./detect`. It reads all of lingua-go's models: about 30 CPU-seconds.
func TestGeneratedUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates every model (about 30 CPU-seconds); run without -short")
	}
	if raceEnabled {
		t.Skip("the race detector makes the generator several times slower and it shares no memory between goroutines; run without -race")
	}
	dir, version, err := locate()
	require.NoError(t, err)
	out := t.TempDir()
	require.NoError(t, generate(dir, version, out))
	committed := filepath.Join("..", "..")
	var names []string
	for _, pattern := range []string{"models/*", "languages_gen.go"} {
		got, err := filepath.Glob(filepath.Join(out, pattern))
		require.NoError(t, err)
		have, err := filepath.Glob(filepath.Join(committed, pattern))
		require.NoError(t, err)
		require.Equal(t, len(got), len(have), "%s: generated %d files, %d committed", pattern, len(got), len(have))
		for _, g := range got {
			rel, err := filepath.Rel(out, g)
			require.NoError(t, err)
			names = append(names, rel)
		}
	}
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		have, err := os.ReadFile(filepath.Join(committed, name))
		require.NoError(t, err, "%s is generated but not committed", name)
		assert.True(t, string(want) == string(have), "%s differs from what the generator writes: run go generate ./detect", name)
	}
}

// lingua-go's relative frequencies, made the way its training makes them.
func ratios(counts []map[string]uint64) []map[string]float64 {
	var total uint64
	for _, c := range counts[0] {
		total += c
	}
	out := make([]map[string]float64, len(counts))
	for k, m := range counts {
		out[k] = map[string]float64{}
		for g, c := range m {
			den := total
			if k > 0 {
				den = counts[k-1][string([]rune(g)[:k])]
			}
			out[k][g] = float64(c) / float64(den)
		}
	}
	return out
}

func TestRecoverCounts(t *testing.T) {
	counts := []map[string]uint64{
		{"a": 7919, "b": 3, "é": 104729},
		{"ab": 2, "aé": 7000, "éa": 99991, "ba": 1},
		{"aéa": 6999, "éab": 2},
	}
	got, err := recoverCounts(ratios(counts))
	require.NoError(t, err)
	assert.Equal(t, counts, got)

	// A probability that is no ratio of counts is refused, not rounded.
	bad := ratios(counts)
	bad[1]["ab"] = math.Nextafter(bad[1]["ab"], 1)
	_, err = recoverCounts(bad)
	assert.Error(t, err)
	orphan := ratios(counts)
	orphan[2]["bbb"] = 0.5
	_, err = recoverCounts(orphan)
	assert.Error(t, err, "an n-gram whose prefix has no count")
}

func TestCharsToLanguages(t *testing.T) {
	dir, _, err := locate()
	require.NoError(t, err)
	langs := []language{{iso: "pt", name: "Portuguese"}, {iso: "vi", name: "Vietnamese"}}
	src := filepath.Join(t.TempDir(), "constant.go")
	require.NoError(t, os.WriteFile(src, []byte(`package lingua
var charsToLanguagesMapping = map[string][]Language{
	"Ãã": {Portuguese, Vietnamese},
	"Ơơ": {Vietnamese},
}
`), 0o644))
	rules, err := charsToLanguages(src, langs)
	require.NoError(t, err)
	assert.Equal(t, []letterRule{{"Ãã", []string{"pt", "vi"}}, {"Ơơ", []string{"vi"}}}, rules)

	require.NoError(t, os.WriteFile(src, []byte(`package lingua
var charsToLanguagesMapping = map[string][]Language{"Ãã": {Klingon}}
`), 0o644))
	_, err = charsToLanguages(src, langs)
	assert.Error(t, err, "a language lingua-go does not list")

	// lingua-go's own table reads.
	all, err := charsToLanguages(filepath.Join(dir, "constant.go"), languages())
	require.NoError(t, err)
	assert.Greater(t, len(all), 30)
}
