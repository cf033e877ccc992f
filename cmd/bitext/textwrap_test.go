package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoldenRulesAsFiles runs `bitext detect --format jsonl rule.txt` on each English Golden
// Rule of the Pragmatic Segmenter (testdata/sbd) written as a file of its own: the segments,
// whitespace collapsed, must be the rule's sentences. Rules 40 and 41 are sentences broken by
// a newline, which the text reader joins as a hard-wrapped paragraph; rule 42 is a list of
// lines, which it keeps apart.
func TestGoldenRulesAsFiles(t *testing.T) {
	f, err := os.Open("testdata/sbd/pragmatic_segmenter_golden_rules.jsonl")
	require.NoError(t, err)
	defer f.Close()
	dir := t.TempDir()
	passed, total := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct {
			Lang      string   `json:"lang"`
			Rule      int      `json:"rule"`
			Text      string   `json:"text"`
			Sentences []string `json:"sentences"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		if r.Lang != "en" {
			continue
		}
		total++
		path := filepath.Join(dir, "rule.txt")
		require.NoError(t, os.WriteFile(path, []byte(r.Text), 0o644))
		res := bitext(t, nil, "", "detect", "--format", "jsonl", path)
		require.Equal(t, 0, res.code, res.stderr)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
			var s struct{ Text string }
			require.NoError(t, json.Unmarshal([]byte(l), &s), l)
			got = append(got, strings.Join(strings.Fields(s.Text), " "))
		}
		var want []string
		for _, s := range r.Sentences {
			want = append(want, strings.Join(strings.Fields(s), " "))
		}
		if assert.ObjectsAreEqual(want, got) {
			passed++
		} else {
			t.Logf("rule %d: want %q, got %q", r.Rule, want, got)
		}
	}
	require.NoError(t, sc.Err())
	require.Equal(t, 52, total)
	assert.GreaterOrEqual(t, passed, 51, "English Golden Rules passed through the CLI")
}
