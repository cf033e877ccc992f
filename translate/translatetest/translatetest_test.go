package translatetest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func TestFakeConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		return &translatetest.Fake{FailFn: translatetest.FailOn}
	}, translatetest.Options{}.WithFakeErrors())
}

func TestFake(t *testing.T) {
	req := &translate.Request{Texts: []string{"a", "b"}, Source: language.French, Target: language.English}

	t.Run("answers and records", func(t *testing.T) {
		f := &translatetest.Fake{Name: "x"}
		got, err := f.Translate(context.Background(), req)
		require.NoError(t, err)
		assert.Equal(t, []translate.Translation{
			{Text: "[en] a", Source: language.French, Backend: "x"},
			{Text: "[en] b", Source: language.French, Backend: "x"},
		}, got)
		assert.Equal(t, 1, f.RequestCount())
		assert.Equal(t, map[string]int{"a": 1, "b": 1}, f.Answered())
	})
	t.Run("limits", func(t *testing.T) {
		f := &translatetest.Fake{Limits: translate.Limits{Texts: 1}}
		_, err := f.Translate(context.Background(), req)
		assert.ErrorIs(t, err, translate.ErrPermanent)
		assert.Empty(t, f.Answered())
	})
	t.Run("failures and answers", func(t *testing.T) {
		boom := errors.New("boom")
		f := &translatetest.Fake{
			FailFn: func(n int, _ *translate.Request) error {
				if n == 1 {
					return boom
				}
				return nil
			},
			AnswerFn: func(n int, _ *translate.Request, a []translate.Translation) []translate.Translation { return a[:1] },
		}
		_, err := f.Translate(context.Background(), req)
		assert.ErrorIs(t, err, boom)
		got, err := f.Translate(context.Background(), req)
		require.NoError(t, err)
		assert.Len(t, got, 1, "the short answer a test asked for")
		assert.Empty(t, f.Answered(), "a short answer is not an answer")
	})
	t.Run("busy", func(t *testing.T) {
		f := &translatetest.Fake{MaxInFlight: 2, Latency: 50 * time.Millisecond, RetryAfter: time.Second}
		var wg sync.WaitGroup
		errs := make([]error, 5)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = f.Translate(context.Background(), req) }()
		}
		wg.Wait()
		var limited int
		for _, err := range errs {
			var rl *translate.RateLimitError
			if errors.As(err, &rl) {
				limited++
				assert.Equal(t, time.Second, rl.RetryAfter)
			} else {
				assert.NoError(t, err)
			}
		}
		assert.Equal(t, 3, limited)
		assert.Equal(t, 3, f.RateLimited())
		assert.Equal(t, 2, f.PeakInFlight())
	})
	t.Run("latency honours ctx", func(t *testing.T) {
		f := &translatetest.Fake{Latency: time.Minute}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, err := f.Translate(ctx, req)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestClock(t *testing.T) {
	c := translatetest.NewClock()
	t0 := c.Now()
	require.NoError(t, c.Sleep(context.Background(), time.Hour))
	c.Advance(time.Minute)
	assert.Equal(t, time.Hour+time.Minute, c.Now().Sub(t0))
	assert.Equal(t, []time.Duration{time.Hour}, c.Sleeps())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, c.Sleep(ctx, time.Second), context.Canceled)
}

func TestFaultProxy(t *testing.T) {
	var hits int
	var mu sync.Mutex
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"translations":[{"translatedText":"hello"}]}}`)
	}))
	defer backend.Close()

	tests := []struct {
		fault     translatetest.Fault
		forwarded bool
		check     func(t *testing.T, res *http.Response, body string, err error)
	}{
		{translatetest.Fault{}, true, func(t *testing.T, res *http.Response, body string, err error) {
			require.NoError(t, err)
			assert.Equal(t, 200, res.StatusCode)
			assert.Contains(t, body, "hello")
		}},
		{translatetest.Fault{Kind: translatetest.Status, Status: 429, RetryAfter: 1500 * time.Millisecond}, false, func(t *testing.T, res *http.Response, body string, err error) {
			require.NoError(t, err)
			assert.Equal(t, 429, res.StatusCode)
			assert.Equal(t, "2", res.Header.Get("Retry-After"), "whole seconds, rounded up")
		}},
		{translatetest.Fault{Kind: translatetest.Status, Status: 503}, false, func(t *testing.T, res *http.Response, body string, err error) {
			require.NoError(t, err)
			assert.Equal(t, 503, res.StatusCode)
			assert.Empty(t, res.Header.Get("Retry-After"))
		}},
		{translatetest.Fault{Kind: translatetest.Reset}, false, func(t *testing.T, res *http.Response, body string, err error) {
			assert.Error(t, err)
		}},
		{translatetest.Fault{Kind: translatetest.Truncate}, true, func(t *testing.T, res *http.Response, body string, err error) {
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(`{"data":{"translations":[{"translatedText":"hello"}]}}`, body))
			assert.Less(t, len(body), 40)
		}},
		{translatetest.Fault{Kind: translatetest.Malformed}, false, func(t *testing.T, res *http.Response, body string, err error) {
			require.NoError(t, err)
			assert.Contains(t, body, "<html>")
		}},
		{translatetest.Fault{Kind: translatetest.Slow, Delay: time.Minute}, false, func(t *testing.T, res *http.Response, body string, err error) {
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			p := translatetest.NewFaultProxy(t, backend.URL, func(int, *http.Request) translatetest.Fault { return tt.fault })
			mu.Lock()
			before := hits
			mu.Unlock()
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			r, _ := http.NewRequestWithContext(ctx, http.MethodPost, p.URL+"/v2", strings.NewReader("{}"))
			res, err := http.DefaultClient.Do(r)
			var body string
			if err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				body = string(b)
			}
			tt.check(t, res, body, err)
			mu.Lock()
			assert.Equal(t, tt.forwarded, hits > before, "forwarded?")
			mu.Unlock()
			assert.Equal(t, 1, p.Counts()[tt.fault.Kind])
			assert.Equal(t, 1, p.Requests())
		})
	}
}
