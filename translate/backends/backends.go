// Package backends registers every translation backend bitext has, resolves the names
// "auto" and "none", and wraps a backend in the middleware stack. Library users call it
// too: Default is explicit registration, with no init() side effects.
package backends

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/apertium"
	"github.com/seed77ff/bitext/translate/deepl"
	"github.com/seed77ff/bitext/translate/google"
	"github.com/seed77ff/bitext/translate/googlev3"
	"github.com/seed77ff/bitext/translate/libre"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/openai"
)

// Default returns a registry holding every backend. A new backend is one line here.
func Default() *translate.Registry {
	var r translate.Registry
	google.Register(&r)
	googlev3.Register(&r)
	deepl.Register(&r)
	libre.Register(&r)
	openai.Register(&r)
	apertium.Register(&r)
	return &r
}

// Fallbacks returns the backends that "auto" asks, per text, after primary has failed a
// request or answered texts with a hard QA failure (translate.Fallback): the local engines
// (translate.Backend.Local) that are installed, for the pairs they have, in auto order.
func Fallbacks(r *translate.Registry, primary *translate.Backend, c translate.Config) []*translate.Backend {
	var out []*translate.Backend
	for _, b := range r.AutoOrder() {
		if !b.Local || b == primary || b.Configured == nil || !b.Configured(c) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// None is the backend name that means no backend.
const None = "none"

// Auto is the backend name that picks the first configured backend.
const Auto = "auto"

// TM is the backend name that means translation memories only (--tm and cache imports).
const TM = "tm"

// Resolve returns the backend record for name. It returns nil, nil for "none", and for
// "auto" when no backend is configured. An explicitly named backend that is not
// configured is an error wrapping translate.ErrNotConfigured that names its variables.
func Resolve(r *translate.Registry, name string, c translate.Config) (*translate.Backend, error) {
	switch name {
	case None, TM:
		return nil, nil
	case Auto, "":
		for _, b := range r.AutoOrder() {
			if b.Configured != nil && b.Configured(c) {
				return b, nil
			}
		}
		return nil, nil
	}
	b, ok := r.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q (have: %s)", translate.ErrUnknownBackend, name, strings.Join(append(r.SortedNames(), Auto, TM, None), ", "))
	}
	if b.Configured != nil && !b.Configured(c) && c.Endpoint == "" {
		return nil, fmt.Errorf("%s: %w: set %s", name, translate.ErrNotConfigured, strings.Join(b.Env, " or "))
	}
	return b, nil
}

// NotConfiguredHint is the note printed when "auto" finds no backend: every backend's
// variables, so a user knows what to set.
func NotConfiguredHint(r *translate.Registry) string {
	var parts []string
	for _, n := range r.Names() {
		b, _ := r.Lookup(n)
		if len(b.Env) > 0 {
			parts = append(parts, fmt.Sprintf("%s (%s)", n, strings.Join(b.Env, ", ")))
		}
	}
	return "no translation backend is configured; foreign text without a counterpart in the document stays untranslated. " +
		"To translate, set the environment for one of: " + strings.Join(parts, "; ") +
		", or pass --backend NAME [--endpoint URL]."
}

// Stack is what Open wraps around a backend. The zero value is bitext's defaults.
type Stack struct {
	// Cache, if not nil, answers repeated texts without a request; only cacheable backends use it.
	Cache translate.Middleware
	// MaxRequests bounds the requests in flight, shared by every worker (--max-requests);
	// zero means the backend's Limits.InFlight, and 4 when the record gives none.
	MaxRequests int
	// RatePerSecond, if positive, is a token-bucket limit on requests (attempts) per second,
	// with bursts of RateBurst (default 1). Zero means no limit beyond MaxRequests.
	RatePerSecond float64
	RateBurst     int
	// Retry configures retries; the zero value is middleware.RetryOptions' defaults with
	// AttemptTimeout DefaultAttemptTimeout.
	Retry middleware.RetryOptions
	// FuseRun is the run of permanent failures that stops the job (default middleware.DefaultFuseRun).
	FuseRun int
	// CoalesceDelay is how long a request short of the limits waits for concurrent ones to
	// share a request with (default middleware.DefaultCoalesceDelay; negative: no coalescing).
	CoalesceDelay time.Duration
	// Limits, if any field is positive, lowers the per-request limits below the backend's
	// own (--max-texts, --max-bytes): a field is used when it is positive and below the
	// backend's, or the backend has none.
	Limits translate.Limits
	// Counts, if set, counts every attempt that reaches the backend (middleware.Count).
	Counts *middleware.Counts
}

// Lower returns l with each positive field of cap applied where it is tighter (or l has no
// such limit). InFlight is not a per-request limit and is left alone.
func Lower(l, cap translate.Limits) translate.Limits {
	lower := func(have, want int) int {
		if want > 0 && (have <= 0 || want < have) {
			return want
		}
		return have
	}
	l.Texts = lower(l.Texts, cap.Texts)
	l.Bytes = lower(l.Bytes, cap.Bytes)
	l.CodePoints = lower(l.CodePoints, cap.CodePoints)
	return l
}

// DefaultInFlight is the in-flight bound of a backend whose record states none, as for cloud backends.
const DefaultInFlight = 4

// DefaultAttemptTimeout bounds one attempt when Stack.Retry sets no AttemptTimeout: a request
// that hangs (a proxy that never answers) is abandoned and retried rather than holding one of
// the few in-flight slots forever. Cloud backends answer a full request within seconds.
const DefaultAttemptTimeout = 60 * time.Second

// LimitsReporter is the optional interface of a constructed backend whose limits are lower
// than its record's, from what its server reported (a LibreTranslate server's flags).
type LimitsReporter interface {
	Limits() translate.Limits
}

// Limits returns the per-request limits to use with t: t's own when it reports them
// (LimitsReporter), else the record's.
func Limits(b *translate.Backend, t translate.Translator) translate.Limits {
	if lr, ok := t.(LimitsReporter); ok {
		return lr.Limits()
	}
	return b.Limits
}

// Open constructs backend b and wraps it in the middleware stack. This function is the whole
// policy, read top to bottom, each layer seeing a request before the ones below it:
//
//   - QA: checks every answer against its source (counts, echoes, refusals, credentials,
//     control characters, placeholders, numbers, URLs) and records flags. It is outermost,
//     above the cache, because the cache keeps the text and not the flags: checked below it,
//     a bad answer would be flagged once and then served clean from the cache on every
//     later run.
//   - glossary QA (backends without translate.Backend.AppliesGlossary): flags answers that
//     miss a glossary term whose source term the text has; above the cache for the same reason.
//   - cache: hits cost nothing and never reach the layers that count, wait or bill.
//   - screen: flags answers unsafe to keep (a credential the backend holds, control
//     characters, bidi controls the source lacks), which the cache then does not store;
//     QA above flags them again as hard failures, so they reach no output either.
//   - coalesce: concurrent requests short of the limits (documents translated one at a time
//     by many goroutines) are packed into full ones, flushed when full or after a short delay;
//     one source language and one context per request. Full requests pass without waiting.
//   - split: a request over the backend's limits (texts, bytes, code points) becomes several
//     within them, joined back in order; the pipeline already fills requests to the same limits.
//   - fuse: a bad key or an exhausted quota stops the job: later requests fail at once with
//     the first error, requests in flight are cancelled.
//   - retry: backoff with full jitter on 429/5xx/timeouts/resets/short answers, honouring
//     Retry-After, with one pause shared by every worker when the backend says slow down.
//   - rate limit (optional): every attempt, retries included, takes a token.
//   - in flight: at most MaxRequests requests on the wire for the whole process; below retry,
//     so a request sleeping in a backoff holds no slot.
//   - count (optional): every attempt that reaches the backend.
//   - the backend.
//
// Open returns the stack; Build returns it with the constructed backend and the limits in force.
func Open(ctx context.Context, b *translate.Backend, c translate.Config, s Stack) (translate.Translator, error) {
	st, err := Build(ctx, b, c, s)
	if err != nil {
		return nil, err
	}
	return st.Translator, nil
}

// Stacked is a backend opened behind its middleware stack.
type Stacked struct {
	// Translator is the whole stack, to send requests to.
	Translator translate.Translator
	// Backend is the constructed backend at the bottom, for Close and optional interfaces.
	Backend translate.Translator
	// Limits are the limits in force: the record's, lowered by what the server reported
	// (LimitsReporter) and by Stack.Limits, with InFlight the bound the stack applies.
	Limits translate.Limits
}

// Build is Open, also returning what it built (see Stacked).
func Build(ctx context.Context, b *translate.Backend, c translate.Config, s Stack) (*Stacked, error) {
	if c.Secrets == nil {
		c.Secrets = &translate.Secrets{} // the backend reports its credentials here, for QA
	}
	t, err := b.New(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Name, err)
	}
	limits := Lower(Limits(b, t), s.Limits)
	inFlight := s.MaxRequests
	if inFlight <= 0 {
		inFlight = cmp.Or(limits.InFlight, DefaultInFlight)
	}
	limits.InFlight = inFlight
	retry := s.Retry
	if retry.AttemptTimeout == 0 {
		retry.AttemptTimeout = DefaultAttemptTimeout
	}
	mws := []translate.Middleware{middleware.QA(middleware.QASecrets(c.Secrets))}
	if !b.AppliesGlossary {
		// A backend that cannot apply Request.Glossary gets its answers checked against it.
		mws = append(mws, middleware.GlossaryQA())
	}
	if s.Cache != nil && b.Cacheable {
		mws = append(mws, s.Cache, middleware.Screen(middleware.QASecrets(c.Secrets)))
	}
	delay := s.CoalesceDelay
	if delay == 0 {
		delay = middleware.DefaultCoalesceDelay
	}
	mws = append(mws,
		middleware.Coalesce(limits, delay),
		middleware.Split(limits),
		middleware.Fuse(s.FuseRun),
		middleware.Retry(retry),
		middleware.RateLimit(s.RatePerSecond, s.RateBurst, retry.Clock),
		middleware.InFlight(inFlight),
	)
	if s.Counts != nil {
		mws = append(mws, middleware.Count(s.Counts))
	}
	return &Stacked{Translator: translate.Chain(t, mws...), Backend: t, Limits: limits}, nil
}
