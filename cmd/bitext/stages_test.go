package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDetectMatchesTranslate: `bitext detect` and `bitext translate` run the same stages
// (pipeline.Prepare), so they give the same (block, text, language) sequence on every input:
// the seed, real pages, subtitles, Markdown, and German and Spanish text with ordinal numbers
// (which only the language's own sentence rules keep whole).
func TestDetectMatchesTranslate(t *testing.T) {
	inputs := []string{
		ynet,
		"testdata/ordinals/de.txt",
		"testdata/ordinals/es.txt",
		"testdata/html/bbc-1.html",
		"testdata/html/heise.html",
		"testdata/html/spanish-article.html",
		"testdata/html/cnn-arabic.html",
		"testdata/markdown/sample.md",
	}
	subs, err := filepath.Glob("testdata/subtitles/go-astisub/example-in.*")
	require.NoError(t, err)
	inputs = append(inputs, subs...)
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) {
			d := bitext(t, nil, "", "detect", "--format", "jsonl", in)
			require.Equal(t, 0, d.code, d.stderr)
			var fromDetect []string
			sc := bufio.NewScanner(strings.NewReader(d.stdout))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var r segmentRecord
				require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
				fromDetect = append(fromDetect, fmt.Sprintf("%d\t%s\t%s", r.Block, r.Lang, r.Text))
			}
			tr := bitext(t, nil, "", "translate", "--backend", "none", "--format", "json", in)
			require.Equal(t, 0, tr.code, tr.stderr)
			var fromTranslate []string
			for _, b := range decode(t, tr.stdout).Blocks {
				for _, s := range b.Segments {
					fromTranslate = append(fromTranslate, fmt.Sprintf("%d\t%s\t%s", b.Index, s.Lang, s.Text))
				}
			}
			require.NotEmpty(t, fromDetect)
			assert.Equal(t, fromTranslate, fromDetect)
		})
	}
	d := bitext(t, nil, "", "detect", "--format", "jsonl", "testdata/ordinals/de.txt")
	assert.Contains(t, d.stdout, `"text":"Die Mannschaft belegte am Ende der Saison den 3. Platz in der Tabelle."}`, "the ordinal ends no sentence")
}
