package middleware

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/seed77ff/bitext/translate"
)

// RetryOptions configure Retry. The zero value is the documented defaults.
type RetryOptions struct {
	// MaxAttempts is the most attempts per request, the first included (default 6).
	MaxAttempts int
	// Base is the backoff before the second attempt; it doubles with each attempt (default 500ms).
	Base time.Duration
	// Max caps one backoff (default 30s).
	Max time.Duration
	// MaxRetryAfter is the longest Retry-After honoured; a backend asking for a longer wait
	// gets the request failed with its error instead (default 5m: a job should not hang for
	// an hour on a quota that resets at midnight).
	MaxRetryAfter time.Duration
	// AttemptTimeout bounds each attempt; an attempt that runs out of it is retried like a
	// timeout. Zero means no bound beyond ctx's.
	AttemptTimeout time.Duration
	// Clock sleeps and tells the time (default SystemClock()).
	Clock Clock
	// Rand returns a number in [0,1) for the jitter (default math/rand/v2's Float64).
	Rand func() float64
	// OnRetry, if set, is called before each wait with the failed attempt's number (from 1),
	// the wait and the error; it may be called concurrently.
	OnRetry func(attempt int, wait time.Duration, err error)
}

func (o *RetryOptions) defaults() {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 6
	}
	if o.Base <= 0 {
		o.Base = 500 * time.Millisecond
	}
	if o.Max <= 0 {
		o.Max = 30 * time.Second
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 5 * time.Minute
	}
	if o.Clock == nil {
		o.Clock = SystemClock()
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
}

// Retry returns a middleware that retries failed attempts with exponential backoff and full
// jitter (a wait drawn uniformly from [0, min(Max, Base·2^(n-1))), which spreads the retries
// of many workers instead of sending them in waves).
//
// Retried: rate limits (*translate.RateLimitError: HTTP 429, Google's 403 userRateLimitExceeded),
// 5xx, timeouts, connection resets, malformed answers — every error that is not
// translate.ErrPermanent — and answers with the wrong number of translations (Google's client
// has accepted 0 results for 128 inputs without an error). Not retried: errors.Is(err,
// translate.ErrPermanent) (bad key, quota gone, bad request), and anything once ctx is done.
//
// A rate limit is a pause shared by every request through this Retry: the backend said the
// client, not one request, is too fast, so every worker waits until the pause ends before its
// next attempt, instead of each one finding out with a 429 of its own. The pause lasts the
// backend's Retry-After, or the backoff when it gave none (the longer of the two when both).
//
// ctx is checked before each attempt and every wait is a select on ctx, so a cancelled job
// stops at once. After the last attempt the last error is returned, wrapped with the count.
func Retry(o RetryOptions) translate.Middleware {
	o.defaults()
	return func(next translate.Translator) translate.Translator {
		return &retrier{next: next, o: o}
	}
}

type retrier struct {
	next translate.Translator
	o    RetryOptions

	mu         sync.Mutex
	pauseUntil time.Time // shared: no attempt starts before it
}

// Unwrap returns the Translator attempts go to.
func (r *retrier) Unwrap() translate.Translator { return r.next }

func (r *retrier) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	var err error
	for attempt := 1; ; attempt++ {
		if err := r.waitPause(ctx); err != nil {
			return nil, err
		}
		var res []translate.Translation
		res, err = r.attempt(ctx, req)
		if err == nil {
			return res, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, translate.ErrPermanent) {
			return nil, err
		}
		if attempt >= r.o.MaxAttempts {
			return nil, fmt.Errorf("%w (gave up after %d attempts)", err, attempt)
		}
		wait := r.backoff(attempt)
		var rl *translate.RateLimitError
		if errors.As(err, &rl) {
			if rl.RetryAfter > r.o.MaxRetryAfter {
				return nil, fmt.Errorf("%w (asked to wait %s, more than %s)", err, rl.RetryAfter, r.o.MaxRetryAfter)
			}
			wait = max(wait, rl.RetryAfter)
			r.pause(wait)
			if r.o.OnRetry != nil {
				r.o.OnRetry(attempt, wait, err)
			}
			continue // waitPause does the waiting, with everyone else
		}
		if r.o.OnRetry != nil {
			r.o.OnRetry(attempt, wait, err)
		}
		if err := r.o.Clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// attempt makes one call, bounded by AttemptTimeout, and checks the count.
func (r *retrier) attempt(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	if r.o.AttemptTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.o.AttemptTimeout)
		defer cancel()
	}
	res, err := r.next.Translate(ctx, req)
	if err == nil {
		err = translate.CheckCount("backend", len(req.Texts), len(res))
	}
	if err != nil && ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("attempt timed out after %s: %w", r.o.AttemptTimeout, err)
	}
	return res, err
}

// backoff is the full-jitter wait after the given failed attempt.
func (r *retrier) backoff(attempt int) time.Duration {
	ceil := r.o.Max
	if shift := attempt - 1; shift < 30 {
		ceil = min(ceil, r.o.Base<<shift)
	}
	return time.Duration(r.o.Rand() * float64(ceil))
}

// pause extends the shared pause to at least d from now.
func (r *retrier) pause(d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if until := r.o.Clock.Now().Add(d); until.After(r.pauseUntil) {
		r.pauseUntil = until
	}
}

// waitPause waits until no pause is in force (a pause may be extended while waiting).
func (r *retrier) waitPause(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.mu.Lock()
		d := r.pauseUntil.Sub(r.o.Clock.Now())
		r.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := r.o.Clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
}
