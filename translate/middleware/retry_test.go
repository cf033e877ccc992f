package middleware_test

import (
	"context"
	"errors"
	"fmt"
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

var errUnavailable = errors.New("503 Service Unavailable")

// failFirst fails the first n requests with err.
func failFirst(n int, err error) func(int, *translate.Request) error {
	return func(i int, _ *translate.Request) error {
		if i <= n {
			return err
		}
		return nil
	}
}

func oneText() *translate.Request {
	return &translate.Request{Texts: []string{"שלום"}, Source: language.Hebrew, Target: language.English}
}

func TestRetry(t *testing.T) {
	tests := []struct {
		name       string
		fake       *translatetest.Fake
		wantErr    string // "" for success
		wantCalls  int
		wantSleeps []time.Duration
	}{
		{
			name:       "5xx twice, then an answer",
			fake:       &translatetest.Fake{FailFn: failFirst(2, errUnavailable)},
			wantCalls:  3,
			wantSleeps: []time.Duration{500 * time.Millisecond / 2, time.Second / 2}, // Rand is 0.5: half of Base·2^(n-1)
		},
		{
			name:       "429 with Retry-After: the wait is the server's",
			fake:       &translatetest.Fake{FailFn: failFirst(1, &translate.RateLimitError{RetryAfter: 7 * time.Second, Err: errors.New("429")})},
			wantCalls:  2,
			wantSleeps: []time.Duration{7 * time.Second},
		},
		{
			name:       "429 without Retry-After: the backoff",
			fake:       &translatetest.Fake{FailFn: failFirst(1, &translate.RateLimitError{Err: errors.New("429")})},
			wantCalls:  2,
			wantSleeps: []time.Duration{250 * time.Millisecond},
		},
		{
			name:      "permanent: one attempt",
			fake:      &translatetest.Fake{FailFn: failFirst(9, translate.Permanent(errors.New("400 bad request")))},
			wantErr:   "400 bad request",
			wantCalls: 1,
		},
		{
			name:       "gives up after MaxAttempts",
			fake:       &translatetest.Fake{FailFn: failFirst(99, errUnavailable)},
			wantErr:    "503 Service Unavailable (gave up after 4 attempts)",
			wantCalls:  4,
			wantSleeps: []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second},
		},
		{
			name: "short answer retried",
			fake: &translatetest.Fake{AnswerFn: func(n int, _ *translate.Request, a []translate.Translation) []translate.Translation {
				if n == 1 {
					return nil
				}
				return a
			}},
			wantCalls:  2,
			wantSleeps: []time.Duration{250 * time.Millisecond},
		},
		{
			name:      "Retry-After too long: fail now",
			fake:      &translatetest.Fake{FailFn: failFirst(1, &translate.RateLimitError{RetryAfter: time.Hour, Err: errors.New("429")})},
			wantErr:   "more than 5m0s",
			wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := translatetest.NewClock()
			tr := middleware.Retry(middleware.RetryOptions{MaxAttempts: 4, Clock: clock, Rand: func() float64 { return 0.5 }})(tt.fake)
			got, err := tr.Translate(context.Background(), oneText())
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Nil(t, got)
			} else {
				require.NoError(t, err)
				assert.Equal(t, "[en] שלום", got[0].Text)
			}
			assert.Equal(t, tt.wantCalls, tt.fake.RequestCount())
			assert.Equal(t, tt.wantSleeps, nonzero(clock.Sleeps()))
		})
	}
}

func nonzero(ds []time.Duration) []time.Duration {
	var out []time.Duration
	for _, d := range ds {
		if d > 0 {
			out = append(out, d)
		}
	}
	return out
}

func TestRetryBackoffIsCappedFullJitter(t *testing.T) {
	clock := translatetest.NewClock()
	tr := middleware.Retry(middleware.RetryOptions{MaxAttempts: 10, Base: time.Second, Max: 8 * time.Second,
		Clock: clock, Rand: func() float64 { return 0.999 }})(&translatetest.Fake{FailFn: failFirst(99, errUnavailable)})
	_, err := tr.Translate(context.Background(), oneText())
	require.Error(t, err)
	sleeps := nonzero(clock.Sleeps())
	require.Len(t, sleeps, 9)
	for i, d := range sleeps {
		ceil := min(8*time.Second, time.Second<<i)
		assert.LessOrEqual(t, d, ceil, "wait %d", i)
		assert.Greater(t, d, ceil*99/100, "wait %d", i)
	}
}

// TestRetrySharedPause: one worker meets a 429 asking for 30s; the others, which have not
// met it yet, wait for the same pause before their next attempt instead of each sending a
// request into the limit.
func TestRetrySharedPause(t *testing.T) {
	clock := translatetest.NewClock()
	start := clock.Now()
	var mu sync.Mutex
	var sentAt []time.Duration // when (on the fake clock) each request after the first reached the backend
	fake := &translatetest.Fake{FailFn: func(n int, _ *translate.Request) error {
		mu.Lock()
		defer mu.Unlock()
		if n == 1 {
			return &translate.RateLimitError{RetryAfter: 30 * time.Second, Err: errors.New("429")}
		}
		sentAt = append(sentAt, clock.Now().Sub(start))
		return nil
	}}
	tr := middleware.Retry(middleware.RetryOptions{Clock: clock, Rand: func() float64 { return 0 }})(fake)
	_, err := tr.Translate(context.Background(), oneText()) // meets the 429, waits, retries
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 3 { // later workers: the pause is over for them, they go straight through
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = tr.Translate(context.Background(), oneText()) }()
	}
	wg.Wait()
	for _, at := range sentAt {
		assert.GreaterOrEqual(t, at, 30*time.Second, "no request before the pause ended")
	}
	assert.Equal(t, 5, fake.RequestCount())
}

// TestRetrySharedPauseConcurrent runs with the real clock and a pause of 50ms: requests that
// start while another's 429 pause is in force wait it out instead of reaching the backend.
func TestRetrySharedPauseConcurrent(t *testing.T) {
	var mu sync.Mutex
	var pauseEnd time.Time
	var early int
	limited := make(chan struct{})
	fake := &translatetest.Fake{FailFn: func(n int, _ *translate.Request) error {
		mu.Lock()
		defer mu.Unlock()
		if n == 1 {
			pauseEnd = time.Now().Add(50 * time.Millisecond)
			close(limited)
			return &translate.RateLimitError{RetryAfter: 50 * time.Millisecond, Err: errors.New("429")}
		}
		if time.Now().Before(pauseEnd) {
			early++
		}
		return nil
	}}
	tr := middleware.Retry(middleware.RetryOptions{Rand: func() float64 { return 0 }})(fake)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _, _ = tr.Translate(context.Background(), oneText()) }()
	<-limited
	time.Sleep(5 * time.Millisecond) // the first request has set the pause by now
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = tr.Translate(context.Background(), oneText()) }()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	assert.Zero(t, early, "requests sent during the shared pause")
	assert.Equal(t, 6, fake.RequestCount(), "one 429, then one request each")
}

func TestRetryContext(t *testing.T) {
	t.Run("cancelled during the wait", func(t *testing.T) {
		fake := &translatetest.Fake{FailFn: failFirst(99, errUnavailable)}
		tr := middleware.Retry(middleware.RetryOptions{Base: time.Hour})(fake)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := tr.Translate(ctx, oneText())
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 5*time.Second, "the wait is a select on ctx")
		assert.Equal(t, 1, fake.RequestCount())
	})
	t.Run("checked before each attempt", func(t *testing.T) {
		fake := &translatetest.Fake{}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := middleware.Retry(middleware.RetryOptions{})(fake).Translate(ctx, oneText())
		assert.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, fake.RequestCount())
	})
	t.Run("attempt timeout is retried", func(t *testing.T) {
		fake := &translatetest.Fake{Latency: time.Minute}
		var attempts []error
		tr := middleware.Retry(middleware.RetryOptions{MaxAttempts: 3, AttemptTimeout: 10 * time.Millisecond,
			Clock: translatetest.NewClock(), OnRetry: func(_ int, _ time.Duration, err error) { attempts = append(attempts, err) }})(fake)
		_, err := tr.Translate(context.Background(), oneText())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "timed out after 10ms")
		assert.Contains(t, err.Error(), "gave up after 3 attempts")
		assert.Len(t, attempts, 2)
		assert.Equal(t, 3, fake.RequestCount())
	})
}

func TestRetryConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		n := 0
		var mu sync.Mutex
		return middleware.Retry(middleware.RetryOptions{Clock: translatetest.NewClock()})(&translatetest.Fake{
			FailFn: func(i int, req *translate.Request) error { // every other request fails once
				mu.Lock()
				defer mu.Unlock()
				if n++; n%2 == 1 {
					return fmt.Errorf("flaky %d", n)
				}
				return translatetest.FailOn(i, req)
			},
		})
	}, conformance)
}
