package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// TestKeysNeverLeak runs jobs with a key the server accepts and one it rejects, from the
// environment and from a _FILE, and looks for the keys in everything bitext wrote: stdout,
// stderr, output files and every file of the cache directory.
func TestKeysNeverLeak(t *testing.T) {
	const good, bad = "AIzaGOODsecret0123456789", "AIzaBADsecret9876543210"
	srv := googletest.NewServer(t, func(text, _, _ string) string { return fakeEN(text) })
	srv.SetReplyFn(func(r googletest.Request) *googletest.Reply {
		if r.Key == bad {
			return googletest.ErrorReply(400, "keyInvalid", "API key not valid. Please pass a valid API key.")
		}
		return nil
	})
	cacheDir, outDir := t.TempDir(), t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte(good+"\n"), 0o600))

	runs := []struct {
		name string
		vars map[string]string
		code int
	}{
		{"accepted key", map[string]string{"GOOGLE_API_KEY": good}, 0},
		{"key from a file", map[string]string{"GOOGLE_API_KEY_FILE": keyFile}, 0},
		{"rejected key", map[string]string{"GOOGLE_API_KEY": bad}, 1},
	}
	var seen bytes.Buffer
	for i, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			r.vars["BITEXT_CACHE_DIR"] = cacheDir
			if i == 2 {
				r.vars["BITEXT_CACHE_DIR"] = t.TempDir() // nothing cached: the bad key reaches the server
			}
			res := bitext(t, r.vars, "", "translate", "--backend", "google", "--endpoint", srv.URL,
				"--out-dir", filepath.Join(outDir, r.name), "--format", "json", "testdata/ynet")
			assert.Equal(t, r.code, res.code, res.stderr)
			seen.WriteString(res.stdout)
			seen.WriteString(res.stderr)
			if i == 2 {
				assert.Contains(t, res.stderr, "keyInvalid", "the reason is reported")
				r.vars["BITEXT_CACHE_DIR"] = cacheDir
			}
		})
	}
	for _, dir := range []string{cacheDir, outDir} {
		require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			seen.Write(b)
			return nil
		}))
	}
	assert.NotEmpty(t, seen.String())
	for _, k := range []string{good, bad} {
		assert.NotContains(t, seen.String(), k)
	}
}
