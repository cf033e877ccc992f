package segment

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

// ntrexDocs returns the NTREX English news articles: for each, its lines (one sentence each,
// the first being the headline).
func ntrexDocs(t testing.TB) [][]string {
	t.Helper()
	read := func(name string) []string {
		f, err := os.Open(filepath.Join(sbdDir, "ntrex", name))
		require.NoError(t, err)
		defer f.Close()
		var lines []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		require.NoError(t, sc.Err())
		return lines
	}
	lines, ids := read("newstest2019-src.eng.head.txt"), read("DOCUMENT_IDS.head.tsv")
	require.Len(t, ids, len(lines))
	var docs [][]string
	for i, l := range lines {
		if i == 0 || ids[i] != ids[i-1] {
			docs = append(docs, nil)
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], l)
	}
	return docs
}

// ntrexText is the long English text of the benchmark: each article's headline on its own
// line, then its sentences as one paragraph, articles separated by empty lines.
func ntrexText(t testing.TB) string {
	var b strings.Builder
	for _, d := range ntrexDocs(t) {
		b.WriteString(d[0])
		b.WriteString("\n")
		b.WriteString(strings.Join(d[1:], " "))
		b.WriteString("\n\n")
	}
	return b.String()
}

// TestNTREXSentences: sentences of real English news are found exactly when each
// article's body is one paragraph, at least minNTREX of them (277 of 282, 98.2%, when the
// floor was set: a floor two sentences below, as a regression guard).
func TestNTREXSentences(t *testing.T) {
	found, total := 0, 0
	var misses []string
	for _, d := range ntrexDocs(t) {
		body := strings.Join(d[1:], " ")
		got := map[string]bool{}
		for _, s := range split(body, Options{Lang: language.English}) {
			got[s] = true
		}
		for _, want := range d[1:] {
			total++
			if got[strings.TrimSpace(want)] {
				found++
			} else {
				misses = append(misses, want)
			}
		}
	}
	share := float64(found) / float64(total)
	t.Logf("NTREX English news: %d/%d sentences found exactly (%.1f%%)", found, total, 100*share)
	if testing.Verbose() {
		t.Logf("missed:\n%s", strings.Join(misses, "\n"))
	}
	assert.GreaterOrEqual(t, share, minNTREX, "NTREX sentences found exactly; missed:\n%s", strings.Join(misses, "\n"))
}

// minNTREX is TestNTREXSentences's floor.
const minNTREX = 0.975

func BenchmarkSentences(b *testing.B) {
	ynet, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ynet", "ynet-hostages.txt"))
	require.NoError(b, err)
	texts := []struct {
		name string
		text string
		opt  Options
	}{
		{"ynet", string(ynet), Options{}},
		{"ntrex-en", ntrexText(b), Options{}},
		{"ntrex-en/lang=en", ntrexText(b), Options{Lang: language.English}},
		// No spaces, a dot every few bytes: every look-around is bounded, so this stays linear.
		{"no-spaces", strings.Repeat("Ab.cd.Ef.a", 6000), Options{}},
	}
	for _, tt := range texts {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			b.ReportAllocs()
			for b.Loop() {
				Split(tt.text, tt.opt)
			}
		})
	}
}
