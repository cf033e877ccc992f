package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

const crossCue = "testdata/subtitles/bitext/cross-cue.srt"

// TestSubtitleMergedRoundTrip: subtitles and Markdown written back with no backend are the
// input byte for byte, read from a file or sniffed from stdin.
func TestSubtitleMergedRoundTrip(t *testing.T) {
	for _, f := range []string{crossCue, "testdata/subtitles/bitext/cross-cue.vtt",
		"testdata/subtitles/go-astisub/example-in.srt", "testdata/markdown/sample.md",
		"testdata/subtitles/bitext/spec.ass", "testdata/subtitles/go-astisub/example-in.ssa",
		"testdata/subtitles/bitext/imsc.ttml", "testdata/subtitles/bitext/legacy.dfxp"} {
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

// TestSubtitleFitFlags: the fit flags' usage errors.
func TestSubtitleFitFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--subtitle-profile", "hbo"}, `--subtitle-profile "hbo": want one of bbc, netflix, ted`},
		{[]string{"--subtitle-fit", "cps=fast"}, "--subtitle-fit: cps=fast: want a positive number"},
		{[]string{"--subtitle-condense"}, "--subtitle-condense needs --subtitle-profile or --subtitle-fit"},
		{[]string{"--subtitle-profile", "ted", "--subtitle-condense", "--backend", "google"}, "--subtitle-condense needs a --backend that condenses (openai), not google"},
		{[]string{"--subtitle-profile", "ted", "--subtitle-condense"}, "not auto"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := bitext(t, nil, "", append(append([]string{"translate"}, tt.args...), crossCue)...)
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
}

// fitSRT is a Hebrew cue of a second and a half, whose translation does not fit.
const fitSRT = "1\n00:00:01,000 --> 00:00:02,500\nשלום לכולם.\n\n2\n00:00:03,000 --> 00:00:06,000\nתודה.\n"

// TestSubtitleProfileJSON: --subtitle-profile flags each cue that does not fit in the JSON,
// and --subtitle-fit sets limits of its own.
func TestSubtitleProfileJSON(t *testing.T) {
	srv := googletest.NewServer(t, func(text, source, target string) string {
		if strings.HasPrefix(text, "שלום") {
			return "Hello to all of you, everybody who is here tonight"
		}
		return "Thanks."
	})
	vars := map[string]string{"GOOGLE_API_KEY": "sekret-test-key-123"}
	dir := t.TempDir()
	in := filepath.Join(dir, "clip.srt")
	require.NoError(t, os.WriteFile(in, []byte(fitSRT), 0o644))
	qa := func(args ...string) [][]string {
		r := bitext(t, vars, "", append([]string{"translate", "--backend", "google", "--endpoint", srv.URL}, append(args, in)...)...)
		require.Equal(t, 0, r.code, r.stderr)
		var f struct {
			Blocks []struct {
				QA []string `json:"qa"`
			} `json:"blocks"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &f))
		var out [][]string
		for _, b := range f.Blocks {
			out = append(out, b.QA)
		}
		return out
	}
	assert.Equal(t, [][]string{{"cps:33.3>20", "line:50>42"}, nil}, qa("--subtitle-profile", "netflix"))
	assert.Equal(t, [][]string{{"cps:33.3>17", "line:50>37"}, nil}, qa("--subtitle-profile", "bbc"))
	assert.Equal(t, [][]string{{"cps:33.3>30"}, nil}, qa("--subtitle-profile", "netflix", "--subtitle-fit", "cps=30,cpl=60"))
	assert.Equal(t, [][]string{nil, nil}, qa(), "no check without the flags")
}

// TestSubtitleCondense: --subtitle-condense asks the openai backend once more, with the room
// the cue has, and the shorter answer is what merged output writes.
func TestSubtitleCondense(t *testing.T) {
	oa := openaitest.NewServer(t, openaitest.Options{}, func(text, _, _ string) string {
		if strings.HasPrefix(text, "שלום") {
			return "Hello to all of you, everybody who is here tonight"
		}
		return "Thanks."
	})
	oa.SetContentFn(func(req openaitest.Request, out []string) string {
		if strings.Contains(req.System, "at most 30 characters") {
			out = []string{"Hello, everyone."}
		}
		b, _ := json.Marshal(map[string]any{"translations": out})
		return string(b)
	})
	vars := map[string]string{"OPENAI_BASE_URL": oa.BaseURL(), "OPENAI_API_KEY": openaitest.Key}
	r := bitext(t, vars, fitSRT, "translate", "--backend", "openai", "--model", openaitest.Model, "--subtitle-profile", "netflix",
		"--subtitle-condense", "--format", "merged", "--merge", "replace", "--input-format", "srt", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "1\n00:00:01,000 --> 00:00:02,500\nHello, everyone.\n\n2\n00:00:03,000 --> 00:00:06,000\nThanks.\n", r.stdout)
	require.Len(t, oa.Requests(), 2)
	assert.Contains(t, oa.Requests()[1].System, "at most 30 characters")
}

// TestSubtitleOutDirNames: merged subtitles are named for players under --out-dir.
func TestSubtitleOutDirNames(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	for name, body := range map[string]string{
		"clip.srt":       fitSRT,
		"film.he.vtt":    "WEBVTT\n\n00:01.000 --> 00:02.000\nשלום.\n",
		"show.ass":       "[Script Info]\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,שלום.\n",
		"sub/talk.ttml":  `<tt xmlns="http://www.w3.org/ns/ttml"><body><p begin="1s" end="2s">שלום.</p></body></tt>`,
		"notes/page.txt": "Hello.\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	for _, mode := range []string{"replace", "bilingual"} {
		r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "merged", "--merge", mode, "--out-dir", filepath.Join(out, mode), dir)
		require.Equal(t, 0, r.code, r.stderr)
	}
	var got []string
	require.NoError(t, filepath.WalkDir(out, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(out, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	assert.ElementsMatch(t, []string{
		"replace/clip.en.srt", "replace/film.en.vtt", "replace/show.en.ass", "replace/sub/talk.en.ttml", "replace/notes/page.txt",
		"bilingual/clip.bilingual.en.srt", "bilingual/film.bilingual.en.vtt", "bilingual/show.bilingual.en.ass",
		"bilingual/sub/talk.bilingual.en.ttml", "bilingual/notes/page.txt",
	}, got)
}
