package middleware

import (
	"context"

	"github.com/seed77ff/bitext/translate"
)

// InFlight returns a middleware that lets at most n requests reach the next Translator at
// once; the others wait their turn (or until their ctx is done). Open wraps one backend in
// one InFlight, so the bound holds for every worker and document of the process together,
// not per worker. It sits below Retry: a request sleeping in a backoff holds no slot, so the
// slots go to requests that can be answered. n < 1 means 1.
func InFlight(n int) translate.Middleware {
	if n < 1 {
		n = 1
	}
	return func(next translate.Translator) translate.Translator {
		sem := make(chan struct{}, n)
		return translate.Wrap(next, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			defer func() { <-sem }()
			return next.Translate(ctx, req)
		})
	}
}
