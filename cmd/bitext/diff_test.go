package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// twoRuns translates the Ynetnews article against the fake Google server twice, the second
// time with one caption occurrence edited and another model, and returns the two outputs.
func twoRuns(t *testing.T, format string) (oldPath, newPath string) {
	t.Helper()
	srv := googletest.NewServer(t, fakeTarget)
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	dir := t.TempDir()
	const caption = "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה"
	first := strings.Index(string(raw), caption)
	second := first + len(caption) + strings.Index(string(raw[first+len(caption):]), caption)
	require.Greater(t, second, first)
	edited := string(raw[:second]) + strings.Replace(string(raw[second:]), "מזרחית לעיר עזה", "ממזרח לעיר עזה", 1)
	in := filepath.Join(dir, "edited", "ynet-hostages.txt")
	require.NoError(t, os.MkdirAll(filepath.Dir(in), 0o755))
	require.NoError(t, os.WriteFile(in, []byte(edited), 0o644))
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key}
	oldPath, newPath = filepath.Join(dir, "old."+format), filepath.Join(dir, "new."+format)
	r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--model", "nmt", "--format", format, "-o", oldPath, ynet)
	require.Equal(t, 0, r.code, r.stderr)
	r = bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--model", "base", "--format", format, "-o", newPath, in)
	require.Equal(t, 0, r.code, r.stderr)
	return oldPath, newPath
}

func TestDiffTwoRuns(t *testing.T) {
	for _, format := range []string{"json", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			oldPath, newPath := twoRuns(t, format)
			r := bitext(t, nil, "", "diff", "--format", "json", oldPath, newPath)
			require.Equal(t, 1, r.code, r.stderr)
			type change struct {
				File   string   `json:"file"`
				ID     string   `json:"id"`
				Status string   `json:"status"`
				Causes []string `json:"causes"`
				Old    struct {
					Block int    `json:"block"`
					Text  string `json:"text"`
				} `json:"old"`
				New struct {
					Block       int    `json:"block"`
					Text        string `json:"text"`
					Translation struct {
						Model string `json:"model"`
					} `json:"translation"`
				} `json:"new"`
			}
			var got []change
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				var c change
				require.NoError(t, json.Unmarshal([]byte(line), &c), line)
				got = append(got, c)
			}
			// Every translated segment changed model; only the edited caption changed source.
			byBlock := map[int]change{}
			for _, c := range got {
				assert.Equal(t, "changed", c.Status)
				assert.Equal(t, "base", c.New.Translation.Model)
				byBlock[c.New.Block] = c
				if c.New.Block != 8 {
					assert.Equal(t, []string{"model"}, c.Causes, c.New.Text)
				}
			}
			require.Contains(t, byBlock, 7)
			require.Contains(t, byBlock, 8)
			assert.Equal(t, []string{"model"}, byBlock[7].Causes)
			assert.Equal(t, []string{"source", "model"}, byBlock[8].Causes, "the edited caption: a removed and an added segment at one place")
			assert.Contains(t, byBlock[8].Old.Text, "מזרחית לעיר עזה")
			assert.Contains(t, byBlock[8].New.Text, "ממזרח לעיר עזה")
			assert.Equal(t, []string{"model"}, byBlock[15].Causes)
			assert.Equal(t, []string{"model"}, byBlock[16].Causes)

			r = bitext(t, nil, "", "diff", oldPath, newPath)
			require.Equal(t, 1, r.code, r.stderr)
			assert.Contains(t, r.stdout, "(model nmt → base)")
			assert.Contains(t, r.stdout, "(source; model nmt → base)")
			assert.Contains(t, r.stdout, "[-מזרחית-]{+ממזרח+}")
			assert.Contains(t, r.stdout, fmt.Sprintf("%d changed, 0 added, 0 removed", len(got)))
			assert.NotContains(t, r.stdout, "\x1b[", "no colour off a terminal")
		})
	}
}

// TestDiffIgnoresRunFields: a second run answered from the cache differs from the first only
// in "cached" and the request counts, which never count.
func TestDiffIgnoresRunFields(t *testing.T) {
	srv := googletest.NewServer(t, fakeTarget)
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": t.TempDir()}
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for _, out := range []string{a, b} {
		r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "-o", out, ynet)
		require.Equal(t, 0, r.code, r.stderr)
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	require.NotEqual(t, string(da), string(db), "the runs differ in cached and stats")
	r := bitext(t, nil, "", "diff", a, b)
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "no changes\n", r.stdout)
}

func TestDiffUsage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{not json"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"one file", []string{"diff", bad}, "want two files"},
		{"bad format", []string{"diff", "--format", "xml", bad, bad}, "--format"},
		{"missing", []string{"diff", filepath.Join(dir, "nope.json"), bad}, "nope.json"},
		{"unreadable", []string{"diff", bad, bad}, "bad.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := bitext(t, nil, "", tc.args...)
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, tc.want)
		})
	}
}

// TestDiffAsGitDriver runs `git diff` with bitext as the external diff driver of *.jsonl,
// as the README sets it up.
func TestDiffAsGitDriver(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is required in CI")
		}
		t.Skip("SKIPPED LOUDLY: git is not installed")
	}
	bin := binary(t)
	oldPath, newPath := twoRuns(t, "jsonl")
	repo := t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com",
			"-c", "diff.bitext.command=" + bin + " diff"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo, "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}
	git("init", "-q")
	require.NoError(t, os.WriteFile(filepath.Join(repo, ".gitattributes"), []byte("*.jsonl diff=bitext\n"), 0o644))
	data, err := os.ReadFile(oldPath)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(repo, "article.jsonl"), data, 0o644))
	git("add", ".")
	git("commit", "-q", "-m", "first run")
	data, err = os.ReadFile(newPath)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(repo, "article.jsonl"), data, 0o644))
	out := git("diff")
	assert.Contains(t, out, "(source; model nmt → base)")
	assert.Regexp(t, `\d+ changed, 0 added, 0 removed`, out)
	// A file new to the repository: git passes /dev/null as the old side.
	require.NoError(t, os.WriteFile(filepath.Join(repo, "second.jsonl"), data, 0o644))
	git("add", "-N", "second.jsonl")
	out = git("diff", "--", "second.jsonl")
	assert.Contains(t, out, "added")
}
