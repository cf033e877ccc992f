// Package cache is bitext's on-disk store: opaque values under 32-byte keys, with a few
// string metadata columns (backend, source and target language) and two times (created,
// last used). It knows nothing about translation: key derivation, value encoding and
// per-pair statistics belong to its users (translate/middleware).
//
// A Store is one SQLite database, dir/cache.db, in WAL mode through the pure-Go
// modernc.org/sqlite driver. Several processes may share a directory at once: readers
// never block, writers wait their turn (a busy timeout, then retries with backoff for up to
// two minutes: answers that were paid for are not dropped because another job held the
// lock), and a process killed at any instant leaves the database readable. The directory is
// marked with a CACHEDIR.TAG so that backup tools skip it.
//
// A damaged database is moved aside (cache.db.damaged-<time>) and replaced by an empty one:
// by Open when it meets the damage (Recovered says so), by Close when a read, a write or
// Check met it (the *RecoveryError says so). Left in place, it would make every run miss.
//
// The cache is an optimisation. Callers should treat an Open error as "no cache" and a
// read error as a miss, and say so: a cache that fails silently bills every text again.
package cache
