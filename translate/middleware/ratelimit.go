package middleware

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/seed77ff/bitext/translate"
)

// RateLimit returns a middleware that lets requests through at most perSecond on average,
// with bursts of up to burst at once: a token bucket shared by every caller of the returned
// Translator (so by all workers of the process, since Open builds one). Each attempt takes a
// token, retries included, because each is a request the provider counts. perSecond <= 0
// means no limit; burst < 1 means 1. A nil clock is the system clock.
//
// A request reserves its token first and then sleeps outside the lock, so waiters are served
// in arrival order and none busy-waits. A request whose ctx ends while it waits returns
// ctx's error; its token stays spent, which only ever makes the limit stricter.
func RateLimit(perSecond float64, burst int, clock Clock) translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		if perSecond <= 0 {
			return next
		}
		if burst < 1 {
			burst = 1
		}
		if clock == nil {
			clock = SystemClock()
		}
		b := &bucket{rate: perSecond, burst: float64(burst), tokens: float64(burst), clock: clock}
		return translate.Wrap(next, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			if err := clock.Sleep(ctx, b.reserve()); err != nil {
				return nil, err
			}
			return next.Translate(ctx, req)
		})
	}
}

type bucket struct {
	rate, burst float64
	clock       Clock

	mu     sync.Mutex
	tokens float64 // may go negative: tokens reserved by waiting requests
	last   time.Time
}

// reserve takes one token and returns how long to wait until it is there.
func (b *bucket) reserve() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	if !b.last.IsZero() {
		b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}
