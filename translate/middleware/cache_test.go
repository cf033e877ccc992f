package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
)

// fakeStore is an in-memory CacheStore that counts calls and can fail.
type fakeStore struct {
	mu     sync.Mutex
	m      map[string][]byte
	gets   int
	puts   int
	getErr error
	putErr error
	last   []cache.Entry // entries of the last successful PutMany
}

func newFakeStore() *fakeStore { return &fakeStore{m: map[string][]byte{}} }

func (s *fakeStore) GetMany(_ context.Context, keys [][]byte) (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	if s.getErr != nil {
		return nil, s.getErr
	}
	out := map[string][]byte{}
	for _, k := range keys {
		if v, ok := s.m[string(k)]; ok {
			out[string(k)] = v
		}
	}
	return out, nil
}

func (s *fakeStore) PutMany(_ context.Context, entries []cache.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts++
	if s.putErr != nil {
		return s.putErr
	}
	for _, e := range entries {
		s.m[string(e.Key)] = e.Value
	}
	s.last = entries
	return nil
}

func (s *fakeStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// fakeBackend records the texts of every request it gets; fn, when set, decides the
// answer instead of the default "<target>:<text>".
type fakeBackend struct {
	mu    sync.Mutex
	calls [][]string
	fn    func(ctx context.Context, req *translate.Request) ([]translate.Translation, error)
}

func (b *fakeBackend) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	b.mu.Lock()
	b.calls = append(b.calls, append([]string(nil), req.Texts...))
	b.mu.Unlock()
	if b.fn != nil {
		return b.fn(ctx, req)
	}
	return answer(req), nil
}

func answer(req *translate.Request) []translate.Translation {
	out := make([]translate.Translation, len(req.Texts))
	for i, t := range req.Texts {
		src := req.Source
		if src == language.Und {
			src = language.English
		}
		out[i] = translate.Translation{Text: req.Target.String() + ":" + t, Source: src, Backend: "fake", Model: req.Model}
	}
	return out
}

func (b *fakeBackend) sent() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([][]string(nil), b.calls...)
}

func request(texts ...string) *translate.Request {
	return &translate.Request{Texts: texts, Source: language.English, Target: language.German, Model: "m1"}
}

func texts(trs []translate.Translation) []string {
	var out []string
	for _, tr := range trs {
		out = append(out, tr.Text)
	}
	return out
}

func cachedFlags(trs []translate.Translation) []bool {
	var out []bool
	for _, tr := range trs {
		out = append(out, tr.Cached)
	}
	return out
}

func TestCacheSecondCallIsFree(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	be := &fakeBackend{}
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tr := translate.Chain(be, middleware.Cache(store, "fake", middleware.CacheClock(func() time.Time { return created })))

	first, err := tr.Translate(ctx, request("Hello", "World"))
	require.NoError(t, err)
	assert.Equal(t, []string{"de:Hello", "de:World"}, texts(first))
	assert.Equal(t, []bool{false, false}, cachedFlags(first))
	assert.Equal(t, [][]string{{"Hello", "World"}}, be.sent())
	assert.Equal(t, 1, store.puts)
	require.Len(t, store.last, 2)
	assert.Equal(t, cache.Entry{Key: cachekey.Key("fake", request(), "Hello"), Value: store.last[0].Value, Backend: "fake", Source: "en", Target: "de"}, store.last[0])
	assert.JSONEq(t, fmt.Sprintf(`{"text":"de:Hello","source":"en","backend":"fake","model":"m1","created":%d,"orig":"Hello","req_model":"m1","key":"%x"}`,
		created.Unix(), cachekey.Key("fake", request(), "Hello")), string(store.last[0].Value))

	second, err := tr.Translate(ctx, request("Hello", "World"))
	require.NoError(t, err)
	assert.Len(t, be.sent(), 1, "no backend call for hits")
	assert.Equal(t, 1, store.puts, "nothing to store")
	want := []translate.Translation{
		{Text: "de:Hello", Source: language.English, Backend: "fake", Model: "m1", Cached: true},
		{Text: "de:World", Source: language.English, Backend: "fake", Model: "m1", Cached: true},
	}
	assert.Equal(t, want, second)
}

// TestCacheWithStore runs the middleware over a real cache.Store, across a reopen.
func TestCacheWithStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	be := &fakeBackend{}

	s, err := cache.Open(dir)
	require.NoError(t, err)
	first, err := translate.Chain(be, middleware.Cache(s, "fake")).Translate(ctx, request("a", "b"))
	require.NoError(t, err)
	require.NoError(t, s.Close())

	s, err = cache.Open(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	second, err := translate.Chain(be, middleware.Cache(s, "fake")).Translate(ctx, request("b", "a", "c"))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a", "b"}, {"c"}}, be.sent())
	assert.Equal(t, []string{"de:b", "de:a", "de:c"}, texts(second))
	assert.Equal(t, []bool{true, true, false}, cachedFlags(second))
	assert.Equal(t, first[0].Text, second[1].Text)

	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, []cache.PairStats{{Backend: "fake", Source: "en", Target: "de", Entries: 3, Bytes: st.Bytes}}, st.Pairs)
}

func TestCachePartialHits(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	be := &fakeBackend{}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))

	_, err := tr.Translate(ctx, request("a", "c"))
	require.NoError(t, err)

	req := request("a", "b", "c", "d")
	got, err := tr.Translate(ctx, req)
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a", "c"}, {"b", "d"}}, be.sent(), "only the misses are sent")
	assert.Equal(t, []string{"de:a", "de:b", "de:c", "de:d"}, texts(got))
	assert.Equal(t, []bool{true, false, true, false}, cachedFlags(got))
	assert.Equal(t, []string{"a", "b", "c", "d"}, req.Texts, "request not modified")
}

func TestCacheDuplicatesSentOnce(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	be := &fakeBackend{}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))

	nfd := "Cafe\u0301" // NFD of "Café": the same key, so sent once too
	got, err := tr.Translate(ctx, request("x", "y", "x", "Café", "x", nfd))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"x", "y", "Café"}}, be.sent())
	assert.Equal(t, []string{"de:x", "de:y", "de:x", "de:Café", "de:x", "de:Café"}, texts(got))
	assert.Equal(t, 3, store.len())
}

func TestCacheEmptyRequest(t *testing.T) {
	store := newFakeStore()
	be := &fakeBackend{}
	got, err := translate.Chain(be, middleware.Cache(store, "fake")).Translate(context.Background(), request())
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Zero(t, store.gets)
}

func TestCacheKeyFields(t *testing.T) {
	base := func() *translate.Request {
		return &translate.Request{Source: language.English, Target: language.German, Format: translate.Text, Model: "m", Context: "ctx", GlossaryID: "g"}
	}
	baseKey := cachekey.Key("google", base(), "Café")
	require.Len(t, baseKey, 32)

	differ := []struct {
		name    string
		backend string
		edit    func(r *translate.Request)
		text    string
	}{
		{"backend", "deepl", nil, "Café"},
		{"model", "google", func(r *translate.Request) { r.Model = "m2" }, "Café"},
		{"no model", "google", func(r *translate.Request) { r.Model = "" }, "Café"},
		{"source", "google", func(r *translate.Request) { r.Source = language.French }, "Café"},
		{"undetermined source", "google", func(r *translate.Request) { r.Source = language.Und }, "Café"},
		{"target", "google", func(r *translate.Request) { r.Target = language.MustParse("de-CH") }, "Café"},
		{"format", "google", func(r *translate.Request) { r.Format = translate.HTML }, "Café"},
		{"context", "google", func(r *translate.Request) { r.Context = "other" }, "Café"},
		{"glossary", "google", func(r *translate.Request) { r.GlossaryID = "g2" }, "Café"},
		{"text", "google", nil, "Cafe"},
		// Fields are length-prefixed: moving bytes from one field to the next changes the key.
		{"field boundary", "google", func(r *translate.Request) { r.Model = "mg"; r.GlossaryID = "" }, "Café"},
	}
	for _, tt := range differ {
		t.Run("differs by "+tt.name, func(t *testing.T) {
			r := base()
			if tt.edit != nil {
				tt.edit(r)
			}
			assert.NotEqual(t, baseKey, cachekey.Key(tt.backend, r, tt.text))
		})
	}

	same := []struct {
		name string
		edit func(r *translate.Request)
		text string
	}{
		{"NFD text", nil, "Cafe\u0301"},
		{"texts of the request", func(r *translate.Request) { r.Texts = []string{"anything"} }, "Café"},
		{"empty format is text", func(r *translate.Request) { r.Format = "" }, "Café"},
		{"equal tags", func(r *translate.Request) { r.Target = language.MustParse("DE") }, "Café"},
	}
	for _, tt := range same {
		t.Run("same despite "+tt.name, func(t *testing.T) {
			r := base()
			if tt.edit != nil {
				tt.edit(r)
			}
			assert.Equal(t, baseKey, cachekey.Key("google", r, tt.text))
		})
	}

	// Through the middleware: a different target misses, a different context misses.
	ctx := context.Background()
	store := newFakeStore()
	be := &fakeBackend{}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))
	for _, r := range []*translate.Request{
		request("a"),
		{Texts: []string{"a"}, Source: language.English, Target: language.French, Model: "m1"},
		{Texts: []string{"a"}, Source: language.English, Target: language.German, Model: "m2"},
		{Texts: []string{"a"}, Source: language.English, Target: language.German, Model: "m1", Context: "c"},
		{Texts: []string{"a"}, Source: language.English, Target: language.German, Model: "m1", GlossaryID: "g"},
		request("a"),
	} {
		_, err := tr.Translate(ctx, r)
		require.NoError(t, err)
	}
	assert.Len(t, be.sent(), 5)
}

func TestCacheKeyIsStable(t *testing.T) {
	// A golden value, computed independently from the documented layout: changing the
	// derivation invalidates every user's cache, so it must come with a new version tag.
	// Update this only together with that tag.
	req := &translate.Request{Source: language.English, Target: language.German}
	assert.Equal(t, "e28b7cf209aaf39a9f7fbec901da02c315ff938b86ebff26970129d856645507",
		fmt.Sprintf("%x", cachekey.Key("google", req, "Hello")))
}

func TestCacheStoreErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	tests := []struct {
		name   string
		store  func() *fakeStore
		reason string
	}{
		{"read error", func() *fakeStore { s := newFakeStore(); s.getErr = boom; return s }, "cache: read"},
		{"write error", func() *fakeStore { s := newFakeStore(); s.putErr = boom; return s }, "cache: 2 answer(s) not stored: boom"},
		{"corrupt entry", func() *fakeStore {
			s := newFakeStore()
			s.m[string(cachekey.Key("fake", request(), "a"))] = []byte("{not json")
			return s
		}, "cache: entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := tt.store()
			be := &fakeBackend{}
			var mu sync.Mutex
			var reported []error
			onErr := func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() }
			tr := translate.Chain(be, middleware.Cache(store, "fake", middleware.CacheOnError(onErr)))

			got, err := tr.Translate(ctx, request("a", "b"))
			require.NoError(t, err)
			assert.Equal(t, []string{"de:a", "de:b"}, texts(got))
			assert.Equal(t, [][]string{{"a", "b"}}, be.sent())
			require.NotEmpty(t, reported)
			assert.Contains(t, reported[0].Error(), tt.reason)
		})
	}

	// Without CacheOnError, errors are dropped quietly.
	store := newFakeStore()
	store.getErr, store.putErr = boom, boom
	got, err := translate.Chain(&fakeBackend{}, middleware.Cache(store, "fake")).Translate(ctx, request("a"))
	require.NoError(t, err)
	assert.Equal(t, []string{"de:a"}, texts(got))
}

func TestCacheBackendErrors(t *testing.T) {
	ctx := context.Background()
	boom := translate.Permanent(errors.New("bad key"))
	tests := []struct {
		name string
		fn   func(ctx context.Context, req *translate.Request) ([]translate.Translation, error)
		want func(t *testing.T, err error)
	}{
		{"error", func(context.Context, *translate.Request) ([]translate.Translation, error) {
			return nil, boom
		}, func(t *testing.T, err error) { assert.ErrorIs(t, err, translate.ErrPermanent) }},
		{"short answer", func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
			return answer(req)[:1], nil
		}, func(t *testing.T, err error) { assert.ErrorContains(t, err, "asked for 2 translations, got 1") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newFakeStore()
			be := &fakeBackend{fn: tt.fn}
			tr := translate.Chain(be, middleware.Cache(store, "fake"))
			got, err := tr.Translate(ctx, request("a", "b"))
			require.Error(t, err)
			tt.want(t, err)
			assert.Nil(t, got)
			assert.Zero(t, store.puts, "nothing stored")

			// The failure is not remembered: the next call asks again.
			be.fn = nil
			got, err = tr.Translate(ctx, request("a", "b"))
			require.NoError(t, err)
			assert.Equal(t, []string{"de:a", "de:b"}, texts(got))
			assert.Len(t, be.sent(), 2)
		})
	}
}

// TestCacheInflight has a second request arrive while the first is at the backend: the
// text they share is sent once, the rest of the second request is sent on its own.
func TestCacheInflight(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	release := make(chan struct{})
	firstAtBackend := make(chan struct{})
	secondAtBackend := make(chan struct{})
	be := &fakeBackend{}
	be.fn = func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		switch req.Texts[0] {
		case "a":
			close(firstAtBackend)
			<-release
		case "c":
			close(secondAtBackend)
		}
		return answer(req), nil
	}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))

	var wg sync.WaitGroup
	var first, second []translate.Translation
	var err1, err2 error
	wg.Go(func() { first, err1 = tr.Translate(ctx, request("a", "b")) })
	<-firstAtBackend
	wg.Go(func() { second, err2 = tr.Translate(ctx, request("b", "c")) })
	<-secondAtBackend // "b" is claimed by the first request, so the second waits for it
	close(release)
	wg.Wait()

	require.NoError(t, err1)
	require.NoError(t, err2)
	assert.Equal(t, [][]string{{"a", "b"}, {"c"}}, be.sent())
	assert.Equal(t, []string{"de:a", "de:b"}, texts(first))
	assert.Equal(t, []string{"de:b", "de:c"}, texts(second))
	assert.Equal(t, []bool{true, false}, cachedFlags(second), "shared answer costs nothing")
}

// TestCacheInflightFailure: when the request a text was waiting for fails, the waiting
// request sends the text itself.
func TestCacheInflightFailure(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	release := make(chan struct{})
	firstAtBackend := make(chan struct{})
	secondAtBackend := make(chan struct{})
	be := &fakeBackend{}
	var once sync.Once
	be.fn = func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		switch req.Texts[0] {
		case "a":
			var first bool
			once.Do(func() { first = true })
			if first {
				close(firstAtBackend)
				<-release
				return nil, errors.New("first request fails")
			}
		case "c":
			close(secondAtBackend)
		}
		return answer(req), nil
	}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))

	var wg sync.WaitGroup
	var err1, err2 error
	var second []translate.Translation
	wg.Go(func() { _, err1 = tr.Translate(ctx, request("a", "b")) })
	<-firstAtBackend
	wg.Go(func() { second, err2 = tr.Translate(ctx, request("c", "a")) })
	<-secondAtBackend
	close(release)
	wg.Wait()

	require.Error(t, err1)
	require.NoError(t, err2)
	assert.Equal(t, [][]string{{"a", "b"}, {"c"}, {"a"}}, be.sent())
	assert.Equal(t, []string{"de:c", "de:a"}, texts(second))
}

// TestCacheWaiterHonoursContext: a request waiting for another's answer gives up with
// its own context.
func TestCacheWaiterHonoursContext(t *testing.T) {
	store := newFakeStore()
	release := make(chan struct{})
	atBackend := make(chan struct{})
	be := &fakeBackend{fn: func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		close(atBackend)
		<-release
		return answer(req), nil
	}}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))

	var wg sync.WaitGroup
	var err1 error
	wg.Go(func() { _, err1 = tr.Translate(context.Background(), request("a")) })
	<-atBackend
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := tr.Translate(ctx, request("a"))
	require.ErrorIs(t, err, context.Canceled)
	close(release)
	wg.Wait()
	require.NoError(t, err1)
	assert.Len(t, be.sent(), 1)
}

func TestCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	store := newFakeStore()
	be := &fakeBackend{}
	tr := translate.Chain(be, middleware.Cache(store, "fake"))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				req := request(fmt.Sprint(j%5), fmt.Sprint(i), "shared")
				got, err := tr.Translate(ctx, req)
				if assert.NoError(t, err) {
					assert.Equal(t, []string{"de:" + req.Texts[0], "de:" + req.Texts[1], "de:shared"}, texts(got))
				}
			}
		})
	}
	wg.Wait()
	sent := map[string]int{}
	for _, call := range be.sent() {
		for _, text := range call {
			sent[text]++
		}
	}
	for text, n := range sent {
		assert.Equal(t, 1, n, "%q sent %d times", text, n)
	}
}

func ExampleCache() {
	backend := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		fmt.Println("backend asked for", strings.Join(req.Texts, ", "))
		out := make([]translate.Translation, len(req.Texts))
		for i, t := range req.Texts {
			out[i] = translate.Translation{Text: strings.ToUpper(t), Source: req.Source, Backend: "upper"}
		}
		return out, nil
	})
	store := newFakeStore() // in a program: cache.Open(dir)
	tr := translate.Chain(backend, middleware.Cache(store, "upper"))

	req := &translate.Request{Texts: []string{"one", "two"}, Source: language.English, Target: language.German}
	_, _ = tr.Translate(context.Background(), req)
	req = &translate.Request{Texts: []string{"two", "three", "three"}, Source: language.English, Target: language.German}
	out, _ := tr.Translate(context.Background(), req)
	for _, t := range out {
		fmt.Println(t.Text, t.Cached)
	}
	// Output:
	// backend asked for one, two
	// backend asked for three
	// TWO true
	// THREE false
	// THREE false
}

func TestCacheCounts(t *testing.T) {
	store := newFakeStore()
	be := &fakeBackend{}
	var counts middleware.CacheCounts
	tr := translate.Chain(be, middleware.Cache(store, "fake", middleware.CacheCounter(&counts)))
	_, err := tr.Translate(context.Background(), request("Hello", "World"))
	require.NoError(t, err)
	_, err = tr.Translate(context.Background(), request("Hello", "Again"))
	require.NoError(t, err)
	assert.Equal(t, 4, counts.Lookups())
	assert.Equal(t, 1, counts.Hits())
}

func TestCacheVerifyReportsChangedTranslations(t *testing.T) {
	store := newFakeStore()
	version := "v1"
	be := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		out := make([]translate.Translation, len(req.Texts))
		for i, s := range req.Texts {
			if s == "stable" {
				out[i] = translate.Translation{Text: "same"}
			} else {
				out[i] = translate.Translation{Text: s + "@" + version}
			}
		}
		return out, nil
	})
	_, err := translate.Chain(be, middleware.Cache(store, "fake")).Translate(context.Background(), request("stable", "drifts"))
	require.NoError(t, err)
	version = "v2"
	var changed []middleware.Changed
	res, err := translate.Chain(be, middleware.Cache(store, "fake", middleware.CacheVerify(func(c middleware.Changed) {
		changed = append(changed, c)
	}))).Translate(context.Background(), request("stable", "drifts", "new"))
	require.NoError(t, err)
	require.Len(t, changed, 1)
	assert.Equal(t, "drifts", changed[0].Text)
	assert.Equal(t, "drifts@v1", changed[0].Old)
	assert.Equal(t, "drifts@v2", changed[0].New)
	assert.Equal(t, []string{"same", "drifts@v2", "new@v2"}, texts(res))
	res, err = translate.Chain(be, middleware.Cache(store, "fake")).Translate(context.Background(), request("drifts"))
	require.NoError(t, err)
	assert.Equal(t, "drifts@v2", res[0].Text, "the new answer replaced the old one")
}
