// Package engine builds the translator bitext runs: a backend from the registry behind its
// middleware stack, with the cache, the translation memories, the "auto" fallback to local
// engines, and the facts a job or a dry run needs (name, model, limits in force, price,
// cache namespace). The CLI and library users get it from one call, Open, and release it
// with Close.
//
// The stack itself is translate/backends.Open's (QA, glossary QA, cache, coalesce, split,
// fuse, retry, rate limit, in flight); the engine decides what goes in it from one Spec, so
// that what a dry run counts (Cached, Limits, Price) is what a run then does.
package engine
