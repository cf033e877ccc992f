package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// TestInterruptResumes sends SIGINT to a real bitext process in the middle of a job against
// a slow fake Google server: it exits 130 after the summary, says how many answers it
// received and that the cache holds them, and a rerun sends only what was not answered.
func TestInterruptResumes(t *testing.T) {
	bin := binary(t)
	srv := googletest.NewServer(t, nil)
	var delay atomic.Int64
	delay.Store(int64(400 * time.Millisecond))
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		time.Sleep(time.Duration(delay.Load()))
		return nil
	})
	dir := t.TempDir()
	// 6 documents of 128 distinct lines: 6 requests, one in flight at a time.
	for i := range 6 {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("d%d.txt", i)), []byte(hebrewLines(fmt.Sprint(i), 128)), 0o644))
	}
	cacheDir := t.TempDir()
	args := []string{"translate", "--backend", "google", "--endpoint", srv.URL, "--max-requests", "1", "--progress", "none",
		"--out-dir", t.TempDir(), "--summary-json", filepath.Join(t.TempDir(), "s.json"), dir}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GOOGLE_API_KEY="+googletest.Key, "BITEXT_CACHE_DIR="+cacheDir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	for srv.RequestCount() < 2 { // the first answer is in, the second request in flight
		time.Sleep(20 * time.Millisecond)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	err := cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, 130, ee.ExitCode(), stderr.String())
	assert.Contains(t, stderr.String(), "bitext: ", "the summary")
	assert.Regexp(t, `interrupted: \d+ of 6 document\(s\) written; \d+ answer\(s\) received, all stored in the cache; run the same command again to resume`, stderr.String())
	first := srv.RequestCount()

	delay.Store(0)
	srv.Reset()
	again := exec.Command(bin, args...)
	again.Env = cmd.Env
	out, err := again.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.LessOrEqual(t, srv.RequestCount()+first, 6+1, "the rerun sends what was not answered (and the request in flight at the interrupt)")
	assert.GreaterOrEqual(t, srv.RequestCount(), 1)
}

// TestSummaryJSONAndQuiet: --summary-json writes the summary as JSON (also when the job
// fails part-way), --quiet leaves stderr empty on success, and the summary counts every
// request sent, a failed attempt included.
func TestSummaryJSONAndQuiet(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	var fail atomic.Bool
	fail.Store(true)
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		if fail.Swap(false) {
			return googletest.ErrorReply(500, "backendError", "Internal error")
		}
		return nil
	})
	in := filepath.Join(t.TempDir(), "a.txt")
	require.NoError(t, os.WriteFile(in, []byte(hebrewLines("א", 3)), 0o644))
	sj := filepath.Join(t.TempDir(), "summary.json")
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key}
	r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--summary-json", sj, in)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "google: 2 request(s) (1 failed)", "the failed attempt is counted")
	var s struct {
		Documents, Segments, Foreign, Requests, Characters int
		FailedRequests                                     int            `json:"failed_requests"`
		ForeignByLanguage                                  map[string]int `json:"foreign_by_language"`
		Translations                                       map[string]int `json:"translations"`
		FromCache                                          int            `json:"from_cache"`
		NotStored                                          *int           `json:"answers_not_stored"`
		FailedInputs                                       []any          `json:"failed_inputs"`
		ExitCode                                           *int           `json:"exit_code"`
		Cost                                               struct{ Currency string }
	}
	data, err := os.ReadFile(sj)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &s), string(data))
	assert.Equal(t, 1, s.Documents)
	assert.Equal(t, 3, s.Foreign)
	assert.Equal(t, map[string]int{"he": 3}, s.ForeignByLanguage)
	assert.Equal(t, map[string]int{"mt": 3}, s.Translations)
	assert.Equal(t, 2, s.Requests)
	assert.Equal(t, 1, s.FailedRequests)
	assert.Positive(t, s.Characters)
	require.NotNil(t, s.NotStored)
	assert.Zero(t, *s.NotStored)
	assert.Empty(t, s.FailedInputs)
	require.NotNil(t, s.ExitCode)
	assert.Zero(t, *s.ExitCode)
	assert.Equal(t, "USD", s.Cost.Currency)

	q := bitext(t, vars, "", "translate", "--quiet", "--backend", "google", "--endpoint", srv.URL, in)
	require.Equal(t, 0, q.code)
	assert.Empty(t, q.stderr, "--quiet: nothing on stderr")
	assert.NotEmpty(t, q.stdout)

	bad := filepath.Join(filepath.Dir(in), "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("caf\xe9\n"), 0o644))
	r = bitext(t, vars, "", "translate", "--backend", "none", "--out-dir", t.TempDir(), "--summary-json", sj, filepath.Dir(in))
	require.Equal(t, 1, r.code, r.stderr)
	data, err = os.ReadFile(sj)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &s))
	assert.Len(t, s.FailedInputs, 1)
	assert.Equal(t, 1, *s.ExitCode)
}

// TestMaxTextsAndBytes: --max-texts and --max-bytes lower any backend's per-request limits.
func TestMaxTextsAndBytes(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	in := filepath.Join(t.TempDir(), "a.txt")
	require.NoError(t, os.WriteFile(in, []byte(hebrewLines("א", 10)), 0o644))
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key}
	r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--no-cache", "--max-texts", "3", in)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, 4, srv.RequestCount(), "10 texts, 3 a request")
	for _, req := range srv.Requests() {
		assert.LessOrEqual(t, len(req.Texts), 3)
	}
	srv.Reset()
	r = bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL, "--no-cache", "--max-bytes", "200", in)
	require.Equal(t, 0, r.code, r.stderr)
	for _, req := range srv.Requests() {
		n := 0
		for _, s := range req.Texts {
			n += len(s)
		}
		assert.LessOrEqual(t, n, 200)
	}
	assert.Greater(t, srv.RequestCount(), 1)
	dry := bitext(t, vars, "", "translate", "--dry-run", "--backend", "google", "--max-texts", "3", in)
	assert.Contains(t, dry.stdout, `"requests":4`, "the dry run counts with the same limits")
	assert.Equal(t, 2, bitext(t, nil, "", "translate", "--max-texts", "-1", in).code)
}

// TestSeveralJSONLToStdout: JSON Lines name the file on every line, so several inputs may
// share stdout, in input order; other formats still need --out-dir.
func TestSeveralJSONLToStdout(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("An English line about the talks in Cairo today.\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Another English line about the same talks today.\n"), 0o644))
	r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "jsonl", dir)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `a.txt"`)
	assert.Contains(t, lines[1], `b.txt"`)
	r = bitext(t, nil, "", "translate", "--backend", "none", "--format", "json", dir)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--out-dir")
}

// TestCompletion: the bash script completes commands and flags by asking the binary; zsh
// and fish scripts are printed; an unknown shell is a usage error.
func TestCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := binary(t)
	script := bitext(t, nil, "", "completion", "bash")
	require.Equal(t, 0, script.code, script.stderr)
	f := filepath.Join(t.TempDir(), "bitext.bash")
	require.NoError(t, os.WriteFile(f, []byte(script.stdout), 0o644))
	complete := func(words ...string) string {
		prog := fmt.Sprintf(`source %q; COMP_WORDS=(%s); COMP_CWORD=%d; _bitext_complete; printf '%%s\n' "${COMPREPLY[@]}"`,
			f, strings.Join(words, " "), len(words)-1)
		cmd := exec.Command(bash, "-c", prog)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	assert.Contains(t, complete("bitext", "tr"), "translate")
	assert.Contains(t, complete("bitext", "translate", "--summ"), "--summary-json")
	for _, sh := range []string{"zsh", "fish"} {
		r := bitext(t, nil, "", "completion", sh)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "bitext")
	}
	assert.Equal(t, 2, bitext(t, nil, "", "completion", "tcsh").code)
}

// TestDecodeWarningsPrinted: a page declared UTF-8 with a stray byte is read, and the
// warning naming the offset reaches stderr.
func TestDecodeWarningsPrinted(t *testing.T) {
	in := filepath.Join(t.TempDir(), "p.html")
	page := "<!doctype html><html><head><meta charset=utf-8><title>T</title></head><body><article><p>" +
		strings.Repeat("An English paragraph about the talks in Cairo, long enough to be the article. ", 4) +
		"caf\xe9</p></article></body></html>"
	require.NoError(t, os.WriteFile(in, []byte(page), 0o644))
	r := bitext(t, nil, "", "translate", "--backend", "none", in)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "bitext: warning: "+in+":")
}
