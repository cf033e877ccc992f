package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/translatetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const ynet = "testdata/ynet/ynet-hostages.txt"

// TestMain runs every test from the repository root, so paths in outputs and golden files
// read as a user would type them.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// result is one CLI run.
type result struct {
	code           int
	stdout, stderr string
}

// bitext runs the CLI in-process with an environment of its own: nothing leaks in from the
// real one, and the cache goes to a temporary directory unless the test sets BITEXT_CACHE_DIR.
func bitext(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["BITEXT_CACHE_DIR"]; !ok {
		vars["BITEXT_CACHE_DIR"] = t.TempDir()
	}
	var out, errb bytes.Buffer
	code := run(append([]string{"bitext"}, args...), env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return vars[k] },
	})
	return result{code, out.String(), errb.String()}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata/golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/bitext -update to create it")
	assert.Equal(t, string(want), got)
}

func TestTranslateGolden(t *testing.T) {
	for _, f := range []string{"json", "md"} {
		t.Run(f, func(t *testing.T) {
			r := bitext(t, nil, "", "translate", "--backend", "none", "--format", f, ynet)
			require.Equal(t, 0, r.code, r.stderr)
			golden(t, "ynet-hostages.none."+f, r.stdout)
		})
	}
}

func TestTranslateWithoutBackendNotes(t *testing.T) {
	r := bitext(t, nil, "", "translate", "--format", "md", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "no translation backend is configured")
	assert.Contains(t, r.stderr, "GOOGLE_API_KEY")
	assert.Contains(t, r.stdout, "IDF strikes in Gaza City *(the document's own caption, block 9)*")
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no input", []string{"translate"}, "no input"},
		{"flag after path", []string{"translate", ynet, "--to", "he"}, `flag "--to" comes after a path`},
		{"bad format", []string{"translate", "--format", "pdf", ynet}, "--format"},
		{"bad target", []string{"translate", "--to", "not a tag!", ynet}, "--to"},
		{"endpoint with auto", []string{"translate", "--endpoint", "http://127.0.0.1:1", ynet}, "--endpoint needs an explicit --backend"},
		{"unknown backend", []string{"translate", "--backend", "babelfish", ynet}, "unknown backend"},
		{"google not configured", []string{"translate", "--backend", "google", ynet}, "GOOGLE_API_KEY"},
		{"several inputs", []string{"translate", ynet, ynet}, "--out-dir"},
		{"unknown flag", []string{"translate", "--bogus", ynet}, "bogus"},
		{"detect bad format", []string{"detect", "--format", "xml", ynet}, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bitext(t, nil, "", tt.args...)
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, tt.want)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	binary := write("binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1})
	invalid := write("latin1.txt", []byte("caf\xe9 au lait"))
	unreadable := write("secret.txt", []byte("hello"))
	require.NoError(t, os.Chmod(unreadable, 0))
	missing := filepath.Join(dir, "missing.txt")
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing", missing, "no such file"},
		{"binary", binary, "NUL byte at offset 4"},
		{"invalid utf-8", invalid, "invalid UTF-8 at byte offset 3"},
	}
	if os.Geteuid() != 0 { // root reads any file
		tests = append(tests, struct{ name, path, want string }{"unreadable", unreadable, "permission denied"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bitext(t, nil, "", "translate", "--backend", "none", tt.path)
			assert.Equal(t, 2, r.code)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			require.NotEmpty(t, lines)
			assert.Contains(t, lines[0], tt.path)
			assert.Contains(t, lines[0], tt.want)
			assert.NotContains(t, r.stderr, "panic")
		})
	}
	t.Run("one bad among good", func(t *testing.T) {
		out := t.TempDir()
		r := bitext(t, nil, "", "translate", "--backend", "none", "--out-dir", out, binary, ynet)
		assert.Equal(t, 1, r.code, r.stderr)
		assert.Contains(t, r.stderr, binary)
		_, err := os.Stat(filepath.Join(out, "ynet-hostages.txt.json"))
		assert.NoError(t, err, "the good input is written")
	})
}

func TestStdin(t *testing.T) {
	r := bitext(t, nil, "Plain English text that stays as it is.\nשלום לכולם\n", "translate", "--backend", "none", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"source": "-"`)
	assert.Contains(t, r.stdout, `"reason": "backend none"`)
}

func TestOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "out.md")
	r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "md", "-o", out, ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(data), "# Amid renewed fighting")
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*.tmp"))
	assert.Empty(t, left, "no temporary files left behind")
}

func TestDetectJSONL(t *testing.T) {
	r := bitext(t, nil, "", "detect", "--format", "jsonl", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	assert.Len(t, lines, 42)
	assert.Equal(t, 4, strings.Count(r.stdout, `"lang":"he"`))
	assert.Contains(t, lines[0], `{"file":"testdata/ynet/ynet-hostages.txt","block":0,"start":0,"end":93,"lang":"en"`)
}

func TestDetectLines(t *testing.T) {
	r := bitext(t, nil, "Hello there, how are you today?\r\n\nשלום לכולם\n", "detect", "--format", "jsonl", "--lines", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `{"file":"-","line":1,"lang":"en","confidence":`, r.stdout[:46])
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 3, "a final newline adds no line")
	assert.Equal(t, `{"file":"-","line":2,"lang":"und","confidence":0}`, lines[1])
	assert.Contains(t, lines[2], `"line":3,"lang":"he"`)
}

func TestVersionAndHelp(t *testing.T) {
	r := bitext(t, nil, "", "version")
	assert.Equal(t, 0, r.code)
	assert.True(t, strings.HasPrefix(r.stdout, "bitext "))
	r = bitext(t, nil, "", "translate", "--help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "--backend")
	assert.Contains(t, r.stdout, "Flags come before paths")
}

func TestMergedReproducesInputWithoutBackend(t *testing.T) {
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "merged", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, string(raw), r.stdout, "document counterparts are already in the document")
	out := t.TempDir()
	r = bitext(t, nil, "", "translate", "--backend", "none", "--format", "merged", "--out-dir", out, "testdata/ynet")
	require.Equal(t, 0, r.code, r.stderr)
	got, err := os.ReadFile(filepath.Join(out, "ynet-hostages.txt"))
	require.NoError(t, err)
	assert.Equal(t, raw, got, "merged output keeps the input's name")
}

// fakeEN is the fake backends' stand-in translation: "EN[…]" around the text in Latin
// letters (translatetest.Latin), so that QA's output-language gate does not take it for an
// echo, as it rightly would "EN[" + text + "]".
func fakeEN(text string) string { return "EN[" + translatetest.Latin(text) + "]" }

// fakeTarget is the fake servers' default answer, "[target] text", with the text in Latin
// letters as fakeEN has it.
func fakeTarget(text, _, target string) string {
	return "[" + target + "] " + translatetest.Latin(text)
}
