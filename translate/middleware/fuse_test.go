package middleware_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestFuseFatal(t *testing.T) {
	badKey := translate.Fatal(errors.New("google: translate 1 texts: API key not valid"))
	fake := &translatetest.Fake{FailFn: failFirst(1, badKey)}
	tr := middleware.Fuse(0)(fake)
	_, err := tr.Translate(context.Background(), oneText())
	require.ErrorIs(t, err, translate.ErrFatal)
	for range 5 {
		_, err := tr.Translate(context.Background(), oneText())
		require.Error(t, err)
		assert.ErrorIs(t, err, middleware.ErrStopped)
		assert.ErrorIs(t, err, translate.ErrFatal, "the pipeline records the job as stopped")
		assert.Contains(t, err.Error(), "API key not valid", "says why")
	}
	assert.Equal(t, 1, fake.RequestCount(), "nothing more reaches the backend")
}

func TestFuseCancelsInFlight(t *testing.T) {
	slow := &translatetest.Fake{Latency: time.Minute}
	fatal := translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		if req.Texts[0] == "bad" {
			time.Sleep(10 * time.Millisecond) // let the slow one start
			return nil, translate.Fatal(errors.New("456 Quota exceeded"))
		}
		return slow.Translate(ctx, req)
	})
	tr := middleware.Fuse(0)(fatal)
	var wg sync.WaitGroup
	var slowErr error
	wg.Add(1)
	start := time.Now()
	go func() { defer wg.Done(); _, slowErr = tr.Translate(context.Background(), oneText()) }()
	_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"bad"}})
	require.Error(t, err)
	wg.Wait()
	assert.ErrorIs(t, slowErr, middleware.ErrStopped)
	assert.Contains(t, slowErr.Error(), "456 Quota exceeded")
	assert.Less(t, time.Since(start), 10*time.Second)
}

func TestFuseRun(t *testing.T) {
	bad := translate.Permanent(errors.New("400 invalid"))
	tests := []struct {
		name    string
		errs    []error // per request; nil is success
		blown   bool
		wantErr error
	}{
		{"three permanent in a row", []error{bad, bad, bad}, true, nil},
		{"a success between", []error{bad, bad, nil, bad, bad}, false, nil},
		{"unsupported pairs never count", []error{
			translate.Permanent(translate.ErrUnsupportedPair), translate.Permanent(translate.ErrUnsupportedPair),
			translate.Permanent(translate.ErrUnsupportedPair), translate.Permanent(translate.ErrUnsupportedPair)}, false, nil},
		{"rate limits never count", []error{
			&translate.RateLimitError{Err: errors.New("403 userRateLimitExceeded")}, &translate.RateLimitError{Err: errors.New("429")},
			&translate.RateLimitError{Err: errors.New("429")}, &translate.RateLimitError{Err: errors.New("429")}}, false, nil},
		{"transient errors never count", []error{errUnavailable, errUnavailable, errUnavailable, errUnavailable}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &translatetest.Fake{FailFn: func(n int, _ *translate.Request) error {
				if n > len(tt.errs) {
					return nil
				}
				return tt.errs[n-1]
			}}
			tr := middleware.Fuse(3)(fake)
			for range tt.errs {
				_, _ = tr.Translate(context.Background(), oneText())
			}
			_, err := tr.Translate(context.Background(), oneText())
			if tt.blown {
				assert.ErrorIs(t, err, middleware.ErrStopped)
				assert.Contains(t, err.Error(), "3 requests in a row failed")
				assert.Equal(t, len(tt.errs), fake.RequestCount())
			} else {
				assert.NotErrorIs(t, err, middleware.ErrStopped)
				assert.Equal(t, len(tt.errs)+1, fake.RequestCount())
			}
		})
	}
}
