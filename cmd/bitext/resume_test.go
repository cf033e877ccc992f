package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildOut  []byte
)

// binary builds the bitext command once per test process, into a temporary directory.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "bitext-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "bitext")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/bitext")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	require.NoError(t, buildErr, string(buildOut))
	return binPath
}

// TestKillAndResume kills a real bitext process with SIGKILL in the middle of a job against
// a slow fake Google server, then runs the job again: the second run sends only what the
// first had not been answered, so nothing is billed twice beyond the request in flight at
// the kill.
func TestKillAndResume(t *testing.T) {
	bin := binary(t)
	srv := googletest.NewServer(t, nil)
	var slow sync.Mutex
	delay := 300 * time.Millisecond
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		slow.Lock()
		d := delay
		slow.Unlock()
		time.Sleep(d)
		return nil // the normal answer, late
	})
	// 900 distinct texts: 8 requests of at most 128 (Google v2's limit).
	const perFile = 150
	in := t.TempDir()
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		require.NoError(t, os.WriteFile(filepath.Join(in, name+".txt"), []byte(hebrewLines(name, perFile)), 0o644))
	}
	out, cacheDir := t.TempDir(), t.TempDir()
	run := func() *exec.Cmd {
		// One request in flight at a time, so "in flight at the kill" is one request.
		cmd := exec.Command(bin, "translate", "--backend", "google", "--endpoint", srv.URL, "--max-requests", "1",
			"--progress", "none", "--out-dir", out, in)
		cmd.Env = []string{"GOOGLE_API_KEY=" + googletest.Key, "BITEXT_CACHE_DIR=" + cacheDir, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
		return cmd
	}

	first := run()
	var stderr bytes.Buffer
	first.Stderr = &stderr
	require.NoError(t, first.Start())
	deadline := time.Now().Add(2 * time.Minute)
	for srv.RequestCount() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	started := srv.RequestCount()
	require.NoError(t, first.Process.Signal(syscall.SIGKILL))
	err := first.Wait()
	require.GreaterOrEqual(t, started, 3, "the first run did not get going: %s", stderr.String()) // read only after Wait
	require.Error(t, err, "killed")
	firstReqs := srv.TextsPerRequest()
	total := 0
	for _, r := range firstReqs {
		total += len(r)
	}
	require.Less(t, total, 6*perFile, "killed before the end")
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		assert.True(t, strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".tmp") || !e.IsDir(),
			"only complete outputs or temporary files: %s", e.Name())
	}

	srv.Reset()
	slow.Lock()
	delay = 0
	slow.Unlock()
	second := run()
	msg, err := second.CombinedOutput()
	require.NoError(t, err, string(msg))

	inFlight := map[string]bool{} // the last request of the first run: it may not have been answered
	for _, s := range firstReqs[len(firstReqs)-1] {
		inFlight[s] = true
	}
	answered := map[string]bool{}
	for _, r := range firstReqs[:len(firstReqs)-1] {
		for _, s := range r {
			answered[s] = true
		}
	}
	sent, again := 0, 0
	for _, r := range srv.TextsPerRequest() {
		for _, s := range r {
			sent++
			assert.False(t, answered[s], "billed twice: %q", s)
			if inFlight[s] {
				again++ // in flight at the kill: its answer may never have arrived
			}
		}
	}
	assert.LessOrEqual(t, again, len(inFlight))
	assert.Equal(t, 6*perFile, len(answered)+len(inFlight)+sent-again, "every text is sent, and none twice beyond the request in flight")
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		data, err := os.ReadFile(filepath.Join(out, name+".txt.json"))
		require.NoError(t, err)
		f := decode(t, string(data))
		assert.Equal(t, perFile, f.Stats.Translated, name)
	}
	left, _ := filepath.Glob(filepath.Join(out, ".*.tmp"))
	t.Logf("first run: %d requests, %d texts before the kill; second run: %d texts; %d temporary files left by the kill",
		len(firstReqs), total, sent, len(left))
}
