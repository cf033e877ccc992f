package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/tm"
)

// CacheMode says how the engine uses its cache.
type CacheMode string

// Cache modes (--cache).
const (
	// CacheUse answers repeated texts from the cache and stores every new answer (default).
	CacheUse CacheMode = "use"
	// CacheOff neither reads nor writes the cache; imported memories are not used either.
	CacheOff CacheMode = "off"
	// CacheVerify asks the backend again for cached texts, reports the changed ones
	// (Spec.OnChanged) and stores the new answers.
	CacheVerify CacheMode = "verify"
)

// Spec says which translator to build. The zero value is "auto" with the default cache:
// the first configured backend, else an installed local engine, else no backend.
type Spec struct {
	// Backend is a registered name, backends.Auto (default when empty), backends.TM
	// (translation memories only) or backends.None.
	Backend string
	// Endpoint overrides the backend's server (translate.Config.Endpoint); only with a named
	// backend.
	Endpoint string
	// Model selects the backend's model. It is configured here once: the backend gets it as
	// its default and every request without a model of its own is sent, and cached, with it.
	Model string
	// Getenv reads the environment (credentials, endpoints, BITEXT_CACHE_DIR); nil means
	// os.Getenv.
	Getenv func(string) string
	// HTTPClient, if set, is the client HTTP backends use.
	HTTPClient *http.Client

	// Cache is the cache mode; empty means CacheUse.
	Cache CacheMode
	// Store, if set, is the cache store to use; the engine does not close it. Otherwise the
	// engine opens the SQLite store in CacheDir (cache.Dir: CacheDir, $BITEXT_CACHE_DIR, the
	// user cache dir) and closes it in Close.
	Store    middleware.CacheStore
	CacheDir string

	// TM lists TMX files used before any backend (--tm). Memories imported into the cache
	// are used too, unless Cache is CacheOff.
	TM []string
	// Fuzzy is the lowest score of a fuzzy memory match (tm.Options.Fuzzy).
	Fuzzy float64

	// MaxRequests bounds the requests in flight (default: the backend's, 4 for cloud
	// backends).
	MaxRequests int
	// MaxTexts and MaxBytes lower the per-request limits below the backend's own.
	MaxTexts, MaxBytes int
	// RequestTimeout bounds one attempt (default backends.DefaultAttemptTimeout).
	RequestTimeout time.Duration
	// Retry configures retries (its AttemptTimeout is RequestTimeout's when that is set).
	Retry middleware.RetryOptions
	// RatePerSecond and RateBurst limit attempts per second (backends.Stack).
	RatePerSecond float64
	RateBurst     int
	// CoalesceDelay is backends.Stack.CoalesceDelay.
	CoalesceDelay time.Duration

	// DryRun builds everything but the backends: the engine knows its backend's record,
	// limits, price, cache and memories, and needs no credentials, but cannot translate.
	DryRun bool

	// OnFallback, if set, is called once when "auto"'s service fails a request and texts go
	// on to the installed local engines (named in to).
	OnFallback func(from string, err error, to []string)
	// OnChanged, if set, is called for every cached translation CacheVerify finds changed.
	// It may be called concurrently.
	OnChanged func(middleware.Changed)
	// OnWarning, if set, receives problems that do not stop the engine: a cache that cannot
	// be opened (the engine runs without it), cache reads and writes that fail. It may be
	// called concurrently.
	OnWarning func(error)
}

// Engine is an opened translator with its facts. It implements translate.Translator and is
// safe for concurrent use; Close releases it.
type Engine struct {
	spec     Spec
	record   *translate.Backend // nil: no backend
	limits   translate.Limits
	tr       translate.Translator // nil: cannot translate (no backend, or a dry run)
	memory   translate.Memory
	store    middleware.CacheStore
	ownStore *cache.Store
	closers  []io.Closer
	ownHTTP  *http.Client // the engine's own HTTP client, when Spec gave none
	note     string
	reason   string

	cacheCounts middleware.CacheCounts
	// fallbackCounts are the fallbacks' caches' counts: their answers not stored count too.
	fallbackCounts middleware.CacheCounts
	// unavailable is why the cache wanted could not be opened: the caches then run over
	// middleware.UnavailableStore, so every answer not stored is counted.
	unavailable error
	// secrets are every backend's credentials (as digests), for QA.
	secrets       translate.Secrets
	cacheWarnings atomic.Int64
	counts        middleware.Counts
	changed       atomic.Int64
	closeOnce     sync.Once
	closeErr      error
}

// DefaultHTTPTimeout bounds one HTTP exchange of the engine's own client: above any
// backend's longest answer (an LLM answering a full batch takes a minute), below forever;
// Spec.RequestTimeout is the tighter bound an attempt gets.
const DefaultHTTPTimeout = 2 * time.Minute

// ErrNoBackend is what Translate returns when the engine has no backend to ask (backend
// none or tm, auto with nothing configured, a dry run).
var ErrNoBackend = errors.New("no backend configured")

// Open builds the engine s describes from the backends registered in reg. An unknown
// backend, an explicitly named backend that is not configured (unless s.DryRun), bad memory
// files and a backend that cannot be constructed are errors; a cache that cannot be opened
// is a warning (s.OnWarning) and the engine runs without it.
func Open(ctx context.Context, reg *translate.Registry, s Spec) (*Engine, error) {
	if s.Backend == "" {
		s.Backend = backends.Auto
	}
	if s.Cache == "" {
		s.Cache = CacheUse
	}
	switch s.Cache {
	case CacheUse, CacheOff, CacheVerify:
	default:
		return nil, fmt.Errorf("engine: cache mode %q: want use, off or verify", s.Cache)
	}
	if s.Endpoint != "" && (s.Backend == backends.Auto || s.Backend == backends.None || s.Backend == backends.TM) {
		return nil, fmt.Errorf("engine: an endpoint needs a named backend, not %s", s.Backend)
	}
	e := &Engine{spec: s}
	if s.HTTPClient == nil {
		// A client of the engine's own, so that Close can drop its idle keep-alive
		// connections (each holds two goroutines) instead of leaving them to the process.
		e.ownHTTP = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone(), Timeout: DefaultHTTPTimeout}
		e.spec.HTTPClient = e.ownHTTP
	}
	cfg := e.config()
	b, err := backends.Resolve(reg, s.Backend, cfg)
	if err != nil && s.DryRun && errors.Is(err, translate.ErrNotConfigured) {
		// A dry run sends nothing, so it needs no credentials: estimate with the record.
		b, _ = reg.Lookup(s.Backend)
		err = nil
	}
	if err != nil {
		return nil, err
	}
	e.record = b
	switch {
	case s.Backend == backends.None:
		e.reason = "backend none"
	case s.Backend == backends.TM:
		e.reason = "no translation memory match"
	default:
		e.reason = ErrNoBackend.Error()
	}
	if s.Backend == backends.Auto && (b == nil || b.Local) {
		e.note = backends.NotConfiguredHint(reg)
		if b != nil {
			e.note += " Meanwhile " + b.Name + " (installed here) translates the language pairs it has."
		}
	}
	if err := e.openCache(); err != nil {
		return nil, err
	}
	if err := e.openMemory(); err != nil {
		e.Close()
		return nil, err
	}
	if b == nil {
		return e, nil
	}
	e.limits = backends.Lower(b.Limits, e.capLimits())
	e.limits.InFlight = e.inFlight(b.Limits)
	if s.DryRun {
		return e, nil
	}
	if err := e.openBackends(ctx, reg, b, cfg); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) config() translate.Config {
	return translate.Config{Endpoint: e.spec.Endpoint, Model: e.spec.Model, Getenv: e.spec.Getenv, HTTPClient: e.spec.HTTPClient,
		Secrets: &e.secrets}
}

func (e *Engine) capLimits() translate.Limits {
	return translate.Limits{Texts: e.spec.MaxTexts, Bytes: e.spec.MaxBytes}
}

func (e *Engine) inFlight(l translate.Limits) int {
	if e.spec.MaxRequests > 0 {
		return e.spec.MaxRequests
	}
	if l.InFlight > 0 {
		return l.InFlight
	}
	return backends.DefaultInFlight
}

func (e *Engine) warn(err error) {
	if e.spec.OnWarning != nil {
		e.spec.OnWarning(err)
	}
}

// maxCacheWarnings is how many cache problems (a failed write, a refused entry) a run
// reports as they happen; Stats counts them all.
const maxCacheWarnings = 5

// cacheWarn reports a cache problem at once, up to maxCacheWarnings, then once that more
// are only counted: a full disk fails every write of a long job.
func (e *Engine) cacheWarn(err error) {
	switch n := e.cacheWarnings.Add(1); {
	case n <= maxCacheWarnings:
		e.warn(err)
	case n == maxCacheWarnings+1:
		e.warn(errors.New("cache: more problems; the summary counts the answers not stored"))
	}
}

// openCache opens the store the cache and the imported memories use.
func (e *Engine) openCache() error {
	if e.spec.Cache == CacheOff {
		return nil
	}
	if e.spec.Store != nil {
		e.store = e.spec.Store
		return nil
	}
	dir, err := cache.Dir(e.spec.CacheDir, e.spec.Getenv)
	if err != nil {
		e.warn(fmt.Errorf("running without a cache: %w", err))
		return nil
	}
	st, err := cache.Open(dir)
	if err != nil {
		// A cache that cannot be opened must not fail the job: run without it, and count
		// what it could not keep.
		e.warn(fmt.Errorf("running without a cache: %w", err))
		e.unavailable = err
		return nil
	}
	if rec := st.Recovered(); rec != nil {
		e.warn(fmt.Errorf("cache: %s", rec))
	}
	e.ownStore, e.store = st, st
	return nil
}

// openMemory loads the translation memories: --tm files and memories imported into the cache.
func (e *Engine) openMemory() error {
	if len(e.spec.TM) == 0 && e.store == nil {
		return nil
	}
	m, err := tm.New(tm.Options{Files: e.spec.TM, Store: e.store, Fuzzy: e.spec.Fuzzy})
	if err != nil {
		return err
	}
	e.memory = m
	return nil
}

// stack is the middleware configuration of one backend.
func (e *Engine) stack(b *translate.Backend, primary bool) backends.Stack {
	s := backends.Stack{Counts: &e.counts}
	if (e.store != nil || e.unavailable != nil) && b.Cacheable {
		counts := &e.fallbackCounts
		if primary {
			counts = &e.cacheCounts
		}
		opts := []middleware.CacheOption{middleware.CacheOnError(e.cacheWarn), middleware.CacheCounter(counts)}
		if primary && e.spec.Cache == CacheVerify {
			opts = append(opts, middleware.CacheVerify(func(c middleware.Changed) {
				e.changed.Add(1)
				if e.spec.OnChanged != nil {
					e.spec.OnChanged(c)
				}
			}))
		}
		store := e.store
		if store == nil {
			store = middleware.UnavailableStore(e.unavailable)
		}
		s.Cache = middleware.Cache(store, b.CacheName(), opts...)
	}
	if !primary {
		return s
	}
	s.MaxRequests = e.spec.MaxRequests
	s.Limits = e.capLimits()
	s.Retry = e.spec.Retry
	if e.spec.RequestTimeout > 0 {
		s.Retry.AttemptTimeout = e.spec.RequestTimeout
	}
	s.RatePerSecond, s.RateBurst = e.spec.RatePerSecond, e.spec.RateBurst
	s.CoalesceDelay = e.spec.CoalesceDelay
	return s
}

// openBackends constructs the backend b and, under "auto", the local engines its failed
// texts fall back to.
func (e *Engine) openBackends(ctx context.Context, reg *translate.Registry, b *translate.Backend, cfg translate.Config) error {
	st, err := backends.Build(ctx, b, cfg, e.stack(b, true))
	if err != nil {
		return err
	}
	e.keep(st.Backend)
	e.limits = st.Limits
	tr := st.Translator
	model := e.spec.Model
	primary := translate.Wrap(tr, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		return tr.Translate(ctx, withModel(req, model))
	})
	e.tr = primary
	if e.spec.Backend != backends.Auto || b.Local {
		return nil
	}
	// Per text, a failed request or a bad answer goes on to an installed local engine. They
	// get the environment only: the endpoint and model are the service's.
	local := translate.Config{Getenv: e.spec.Getenv, HTTPClient: e.spec.HTTPClient, Secrets: &e.secrets}
	chain := []translate.Translator{primary}
	var names []string
	for _, fb := range backends.Fallbacks(reg, b, local) {
		st, err := backends.Build(ctx, fb, local, e.stack(fb, false))
		if err != nil {
			continue // not usable here after all: the service alone answers
		}
		e.keep(st.Backend)
		chain = append(chain, st.Translator)
		names = append(names, fb.Name)
	}
	if len(chain) == 1 {
		return nil
	}
	var once sync.Once
	watched := translate.Wrap(primary, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		res, err := primary.Translate(ctx, req)
		if err != nil && ctx.Err() == nil && e.spec.OnFallback != nil {
			// The fallback hides the service's failure from the pipeline; say it once.
			once.Do(func() { e.spec.OnFallback(b.Name, err, names) })
		}
		return res, err
	})
	chain[0] = watched
	e.tr = translate.Fallback(chain...)
	return nil
}

// keep remembers a constructed backend so that Close releases it.
func (e *Engine) keep(t translate.Translator) {
	if c, ok := t.(io.Closer); ok {
		e.closers = append(e.closers, c)
	}
}

// withModel is req with the engine's model when req names none: what is sent and what is
// cached agree on the model, whichever of the two a caller set.
func withModel(req *translate.Request, model string) *translate.Request {
	if req.Model != "" || model == "" {
		return req
	}
	r := *req
	r.Model = model
	return &r
}

// Translate implements translate.Translator. It returns ErrNoBackend when the engine cannot
// translate (CanTranslate).
func (e *Engine) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	if e.tr == nil {
		return nil, ErrNoBackend
	}
	return e.tr.Translate(ctx, req)
}

// Unwrap returns the stack underneath, for translate.As.
func (e *Engine) Unwrap() translate.Translator { return e.tr }

// CanTranslate reports whether Translate can reach a backend.
func (e *Engine) CanTranslate() bool { return e.tr != nil }

// Backend returns the record of the backend that answers, nil when there is none.
func (e *Engine) Backend() *translate.Backend { return e.record }

// Name is the backend's registered name, "" when there is none.
func (e *Engine) Name() string {
	if e.record == nil {
		return ""
	}
	return e.record.Name
}

// Model is the configured model, "" for the backend's default.
func (e *Engine) Model() string { return e.spec.Model }

// Limits are the per-request limits in force (the record's, lowered by the server's report
// and by Spec.MaxTexts/MaxBytes) and InFlight, the bound on concurrent requests. Zero
// without a backend.
func (e *Engine) Limits() translate.Limits { return e.limits }

// UsesContext reports whether the backend reads translate.Request.Context.
func (e *Engine) UsesContext() bool { return e.record != nil && e.record.UsesContext }

// Price is the backend's dated list price (zero when free or without a backend).
func (e *Engine) Price() translate.Price {
	if e.record == nil {
		return translate.Price{}
	}
	return e.record.Price
}

// Memory is the translation-memory step (--tm files and imported memories), nil when there
// is none.
func (e *Engine) Memory() translate.Memory { return e.memory }

// Store is the cache store, nil when the engine runs without one.
func (e *Engine) Store() middleware.CacheStore { return e.store }

// Note is what a user should be told before the job when "auto" found no service ("no
// translation backend is configured; … set …"), empty otherwise.
func (e *Engine) Note() string { return e.note }

// NoBackendReason is the reason recorded on texts no backend answered when the engine
// cannot translate: "no backend configured", "backend none", "no translation memory match".
func (e *Engine) NoBackendReason() string { return e.reason }

// Cached reports, for each text, whether the cache holds its translation under the settings
// of req, looked up with the keys the cache middleware uses: what a dry run counts as a hit
// is what a run finds. Without a cache, or for a backend whose answers are not cached,
// nothing is. A store read error counts as all misses, as in the middleware.
func (e *Engine) Cached(ctx context.Context, req *translate.Request, texts []string) ([]bool, error) {
	out := make([]bool, len(texts))
	if e.store == nil || e.record == nil || !e.record.Cacheable || e.spec.Cache == CacheVerify {
		return out, nil
	}
	keys := cachekey.Keys(e.record.CacheName(), withModel(req, e.spec.Model), texts)
	found, err := e.store.GetMany(ctx, keys)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return out, nil
	}
	for i, k := range keys {
		_, out[i] = found[string(k)]
	}
	return out, nil
}

// Stats are what the engine did so far.
type Stats struct {
	// Requests counts every attempt sent to a backend, retries and failures included
	// (local fallbacks too); FailedRequests those that failed.
	Requests, FailedRequests int
	// CodePoints counts the code points those attempts carried.
	CodePoints int
	// Answered counts the texts of the attempts that succeeded: answers received.
	Answered int
	// CacheLookups and CacheHits count the primary backend's distinct texts looked up in the
	// cache and found there; Changed counts those CacheVerify found changed.
	CacheLookups, CacheHits, Changed int
	// NotStored counts answers received that could not be stored in the cache: a rerun pays
	// for them again. CacheRefused counts cached values refused because they were not the
	// translation of the text looked up (middleware.CachedValue.Verify): each was a miss.
	NotStored, CacheRefused int
}

// Stats returns the engine's counts so far.
func (e *Engine) Stats() Stats {
	return Stats{
		Requests: e.counts.Requests(), FailedRequests: e.counts.Failed(), CodePoints: e.counts.CodePoints(),
		Answered:     e.counts.Answered(),
		CacheLookups: e.cacheCounts.Lookups(), CacheHits: e.cacheCounts.Hits(), Changed: int(e.changed.Load()),
		NotStored:    e.cacheCounts.NotStored() + e.fallbackCounts.NotStored(),
		CacheRefused: e.cacheCounts.Mismatched() + e.fallbackCounts.Mismatched(),
	}
}

// Close records the run's cache statistics in a store the engine opened and releases
// everything it holds: the backends' connections and that store. It is safe to call more
// than once.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		var errs []error
		for _, c := range e.closers {
			if err := c.Close(); err != nil {
				errs = append(errs, err)
			}
		}
		if e.ownHTTP != nil {
			e.ownHTTP.CloseIdleConnections()
		}
		if e.ownStore != nil {
			if n := e.cacheCounts.Lookups(); n > 0 && e.record != nil {
				run := cache.Run{Backend: e.record.Name, Lookups: n, Hits: e.cacheCounts.Hits()}
				if err := e.ownStore.RecordRun(context.Background(), run); err != nil {
					e.warn(fmt.Errorf("cache: record run: %w", err))
				}
			}
			if err := e.ownStore.Close(); err != nil {
				errs = append(errs, err)
			}
		}
		e.closeErr = errors.Join(errs...)
	})
	return e.closeErr
}

// String names the engine for messages: "google (model nmt)", "none".
func (e *Engine) String() string {
	if e.record == nil {
		return e.spec.Backend
	}
	if e.spec.Model != "" {
		return e.record.Name + " (model " + e.spec.Model + ")"
	}
	return e.record.Name
}

var _ translate.Translator = (*Engine)(nil)
