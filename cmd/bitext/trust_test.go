package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // to swap rows of a cache file, as a bug or a tool might

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// runBinary runs the built bitext as a child process with only the environment given (and a
// fresh cache unless vars names one), and returns its exit code and output.
func runBinary(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["BITEXT_CACHE_DIR"]; !ok {
		vars["BITEXT_CACHE_DIR"] = t.TempDir()
	}
	cmd := bitextCmd(ctx, t, vars, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run bitext %v: %v", args, err)
	}
	require.NoError(t, ctx.Err(), "bitext %v did not finish in time", args)
	return result{code, out.String(), errb.String()}
}

// TestConventions checks the exit codes and messages scripts rely on, on the real binary.
func TestConventions(t *testing.T) {
	empty := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(empty, "notes.png"), []byte("x"), 0o644))
	for _, tt := range []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"transalte", ynet}, 2, "", `unknown command "transalte" (did you mean "translate"?); run 'bitext --help'`},
		{[]string{"cache", "bogus"}, 2, "", `unknown command "bogus"; run 'bitext cache --help'`},
		{[]string{"cache", "stat"}, 2, "", `(did you mean "stats"?)`},
		{[]string{"--version"}, 0, "bitext version ", ""},
		{[]string{"version"}, 0, "bitext ", ""},
		{[]string{"translate", "--from", "he", "--to", "he", ynet}, 2, "", "--from he and --to he are the same language"},
		{[]string{"translate", "--from", "he", "--to", "he-IL", ynet}, 2, "", "same language"},
		{[]string{"translate", "--backend", "none", empty}, 2, "", "no document to read: " + empty + " holds no file a reader takes"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runBinary(t, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout %q, stderr %q", r.stdout, r.stderr)
			assert.Contains(t, r.stdout, tt.stdout)
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
	r := runBinary(t, nil, "version")
	assert.Contains(t, r.stdout, runtime.Version())
}

// The version line carries the VCS stamp go build records in a git checkout.
func TestVersionLine(t *testing.T) {
	b := buildOf(&debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0f32173a724a0734870e5ee620c04d81bf9d9ea0"},
		{Key: "vcs.time", Value: "2026-11-27T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}})
	assert.Equal(t, "v1.4.0 (revision 0f32173a724a0734870e5ee620c04d81bf9d9ea0, 2026-11-27T10:00:00Z, modified)", b.String())
	assert.Equal(t, "devel (no VCS revision recorded)", buildOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}).String())
}

// A symbolic link to a directory is walked (it used to give 0 documents and exit 0).
func TestSymlinkedInputDirectory(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "articles")
	require.NoError(t, os.MkdirAll(in, 0o755))
	data, err := os.ReadFile(ynet)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(in, "ynet.txt"), data, 0o644))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(in, link))
	out := filepath.Join(dir, "out")
	r := runBinary(t, nil, "translate", "--backend", "none", "--progress", "none", "--out-dir", out, link)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "bitext: 1 document(s)")
	_, err = os.Stat(filepath.Join(out, "ynet.txt.json"))
	assert.NoError(t, err)
}

// An --out-dir inside the input tree is not walked on the next run (45 → 90 documents and
// out/out/x.md.md before), and merged output onto the inputs is refused, naming the input.
func TestOutputsNeverBecomeOrOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "notes")
	for _, name := range []string{"a.md", "b.md", "sub/c.md"} {
		p := filepath.Join(in, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("# Notes\n\nשלום לכולם, זה מבחן.\n"), 0o644))
	}
	out := filepath.Join(in, "out")
	for run := range 2 {
		r := runBinary(t, nil, "translate", "--backend", "none", "--progress", "none", "--format", "md", "--out-dir", out, in)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stderr, "bitext: 3 document(s)", "run %d", run+1)
	}
	_, err := os.Stat(filepath.Join(out, "out"))
	assert.ErrorIs(t, err, os.ErrNotExist, "no out/out")

	before, err := os.ReadFile(filepath.Join(in, "a.md"))
	require.NoError(t, err)
	for _, args := range [][]string{
		{"--format", "merged", "--out-dir", in, in},
		{"--format", "merged", "--out-dir", filepath.Join(in, "sub", ".."), in},
		{"--format", "merged", "-o", filepath.Join(in, "a.md"), filepath.Join(in, "a.md")},
	} {
		r := runBinary(t, nil, append([]string{"translate", "--backend", "none", "--progress", "none"}, args...)...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "would overwrite the input")
		assert.Contains(t, r.stderr, filepath.Join(in, "a.md"))
	}
	after, err := os.ReadFile(filepath.Join(in, "a.md"))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the input is untouched")
}

// -o onto a FIFO, a device or /dev/stdout writes to it: the special file stays what it was
// (as root, -o /dev/null used to replace the device with a regular file).
func TestOutputOntoSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	args := func(o string) []string {
		return []string{"translate", "--backend", "none", "--progress", "none", "-o", o, ynet}
	}

	fifo := filepath.Join(dir, "pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	r := runBinary(t, nil, args(fifo)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, <-got, `"schema": "bitext/v1"`)
	st, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeNamedPipe, "still a FIFO")

	r = runBinary(t, nil, args("/dev/stdout")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"schema": "bitext/v1"`, "written to the process's stdout")
	st, err = os.Lstat("/dev/stdout")
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink, "/dev/stdout is still a link")

	null := filepath.Join(dir, "null")
	// A private device node with /dev/null's numbers (1:3): the real one is never at risk.
	if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, int((1<<8)|3)); err != nil {
		t.Skipf("cannot make a device node (needs root): %v", err)
	}
	r = runBinary(t, nil, args(null)...)
	require.Equal(t, 0, r.code, r.stderr)
	st, err = os.Lstat(null)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeCharDevice, "still a character device")
}

// A backend's answer is untrusted: one holding the API key, one with a terminal escape
// sequence, one with a bidi override reach neither an output, nor stdout, nor the cache;
// their segments fail with the QA reason (exit 1), the others are translated.
func TestUntrustedAnswers(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string {
		switch {
		case strings.Contains(text, "מספר 1 "):
			return "my key is " + googletest.Key
		case strings.Contains(text, "מספר 2 "):
			return "\x1b]0;owned\x07\x1b[2J Line two"
		case strings.Contains(text, "מספר 3 "):
			return "Line three \u202egnp.exe"
		}
		return "EN[" + text + "]"
	})
	in := jobInputs(t, []string{"a"}, 5)
	cacheDir, out := t.TempDir(), t.TempDir()
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": cacheDir}
	r := runBinary(t, vars, "translate", "--backend", "google", "--endpoint", srv.URL, "--progress", "none", "--out-dir", out, in)
	assert.Equal(t, 1, r.code, "three texts failed: %s", r.stderr)
	md := runBinary(t, vars, "translate", "--backend", "google", "--endpoint", srv.URL, "--progress", "none", "--format", "md", filepath.Join(in, "a.txt"))
	assert.Equal(t, 1, md.code)

	var all bytes.Buffer
	all.WriteString(r.stdout + r.stderr + md.stdout + md.stderr)
	walkInto(t, &all, out)
	for _, v := range cacheValues(t, cacheDir) {
		all.WriteString(v)
	}
	// Not assert.NotContains: its message would print the whole output.
	assert.False(t, strings.Contains(all.String(), googletest.Key), "the key reached an output or the cache")
	assert.False(t, strings.Contains(all.String(), "\x1b"), "an escape sequence reached an output or the cache")
	assert.False(t, strings.Contains(all.String(), "\u202e"), "a bidi override reached an output or the cache")
	assert.False(t, strings.Contains(all.String(), `\u001b`), "not even escaped in JSON: the answer is refused")
	var raw bytes.Buffer
	walkInto(t, &raw, cacheDir)
	assert.False(t, bytes.Contains(raw.Bytes(), []byte(googletest.Key)), "the key is in no file of the cache directory")
	assert.Contains(t, md.stdout, "untranslated: qa: contains a credential")
	assert.Contains(t, md.stdout, "untranslated: qa: control character")
	assert.Contains(t, md.stdout, "untranslated: qa: bidi control not in the source")
	assert.Contains(t, md.stdout, `EN\[`, "the other texts are translated")
	assert.Equal(t, 2, srv.RequestCount(), "the refused answers were not cached: the second run asked for them again")
}

// bitext diff writes text to a terminal: control characters from the files compared are
// shown as markers, never sent raw.
func TestDiffEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	src := write("x.txt", "Hello \x1b[2J world.\n")
	old := filepath.Join(dir, "old.jsonl")
	r := runBinary(t, nil, "translate", "--backend", "none", "--format", "jsonl", "-o", old, src)
	require.Equal(t, 0, r.code, r.stderr)
	write("x.txt", "Hello \x1b]0;pwned\x07 world.\n")
	nw := filepath.Join(dir, "new.jsonl")
	r = runBinary(t, nil, "translate", "--backend", "none", "--format", "jsonl", "-o", nw, src)
	require.Equal(t, 0, r.code, r.stderr)

	d := runBinary(t, nil, "diff", old, nw)
	assert.Equal(t, 1, d.code, d.stderr)
	assert.NotContains(t, d.stdout, "\x1b")
	assert.NotContains(t, d.stdout, "\x07")
	assert.Contains(t, d.stdout, "⟨U+001B⟩")
}

// A cache file that is not a database is moved aside at once, with a message, and replaced:
// the next run is answered by the new cache (it used to warn and re-bill everything on every
// run). Damage Open cannot see is found by `bitext cache check`, which moves the file aside.
func TestCorruptCacheFileIsReplaced(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	in := jobInputs(t, []string{"a"}, 20)
	cacheDir := t.TempDir()
	db := filepath.Join(cacheDir, "cache.db")
	garbage := []byte(strings.Repeat("not a database\x00", 100))
	require.NoError(t, os.WriteFile(db, garbage, 0o644))
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": cacheDir}
	args := []string{"translate", "--backend", "google", "--endpoint", srv.URL, "--progress", "none", "--out-dir", t.TempDir(), in}

	r := runBinary(t, vars, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "bitext: warning: cache: "+db+" was damaged")
	assert.Contains(t, r.stderr, "moved it to "+db+".damaged-")
	moved, _ := filepath.Glob(db + ".damaged-*")
	require.Len(t, moved, 1)
	kept, err := os.ReadFile(moved[0])
	require.NoError(t, err)
	assert.Equal(t, garbage, kept)
	sent := srv.RequestCount()
	require.Positive(t, sent)

	r = runBinary(t, vars, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "warning")
	assert.Equal(t, sent, srv.RequestCount(), "the rerun is answered by the new cache")

	c := runBinary(t, vars, "cache", "check")
	assert.Equal(t, 0, c.code, c.stderr)
	assert.Contains(t, c.stdout, db+": file ok; 20 entries")

	// Damage deep in the file: Open does not see it, check does.
	data, err := os.ReadFile(db)
	require.NoError(t, err)
	for i := len(data) / 2; i < len(data); i++ {
		data[i] ^= 0x5a
	}
	require.NoError(t, os.WriteFile(db, data, 0o644))
	c = runBinary(t, vars, "cache", "check")
	assert.Equal(t, 1, c.code, "%s %s", c.stdout, c.stderr)
	assert.Contains(t, c.stdout, "damaged")
	assert.Contains(t, c.stdout, "moved the damaged cache to "+db+".damaged-")
	c = runBinary(t, vars, "cache", "check")
	assert.Equal(t, 0, c.code, c.stdout+c.stderr)
	assert.Contains(t, c.stdout, "file ok; 0 entries")
}

// Two rows of the cache file swapped (a Hebrew text's row holding an Arabic text's value):
// each text gets its own translation, the swap is reported and counted, and both texts are
// asked again (a Hebrew segment used to get the Arabic text's translation, exit 0).
func TestSwappedCacheRows(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "EN[" + text + "]" })
	in := t.TempDir()
	he, ar := "שלום לכולם, זו שורה בעברית בלבד.", "مرحبا بالجميع هذا سطر باللغة العربية فقط."
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.txt"), []byte("An English line to start the article with.\n"+he+"\n"+ar+"\n"), 0o644))
	cacheDir := t.TempDir()
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": cacheDir}
	args := []string{"translate", "--backend", "google", "--endpoint", srv.URL, "--progress", "none", "--format", "jsonl", filepath.Join(in, "a.txt")}
	r := runBinary(t, vars, args...)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, 2, srv.RequestCount(), "one request per source language")

	db, err := sql.Open("sqlite", filepath.Join(cacheDir, "cache.db"))
	require.NoError(t, err)
	var ka, kb []byte
	var va, vb []byte
	rows, err := db.Query(`SELECT key, value FROM entries ORDER BY src`)
	require.NoError(t, err)
	for _, p := range []struct{ k, v *[]byte }{{&ka, &va}, {&kb, &vb}} {
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(p.k, p.v))
	}
	require.False(t, rows.Next(), "two entries")
	require.NoError(t, rows.Close())
	_, err = db.Exec(`UPDATE entries SET value = CASE key WHEN ? THEN ? ELSE ? END`, ka, vb, va)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	r = runBinary(t, vars, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"text":"EN[`+he+`]"`)
	assert.Contains(t, r.stdout, `"text":"EN[`+ar+`]"`)
	assert.NotContains(t, r.stdout, `"cached":true`)
	assert.Contains(t, r.stderr, "entry stored under another key")
	assert.Contains(t, r.stderr, "2 cached value(s) refused, not the translation of their text (asked again)")
	assert.Equal(t, 4, srv.RequestCount(), "both texts asked again")
}

// A cache on a full disk: every failed write is reported at once, the summary counts the
// answers not stored, --strict exits 1, and what was stored plus what was not is every
// answer the backend gave (run 1 used to exit 0 with no warning, and the rerun billed 625 of
// 967 segments again). The disk is a 256 KiB tmpfs when the test may mount one, else the
// child process runs under a 256 KiB file-size limit (prlimit), which fails writes the same
// way.
func TestCacheOnAFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk with a 600-text job: skipped under -short")
	}
	cacheDir, wrap := fullDisk(t, 256<<10)
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "EN[" + text + "]" + strings.Repeat(" padding", 40) })
	const perFile = 150
	in := jobInputs(t, []string{"a", "b", "c", "d"}, perFile)
	out := t.TempDir()
	args := wrap(append([]string{}, "translate", "--backend", "google", "--endpoint", srv.URL, "--progress", "none",
		"--max-requests", "1", "--strict", "--out-dir", out, in)...)
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": cacheDir}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, 1, ee.ExitCode(), "--strict: answers not stored: %s", stderr.String())
	assert.Contains(t, stderr.String(), "bitext: warning: cache: ")
	assert.Contains(t, stderr.String(), "answer(s) not stored")
	var notStored int
	for _, line := range strings.Split(stderr.String(), "\n") {
		if i := strings.Index(line, " answer(s) not stored in the cache"); i > 0 {
			j := strings.LastIndex(line[:i], " ")
			_, err := fmt.Sscanf(line[j+1:i], "%d", &notStored)
			require.NoError(t, err, line)
		}
	}
	require.Positive(t, notStored, "the summary counts them: %s", stderr.String())

	// What the cache holds, plus what the summary says it could not hold, is every answer.
	stored := countEntries(t, cacheDir)
	assert.Equal(t, 4*perFile, stored+notStored, "stored %d + not stored %d", stored, notStored)
	t.Logf("%d answers stored, %d not stored, reported", stored, notStored)
}

// fullDisk returns a cache directory on a small filesystem and a function that wraps the
// bitext command line: a tmpfs of size bytes when mounting is allowed (root), else the
// directory is ordinary and the command runs under prlimit's file-size limit.
func fullDisk(t *testing.T, size int) (string, func(args ...string) []string) {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err == nil {
		t.Cleanup(func() { _ = syscall.Unmount(dir, 0) })
		return dir, func(args ...string) []string { return append([]string{binary(t)}, args...) }
	}
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("neither a tmpfs mount nor prlimit (util-linux) is available")
		}
		t.Skip("neither a tmpfs mount nor prlimit (util-linux) is available")
	}
	return dir, func(args ...string) []string {
		return append([]string{prlimit, fmt.Sprintf("--fsize=%d:%d", size, size), binary(t)}, args...)
	}
}

// cacheValues returns every value stored in the cache file of cacheDir.
func cacheValues(t *testing.T, cacheDir string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(cacheDir, "cache.db")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT value FROM entries`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

func countEntries(t *testing.T, cacheDir string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(cacheDir, "cache.db")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM entries`).Scan(&n))
	return n
}

// The CLI refuses a redirect to another host with a message naming it, sends nothing there,
// and stops the job; an endless answer is cut at the limit and not fetched again.
func TestHostileServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 is not reachable here: %v", err)
	}
	var elsewhere atomic.Int64
	other := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	other.Listener.Close()
	other.Listener = l
	other.Start()
	defer other.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	in := jobInputs(t, []string{"a"}, 3)
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key}
	r := runBinary(t, vars, "translate", "--backend", "google", "--endpoint", redirect.URL, "--progress", "none", "--out-dir", t.TempDir(), in)
	assert.Equal(t, 1, r.code, r.stderr)
	assert.Contains(t, r.stderr, "refused a redirect to "+other.URL+"/language/translate/v2")
	assert.Contains(t, r.stderr, "stopped the job")
	assert.NotContains(t, r.stderr, googletest.Key)
	assert.Zero(t, elsewhere.Load(), "nothing reached 127.0.0.2")

	var requests atomic.Int64
	endless := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data": {"translations": [{"translatedText": "`)
		chunk := []byte(strings.Repeat("a", 64<<10))
		for range 200 << 20 / len(chunk) { // 200 MB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer endless.Close()
	out := t.TempDir()
	r = runBinary(t, vars, "translate", "--backend", "google", "--endpoint", endless.URL, "--progress", "none", "--out-dir", out, in)
	assert.Equal(t, 1, r.code, r.stderr)
	doc, err := os.ReadFile(filepath.Join(out, "a.txt.json"))
	require.NoError(t, err)
	assert.Contains(t, string(doc), "answer larger than ")
	assert.Equal(t, int64(1), requests.Load(), "not fetched again")
}
