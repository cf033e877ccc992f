package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/libre/libretest"
	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

// TestKeysNeverLeakHTTPBackends is TestKeysNeverLeak for every HTTP backend with a key:
// DeepL, LibreTranslate (a server that requires keys) and an OpenAI-compatible server. Each
// runs with the key the fake accepts, from the environment and from <VAR>_FILE, and with a
// key it rejects; neither key appears in stdout, stderr, an output file or any file of the
// cache directory.
func TestKeysNeverLeakHTTPBackends(t *testing.T) {
	tr := func(text, _, _ string) string { return fakeEN(text) }
	dl := deepltest.NewServer(t, tr)
	lt := libretest.NewServer(t, libretest.Options{RequireKey: true}, tr)
	oa := openaitest.NewServer(t, openaitest.Options{}, tr)
	backends := []struct {
		name, keyVar, good, bad string
		vars                    map[string]string
		args                    []string
	}{
		{"deepl", "DEEPL_AUTH_KEY", deepltest.Key, "0badc0de-1111-2222-3333-444455556666:fx",
			map[string]string{"DEEPL_URL": dl.URL}, nil},
		{"libre", "LIBRETRANSLATE_API_KEY", libretest.Key, "libre-REJECTED-key-0123456789",
			map[string]string{"LIBRETRANSLATE_URL": lt.URL}, nil},
		{"openai", "OPENAI_API_KEY", openaitest.Key, "sk-proj-REJECTEDkey0123456789abcdefghijklmnop",
			nil, []string{"--endpoint", oa.BaseURL(), "--model", openaitest.Model}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "key")
			require.NoError(t, os.WriteFile(keyFile, []byte(b.good+"\n"), 0o600))
			cacheDir, outDir := t.TempDir(), t.TempDir()
			in := jobInputs(t, []string{"a", "b"}, 5) // Hebrew lines every fake translates
			var seen bytes.Buffer
			dirs := []string{cacheDir, outDir}
			for _, r := range []struct {
				name, key, value string
				ok               bool
			}{
				{"accepted key", b.keyVar, b.good, true},
				{"key from a file", b.keyVar + "_FILE", keyFile, true},
				{"rejected key", b.keyVar, b.bad, false},
			} {
				vars := map[string]string{r.key: r.value, "BITEXT_CACHE_DIR": cacheDir}
				if !r.ok {
					vars["BITEXT_CACHE_DIR"] = t.TempDir() // nothing cached: the bad key reaches the server
					dirs = append(dirs, vars["BITEXT_CACHE_DIR"])
				}
				for k, v := range b.vars {
					vars[k] = v
				}
				args := append(append([]string{"translate", "--backend", b.name, "--progress", "none"}, b.args...),
					"--out-dir", filepath.Join(outDir, r.name), in)
				res := bitextWithin(t, hangLimit, vars, nil, args...)
				if r.ok {
					assert.Equal(t, 0, res.code, "%s: %s", r.name, res.stderr)
				} else {
					assert.NotEqual(t, 0, res.code, "%s: the rejected key fails the job", r.name)
					assert.NotEmpty(t, res.stderr, "the reason is reported")
				}
				seen.WriteString(res.stdout)
				seen.WriteString(res.stderr)
			}
			for _, dir := range dirs {
				walkInto(t, &seen, dir)
			}
			assert.Contains(t, seen.String(), "EN[", "the accepted runs translated")
			for _, k := range []string{b.good, b.bad} {
				assert.NotContains(t, seen.String(), k)
			}
		})
	}
}

// walkInto appends every file under dir to buf.
func walkInto(t *testing.T, buf *bytes.Buffer, dir string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		buf.Write(data)
		return nil
	}))
}
