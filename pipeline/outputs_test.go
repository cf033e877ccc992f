package pipeline

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("שלום\n"), 0o644))
	}
}

// The job's output directory inside the input tree is never walked, whatever path names it;
// a root that is a link to a directory is walked, its files named under the link.
func TestWalkSkipsOutputsAndFollowsALinkedRoot(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "in/a.md", "in/sub/b.md", "in/out/a.md.md", "in/out/sub/b.md.md")
	in := filepath.Join(dir, "in")
	ins, errs := Walk([]string{in}, WalkOptions{Formats: DefaultFormats()})
	require.Empty(t, errs)
	assert.Len(t, ins, 4, "without Skip, last run's outputs are inputs")

	for _, skip := range []string{filepath.Join(in, "out"), filepath.Join(in, "sub", "..", "out") + "/"} {
		ins, errs = Walk([]string{in}, WalkOptions{Formats: DefaultFormats(), Skip: []string{skip, filepath.Join(dir, "nope")}})
		require.Empty(t, errs)
		var rels []string
		for _, i := range ins {
			rels = append(rels, i.Rel)
		}
		assert.Equal(t, []string{"a.md", "sub/b.md"}, rels, "skip %s", skip)
	}

	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(in, link))
	ins, errs = Walk([]string{link}, WalkOptions{Formats: DefaultFormats(), Skip: []string{filepath.Join(link, "out")}})
	require.Empty(t, errs)
	require.Len(t, ins, 2, "a linked root is walked (it used to give no document)")
	assert.Equal(t, filepath.Join(link, "a.md"), ins[0].Path)
	assert.Equal(t, "sub/b.md", ins[1].Rel)
}

// An output that would land on an input is refused before anything is read: merged output
// into the input directory, -o naming the input, or the same file reached through a link.
func TestCheckOutputsRefusesOverwritingInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, "in/a.md", "in/b.txt")
	in := filepath.Join(dir, "in")
	require.NoError(t, os.Symlink(in, filepath.Join(dir, "alias")))
	inputs, _ := Walk([]string{in}, WalkOptions{Formats: DefaultFormats()})
	require.Len(t, inputs, 2)
	for _, tt := range []struct {
		name string
		o    JobOptions
		ins  []Input
		bad  string
	}{
		{"merged into the input dir", JobOptions{Output: Merged, OutDir: in}, inputs, filepath.Join(in, "a.md")},
		{"merged into the input dir by another path", JobOptions{Output: Merged, OutDir: filepath.Join(dir, "alias")}, inputs, filepath.Join(in, "a.md")},
		{"-o is the input", JobOptions{Output: Merged, OutFile: filepath.Join(dir, "in", "..", "in", "b.txt")}, inputs[1:], filepath.Join(in, "b.txt")},
		{"json beside the inputs is fine", JobOptions{Output: "json", OutDir: in}, inputs, ""},
		{"merged elsewhere is fine", JobOptions{Output: Merged, OutDir: filepath.Join(dir, "out")}, inputs, ""},
		{"stdout is fine", JobOptions{Output: Merged}, inputs[:1], ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			j := newJob(t, tt.o)
			err := j.CheckOutputs(tt.ins)
			if tt.bad == "" {
				assert.NoError(t, err)
				return
			}
			var oe *OverwriteError
			require.ErrorAs(t, err, &oe)
			assert.Equal(t, tt.bad, oe.Input)
			assert.Contains(t, err.Error(), tt.bad)
			_, err = j.Run(t.Context(), tt.ins, nil)
			assert.ErrorAs(t, err, &oe, "Run refuses too")
		})
	}
	data, err := os.ReadFile(filepath.Join(in, "a.md"))
	require.NoError(t, err)
	assert.Equal(t, "שלום\n", string(data), "the input is untouched")
}

// WriteFileAtomic replaces only regular files (and creates new ones): a FIFO, a device node
// and a link into /proc are written in place, and stay what they were.
func TestWriteFileAtomicSpecialFiles(t *testing.T) {
	dir := t.TempDir()

	t.Run("fifo", func(t *testing.T) {
		fifo := filepath.Join(dir, "pipe")
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		got := make(chan []byte, 1)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- nil
				return
			}
			defer f.Close()
			b, _ := io.ReadAll(f)
			got <- b
		}()
		require.NoError(t, WriteFileAtomic(fifo, []byte("through the pipe")))
		select {
		case b := <-got:
			assert.Equal(t, "through the pipe", string(b))
		case <-time.After(10 * time.Second):
			t.Fatal("the reader got nothing")
		}
		st, err := os.Lstat(fifo)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeNamedPipe, "still a FIFO")
	})

	t.Run("device", func(t *testing.T) {
		null := filepath.Join(dir, "null")
		// A private copy of /dev/null (character device 1:3): the real one is never at risk.
		if err := syscall.Mknod(null, syscall.S_IFCHR|0o666, int((1<<8)|3)); err != nil {
			t.Skipf("cannot make a device node here (needs root): %v", err)
		}
		require.NoError(t, WriteFileAtomic(null, []byte("discarded")))
		st, err := os.Lstat(null)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeCharDevice, "still a device, not a regular file")
		left, _ := filepath.Glob(filepath.Join(dir, ".null.*.tmp"))
		assert.Empty(t, left)
	})

	t.Run("link to a process's stdout", func(t *testing.T) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		defer r.Close()
		link := filepath.Join(dir, "stdout")
		require.NoError(t, os.Symlink("/proc/self/fd/"+strconv.Itoa(int(w.Fd())), link))
		require.NoError(t, WriteFileAtomic(link, []byte("to the pipe")))
		require.NoError(t, w.Close())
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		assert.Equal(t, "to the pipe", string(b))
		st, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeSymlink, "still a link")
	})

	t.Run("link to a regular file", func(t *testing.T) {
		real := filepath.Join(dir, "real.json")
		require.NoError(t, os.WriteFile(real, []byte("old"), 0o644))
		link := filepath.Join(dir, "link.json")
		require.NoError(t, os.Symlink(real, link))
		require.NoError(t, WriteFileAtomic(link, []byte("new")))
		b, err := os.ReadFile(real)
		require.NoError(t, err)
		assert.Equal(t, "new", string(b))
		st, err := os.Lstat(link)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&os.ModeSymlink, "still a link, to the new file")
	})

	t.Run("decisions", func(t *testing.T) {
		for _, p := range []string{"/dev/null", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1"} {
			_, direct, err := writeTarget(p)
			require.NoError(t, err)
			assert.True(t, direct, "%s is written in place", p)
		}
		_, _, err := writeTarget(dir)
		assert.Error(t, err, "a directory")
		target, direct, err := writeTarget(filepath.Join(dir, "new.json"))
		require.NoError(t, err)
		assert.False(t, direct)
		assert.Equal(t, filepath.Join(dir, "new.json"), target)
	})
}
