package engine_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/engine"
	"github.com/seed77ff/bitext/translate/tm"
)

// mapStore is a CacheStore of its own: GetMany and PutMany only, as a shared cache of
// another kind (the scale-out's) offers. Approvals need nothing more.
type mapStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *mapStore) GetMany(_ context.Context, keys [][]byte) (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for _, k := range keys {
		if v, ok := s.m[string(k)]; ok {
			out[string(k)] = v
		}
	}
	return out, nil
}

func (s *mapStore) PutMany(_ context.Context, entries []cache.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range entries {
		s.m[string(e.Key)] = e.Value
	}
	return nil
}

// TestApprove: an approval stored through one engine answers the text in the next engine
// over the same store — whatever its backend — through the store interface alone, before
// the backend; an engine without a store says it cannot keep approvals.
func TestApprove(t *testing.T) {
	ctx := context.Background()
	for name, open := range map[string]func(t *testing.T) engine.Spec{
		"cache dir": func(t *testing.T) engine.Spec {
			dir := t.TempDir()
			return engine.Spec{CacheDir: dir}
		},
		"a store of its own": func(t *testing.T) engine.Spec {
			return engine.Spec{Store: &mapStore{m: map[string][]byte{}}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			spec := open(t)
			spec.Backend = backends.None
			e, err := engine.Open(ctx, backends.Default(), spec)
			require.NoError(t, err)
			require.NoError(t, e.Approve(ctx, []tm.Approval{{Source: language.Hebrew, Target: language.English,
				Text: "שלום לכולם", Translation: "Hello, everyone", By: "dana"}}, time.Time{}))
			require.NoError(t, e.Close())

			spec.Backend = backends.TM
			e, err = engine.Open(ctx, backends.Default(), spec)
			require.NoError(t, err)
			defer e.Close()
			m, ok := e.Memory().(translate.RequestMemory)
			require.True(t, ok, "the engine's memory takes requests")
			res, err := m.LookupRequest(ctx, &translate.Request{Source: language.Hebrew, Target: language.English, Texts: []string{"שלום לכולם"}})
			require.NoError(t, err)
			assert.True(t, res[0].Approved)
			assert.Equal(t, "Hello, everyone", res[0].Text)
			assert.Equal(t, "dana", res[0].By)
		})
	}
	e, err := engine.Open(ctx, backends.Default(), engine.Spec{Backend: backends.None, Cache: engine.CacheOff})
	require.NoError(t, err)
	defer e.Close()
	assert.ErrorIs(t, e.Approve(ctx, []tm.Approval{{Source: language.Hebrew, Target: language.English, Text: "a", Translation: "b"}}, time.Time{}), engine.ErrNoStore)
}
