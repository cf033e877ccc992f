package middleware

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/seed77ff/bitext/translate"
)

// ErrStopped marks the errors a Fuse returns once it has blown: the job was stopped by an
// earlier error (bad key, quota gone), and this request was never sent, or was cancelled in
// flight. They are translate.Fatal (so translate.ErrPermanent too): nothing retries them, and
// the pipeline records the job as stopped.
var ErrStopped = errors.New("stopped")

// DefaultFuseRun is the run of consecutive permanent failures after which Fuse stops the job
// even though no error said translate.ErrFatal.
const DefaultFuseRun = 3

// Fuse returns a middleware that stops the whole job when the backend says no later request
// can succeed: at the first error marked translate.ErrFatal (HTTP 401, a bad key, DeepL's
// 456, Google's 403 dailyLimitExceeded), or after run permanent failures in a row with no
// success between them (run < 1 means DefaultFuseRun) — the same bad key, seen from a
// backend that does not mark its errors fatal. From then on every request fails at once with
// an error naming the first cause, without reaching the backend, and requests in flight below
// the fuse are cancelled: a batch of a thousand documents with a revoked key makes a handful
// of requests, not a thousand, and says why.
//
// Errors that concern one request only do not blow it alone: translate.ErrUnsupportedPair
// never counts, and a single 400 for one oversized text is one failure, not a run. Rate
// limits are not permanent (Retry handles them), so Google's 403 "User Rate Limit Exceeded"
// never blows the fuse. Cache hits above the fuse still answer after it has blown.
func Fuse(run int) translate.Middleware {
	if run < 1 {
		run = DefaultFuseRun
	}
	return func(next translate.Translator) translate.Translator {
		ctx, cancel := context.WithCancelCause(context.Background())
		return &fuse{next: next, run: run, blown: ctx, blow: cancel}
	}
}

type fuse struct {
	next  translate.Translator
	run   int
	blown context.Context         // done once the fuse has blown
	blow  context.CancelCauseFunc // the first call's cause is kept, later ones are no-ops

	mu     sync.Mutex
	failed int // permanent failures since the last success
}

// Unwrap returns the Translator the fuse guards.
func (f *fuse) Unwrap() translate.Translator { return f.next }

func (f *fuse) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	if f.blown.Err() != nil {
		return nil, f.stopped()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(f.blown, cancel) // a blown fuse cancels requests in flight
	defer stop()
	res, err := f.next.Translate(ctx, req)
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case err == nil:
		f.failed = 0
		return res, nil
	case errors.Is(err, ErrStopped):
	case errors.Is(err, translate.ErrFatal):
		f.blow(err)
		return nil, err
	case errors.Is(err, translate.ErrPermanent) && !errors.Is(err, translate.ErrUnsupportedPair):
		if f.failed++; f.failed >= f.run {
			f.blow(fmt.Errorf("%d requests in a row failed, the last with: %w", f.failed, err))
		}
		return nil, err
	}
	if f.blown.Err() != nil {
		return nil, f.stopped() // cancelled by the fuse, not by the caller
	}
	return nil, err
}

// stopped is the error of requests refused or cancelled by the blown fuse.
func (f *fuse) stopped() error {
	return translate.Fatal(fmt.Errorf("%w by an earlier error: %w", ErrStopped, context.Cause(f.blown)))
}
