package middleware

import (
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
)

// CacheStore is the storage Cache needs; *cache.Store implements it.
//
// GetMany returns the values it has for keys, keyed by string(key); an error means
// "treat all as misses". PutMany stores all entries or none. Both must be safe for
// concurrent use.
type CacheStore interface {
	GetMany(ctx context.Context, keys [][]byte) (map[string][]byte, error)
	PutMany(ctx context.Context, entries []cache.Entry) error
}

// CacheOption configures Cache.
type CacheOption func(*cacheOptions)

type cacheOptions struct {
	onError func(error)
	now     func() time.Time
	counts  *CacheCounts
	verify  func(Changed)
}

// Changed is a cached translation that the backend now answers differently: a provider's
// silent model change, found by --cache verify.
type Changed struct {
	Source, Target language.Tag
	Text           string
	Old, New       string
}

// CacheVerify makes Cache re-ask the backend for texts it has cached, report those whose
// translation changed to f, and store the new answer. Every text is paid for again.
func CacheVerify(f func(Changed)) CacheOption {
	return func(o *cacheOptions) { o.verify = f }
}

// CacheOnError makes Cache report, as they happen, the store errors it otherwise only
// counts: failed reads (treated as misses), entries that cannot be decoded or that hold
// another text's translation (misses too, CacheCounts.Mismatched) and failed writes
// (CacheCounts.NotStored; the error is a *StoreError). f may be called concurrently.
func CacheOnError(f func(error)) CacheOption {
	return func(o *cacheOptions) { o.onError = f }
}

// CacheClock sets the clock that dates new entries; the default is time.Now.
func CacheClock(now func() time.Time) CacheOption {
	return func(o *cacheOptions) { o.now = now }
}

// Cache returns a middleware that answers from store what it can and asks the next
// Translator only for the rest.
//
// backend is the registered name of the backend being wrapped; it is part of every key
// (see Key). For each request, Cache looks the distinct texts up in one GetMany. The
// misses go to the next Translator in one request that carries each distinct text once
// (texts equal after NFC normalization count as one) and is otherwise a copy of the
// original; their translations are stored with one PutMany and merged back in input
// order. Hits come back with Cached set.
//
// Within one Cache, a text already being looked up or translated for another request is
// not sent again: the request waits for that answer and reports it as Cached, since it
// costs nothing more. If that other request fails, the waiting one asks for the text
// itself.
//
// The cache never fails a request: a store read error, or a stored value that cannot be
// decoded, is a miss, and a write error is dropped (see CacheOnError). Translations are
// stored even when ctx is cancelled after they arrived, since they were paid for. A
// backend error, or an answer with the wrong number of translations, is returned and
// nothing is stored.
func Cache(store CacheStore, backend string, opts ...CacheOption) translate.Middleware {
	o := cacheOptions{onError: func(error) {}, now: time.Now, counts: &CacheCounts{}}
	for _, opt := range opts {
		opt(&o)
	}
	return func(next translate.Translator) translate.Translator {
		return &cached{
			next:     next,
			store:    store,
			backend:  backend,
			opts:     o,
			inflight: map[string]*flight{},
		}
	}
}

type cached struct {
	next    translate.Translator
	store   CacheStore
	backend string
	opts    cacheOptions

	mu       sync.Mutex
	inflight map[string]*flight // by string(key): texts being translated right now

	pmu     sync.Mutex
	pending []cache.Entry // answers whose write failed, tried again with the next write
}

// flight is one text being translated; done is closed once tr or err is set.
type flight struct {
	done chan struct{}
	tr   translate.Translation
	err  error
}

type keyFlight struct {
	key    string
	flight *flight
}

// CachedValue is the stored encoding of a translation. It carries the source text too,
// although the key already identifies it, so that the cache can be exported as a
// translation memory and re-checked against the backend (--cache verify), and so that a
// value is served only for the text and request it was made for (Verify).
type CachedValue struct {
	Text    string `json:"text"`
	Source  string `json:"source,omitempty"`
	Backend string `json:"backend,omitempty"`
	Model   string `json:"model,omitempty"`
	// Created is when the translation was made, in Unix seconds.
	Created int64 `json:"created,omitempty"`
	// Orig is the source text, NFC-normalized; Format, ReqModel, GlossaryID and Context are
	// the request's, so the request can be made again.
	Orig       string `json:"orig,omitempty"`
	Format     string `json:"format,omitempty"`
	ReqModel   string `json:"req_model,omitempty"`
	GlossaryID string `json:"glossary,omitempty"`
	Context    string `json:"context,omitempty"`
	// Key is the entry's own key in hex: a value found under another key (a row swapped or
	// copied by a bug, a tool or damage) is told apart even when its fields look alike.
	// Empty in entries written before it was stored.
	Key string `json:"key,omitempty"`
}

// Verify returns an error unless v is the value for key, made for text under req: its Key
// (when stored) is key, its Orig is text (NFC), and its format, model, glossary and context
// are req's. A cache must never serve a wrong answer: a value that fails is a miss.
func (v *CachedValue) Verify(key []byte, req *translate.Request, text string) error {
	switch {
	case v.Key != "" && v.Key != hex.EncodeToString(key):
		return errors.New("entry stored under another key")
	case v.Orig == "":
		return errors.New("entry without its source text")
	case v.Orig != cachekey.NFC(text):
		return errors.New("entry holds the translation of another text")
	case normFormat(translate.Format(v.Format)) != normFormat(req.Format) || v.ReqModel != req.Model ||
		v.GlossaryID != req.GlossaryID || v.Context != req.Context:
		return errors.New("entry made for another request (format, model, glossary or context)")
	}
	return nil
}

func normFormat(f translate.Format) translate.Format {
	if f == "" {
		return translate.Text
	}
	return f
}

// CacheCounts counts what a Cache middleware looked up, found and failed to store; safe for
// concurrent use.
type CacheCounts struct {
	lookups, hits, mismatched, notStored, storeFailures atomic.Int64
}

// Lookups returns the number of distinct texts looked up in the store.
func (c *CacheCounts) Lookups() int { return int(c.lookups.Load()) }

// Hits returns the number of lookups the store answered.
func (c *CacheCounts) Hits() int { return int(c.hits.Load()) }

// Mismatched returns the number of stored values refused because they were not the value of
// the text looked up (CachedValue.Verify) or could not be decoded: each was a miss.
func (c *CacheCounts) Mismatched() int { return int(c.mismatched.Load()) }

// NotStored returns the number of answers a backend gave that could not be stored: the
// next run asks (and pays) for them again. Failed writes are tried again with the next
// write, so an answer that made it in then is no longer counted.
func (c *CacheCounts) NotStored() int { return int(c.notStored.Load()) }

// StoreFailures returns the number of writes to the store that failed.
func (c *CacheCounts) StoreFailures() int { return int(c.storeFailures.Load()) }

// CacheCounter makes Cache count its lookups and hits into c.
func CacheCounter(c *CacheCounts) CacheOption {
	return func(o *cacheOptions) { o.counts = c }
}

// StoreError is a write of answers to the store that failed: N answers are not stored (yet:
// they are tried again with the next write).
type StoreError struct {
	N   int
	Err error
}

func (e *StoreError) Error() string {
	return fmt.Sprintf("cache: %d answer(s) not stored: %v", e.N, e.Err)
}

func (e *StoreError) Unwrap() error { return e.Err }

// maxPending bounds the answers kept in memory after a failed write, to be tried again
// with the next one; beyond it the oldest are given up (still counted as not stored).
const maxPending = 100_000

// Unwrap returns the Translator the cache asks on a miss.
func (c *cached) Unwrap() translate.Translator { return c.next }

func (c *cached) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	// A caller that has gone gets no answer, even one the store has: the store need not
	// look at ctx (the Translator contract, translatetest.Run's "cancelled context").
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(req.Texts) == 0 {
		return c.next.Translate(ctx, req)
	}
	kf := cachekey.New(c.backend, req)
	var distinct []string        // distinct keys, in order of first appearance
	at := map[string][]int{}     // key → indexes in req.Texts
	texts := map[string]string{} // key → text to send
	for i, text := range req.Texts {
		ks := string(kf.Key(text))
		if _, dup := at[ks]; !dup {
			distinct = append(distinct, ks)
			texts[ks] = text
		}
		at[ks] = append(at[ks], i)
	}
	got, err := c.resolve(ctx, req, distinct, texts)
	if err != nil {
		return nil, err
	}
	out := make([]translate.Translation, len(req.Texts))
	for _, ks := range distinct {
		for _, i := range at[ks] {
			out[i] = got[ks]
		}
	}
	return out, nil
}

// resolve finds the translations of keys. It claims the keys no other request is
// working on and fills them (fill); for the others it waits for the request already
// under way. Keys whose other request failed go round again.
//
// Claiming before looking up is what makes "sent once" hold: a request stores its
// answers before it releases its claim, so a key found unclaimed is either in the store
// already or nobody's.
func (c *cached) resolve(ctx context.Context, req *translate.Request, keys []string, texts map[string]string) (map[string]translate.Translation, error) {
	got := make(map[string]translate.Translation, len(keys))
	for len(keys) > 0 {
		own, owned, waiting := c.claim(keys)
		if len(own) > 0 {
			if err := c.fill(ctx, req, own, owned, texts, got); err != nil {
				return nil, err
			}
		}
		keys = nil
		for _, w := range waiting {
			select {
			case <-w.flight.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if w.flight.err != nil {
				keys = append(keys, w.key)
				continue
			}
			tr := w.flight.tr
			tr.Cached = true // it costs this request nothing
			got[w.key] = tr
		}
	}
	return got, nil
}

// claim registers a flight for every key nobody is working on and returns those keys in
// order (own) with their flights (owned), and the flights of the others (waiting).
func (c *cached) claim(keys []string) (own []string, owned map[string]*flight, waiting []keyFlight) {
	c.mu.Lock()
	defer c.mu.Unlock()
	owned = map[string]*flight{}
	for _, ks := range keys {
		if f, busy := c.inflight[ks]; busy {
			waiting = append(waiting, keyFlight{ks, f})
			continue
		}
		f := &flight{done: make(chan struct{})}
		c.inflight[ks] = f
		owned[ks] = f
		own = append(own, ks)
	}
	return own, owned, waiting
}

// errAbandoned is what waiters see when the request that owned their text ended without
// an answer or an error (a panic in the backend).
var errAbandoned = errors.New("cache: translation abandoned")

// fill answers the owned keys: from the store where it can (one GetMany), the rest from
// the next Translator (one request), whose answers it stores (one PutMany). It puts the
// translations in got and settles every flight in flights (emptying the map), handing
// answers or its error to any waiting requests.
func (c *cached) fill(ctx context.Context, req *translate.Request, keys []string, flights map[string]*flight, texts map[string]string, got map[string]translate.Translation) (err error) {
	defer func() {
		if err != nil || len(flights) > 0 { // an error, or a panic on its way up
			c.settle(flights, nil, cmp.Or(err, errAbandoned))
		}
	}()

	bkeys := make([][]byte, len(keys))
	for i, ks := range keys {
		bkeys[i] = []byte(ks)
	}
	found, err := c.store.GetMany(ctx, bkeys)
	if err != nil {
		c.opts.onError(fmt.Errorf("cache: read %d keys: %w", len(keys), err))
		found = nil
	}
	var misses []string
	hits := map[string]*flight{}
	old := map[string]translate.Translation{}
	for _, ks := range keys {
		if v, ok := found[ks]; ok {
			tr, err := c.decode(v, []byte(ks), req, texts[ks])
			if err != nil {
				c.opts.counts.mismatched.Add(1)
			}
			if err == nil && c.opts.verify != nil {
				old[ks] = tr // asked again below, then compared
			} else if err == nil {
				got[ks] = tr
				hits[ks] = flights[ks]
				delete(flights, ks)
				continue
			}
			if err != nil {
				c.opts.onError(fmt.Errorf("cache: entry %x: %w (a miss)", ks, err))
			}
		}
		misses = append(misses, ks)
	}
	c.opts.counts.lookups.Add(int64(len(keys)))
	c.opts.counts.hits.Add(int64(len(hits) + len(old)))
	c.settle(hits, got, nil)
	if len(misses) == 0 {
		return nil
	}

	sub := *req // a shallow copy: req itself must not change
	sub.Texts = make([]string, len(misses))
	for i, ks := range misses {
		sub.Texts[i] = texts[ks]
	}
	res, err := c.next.Translate(ctx, &sub)
	if err == nil {
		err = translate.CheckCount(c.backend, len(sub.Texts), len(res))
	}
	if err != nil {
		return err
	}

	created := c.opts.now().Unix()
	entries := make([]cache.Entry, 0, len(misses))
	for i, ks := range misses {
		tr := res[i]
		tr.Cached = false
		got[ks] = tr
		if o, ok := old[ks]; ok && o.Text != tr.Text {
			c.opts.verify(Changed{Source: req.Source, Target: req.Target, Text: texts[ks], Old: o.Text, New: tr.Text})
		}
		if _, unsafe := translate.QAUnsafe(tr.QA); unsafe {
			continue // a credential or a control character (Screen): kept nowhere
		}
		src := req.Source
		if src == language.Und {
			src = tr.Source // file what the backend detected, for per-pair statistics
		}
		v, _ := json.Marshal(CachedValue{ // cannot fail: strings and an int
			Text:       tr.Text,
			Source:     tr.Source.String(),
			Backend:    tr.Backend,
			Model:      tr.Model,
			Created:    created,
			Orig:       cachekey.NFC(texts[ks]),
			Format:     string(req.Format),
			ReqModel:   req.Model,
			GlossaryID: req.GlossaryID,
			Context:    req.Context,
			Key:        hex.EncodeToString([]byte(ks)),
		})
		entries = append(entries, cache.Entry{Key: []byte(ks), Value: v, Backend: c.backend, Source: src.String(), Target: req.Target.String()})
	}
	// Store before releasing the claims (see resolve). The answers were paid for, so
	// they are stored even if ctx has just been cancelled.
	c.put(context.WithoutCancel(ctx), entries)
	c.settle(flights, got, nil)
	clear(flights)
	return nil
}

// put stores entries, with the answers of earlier writes that failed. A failure is reported
// at once (CacheOnError, a *StoreError) and counted (CacheCounts.NotStored), and the entries
// are kept to be tried again with the next write: a store that fails for a while (a disk
// full until a file is removed, a lock held too long) loses nothing it can take later.
func (c *cached) put(ctx context.Context, entries []cache.Entry) {
	c.pmu.Lock()
	retry := c.pending
	c.pending = nil
	c.pmu.Unlock()
	all := append(retry, entries...)
	if len(all) == 0 {
		return
	}
	err := c.store.PutMany(ctx, all)
	if err == nil {
		c.opts.counts.notStored.Add(-int64(len(retry)))
		return
	}
	c.opts.counts.storeFailures.Add(1)
	c.opts.counts.notStored.Add(int64(len(entries)))
	c.pmu.Lock()
	c.pending = append(c.pending, all...)
	if drop := len(c.pending) - maxPending; drop > 0 {
		c.pending = c.pending[drop:] // still counted: they are not stored
	}
	c.pmu.Unlock()
	c.opts.onError(&StoreError{N: len(all), Err: err})
}

// settle hands each flight its translation from got, or err, then unregisters and
// releases it.
func (c *cached) settle(flights map[string]*flight, got map[string]translate.Translation, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ks, f := range flights {
		if err != nil {
			f.err = err
		} else {
			f.tr = got[ks]
		}
		delete(c.inflight, ks)
		close(f.done)
	}
}

// decode turns the value stored under key back into the Translation of text under req, or
// fails when it is not that (CachedValue.Verify).
func (c *cached) decode(v, key []byte, req *translate.Request, text string) (translate.Translation, error) {
	var cv CachedValue
	if err := json.Unmarshal(v, &cv); err != nil {
		return translate.Translation{}, err
	}
	if err := cv.Verify(key, req, text); err != nil {
		return translate.Translation{}, err
	}
	src := language.Und
	if cv.Source != "" {
		if t, err := language.Parse(cv.Source); err == nil {
			src = t
		}
	}
	b := cv.Backend
	if b == "" {
		b = c.backend
	}
	return translate.Translation{Text: cv.Text, Source: src, Backend: b, Model: cv.Model, Cached: true}, nil
}

var _ CacheStore = (*cache.Store)(nil)

// UnavailableStore returns a CacheStore for a cache that could not be opened (err says why):
// every lookup is a miss and every write fails with err, so that a Cache over it reports and
// counts each answer it could not keep (CacheCounts.NotStored) instead of running without a
// cache in silence.
func UnavailableStore(err error) CacheStore { return unavailable{err} }

type unavailable struct{ err error }

func (u unavailable) GetMany(context.Context, [][]byte) (map[string][]byte, error) {
	return map[string][]byte{}, nil // a miss, reported once, at open
}

func (u unavailable) PutMany(context.Context, []cache.Entry) error { return u.err }
