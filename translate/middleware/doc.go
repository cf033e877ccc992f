// Package middleware holds behaviour common to all backends, as translate.Middleware:
// cache, …
//
// Each middleware is one file and wraps any translate.Translator. The stack is
// assembled in one place, outermost first: cache (hits cost nothing), then
// coalesce/batch, retry, rate limit, and the backend itself.
package middleware
