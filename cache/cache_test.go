package cache

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
)

func key(s string) []byte {
	k := sha256.Sum256([]byte(s))
	return k[:]
}

// clock is a settable time source for Store.now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func open(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// used reads an entry's used column directly.
func used(t *testing.T, s *Store, k []byte) int64 {
	t.Helper()
	var u int64
	require.NoError(t, s.db.QueryRow(`SELECT used FROM entries WHERE key = ?`, k).Scan(&u))
	return u
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	tests := []struct {
		name  string
		entry Entry
		want  []byte
	}{
		{"plain", Entry{Key: key("a"), Value: []byte(`{"text":"Hallo"}`), Backend: "google", Source: "en", Target: "de"}, []byte(`{"text":"Hallo"}`)},
		{"empty value", Entry{Key: key("b"), Value: []byte{}, Backend: "deepl", Source: "en", Target: "fr"}, []byte{}},
		{"nil value", Entry{Key: key("c"), Backend: "deepl", Source: "en", Target: "fr"}, []byte{}},
		{"binary value", Entry{Key: key("d"), Value: []byte{0, 1, 2, 0xff}, Backend: "tm"}, []byte{0, 1, 2, 0xff}},
		{"large value", Entry{Key: key("e"), Value: []byte(strings.Repeat("x", 1<<20))}, []byte(strings.Repeat("x", 1<<20))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, s.PutMany(ctx, []Entry{tt.entry}))
			got, ok, err := s.Get(ctx, tt.entry.Key)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tt.want, got)
		})
	}

	_, ok, err := s.Get(ctx, key("missing"))
	require.NoError(t, err)
	assert.False(t, ok)

	// Replacing a value.
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("new"), Backend: "google", Source: "en", Target: "de"}}))
	got, ok, err := s.Get(ctx, key("a"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []byte("new"), got)

	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(5), st.Entries)
	assert.Equal(t, int64(3+0+0+4+1<<20), st.Bytes)
	assert.Equal(t, []PairStats{
		{Backend: "", Source: "", Target: "", Entries: 1, Bytes: 1 << 20},
		{Backend: "deepl", Source: "en", Target: "fr", Entries: 2, Bytes: 0},
		{Backend: "google", Source: "en", Target: "de", Entries: 1, Bytes: 3},
		{Backend: "tm", Source: "", Target: "", Entries: 1, Bytes: 4},
	}, st.Pairs)
}

func TestManyKeys(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	const n = 3*maxVars + 7 // several lookup chunks
	var entries []Entry
	var keys [][]byte
	for i := range n {
		k := key(fmt.Sprint(i))
		keys = append(keys, k)
		if i%3 != 0 { // every third key is a miss
			entries = append(entries, Entry{Key: k, Value: []byte(fmt.Sprint("v", i)), Backend: "b", Source: "en", Target: "de"})
		}
	}
	require.NoError(t, s.PutMany(ctx, entries))

	// Duplicates and malformed keys are harmless.
	lookup := append(append([][]byte{}, keys...), keys[1], keys[2], []byte("short"), nil)
	got, err := s.GetMany(ctx, lookup)
	require.NoError(t, err)
	require.Len(t, got, len(entries))
	for i, k := range keys {
		v, ok := got[string(k)]
		if i%3 == 0 {
			assert.False(t, ok, "key %d", i)
			continue
		}
		assert.Equal(t, fmt.Sprint("v", i), string(v), "key %d", i)
	}

	got, err = s.GetMany(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestPutManyRejectsBadKeys(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	err := s.PutMany(ctx, []Entry{{Key: key("ok"), Value: []byte("1")}, {Key: []byte("short"), Value: []byte("2")}})
	require.Error(t, err)
	// Nothing was stored: all or none.
	_, ok, err := s.Get(ctx, key("ok"))
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &clock{t0}
	s.now = c.now

	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("old"), Value: []byte("1")}, {Key: key("hit"), Value: []byte("2")}}))

	// A hit within touchEvery of the last use is not worth a write.
	c.t = t0.Add(touchEvery / 2)
	_, ok, err := s.Get(ctx, key("hit"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Empty(t, s.touched)

	// A later hit is remembered and written by the next write: here, Prune itself.
	c.t = t0.Add(2 * touchEvery)
	_, ok, err = s.Get(ctx, key("hit"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Len(t, s.touched, 1)
	assert.Equal(t, t0.Unix(), used(t, s, key("hit")), "reads do not write")

	n, err := s.Prune(ctx, t0.Add(touchEvery))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, c.t.Unix(), used(t, s, key("hit")))
	assert.Empty(t, s.touched)

	_, ok, err = s.Get(ctx, key("old"))
	require.NoError(t, err)
	assert.False(t, ok)
	_, ok, err = s.Get(ctx, key("hit"))
	require.NoError(t, err)
	assert.True(t, ok)

	n, err = s.Prune(ctx, c.t.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Zero(t, st.Entries)
}

func TestTouchWrittenOnClose(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &clock{t0}
	s.now = c.now
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("k"), Value: []byte("v")}}))
	c.t = t0.Add(48 * time.Hour)
	_, ok, err := s.Get(ctx, key("k"))
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "Close twice")

	s = open(t, dir)
	assert.Equal(t, c.t.Unix(), used(t, s, key("k")))
}

func TestClear(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("1")}, {Key: key("b"), Value: []byte("2")}}))
	require.NoError(t, s.Clear(ctx))
	got, err := s.GetMany(ctx, [][]byte{key("a"), key("b")})
	require.NoError(t, err)
	assert.Empty(t, got)
	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, Stats{}, st)
	// Still usable.
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("1")}}))
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	// Created by Open; URI metacharacters in the path must not confuse the driver.
	dir := filepath.Join(t.TempDir(), "nested dir?x=1#%20", "bitext")
	s, err := Open(dir)
	require.NoError(t, err)
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("1"), Backend: "libre", Source: "en", Target: "es"}}))
	require.NoError(t, s.Close())

	tag, err := os.ReadFile(filepath.Join(dir, "CACHEDIR.TAG"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(tag), "Signature: 8a477f597d28d172789f06886806bc55"))

	s = open(t, dir)
	v, ok, err := s.Get(ctx, key("a"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []byte("1"), v)
	assert.Equal(t, filepath.Join(dir, "cache.db"), s.Path())
	assert.FileExists(t, s.Path())

	var mode string
	require.NoError(t, s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
}

func TestSchemaMismatchRecreates(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(db *sql.DB) error
	}{
		{"old version", func(db *sql.DB) error {
			_, err := db.Exec(`UPDATE meta SET value = '0' WHERE key = 'schema'`)
			return err
		}},
		{"no version", func(db *sql.DB) error {
			_, err := db.Exec(`DELETE FROM meta`)
			return err
		}},
		{"foreign database", func(db *sql.DB) error {
			_, err := db.Exec(`DROP TABLE meta; DROP TABLE entries; CREATE TABLE meta (x INTEGER); CREATE TABLE other (y TEXT)`)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir)
			require.NoError(t, err)
			require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("1")}}))
			require.NoError(t, tt.setup(s.db))
			require.NoError(t, s.Close())

			s = open(t, dir)
			_, ok, err := s.Get(ctx, key("a"))
			require.NoError(t, err)
			assert.False(t, ok, "entries of another schema are dropped")
			var tables []string
			rows, err := s.db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
			require.NoError(t, err)
			for rows.Next() {
				var n string
				require.NoError(t, rows.Scan(&n))
				tables = append(tables, n)
			}
			require.NoError(t, rows.Close())
			assert.Equal(t, []string{"entries", "meta", "runs"}, tables)
			require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("1")}}))
		})
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string // returns the dir to open
	}{
		{"database is a directory", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, os.Mkdir(filepath.Join(dir, "cache.db"), 0o755))
			return dir
		}},
		{"dir under a file", func(t *testing.T) string {
			f := filepath.Join(t.TempDir(), "file")
			require.NoError(t, os.WriteFile(f, nil, 0o644))
			return filepath.Join(f, "cache")
		}},
		{"read-only dir", func(t *testing.T) string {
			if os.Geteuid() == 0 {
				t.Skip("root can write to a read-only directory")
			}
			dir := t.TempDir()
			require.NoError(t, os.Chmod(dir, 0o555))
			t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
			return dir
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			s, err := Open(dir)
			if s != nil {
				_ = s.Close()
			}
			require.Error(t, err)
			assert.Nil(t, s)
			assert.Contains(t, err.Error(), dir)
		})
	}
}

// TestConcurrentStores has two Stores (as two processes would) write and read the same
// directory at once; busy_timeout and BEGIN IMMEDIATE must keep "database is locked" away.
func TestConcurrentStores(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	stores := []*Store{open(t, dir), open(t, dir)}
	const (
		workers = 4
		batches = 15
		perB    = 20
	)
	var g errgroup.Group
	for w := range workers {
		s := stores[w%len(stores)]
		g.Go(func() error {
			for b := range batches {
				var entries []Entry
				var keys [][]byte
				for i := range perB {
					k := key(fmt.Sprint(w, "/", b, "/", i))
					keys = append(keys, k)
					entries = append(entries, Entry{Key: k, Value: []byte(fmt.Sprint(w, b, i)), Backend: fmt.Sprint("w", w)})
				}
				if err := s.PutMany(ctx, entries); err != nil {
					return err
				}
				got, err := s.GetMany(ctx, keys)
				if err != nil {
					return err
				}
				if len(got) != perB {
					return fmt.Errorf("worker %d batch %d: read %d of %d", w, b, len(got), perB)
				}
			}
			return nil
		})
	}
	require.NoError(t, g.Wait())
	st, err := stores[0].Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(workers*batches*perB), st.Entries)
	assert.Len(t, st.Pairs, workers)
}

func TestEachRunsAndCheck(t *testing.T) {
	ctx := context.Background()
	s := open(t, t.TempDir())
	require.NoError(t, s.PutMany(ctx, []Entry{
		{Key: key("b"), Value: []byte("2"), Backend: "google", Source: "he", Target: "en"},
		{Key: key("a"), Value: []byte("1"), Backend: "tm", Source: "es", Target: "en"},
	}))
	var got []string
	require.NoError(t, s.Each(ctx, func(r Record) error {
		got = append(got, r.Backend+":"+string(r.Value))
		assert.False(t, r.Created.IsZero())
		return nil
	}))
	assert.ElementsMatch(t, []string{"google:2", "tm:1"}, got)

	for i := 0; i < keepRuns+5; i++ {
		require.NoError(t, s.RecordRun(ctx, Run{Backend: "google", Lookups: i, Hits: i / 2}))
	}
	runs, err := s.Runs(ctx, 3)
	require.NoError(t, err)
	require.Len(t, runs, 3)
	assert.Equal(t, keepRuns+4, runs[0].Lookups, "newest first")
	all, err := s.Runs(ctx, 1000)
	require.NoError(t, err)
	assert.Len(t, all, keepRuns, "old runs are trimmed")
	assert.NoError(t, s.Check(ctx))
}
