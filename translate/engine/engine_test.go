package engine_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/engine"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/googlev3/googlev3test"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func hebrew(texts ...string) *translate.Request {
	return &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English, Format: translate.Text}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// goroutinesSettle waits for the number of goroutines to drop to at most n, as connections
// closed a moment ago finish their last reads; it returns the last count.
func goroutinesSettle(n int) int {
	var got int
	for range 200 {
		if got = runtime.NumGoroutine(); got <= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	return got
}

// TestCloseLeavesNoGoroutine: an engine over Google v3 (a gRPC connection) releases it on
// Close: twenty engines opened, used and closed leave as many goroutines as there were.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	srv := googlev3test.NewServer(t, func(text, _, _ string) string { return "EN " + text })
	cfg := srv.Config()
	spec := engine.Spec{Backend: "google-v3", Endpoint: cfg.Endpoint, Getenv: cfg.Getenv, Cache: engine.CacheOff}
	use := func() {
		e, err := engine.Open(context.Background(), backends.Default(), spec)
		require.NoError(t, err)
		res, err := e.Translate(context.Background(), hebrew("שלום"))
		require.NoError(t, err)
		assert.Equal(t, "EN שלום", res[0].Text)
		_, ok := translate.As[io.Closer](e)
		assert.True(t, ok, "the backend's Close is reachable through the stack")
		require.NoError(t, e.Close())
		require.NoError(t, e.Close(), "Close twice is harmless")
	}
	use() // the first use starts what the process keeps anyway (the server side, pools)
	before := goroutinesSettle(0)
	for range 20 {
		use()
	}
	after := goroutinesSettle(before)
	assert.LessOrEqual(t, after, before, "goroutines before %d, after 20 opens and closes %d", before, after)
}

// TestModelConfiguredOnce: the model given once in the Spec is what the backend is asked for
// and what the cache keys: an answer cached for one model never answers for another.
func TestModelConfiguredOnce(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	store, err := cache.Open(t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	open := func(model string) *engine.Engine {
		e, err := engine.Open(context.Background(), backends.Default(), engine.Spec{Backend: "google", Endpoint: srv.URL,
			Model: model, Getenv: env(map[string]string{"GOOGLE_API_KEY": googletest.Key}), Store: store, CoalesceDelay: -1})
		require.NoError(t, err)
		t.Cleanup(func() { e.Close() })
		return e
	}
	nmt, base := open("nmt"), open("base")
	_, err = nmt.Translate(context.Background(), hebrew("שלום לכולם"))
	require.NoError(t, err)
	res, err := base.Translate(context.Background(), hebrew("שלום לכולם"))
	require.NoError(t, err)
	assert.False(t, res[0].Cached, "the nmt answer is not the base model's")
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "nmt", reqs[0].Model)
	assert.Equal(t, "base", reqs[1].Model)
	res, err = nmt.Translate(context.Background(), hebrew("שלום לכולם"))
	require.NoError(t, err)
	assert.True(t, res[0].Cached)

	hit, err := nmt.Cached(context.Background(), hebrew(), []string{"שלום לכולם", "אחר"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, hit, "Cached uses the keys the cache middleware stored")
	assert.Equal(t, 3, nmt.Stats().CacheLookups+base.Stats().CacheLookups)
	assert.Equal(t, 2, nmt.Stats().Requests+base.Stats().Requests)
}

// fakeRegistry registers a cacheable backend "svc" answering through f, and a local
// engine "local" answering through l, for "auto".
func fakeRegistry(f, l translate.Translator, limits translate.Limits) *translate.Registry {
	var r translate.Registry
	r.Register(translate.Backend{Name: "svc", AutoRank: 1, Cacheable: true, Limits: limits, Env: []string{"SVC_KEY"},
		Configured: func(c translate.Config) bool { return c.AnySet("SVC_KEY") },
		New:        func(context.Context, translate.Config) (translate.Translator, error) { return f, nil }})
	r.Register(translate.Backend{Name: "local", AutoRank: 2, Local: true, Cacheable: true,
		Configured: func(translate.Config) bool { return true },
		New:        func(context.Context, translate.Config) (translate.Translator, error) { return l, nil }})
	return &r
}

// TestAutoFallsBackAndSaysSo: under auto, a request the service fails goes on to the local
// engine, and OnFallback hears of it once.
func TestAutoFallsBackAndSaysSo(t *testing.T) {
	down := translate.Func(func(context.Context, *translate.Request) ([]translate.Translation, error) {
		return nil, translate.Fatal(errors.New("quota gone"))
	})
	local := &translatetest.Fake{}
	var heard []string
	e, err := engine.Open(context.Background(), fakeRegistry(down, local, translate.Limits{}), engine.Spec{
		Getenv: env(map[string]string{"SVC_KEY": "k"}), Cache: engine.CacheOff, CoalesceDelay: -1,
		OnFallback: func(from string, err error, to []string) {
			heard = append(heard, from+": "+err.Error()+" → "+strings.Join(to, ","))
		}})
	require.NoError(t, err)
	defer e.Close()
	assert.Equal(t, "svc", e.Name())
	assert.Empty(t, e.Note(), "a service is configured")
	for range 2 {
		res, err := e.Translate(context.Background(), hebrew("שלום"))
		require.NoError(t, err)
		assert.Equal(t, "[en] שלום", res[0].Text)
	}
	assert.Equal(t, []string{"svc: quota gone → local"}, heard)
}

// TestAutoWithoutServiceNotes: with only a local engine, auto uses it and the engine carries
// the note naming every service's variables.
func TestAutoWithoutServiceNotes(t *testing.T) {
	e, err := engine.Open(context.Background(), fakeRegistry(&translatetest.Fake{}, &translatetest.Fake{}, translate.Limits{}),
		engine.Spec{Getenv: env(nil), Cache: engine.CacheOff})
	require.NoError(t, err)
	defer e.Close()
	assert.Equal(t, "local", e.Name())
	assert.Contains(t, e.Note(), "SVC_KEY")
	assert.Contains(t, e.Note(), "Meanwhile local")
}

// TestLimitsInForce: the record's limits, lowered by MaxTexts/MaxBytes, with the in-flight
// bound of MaxRequests, in a dry run as in a real one.
func TestLimitsInForce(t *testing.T) {
	reg := fakeRegistry(&translatetest.Fake{}, &translatetest.Fake{}, translate.Limits{Texts: 128, Bytes: 100_000})
	for _, dry := range []bool{false, true} {
		e, err := engine.Open(context.Background(), reg, engine.Spec{Backend: "svc", Getenv: env(map[string]string{"SVC_KEY": "k"}),
			Cache: engine.CacheOff, MaxTexts: 50, MaxBytes: 200_000, MaxRequests: 2, DryRun: dry})
		require.NoError(t, err)
		assert.Equal(t, translate.Limits{Texts: 50, Bytes: 100_000, InFlight: 2}, e.Limits(), "dry run %v", dry)
		assert.Equal(t, !dry, e.CanTranslate())
		require.NoError(t, e.Close())
	}
}

// TestDryRunNeedsNoCredentials: a named backend without its key is an error for a real run
// and an estimate's record for a dry run.
func TestDryRunNeedsNoCredentials(t *testing.T) {
	reg := fakeRegistry(&translatetest.Fake{}, &translatetest.Fake{}, translate.Limits{})
	_, err := engine.Open(context.Background(), reg, engine.Spec{Backend: "svc", Getenv: env(nil), Cache: engine.CacheOff})
	assert.ErrorIs(t, err, translate.ErrNotConfigured)
	assert.Contains(t, err.Error(), "SVC_KEY")
	e, err := engine.Open(context.Background(), reg, engine.Spec{Backend: "svc", Getenv: env(nil), Cache: engine.CacheOff, DryRun: true})
	require.NoError(t, err)
	defer e.Close()
	_, err = e.Translate(context.Background(), hebrew("שלום"))
	assert.ErrorIs(t, err, engine.ErrNoBackend)
	_, err = engine.Open(context.Background(), reg, engine.Spec{Backend: "nope"})
	assert.ErrorIs(t, err, translate.ErrUnknownBackend)
}

// TestMemoriesAndOwnStore: the engine opens the cache directory it is given, uses memories
// imported there, and records the run's statistics when it closes.
func TestMemoriesAndOwnStore(t *testing.T) {
	dir := t.TempDir()
	tmx := filepath.Join(t.TempDir(), "m.tmx")
	require.NoError(t, os.WriteFile(tmx, []byte(`<?xml version="1.0"?>
<tmx version="1.4"><header srclang="he" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body><tu><tuv xml:lang="he"><seg>שלום</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>`), 0o644))
	fake := &translatetest.Fake{}
	e, err := engine.Open(context.Background(), fakeRegistry(fake, fake, translate.Limits{}), engine.Spec{Backend: "svc",
		Getenv: env(map[string]string{"SVC_KEY": "k"}), CacheDir: dir, TM: []string{tmx}, CoalesceDelay: -1})
	require.NoError(t, err)
	require.NotNil(t, e.Memory())
	m, err := e.Memory().Lookup(context.Background(), language.Hebrew, language.English, []string{"שלום"})
	require.NoError(t, err)
	assert.Equal(t, "Hello", m[0].Text)
	_, err = e.Translate(context.Background(), hebrew("ערב טוב"))
	require.NoError(t, err)
	require.NoError(t, e.Close())

	st, err := cache.Open(dir)
	require.NoError(t, err)
	defer st.Close()
	stats, err := st.Stats(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 1, stats.Entries, "the answer was stored in the engine's own store")
}

// TestCacheOffAndBadMode: CacheOff opens no store; an unknown mode is an error.
func TestCacheOffAndBadMode(t *testing.T) {
	reg := fakeRegistry(&translatetest.Fake{}, &translatetest.Fake{}, translate.Limits{})
	e, err := engine.Open(context.Background(), reg, engine.Spec{Backend: backends.None, Cache: engine.CacheOff})
	require.NoError(t, err)
	assert.Nil(t, e.Store())
	assert.Nil(t, e.Memory())
	assert.Equal(t, "backend none", e.NoBackendReason())
	require.NoError(t, e.Close())
	_, err = engine.Open(context.Background(), reg, engine.Spec{Cache: "sometimes"})
	assert.Error(t, err)
	_, err = engine.Open(context.Background(), reg, engine.Spec{Backend: backends.Auto, Endpoint: "http://127.0.0.1:1/"})
	assert.Error(t, err, "an endpoint needs a named backend")
}

var _ middleware.CacheStore = (*cache.Store)(nil)
