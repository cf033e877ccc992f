package cache

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// childEnv makes the test binary a cache writer instead of a test run: the crash and
// multi-process tests start real child processes this way.
const childEnv = "BITEXT_CACHE_WRITER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(writer(dir, os.Getenv(childEnv+"_ID")))
	}
	os.Exit(m.Run())
}

// writer puts batches of 50 entries forever (until killed), or 40 batches when id is set.
// Values are derived from keys, so any reader can check an entry is whole.
func writer(dir, id string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer s.Close()
	ctx := context.Background()
	for batch := 0; id == "" || batch < 40; batch++ {
		var es []Entry
		for i := 0; i < 50; i++ {
			k := fmt.Sprintf("%s/%d/%d/%d", id, os.Getpid(), batch, i)
			es = append(es, entryFor(k))
		}
		if err := s.PutMany(ctx, es); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
	}
	return 0
}

func entryFor(name string) Entry {
	k := sha256.Sum256([]byte(name))
	v := sha256.Sum256(k[:])
	return Entry{Key: k[:], Value: append([]byte(name+"="), v[:]...), Backend: "crash", Source: "he", Target: "en"}
}

func child(t *testing.T, dir, id string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir, childEnv+"_ID="+id)
	cmd.Stderr = os.Stderr
	return cmd
}

// checkWhole asserts the database passes SQLite's integrity check and every value is
// exactly what its writer wrote.
func checkWhole(t *testing.T, dir string) int {
	s, err := Open(dir)
	require.NoError(t, err, "the cache reopens after the kill")
	defer s.Close()
	require.NoError(t, s.Check(context.Background()))
	n := 0
	require.NoError(t, s.Each(context.Background(), func(r Record) error {
		n++
		name := string(r.Value[:len(r.Value)-sha256.Size-1])
		want := entryFor(name)
		if string(want.Key) != string(r.Key) || string(want.Value) != string(r.Value) {
			return fmt.Errorf("entry %q is torn", name)
		}
		return nil
	}))
	return n
}

// TestKillDuringWrites kills a writer with SIGKILL at random points in its batches,
// many times, and checks the cache after each kill: consistent, reusable, and every
// batch either whole or absent.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED (-short): twelve writer processes killed in turn, seconds; CI runs it")
	}
	dir := t.TempDir()
	prev := 0
	for i := 0; i < 12; i++ {
		cmd := child(t, dir, "")
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(50+i*37%200) * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		n := checkWhole(t, dir)
		assert.Zero(t, n%50, "after kill %d: %d entries is not a whole number of batches", i, n)
		assert.GreaterOrEqual(t, n, prev, "committed batches survive")
		prev = n
	}
	assert.Greater(t, prev, 0, "the writers got some batches in")
}

// TestTwoProcessesWriteAtOnce: concurrent writers in separate processes all finish
// (busy timeout, no "database is locked") and every batch is there.
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = child(t, dir, strconv.Itoa(i)).Run()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "writer %d", i)
	}
	assert.Equal(t, 3*40*50, checkWhole(t, dir))
}
