// Package middleware holds behaviour common to all backends, each as a translate.Middleware
// in a file of its own, so that any translate.Translator gets it by being wrapped:
//
//   - QA (qa.go): checks every answer against its source and flags what fails (Check); with
//     QASecrets, answers holding a backend's credential too. Screen (qa.go) flags, below the
//     cache, the answers unsafe to keep at all, which the cache does not store.
//   - Cache (cache.go): answers repeated texts from a store, each value verified against the
//     text looked up (CachedValue.Verify); failed writes reported, counted and retried; key
//     derivation, TMX and CheckEntries live here too.
//   - Coalesce (coalesce.go): packs concurrent requests short of the limits into full ones.
//   - Split (batch.go): cuts a request over the backend's limits into requests within them.
//   - Fuse (fuse.go): stops the job at a bad key or an exhausted quota.
//   - Retry (retry.go): backoff with full jitter, Retry-After, and a pause shared by all workers.
//   - RateLimit (ratelimit.go): a token bucket shared by all workers.
//   - InFlight (limit.go): a bound on requests in flight shared by all workers.
//
// The stack is assembled in one function, translate/backends.Open, so the policy reads top
// to bottom there: QA → glossary QA → cache → screen → coalesce → split → fuse → retry → rate
// limit → in flight → backend.
// Middleware that waits takes a Clock, so tests run backoffs of minutes on a fake one
// (translate/translatetest.Clock).
package middleware
