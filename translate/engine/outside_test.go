package engine_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// repoRoot is the repository's root directory.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestOutsideModule builds testdata/outside as a program of another module (a replace
// directive points at this repository) and runs it against a fake Google server: one call
// to engine.Open gives it the CLI's translator, cache included (the second run sends
// nothing), and Close leaves no goroutine behind.
func TestOutsideModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program of its own module (-short)")
	}
	gobin, err := exec.LookPath("go")
	require.NoError(t, err)
	root := repoRoot()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "outside", "main.go.txt"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	mod := "module example.com/outside\n\ngo 1.26.0\n\nrequire github.com/seed77ff/bitext v0.0.0\n\nreplace github.com/seed77ff/bitext => " + root + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	tidy := exec.Command(gobin, "mod", "tidy")
	tidy.Dir = dir
	out, err := tidy.CombinedOutput()
	require.NoError(t, err, "%s", out)

	srv := googletest.NewServer(t, nil)
	cmd := exec.Command(gobin, "run", ".", srv.URL, t.TempDir(), filepath.Join(root, "testdata", "ynet", "ynet-hostages.txt"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOGLE_API_KEY="+googletest.Key)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	require.NoError(t, err, "%s", stderr.String())
	assert.Contains(t, string(stdout), `"origin":"mt"`, "the Hebrew captions are translated")
	assert.Contains(t, stderr.String(), "run 1: documents 1, requests 1, cache hits 0")
	assert.Contains(t, stderr.String(), "run 2: documents 1, requests 0, cache hits 2")
	var before, after int
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(line, "goroutines") {
			_, err := fmtSscanf(line, &before, &after)
			require.NoError(t, err)
		}
	}
	assert.LessOrEqual(t, after, before, stderr.String())
}

func fmtSscanf(line string, before, after *int) (int, error) {
	return fmt.Sscanf(line, "goroutines before %d after %d", before, after)
}
