package middleware_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestInFlight(t *testing.T) {
	// The fake refuses a third request in flight: InFlight(2) must never let one through.
	fake := &translatetest.Fake{MaxInFlight: 2, Latency: 5 * time.Millisecond}
	tr := middleware.InFlight(2)(fake)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.English})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, 2, fake.PeakInFlight())
	assert.Zero(t, fake.RateLimited())
}

func TestInFlightWaitHonoursContext(t *testing.T) {
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	blocking := translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		entered <- struct{}{}
		<-release
		return make([]translate.Translation, len(req.Texts)), nil
	})
	tr := middleware.InFlight(1)(blocking)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}})
	}()
	<-entered // the only slot is taken
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := tr.Translate(ctx, &translate.Request{Texts: []string{"b"}})
	require.ErrorIs(t, err, context.DeadlineExceeded, "a request waiting for a slot gives up with its ctx")
	close(release)
	<-done
}

func TestInFlightConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		return middleware.InFlight(1)(failingFake())
	}, conformance)
}

func TestRateLimit(t *testing.T) {
	clock := translatetest.NewClock()
	fake := &translatetest.Fake{}
	tr := middleware.RateLimit(10, 2, clock)(fake) // 10 per second, bursts of 2
	for range 5 {
		_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.English})
		require.NoError(t, err)
	}
	// Two from the burst, then one every 100ms (each Sleep moves the fake clock on).
	assert.Equal(t, []time.Duration{0, 0, 100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond}, clock.Sleeps())
	assert.Equal(t, 5, fake.RequestCount())

	t.Run("off", func(t *testing.T) {
		f := &translatetest.Fake{}
		assert.Same(t, f, middleware.RateLimit(0, 0, nil)(f), "no limit, no layer")
	})
	t.Run("refills", func(t *testing.T) {
		clock := translatetest.NewClock()
		tr := middleware.RateLimit(1, 1, clock)(&translatetest.Fake{})
		req := &translate.Request{Texts: []string{"a"}, Target: language.English}
		_, _ = tr.Translate(context.Background(), req)
		clock.Advance(3 * time.Second) // a full bucket holds only the burst
		_, _ = tr.Translate(context.Background(), req)
		_, _ = tr.Translate(context.Background(), req)
		assert.Equal(t, []time.Duration{0, 0, time.Second}, clock.Sleeps())
	})
	t.Run("cancelled while waiting", func(t *testing.T) {
		tr := middleware.RateLimit(0.001, 1, middleware.SystemClock())(&translatetest.Fake{})
		req := &translate.Request{Texts: []string{"a"}, Target: language.English}
		_, err := tr.Translate(context.Background(), req)
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, err = tr.Translate(ctx, req)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}
