package middleware_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
)

// A stored value is served only for the text and request it was made for: rows swapped
// between two texts, a value without its source text, or one made under another request's
// settings are misses — counted, reported, and asked of the backend again.
func TestCacheNeverServesAnotherTextsValue(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, s *fakeStore)
	}{
		{"rows swapped", func(t *testing.T, s *fakeStore) {
			ka, kb := string(cachekey.Key("fake", request(), "a")), string(cachekey.Key("fake", request(), "b"))
			s.m[ka], s.m[kb] = s.m[kb], s.m[ka]
		}},
		{"another text's value without its key; a value without its source", func(t *testing.T, s *fakeStore) {
			ka, kb := string(cachekey.Key("fake", request(), "a")), string(cachekey.Key("fake", request(), "b"))
			s.m[ka] = []byte(strings.Replace(string(s.m[kb]), `"key":`, `"x":`, 1)) // only orig tells
			s.m[kb] = []byte(`{"text":"de:a"}`)
		}},
		{"made for another model", func(t *testing.T, s *fakeStore) {
			for k, v := range s.m {
				s.m[k] = []byte(strings.Replace(strings.Replace(string(v), `"req_model":"m1"`, `"req_model":"m2"`, 1), `"key":`, `"x":`, 1))
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			be := &fakeBackend{}
			var counts middleware.CacheCounts
			var mu sync.Mutex
			var reported []string
			tr := translate.Chain(be, middleware.Cache(store, "fake", middleware.CacheCounter(&counts),
				middleware.CacheOnError(func(err error) { mu.Lock(); reported = append(reported, err.Error()); mu.Unlock() })))
			_, err := tr.Translate(ctx, request("a", "b"))
			require.NoError(t, err)
			tt.spoil(t, store)

			got, err := tr.Translate(ctx, request("a", "b"))
			require.NoError(t, err)
			assert.Equal(t, []string{"de:a", "de:b"}, texts(got), "each text gets its own translation")
			assert.Equal(t, []bool{false, false}, cachedFlags(got))
			assert.Len(t, be.sent(), 2, "asked again")
			assert.Equal(t, 2, counts.Mismatched())
			require.Len(t, reported, 2)
			assert.Contains(t, reported[0], "(a miss)")

			// The answers asked again replaced the bad entries.
			got, err = tr.Translate(ctx, request("a", "b"))
			require.NoError(t, err)
			assert.Equal(t, []bool{true, true}, cachedFlags(got))
			assert.Len(t, be.sent(), 2)
		})
	}
}

// A write that fails is reported at once and counted; its answers are kept and written with
// the next write, so a store that recovers loses nothing. A store that never recovers leaves
// them counted as not stored.
func TestCacheStoreFailureIsCountedAndRetried(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	store.putErr = errors.New("database or disk is full")
	var counts middleware.CacheCounts
	var reported []error
	var mu sync.Mutex
	tr := translate.Chain(&fakeBackend{}, middleware.Cache(store, "fake", middleware.CacheCounter(&counts),
		middleware.CacheOnError(func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() })))

	_, err := tr.Translate(ctx, request("a", "b"))
	require.NoError(t, err, "a store failure never fails the request")
	assert.Equal(t, 2, counts.NotStored())
	assert.Equal(t, 1, counts.StoreFailures())
	require.Len(t, reported, 1, "reported at once")
	var se *middleware.StoreError
	require.ErrorAs(t, reported[0], &se)
	assert.Equal(t, 2, se.N)
	assert.Contains(t, se.Error(), "2 answer(s) not stored: database or disk is full")

	_, err = tr.Translate(ctx, request("c"))
	require.NoError(t, err)
	assert.Equal(t, 3, counts.NotStored(), "still failing: a, b and c")

	store.mu.Lock()
	store.putErr = nil
	store.mu.Unlock()
	_, err = tr.Translate(ctx, request("d"))
	require.NoError(t, err)
	assert.Zero(t, counts.NotStored(), "the next write took the earlier answers too")
	for _, text := range []string{"a", "b", "c", "d"} {
		_, ok := store.m[string(cachekey.Key("fake", request(), text))]
		assert.True(t, ok, "%s stored", text)
	}
}

// Screen, below the cache, flags answers unsafe to keep; the cache stores none of them, and
// QA above flags them as hard failures on their way out.
func TestUnsafeAnswersAreNeverCached(t *testing.T) {
	ctx := context.Background()
	const key = "sk-proj-SECRETkey0123456789abcdef"
	var secrets translate.Secrets
	secrets.Add(key)
	answers := map[string]string{
		"a": "fine",
		"b": "the key is " + key,
		"c": "\x1b]0;pwned\x07 title",
		"d": "txt.exe\u202e",
	}
	be := &fakeBackend{fn: func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		out := make([]translate.Translation, len(req.Texts))
		for i, s := range req.Texts {
			out[i] = translate.Translation{Text: answers[s], Backend: "fake"}
		}
		return out, nil
	}}
	store := newFakeStore()
	opt := middleware.QASecrets(&secrets)
	tr := translate.Chain(be, middleware.QA(opt), middleware.Cache(store, "fake"), middleware.Screen(opt))
	got, err := tr.Translate(ctx, request("a", "b", "c", "d"))
	require.NoError(t, err)
	var flags []string
	for _, g := range got {
		f, _ := translate.QAFailed(g.QA)
		flags = append(flags, f)
		assert.Len(t, g.QA, len(uniq(g.QA)), "a flag once, though both Screen and QA found it: %v", g.QA)
	}
	assert.Equal(t, []string{"", translate.QASecret, translate.QAControl, translate.QABidi}, flags)
	assert.Len(t, store.m, 1, "only the safe answer is stored")
	for _, v := range store.m {
		assert.NotContains(t, string(v), key)
	}
	_, err = tr.Translate(ctx, request("a", "b"))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a", "b", "c", "d"}, {"b"}}, be.sent(), "a refused answer is asked again, never served from the cache")
}

func uniq(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}
