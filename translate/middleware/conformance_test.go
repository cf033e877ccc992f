package middleware_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// conformance is the suite's Options for a middleware over failingFake: the default texts,
// and the requests that fake refuses for good or fails for now.
var conformance = translatetest.Options{}.WithFakeErrors()

// failingFake is the conforming fake a middleware wraps in its conformance run: it answers
// "[en] text" and fails the suite's refused and unavailable requests as a provider would.
func failingFake() *translatetest.Fake { return &translatetest.Fake{FailFn: translatetest.FailOn} }

func openStore(t *testing.T) *cache.Store {
	t.Helper()
	s, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// TestCacheConforms runs the suite over an empty cache and over caches that already hold
// every text the suite sends, so that answers come from the store: the real store, and an
// in-memory one that, as a CacheStore may, pays no attention to ctx.
func TestCacheConforms(t *testing.T) {
	warm := func(t *testing.T, store middleware.CacheStore) translate.Translator {
		tr := middleware.Cache(store, "fake")(failingFake())
		_, err := tr.Translate(context.Background(), &translate.Request{
			Texts: conformance.Texts, Source: conformance.Source, Target: conformance.Target, Format: translate.Text,
		})
		require.NoError(t, err)
		return tr
	}
	t.Run("empty", func(t *testing.T) {
		translatetest.Run(t, func(t *testing.T) translate.Translator {
			return middleware.Cache(openStore(t), "fake")(failingFake())
		}, conformance)
	})
	t.Run("warm", func(t *testing.T) {
		translatetest.Run(t, func(t *testing.T) translate.Translator { return warm(t, openStore(t)) }, conformance)
	})
	t.Run("warm in memory", func(t *testing.T) {
		translatetest.Run(t, func(t *testing.T) translate.Translator { return warm(t, newFakeStore()) }, conformance)
	})
}

func TestFuseConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		return middleware.Fuse(0)(failingFake())
	}, conformance)
}

// TestRateLimitConforms: a limit that makes the concurrent requests wait their turn.
func TestRateLimitConforms(t *testing.T) {
	translatetest.Run(t, func(*testing.T) translate.Translator {
		return middleware.RateLimit(200, 2, nil)(failingFake())
	}, conformance)
}
