package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

// TestOutputLanguageGate plays an OpenAI-compatible model that echoes its Spanish and
// Hebrew segments, translates half of each, or answers real English, behind bitext translate
// into English: no echoed or half answer is written as an unflagged mt translation, and
// every real English answer is written as one with no flag at all.
func TestOutputLanguageGate(t *testing.T) {
	f, err := os.Open("testdata/answergate/cases.jsonl")
	require.NoError(t, err)
	defer f.Close()
	answers := map[string]string{}
	var article strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct{ Src, Source, Answer string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
		if strings.ContainsFunc(c.Source+c.Answer, unicode.IsDigit) || strings.Count(c.Source, ".") > 1 {
			continue // numbers would be flagged as missing: another check, not this one's
		}
		answers[strings.Join(strings.Fields(c.Source), " ")] = c.Answer
		article.WriteString(c.Source + "\n")
	}
	require.NoError(t, sc.Err())
	require.Greater(t, len(answers), 30)
	in := filepath.Join(t.TempDir(), "captions.txt")
	require.NoError(t, os.WriteFile(in, []byte(article.String()), 0o644))

	for _, mode := range []string{"echo", "half", "real"} {
		t.Run(mode, func(t *testing.T) {
			oa := openaitest.NewServer(t, openaitest.Options{}, func(text, _, _ string) string {
				answer, ok := answers[text]
				if !ok {
					answer = "This segment was translated into plain English for the test."
				}
				switch mode {
				case "echo":
					return text
				case "half":
					a, s := strings.Fields(answer), strings.Fields(text)
					return strings.Join(append(a[:len(a)/2:len(a)/2], s[len(s)/2:]...), " ")
				}
				return answer
			})
			r := bitext(t, map[string]string{"OPENAI_API_KEY": openaitest.Key}, "", "translate", "--backend", "openai",
				"--endpoint", oa.BaseURL(), "--model", openaitest.Model, "--format", "jsonl", "--no-cache", in)
			require.Contains(t, []int{0, 1}, r.code, r.stderr)
			var segments, mt, flagged int
			for _, ln := range lines(t, r.stdout) {
				tr := ln.Translation
				if tr == nil {
					continue // a segment in English already
				}
				segments++
				if tr.Origin == "mt" {
					mt++
					if len(tr.QA) > 0 {
						flagged++
					}
				}
				switch mode {
				case "echo", "half":
					assert.False(t, tr.Origin == "mt" && len(tr.QA) == 0, "%s answer written unflagged as mt: %q → %q", mode, ln.Text, tr.Text)
				case "real":
					assert.Equal(t, "mt", string(tr.Origin), "%q: %v", ln.Text, tr.Reason)
					assert.Empty(t, tr.QA, "real English answer %q", tr.Text)
				}
			}
			t.Logf("%s: %d foreign segments, %d written as mt (%d of them flagged)", mode, segments, mt, flagged)
			assert.GreaterOrEqual(t, segments, len(answers))
		})
	}
}
