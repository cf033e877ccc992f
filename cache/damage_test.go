package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cache.db that is not a database is moved aside by Open, which starts an empty cache and
// says so (Recovered); the damaged file is kept for inspection.
func TestOpenMovesDamagedAside(t *testing.T) {
	dir := t.TempDir()
	garbage := []byte(strings.Repeat("this is not an SQLite database\x00\xff", 200))
	path := filepath.Join(dir, "cache.db")
	require.NoError(t, os.WriteFile(path, garbage, 0o644))
	require.NoError(t, os.WriteFile(path+"-wal", []byte("stale"), 0o644))

	s := open(t, dir)
	rec := s.Recovered()
	require.NotNil(t, rec, "the damage is reported")
	assert.Equal(t, path, rec.Path)
	assert.True(t, Damaged(rec.Reason), "%v", rec.Reason)
	assert.Contains(t, rec.String(), "moved it to "+path+".damaged-")
	moved, err := os.ReadFile(rec.MovedTo)
	require.NoError(t, err)
	assert.Equal(t, garbage, moved, "the damaged file is kept as it was")
	if wal, err := os.ReadFile(path + "-wal"); err == nil {
		assert.NotEqual(t, "stale", string(wal), "the damaged file's WAL is not left beside the new cache")
	}

	ctx := context.Background()
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("a"), Value: []byte("1")}}))
	_, ok, err := s.Get(ctx, key("a"))
	require.NoError(t, err)
	assert.True(t, ok, "the new cache works")
	require.NoError(t, s.Close())

	s2 := open(t, dir)
	assert.Nil(t, s2.Recovered(), "a healthy cache is not moved")
}

// Damage inside the entries, which Open does not read, is found by a lookup or by Check:
// the error says so, and Close moves the file aside so that the next run starts clean rather
// than missing (and billing) every text again.
func TestDamageFoundLaterIsMovedAsideOnClose(t *testing.T) {
	for _, how := range []string{"lookup", "check"} {
		t.Run(how, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			s := open(t, dir)
			var keys [][]byte
			for b := range 20 {
				var es []Entry
				for i := range 100 {
					k := key(fmt.Sprint(b, "/", i))
					keys = append(keys, k)
					es = append(es, Entry{Key: k, Value: []byte(strings.Repeat("v", 300)), Backend: "x", Source: "he", Target: "en"})
				}
				require.NoError(t, s.PutMany(ctx, es))
			}
			require.NoError(t, s.Close())
			corruptPages(t, filepath.Join(dir, "cache.db"))

			s, err := Open(dir)
			require.NoError(t, err, "the header is intact: Open does not see the damage")
			switch how {
			case "lookup":
				_, err = s.GetMany(ctx, keys)
			case "check":
				err = s.Check(ctx)
			}
			require.Error(t, err)
			require.Error(t, s.Damage(), "%v", err)
			err = s.Close()
			var re *RecoveryError
			require.ErrorAs(t, err, &re)
			assert.Contains(t, err.Error(), "moved it to")
			_, err = os.Stat(re.MovedTo)
			require.NoError(t, err)

			s2 := open(t, dir)
			assert.Nil(t, s2.Recovered())
			st, err := s2.Stats(ctx)
			require.NoError(t, err)
			assert.Zero(t, st.Entries, "an empty cache replaces the damaged one")
			assert.NoError(t, s2.Check(ctx))
		})
	}
}

// corruptPages overwrites the second half of the SQLite file at path with garbage: the
// header, the schema and the meta table (written first) stay readable, entries do not.
func corruptPages(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	const page = 4096
	require.Greater(t, len(data), 8*page, "enough pages to damage")
	for i := len(data) / 2 / page * page; i < len(data); i++ {
		data[i] = byte(i*7 + 13)
	}
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// A writer that meets "database is locked" past busy_timeout — another process holding the
// write lock longer, as two jobs on two loaded cores do — tries again instead of dropping the
// entries: here busy_timeout is 20 ms and the lock is held for 600 ms.
func TestWriteRetriesWhileBusy(t *testing.T) {
	defer func(bt, mw time.Duration) { busyTimeout, maxBusyWait = bt, mw }(busyTimeout, maxBusyWait)
	busyTimeout = 20 * time.Millisecond
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, dir)
	other := open(t, dir)

	hold := func(d time.Duration) <-chan error {
		locked, done := make(chan struct{}), make(chan error, 1)
		go func() {
			tx, err := other.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
			if err != nil {
				close(locked)
				done <- err
				return
			}
			close(locked)
			time.Sleep(d)
			done <- tx.Commit()
		}()
		<-locked
		return done
	}

	maxBusyWait = 0 // one attempt, as before: the entries are lost
	done := hold(300 * time.Millisecond)
	err := s.PutMany(ctx, []Entry{{Key: key("lost"), Value: []byte("1")}})
	require.Error(t, err)
	assert.True(t, busy(err), "%v", err)
	require.NoError(t, <-done)

	maxBusyWait = time.Minute
	done = hold(600 * time.Millisecond)
	start := time.Now()
	require.NoError(t, s.PutMany(ctx, []Entry{{Key: key("kept"), Value: []byte("1")}}))
	assert.GreaterOrEqual(t, time.Since(start), 500*time.Millisecond, "it waited for the lock")
	require.NoError(t, <-done)
	_, ok, err := s.Get(ctx, key("kept"))
	require.NoError(t, err)
	assert.True(t, ok)

	// Errors other than busy are not retried.
	require.NoError(t, s.db.Close())
	err = s.PutMany(ctx, []Entry{{Key: key("x"), Value: []byte("1")}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "closed"), "%v", err)
}
