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

const crossCue = "testdata/subtitles/bitext/cross-cue.srt"

// TestSubtitleMergedRoundTrip: subtitles and Markdown written back with no backend are the
// input byte for byte, read from a file or sniffed from stdin.
func TestSubtitleMergedRoundTrip(t *testing.T) {
	for _, f := range []string{crossCue, "testdata/subtitles/bitext/cross-cue.vtt",
		"testdata/subtitles/go-astisub/example-in.srt", "testdata/markdown/sample.md"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "merged", f)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, string(data), r.stdout)
			args := []string{"translate", "--backend", "none", "--format", "merged"}
			if strings.HasSuffix(f, ".md") {
				args = append(args, "--input-format", "markdown") // Markdown is not sniffed
			}
			r = bitext(t, nil, string(data), append(args, "-")...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, string(data), r.stdout)
		})
	}
}

// TestSubtitleAcrossCuesThroughGoogle: the Hebrew sentence spread over two cues is sent as one
// text, and its translation comes back split across the same two cues.
func TestSubtitleAcrossCuesThroughGoogle(t *testing.T) {
	srv := googletest.NewServer(t, func(text, source, target string) string {
		return "I do not think we should go there tonight."
	})
	vars := map[string]string{"GOOGLE_API_KEY": "sekret-test-key-123"}
	r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL,
		"--format", "merged", "--merge", "replace", crossCue)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, 1, srv.RequestCount())
	assert.Equal(t, []string{"אני לא חושב שאנחנו צריכים ללכת לשם הלילה."}, srv.Requests()[0].Texts)
	assert.Equal(t, "1\n00:00:01,000 --> 00:00:03,000\nI do not think we\nshould go there\n\n"+
		"2\n00:00:03,100 --> 00:00:05,000\n<i>tonight.</i>\n\n"+
		"3\n00:00:05,500 --> 00:00:07,000\n- Why not?\n- It is late.\n", r.stdout)
}

// TestSubtitleErrors: a malformed file is reported with its name and line.
func TestSubtitleErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.srt")
	require.NoError(t, os.WriteFile(bad, []byte("1\n00:00:01,000 --> 00:00:02,000\nhi\n\nstray text\n"), 0o644))
	r := bitext(t, nil, "", "translate", "--backend", "none", bad)
	assert.Equal(t, 2, r.code, "nothing could be done")
	assert.Contains(t, r.stderr, bad+": line 5: expected a cue number or a timing line")

	r = bitext(t, nil, "00:01.000 --> 00:02.000\nhi\n", "translate", "--backend", "none", "--input-format", "vtt", "-")
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "-: line 1: missing WEBVTT header")
}

// TestInputFormatHelp: the help text names the new readers.
func TestInputFormatHelp(t *testing.T) {
	for _, cmd := range []string{"translate", "detect"} {
		r := bitext(t, nil, "", cmd, "--help")
		assert.Contains(t, r.stdout+r.stderr, "srt | vtt | markdown", cmd)
	}
}
