package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

// jobInputs writes files named names, each of perFile distinct Hebrew lines after an
// English one, into a new directory.
func jobInputs(t *testing.T, names []string, perFile int) string {
	t.Helper()
	in := t.TempDir()
	for _, name := range names {
		require.NoError(t, os.WriteFile(filepath.Join(in, name+".txt"), []byte(hebrewLines(name, perFile)), 0o644))
	}
	return in
}

// slowGoogle is the fake Google server answering every request after delay, the way a
// real service takes its time; the fake records each request before it answers, so its
// counts include requests whose answer a killed process never read.
func slowGoogle(t *testing.T, delay time.Duration) *googletest.Server {
	t.Helper()
	srv := googletest.NewServer(t, fakeTarget)
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		time.Sleep(delay)
		return nil
	})
	return srv
}

// bitextCmd is the built binary run as a child process with only the environment given.
func bitextCmd(ctx context.Context, t *testing.T, vars map[string]string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// checkOutDir asserts that every file under out is a complete output — JSON that parses
// into a document — or a temporary file of WriteFileAtomic (.<output>.<random>.tmp); it
// returns the documents by their path relative to out, and the temporary files.
func checkOutDir(t *testing.T, out string) (docs map[string]*jsondoc.File, temps []string) {
	t.Helper()
	docs = map[string]*jsondoc.File{}
	require.NoError(t, filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		name := d.Name()
		if strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") {
			temps = append(temps, rel)
			return nil
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		require.True(t, strings.HasSuffix(name, ".json"), "unexpected file %s", rel)
		var f jsondoc.File
		require.NoError(t, json.Unmarshal(data, &f), "%s is not complete JSON (%d bytes)", rel, len(data))
		require.Equal(t, "bitext/v1", f.Schema, rel)
		docs[rel] = &f
		return nil
	}))
	return docs, temps
}

// TestTwoProcessesShareCacheAndOutDir runs two bitext processes at once on the same cache
// and the same output tree against a slow fake Google: both exit 0, every output is complete
// valid JSON with every text translated, no text is billed more than once per process, and
// a third run is answered by the cache alone.
func TestTwoProcessesShareCacheAndOutDir(t *testing.T) {
	const perFile = 120
	names := []string{"a", "b", "c", "d", "e"}
	in := jobInputs(t, names, perFile)
	srv := slowGoogle(t, 40*time.Millisecond)
	out, cacheDir := t.TempDir(), t.TempDir()
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": cacheDir}
	args := []string{"translate", "--backend", "google", "--endpoint", srv.URL, "--max-requests", "2",
		"--progress", "none", "--out-dir", out, in}
	binary(t) // built before the clock starts

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var (
		wg      sync.WaitGroup
		outputs [2]bytes.Buffer
		errs    [2]error
	)
	for i := range 2 {
		cmd := bitextCmd(ctx, t, vars, args...)
		cmd.Stdout, cmd.Stderr = &outputs[i], &outputs[i]
		require.NoError(t, cmd.Start())
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = cmd.Wait()
		}()
	}
	wg.Wait()
	require.NoError(t, ctx.Err(), "the two processes did not finish in time")
	for i := range 2 {
		require.NoError(t, errs[i], "process %d: %s", i, outputs[i].String())
	}

	docs, temps := checkOutDir(t, out)
	assert.Empty(t, temps, "no temporary files after two clean runs")
	require.Len(t, docs, len(names))
	for _, n := range names {
		f := docs[n+".txt.json"]
		require.NotNil(t, f, n)
		assert.Equal(t, perFile, f.Stats.Translated, n)
	}
	sent := map[string]int{}
	for _, r := range srv.TextsPerRequest() {
		for _, s := range r {
			sent[s]++
		}
	}
	assert.Len(t, sent, len(names)*perFile, "every distinct text was sent")
	twice := 0
	for s, n := range sent {
		assert.LessOrEqual(t, n, 2, "billed more than once per process: %q", s)
		if n == 2 {
			twice++
		}
	}
	t.Logf("%d requests, %d distinct texts, %d sent by both processes (neither had it cached yet)",
		srv.RequestCount(), len(sent), twice)

	srv.Reset()
	cmd := bitextCmd(ctx, t, vars, args...)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, string(msg))
	assert.Zero(t, srv.RequestCount(), "a third run is answered by the shared cache")
}
