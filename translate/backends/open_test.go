package backends_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/google"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func fakeRecord(f translate.Translator, l translate.Limits) *translate.Backend {
	return &translate.Backend{
		Name: "fake", Limits: l, Cacheable: true,
		New: func(context.Context, translate.Config) (translate.Translator, error) { return f, nil },
	}
}

func TestOpenConforms(t *testing.T) {
	t.Run("google", func(t *testing.T) {
		srv := googletest.NewServer(t, nil)
		b, _ := backends.Default().Lookup(google.Name)
		translatetest.Run(t, func(t *testing.T) translate.Translator {
			tr, err := backends.Open(context.Background(), b, srv.Config(), backends.Stack{})
			require.NoError(t, err)
			return tr
		}, translatetest.Options{})
	})
	t.Run("fake with a cache", func(t *testing.T) {
		translatetest.Run(t, func(t *testing.T) translate.Translator {
			store, err := cache.Open(t.TempDir())
			require.NoError(t, err)
			t.Cleanup(func() { store.Close() })
			tr, err := backends.Open(context.Background(), fakeRecord(&translatetest.Fake{}, translate.Limits{Texts: 3}),
				translate.Config{}, backends.Stack{Cache: middleware.Cache(store, "fake")})
			require.NoError(t, err)
			return tr
		}, translatetest.Options{})
	})
}

func TestOpenStack(t *testing.T) {
	t.Run("in flight: the record's default, shared by every caller", func(t *testing.T) {
		fake := &translatetest.Fake{MaxInFlight: 3, Latency: 5 * time.Millisecond}
		tr, err := backends.Open(context.Background(), fakeRecord(fake, translate.Limits{InFlight: 3}), translate.Config{}, backends.Stack{})
		require.NoError(t, err)
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{string(rune('a' + i))}, Target: language.English})
				assert.NoError(t, err)
			}()
		}
		wg.Wait()
		assert.Equal(t, 3, fake.PeakInFlight())
		assert.Zero(t, fake.RateLimited())
	})
	t.Run("MaxRequests overrides; 4 without a record value", func(t *testing.T) {
		for _, tc := range []struct{ rec, max, want int }{{0, 0, 4}, {8, 2, 2}, {0, 1, 1}} {
			fake := &translatetest.Fake{Latency: 5 * time.Millisecond}
			tr, err := backends.Open(context.Background(), fakeRecord(fake, translate.Limits{InFlight: tc.rec}), translate.Config{}, backends.Stack{MaxRequests: tc.max})
			require.NoError(t, err)
			var wg sync.WaitGroup
			for i := range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _ = tr.Translate(context.Background(), &translate.Request{Texts: []string{string(rune('a' + i))}, Target: language.English})
				}()
			}
			wg.Wait()
			assert.LessOrEqual(t, fake.PeakInFlight(), tc.want, "%+v", tc)
		}
	})
	t.Run("split to the limits", func(t *testing.T) {
		fake := &translatetest.Fake{Limits: translate.Limits{Texts: 2}}
		tr, err := backends.Open(context.Background(), fakeRecord(fake, translate.Limits{Texts: 2}), translate.Config{}, backends.Stack{})
		require.NoError(t, err)
		got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a", "b", "c", "d", "e"}, Target: language.English})
		require.NoError(t, err)
		assert.Len(t, got, 5)
		assert.Equal(t, 3, fake.RequestCount())
	})
	t.Run("QA above the cache: a hit is flagged like the first answer", func(t *testing.T) {
		store, err := cache.Open(t.TempDir())
		require.NoError(t, err)
		defer store.Close()
		echo := &translatetest.Fake{TranslateFn: func(text string, _, _ language.Tag) string { return text }}
		tr, err := backends.Open(context.Background(), fakeRecord(echo, translate.Limits{}), translate.Config{},
			backends.Stack{Cache: middleware.Cache(store, "fake")})
		require.NoError(t, err)
		req := &translate.Request{Texts: []string{"שלום"}, Source: language.Hebrew, Target: language.English}
		for i, cached := range []bool{false, true} {
			got, err := tr.Translate(context.Background(), req)
			require.NoError(t, err)
			assert.Equal(t, cached, got[0].Cached, "run %d", i)
			assert.Equal(t, []string{translate.QAIdentical}, got[0].QA, "run %d", i)
		}
		assert.Equal(t, 1, echo.RequestCount())
	})
	t.Run("retries then stops on a fatal error", func(t *testing.T) {
		fake := &translatetest.Fake{FailFn: func(n int, _ *translate.Request) error {
			if n == 1 {
				return errors.New("503")
			}
			return translate.Fatal(errors.New("401 bad key"))
		}}
		tr, err := backends.Open(context.Background(), fakeRecord(fake, translate.Limits{}), translate.Config{},
			backends.Stack{Retry: middleware.RetryOptions{Clock: translatetest.NewClock()}})
		require.NoError(t, err)
		req := &translate.Request{Texts: []string{"a"}, Target: language.English}
		_, err = tr.Translate(context.Background(), req)
		require.ErrorIs(t, err, translate.ErrFatal)
		_, err = tr.Translate(context.Background(), req)
		require.ErrorIs(t, err, middleware.ErrStopped)
		assert.Equal(t, 2, fake.RequestCount(), "one retry, then nothing")
	})
	t.Run("a backend's own limits win", func(t *testing.T) {
		rep := &reporting{Fake: &translatetest.Fake{}, l: translate.Limits{Texts: 1}}
		b := fakeRecord(rep, translate.Limits{Texts: 100})
		assert.Equal(t, translate.Limits{Texts: 1}, backends.Limits(b, rep))
		tr, err := backends.Open(context.Background(), b, translate.Config{}, backends.Stack{})
		require.NoError(t, err)
		_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Target: language.English})
		require.NoError(t, err)
		assert.Equal(t, 2, rep.RequestCount())
	})
	t.Run("rate limit", func(t *testing.T) {
		clock := translatetest.NewClock()
		fake := &translatetest.Fake{}
		tr, err := backends.Open(context.Background(), fakeRecord(fake, translate.Limits{}), translate.Config{},
			backends.Stack{RatePerSecond: 2, Retry: middleware.RetryOptions{Clock: clock}})
		require.NoError(t, err)
		for range 3 {
			_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.English})
			require.NoError(t, err)
		}
		var waited time.Duration
		for _, d := range clock.Sleeps() {
			waited += d
		}
		assert.Equal(t, time.Second, waited, "3 requests at 2/s with bursts of 1")
	})
}

type reporting struct {
	*translatetest.Fake
	l translate.Limits
}

func (r *reporting) Limits() translate.Limits { return r.l }
