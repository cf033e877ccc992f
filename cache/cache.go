package cache

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver
)

// KeySize is the length of every key: a SHA-256 digest.
const KeySize = 32

const (
	// dbName is the database file inside the cache directory.
	dbName = "cache.db"
	// schemaVersion is stored in the meta table; a database with any other version is
	// emptied and recreated by Open. Bump it whenever the tables change.
	schemaVersion = "2"

	// tagName and tagContent follow the Cache Directory Tagging Specification,
	// https://bford.info/cachedir/: the file must start with the signature line.
	tagName      = "CACHEDIR.TAG"
	tagSignature = "Signature: 8a477f597d28d172789f06886806bc55"
	tagContent   = tagSignature + "\n" +
		"# This file is a cache directory tag created by bitext.\n" +
		"# For information about cache directory tags, see:\n" +
		"#\thttps://bford.info/cachedir/\n"

	// maxVars bounds the keys in one "IN (?,…)" lookup, well under SQLite's limit on
	// host parameters (32766 since 3.32, 999 before).
	maxVars = 500

	// touchEvery is the resolution of the used column: a hit whose used time is older
	// than this is queued to be touched. Coarse on purpose, so that repeated runs over
	// the same documents read without writing.
	touchEvery = time.Hour
	// maxPendingTouches bounds the memory spent remembering hits to touch; hits beyond
	// it are not touched until the queue is flushed.
	maxPendingTouches = 1 << 16
)

// Entry is one value and its metadata, as written by PutMany.
type Entry struct {
	// Key must be KeySize bytes long.
	Key []byte
	// Value is stored as given; nil is stored as an empty value.
	Value []byte
	// Backend, Source and Target are free-form metadata, used for Stats.
	Backend, Source, Target string
}

// Stats describes the contents of a Store.
type Stats struct {
	// Entries is the number of entries.
	Entries int64
	// Bytes is the total size of all values (keys and metadata not counted).
	Bytes int64
	// Pairs breaks Entries and Bytes down by (Backend, Source, Target), sorted by those.
	Pairs []PairStats
}

// PairStats counts the entries that share a backend, source and target.
type PairStats struct {
	Backend, Source, Target string
	Entries                 int64
	Bytes                   int64
}

// Store is an open cache directory. Its methods are safe for concurrent use, and other
// processes may use the same directory at the same time.
//
// Reads take no write lock: the last-used times of hits are remembered in memory and
// written by the next PutMany, Prune or Close.
type Store struct {
	db   *sql.DB
	path string
	// now is the clock; tests replace it.
	now func() time.Time

	mu      sync.Mutex
	touched map[string]struct{} // hits whose used time is due for an update
	closed  bool
	// damage is the first error that said the database is damaged (SQLITE_CORRUPT,
	// SQLITE_NOTADB) after Open; Close then moves the file aside.
	damage error
	// recovered says what Open did with a damaged database it found.
	recovered *Recovery
}

// Recovery is what Open or Close did with a damaged database: it moved it aside, to MovedTo,
// and started an empty one, because of Reason.
type Recovery struct {
	// Path is the damaged database; MovedTo is where it now is (with its -wal and -shm files).
	Path, MovedTo string
	Reason        error
}

func (r *Recovery) String() string {
	return fmt.Sprintf("%s was damaged (%v); moved it to %s and started an empty cache", r.Path, r.Reason, r.MovedTo)
}

// Recovered returns what Open did with a damaged cache database — moved it aside and started
// an empty one — or nil when it found none. Callers should tell the user.
func (s *Store) Recovered() *Recovery { return s.recovered }

// Open opens the cache in dir, creating dir, its CACHEDIR.TAG and the database as needed.
// A cache.db that is not an SQLite database, or is damaged where Open reads, is moved aside
// (cache.db.damaged-<time>) and replaced by an empty one: Recovered says so, and the caller
// should tell the user. A damaged cache left in place would make every later run miss, and
// bill, every text again. Open fails, with an error naming the path, when dir cannot be
// created or written or when cache.db cannot be opened at all (a directory in its place, an
// I/O error); callers should then go on without a cache, and say so.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: create %s: %w", dir, err)
	}
	if err := writeTag(dir); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	path := filepath.Join(dir, dbName)
	s, err := openDB(path)
	if err != nil && Damaged(err) {
		moved, merr := moveAside(path, time.Now())
		if merr != nil {
			return nil, fmt.Errorf("cache: open %s: %w; moving it aside failed: %w", path, err, merr)
		}
		rec := &Recovery{Path: path, MovedTo: moved, Reason: err}
		if s, err = openDB(path); err == nil {
			s.recovered = rec
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	return s, nil
}

func openDB(path string) (*Store, error) {
	dsn, err := dataSourceName(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path, now: time.Now, touched: map[string]struct{}{}}
	if err := s.migrate(context.Background()); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// SQLite's primary result codes that bitext acts on (https://sqlite.org/rescode.html).
const (
	sqliteBusy    = 5
	sqliteLocked  = 6
	sqliteCorrupt = 11
	sqliteFull    = 13
	sqliteNotADB  = 26
)

func sqliteCode(err error) int {
	var c interface{ Code() int }
	if errors.As(err, &c) {
		return c.Code() & 0xff
	}
	return 0
}

// Damaged reports whether err says the database file is damaged or not a database at all.
func Damaged(err error) bool {
	c := sqliteCode(err)
	return c == sqliteCorrupt || c == sqliteNotADB
}

// Full reports whether err says the disk (or the file-size limit) is full.
func Full(err error) bool { return sqliteCode(err) == sqliteFull }

// busy reports whether err is another connection holding the lock past busy_timeout: worth
// another try.
func busy(err error) bool {
	c := sqliteCode(err)
	return c == sqliteBusy || c == sqliteLocked
}

// moveAside renames the database at path, and its -wal and -shm files, to
// path.damaged-<time>[-wal|-shm], and returns the new name of the database.
func moveAside(path string, now time.Time) (string, error) {
	to := path + ".damaged-" + now.UTC().Format("20060102T150405.000000000Z")
	if err := os.Rename(path, to); err != nil {
		return "", err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+suffix, to+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return to, err
		}
	}
	return to, nil
}

// noteDamage remembers the first error that says the database is damaged, so that Close
// moves it aside; it returns err.
func (s *Store) noteDamage(err error) error {
	if err != nil && Damaged(err) {
		s.mu.Lock()
		if s.damage == nil {
			s.damage = err
		}
		s.mu.Unlock()
	}
	return err
}

// dataSourceName is the modernc.org/sqlite DSN for the database at path. Every connection
// of the pool runs the pragmas; _txlock=immediate makes each BeginTx a BEGIN IMMEDIATE,
// so a write transaction takes the write lock up front (waiting under busy_timeout)
// rather than failing with SQLITE_BUSY when it upgrades from read to write.
func dataSourceName(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	// A file: URI, so that '?' or '#' in the path cannot be mistaken for parameters.
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:/C:/…
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Lookups are random by key: a 64 MiB page cache per connection and memory-mapped reads
	// keep them off read(2), which the profile showed as a fifth of a lookup's time.
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "mmap_size(268435456)")
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode(), nil
}

// writeTag creates dir/CACHEDIR.TAG unless a valid one is there, through a temporary file
// and a rename so that a crash never leaves half a tag.
func writeTag(dir string) (err error) {
	path := filepath.Join(dir, tagName)
	if b, err := os.ReadFile(path); err == nil && bytes.HasPrefix(b, []byte(tagSignature)) {
		return nil
	}
	f, err := os.CreateTemp(dir, "."+tagName+"-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	if _, err := f.WriteString(tagContent); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

const createSchema = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE entries (
	key     BLOB PRIMARY KEY,
	value   BLOB NOT NULL,
	backend TEXT NOT NULL,
	src     TEXT NOT NULL,
	tgt     TEXT NOT NULL,
	created INTEGER NOT NULL,
	used    INTEGER NOT NULL
);
CREATE INDEX entries_used ON entries (used);
CREATE TABLE runs (
	id      INTEGER PRIMARY KEY,
	time    INTEGER NOT NULL,
	backend TEXT NOT NULL,
	lookups INTEGER NOT NULL,
	hits    INTEGER NOT NULL
);
`

// keepRuns is how many run records RecordRun keeps: enough for "the last runs".
const keepRuns = 100

// migrate checks the schema version and, when it is missing or different, drops every table
// and creates the current ones. The common case, a current database, only reads.
func (s *Store) migrate(ctx context.Context) error {
	if v, err := s.version(ctx, s.db); err != nil {
		return err
	} else if v == schemaVersion {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	// Another process may have created the schema while this one waited for the lock.
	if v, err := s.version(ctx, tx); err != nil {
		return err
	} else if v == schemaVersion {
		return nil
	}
	var tables []string
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS "`+strings.ReplaceAll(t, `"`, `""`)+`"`); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, createSchema); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('schema', ?)`, schemaVersion); err != nil {
		return err
	}
	return tx.Commit()
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// version reads the schema version; a database without one (new, or not ours) reads as "".
func (s *Store) version(ctx context.Context, q querier) (string, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).Scan(&n)
	if err != nil || n == 0 {
		return "", err
	}
	var v string
	if err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema'`).Scan(&v); err != nil {
		if Damaged(err) {
			// Not a schema to replace: a damaged file, which Open moves aside whole.
			return "", err
		}
		// No row, or a meta table of another shape: not our schema, so recreate it.
		return "", nil
	}
	return v, nil
}

// GetMany returns the values stored under keys, keyed by string(key). Keys that are
// absent (or not KeySize long) are simply missing from the map. On error it returns
// nil and the error; callers should treat that as all misses.
func (s *Store) GetMany(ctx context.Context, keys [][]byte) (map[string][]byte, error) {
	uniq := make([]any, 0, len(keys))
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if len(k) != KeySize || seen[string(k)] {
			continue
		}
		seen[string(k)] = true
		uniq = append(uniq, k)
	}
	out := make(map[string][]byte, len(uniq))
	stale := s.now().Add(-touchEvery).Unix()
	var touch []string
	for len(uniq) > 0 {
		n := min(len(uniq), maxVars)
		chunk := uniq[:n]
		uniq = uniq[n:]
		q := `SELECT key, value, used FROM entries WHERE key IN (?` + strings.Repeat(`,?`, n-1) + `)`
		rows, err := s.db.QueryContext(ctx, q, chunk...)
		if err != nil {
			return nil, fmt.Errorf("cache: get %d keys: %w", len(keys), s.noteDamage(err))
		}
		for rows.Next() {
			var (
				k, v []byte
				used int64
			)
			if err := rows.Scan(&k, &v, &used); err != nil {
				_ = rows.Close()
				return nil, fmt.Errorf("cache: get %d keys: %w", len(keys), s.noteDamage(err))
			}
			if v == nil {
				v = []byte{}
			}
			out[string(k)] = v
			if used < stale {
				touch = append(touch, string(k))
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("cache: get %d keys: %w", len(keys), s.noteDamage(err))
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("cache: get %d keys: %w", len(keys), s.noteDamage(err))
		}
	}
	if len(touch) > 0 {
		s.mu.Lock()
		for _, k := range touch {
			if len(s.touched) >= maxPendingTouches {
				break
			}
			s.touched[k] = struct{}{}
		}
		s.mu.Unlock()
	}
	return out, nil
}

// Get returns the value stored under key and whether there is one.
func (s *Store) Get(ctx context.Context, key []byte) ([]byte, bool, error) {
	m, err := s.GetMany(ctx, [][]byte{key})
	if err != nil {
		return nil, false, err
	}
	v, ok := m[string(key)]
	return v, ok, nil
}

// PutMany stores entries, replacing any under the same keys, in one transaction: either
// all are stored or none. It also writes the last-used times of earlier hits.
func (s *Store) PutMany(ctx context.Context, entries []Entry) error {
	for _, e := range entries {
		if len(e.Key) != KeySize {
			return fmt.Errorf("cache: put: key is %d bytes, want %d", len(e.Key), KeySize)
		}
	}
	err := s.write(ctx, func(tx *sql.Tx, now int64) error {
		if len(entries) == 0 {
			return nil
		}
		stmt, err := tx.PrepareContext(ctx, `
			INSERT INTO entries (key, value, backend, src, tgt, created, used)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET
				value = excluded.value, backend = excluded.backend, src = excluded.src,
				tgt = excluded.tgt, created = excluded.created, used = excluded.used`)
		if err != nil {
			return err
		}
		defer func() { _ = stmt.Close() }()
		for _, e := range entries {
			v := e.Value
			if v == nil {
				v = []byte{} // nil would bind as NULL
			}
			if _, err := stmt.ExecContext(ctx, e.Key, v, e.Backend, e.Source, e.Target, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cache: put %d entries: %w", len(entries), err)
	}
	return nil
}

// busyTimeout is how long one attempt of a writer waits for another connection (or process)
// to finish its write before SQLite gives up with "database is locked"; write then tries
// again, up to maxBusyWait. Variables so that tests can shorten them.
var busyTimeout = 10 * time.Second

// maxBusyWait bounds how long write keeps trying when other connections or processes hold
// the write lock past busy_timeout, each time: under load (two jobs, two cores) a busy timeout
// is not a reason to drop answers that were paid for.
var maxBusyWait = 2 * time.Minute

// write runs fn in one immediate transaction, after writing the pending last-used times,
// trying again with backoff while the database is busy (up to maxBusyWait). If the
// transaction fails, those times are queued again.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx, now int64) error) error {
	deadline := time.Now().Add(maxBusyWait)
	wait := 10 * time.Millisecond
	for {
		err := s.writeOnce(ctx, fn)
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return s.noteDamage(err)
		}
		// Full jitter: two processes that collided must not collide again in lockstep.
		t := time.NewTimer(time.Duration(rand.Int64N(int64(wait)) + 1))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, time.Second)
	}
}

func (s *Store) writeOnce(ctx context.Context, fn func(tx *sql.Tx, now int64) error) (err error) {
	touch := s.takeTouched()
	defer func() {
		if err != nil {
			s.requeue(touch)
		}
	}()
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE, see dataSourceName
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	now := s.now().Unix()
	if len(touch) > 0 {
		stmt, err := tx.PrepareContext(ctx, `UPDATE entries SET used = ? WHERE key = ? AND used < ?`)
		if err != nil {
			return err
		}
		defer func() { _ = stmt.Close() }()
		for _, k := range touch {
			if _, err := stmt.ExecContext(ctx, now, []byte(k), now); err != nil {
				return err
			}
		}
	}
	if err := fn(tx, now); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) takeTouched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.touched) == 0 {
		return nil
	}
	keys := make([]string, 0, len(s.touched))
	for k := range s.touched {
		keys = append(keys, k)
	}
	clear(s.touched)
	return keys
}

func (s *Store) requeue(keys []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if len(s.touched) >= maxPendingTouches {
			return
		}
		s.touched[k] = struct{}{}
	}
}

// Prune deletes the entries last used before olderThan and returns how many it deleted.
// Last-used times have a resolution of about an hour.
func (s *Store) Prune(ctx context.Context, olderThan time.Time) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx, _ int64) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE used < ?`, olderThan.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("cache: prune: %w", err)
	}
	return int(n), nil
}

// Clear deletes every entry. The file keeps its size; SQLite reuses the freed pages.
func (s *Store) Clear(ctx context.Context) error {
	s.takeTouched()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cache: clear: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, `DELETE FROM entries; DELETE FROM runs`); err != nil {
		return fmt.Errorf("cache: clear: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("cache: clear: %w", err)
	}
	return nil
}

// Stats counts the entries and the bytes of their values, in total and per
// (backend, source, target).
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT backend, src, tgt, COUNT(*), COALESCE(SUM(LENGTH(value)), 0)
		FROM entries GROUP BY backend, src, tgt ORDER BY backend, src, tgt`)
	if err != nil {
		return Stats{}, fmt.Errorf("cache: stats: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var st Stats
	for rows.Next() {
		var p PairStats
		if err := rows.Scan(&p.Backend, &p.Source, &p.Target, &p.Entries, &p.Bytes); err != nil {
			return Stats{}, fmt.Errorf("cache: stats: %w", err)
		}
		st.Entries += p.Entries
		st.Bytes += p.Bytes
		st.Pairs = append(st.Pairs, p)
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("cache: stats: %w", err)
	}
	return st, nil
}

// Record is a stored entry with its times, as Each yields it.
type Record struct {
	Entry
	Created, Used time.Time
}

// Each calls fn for every entry, in key order, until fn returns an error. It reads a
// snapshot: writers are not blocked meanwhile.
func (s *Store) Each(ctx context.Context, fn func(Record) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT key, value, backend, src, tgt, created, used FROM entries ORDER BY key`)
	if err != nil {
		return fmt.Errorf("cache: read entries: %w", err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var (
			r             Record
			created, used int64
		)
		if err := rows.Scan(&r.Key, &r.Value, &r.Backend, &r.Source, &r.Target, &created, &used); err != nil {
			return fmt.Errorf("cache: read entries: %w", err)
		}
		r.Created, r.Used = time.Unix(created, 0), time.Unix(used, 0)
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cache: read entries: %w", err)
	}
	return nil
}

// Run is what one job asked of the cache.
type Run struct {
	Time    time.Time
	Backend string
	// Lookups and Hits count texts looked up and found.
	Lookups, Hits int
}

// RecordRun stores a job's lookups and hits, keeping the last keepRuns records.
func (s *Store) RecordRun(ctx context.Context, r Run) error {
	err := s.write(ctx, func(tx *sql.Tx, now int64) error {
		t := r.Time.Unix()
		if r.Time.IsZero() {
			t = now
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO runs (time, backend, lookups, hits) VALUES (?, ?, ?, ?)`, t, r.Backend, r.Lookups, r.Hits); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE id <= (SELECT MAX(id) FROM runs) - ?`, keepRuns)
		return err
	})
	if err != nil {
		return fmt.Errorf("cache: record run: %w", err)
	}
	return nil
}

// Runs returns the last n run records, newest first.
func (s *Store) Runs(ctx context.Context, n int) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT time, backend, lookups, hits FROM runs ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("cache: runs: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var out []Run
	for rows.Next() {
		var (
			r Run
			t int64
		)
		if err := rows.Scan(&t, &r.Backend, &r.Lookups, &r.Hits); err != nil {
			return nil, fmt.Errorf("cache: runs: %w", err)
		}
		r.Time = time.Unix(t, 0)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Check runs SQLite's integrity check and returns an error describing any damage.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("cache: check %s: %w", s.path, s.noteDamage(err))
	}
	defer func() { _ = rows.Close() }()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("cache: check %s: %w", s.path, s.noteDamage(err))
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cache: check %s: %w", s.path, s.noteDamage(err))
	}
	if len(problems) > 0 {
		err := &DamageError{Path: s.path, Problems: problems}
		s.mu.Lock()
		if s.damage == nil {
			s.damage = err
		}
		s.mu.Unlock()
		return err
	}
	return nil
}

// DamageError is what Check found wrong with the database: SQLite's integrity_check lines.
// Close moves a database Check found damaged aside.
type DamageError struct {
	Path     string
	Problems []string
}

func (e *DamageError) Error() string {
	p := e.Problems
	more := ""
	if len(p) > 5 {
		p, more = p[:5], fmt.Sprintf("; and %d more", len(e.Problems)-5)
	}
	return fmt.Sprintf("cache: check %s: damaged: %s%s", e.Path, strings.Join(p, "; "), more)
}

// Damage returns the first error since Open that said the database is damaged (a read or
// write that met SQLITE_CORRUPT, or Check), nil if none did.
func (s *Store) Damage() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.damage
}

// Path returns the database file, for messages.
func (s *Store) Path() string { return s.path }

// Close writes the pending last-used times and closes the database. When a read, a write or
// Check found the database damaged, Close moves it aside (as Open does) so that the next Open
// starts an empty cache instead of missing on every text for ever; the error it returns then
// is a *RecoveryError saying where the file went. It is safe to call more than once; only the
// first call does anything.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	pending := len(s.touched)
	damage := s.damage
	s.mu.Unlock()

	var errs []error
	if pending > 0 && damage == nil {
		// Bounded by busy_timeout when another process holds the write lock.
		if err := s.write(context.Background(), func(*sql.Tx, int64) error { return nil }); err != nil {
			errs = append(errs, fmt.Errorf("cache: close %s: write last-used times: %w", s.path, err))
		}
	}
	if err := s.db.Close(); err != nil {
		errs = append(errs, fmt.Errorf("cache: close %s: %w", s.path, err))
	}
	if damage != nil {
		moved, err := moveAside(s.path, s.now())
		if err != nil {
			errs = append(errs, fmt.Errorf("cache: %s is damaged (%v) and could not be moved aside: %w", s.path, damage, err))
		} else {
			errs = append(errs, &RecoveryError{Recovery{Path: s.path, MovedTo: moved, Reason: damage}})
		}
	}
	return errors.Join(errs...)
}

// RecoveryError is Close's report that it moved a damaged database aside.
type RecoveryError struct{ Recovery }

func (e *RecoveryError) Error() string { return "cache: " + e.Recovery.String() }
