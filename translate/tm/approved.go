package tm

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
)

// ApprovedNamespace is the cache-key namespace (translate/cachekey), and the backend under
// which the store files them, of approved translations: reviewers' edits taken back with
// `bitext apply`. Their keys carry no backend and no model, so that a fix holds whatever
// backend runs later.
const ApprovedNamespace = "approved"

// Approval is one reviewer's translation of one text, as `bitext apply` stores it.
type Approval struct {
	// Source and Target are the languages of the text and of its translation. Memories
	// are keyed by base language: an approval into en-US serves en and en-GB.
	Source, Target language.Tag
	// Context is the ID (cachekey.ContextID) of the context the text was sent with, ""
	// when it was sent without one.
	Context string
	// Text is the source text, Translation the reviewer's translation of it.
	Text, Translation string
	// By and At say who approved it and when; At zero means Approve's now.
	By string
	At time.Time
}

// approvedRequest is the request an approval is keyed under: what a run keys its request
// by, less the backend, the model and the glossary.
func approvedRequest(source, target language.Tag, contextID string) *translate.Request {
	return &translate.Request{Source: baseTag(source), Target: baseTag(target), Format: translate.Text, Context: contextID}
}

// Approve stores approvals in store, all or none (one PutMany), so that every later run's
// memory step answers their texts with them, before any other memory or backend. Each is
// stored under the key of its text in its context and, for a text sent with a context,
// under the key without one too: a later run of a backend that takes no context still
// finds it (the latest approval of a text wins there). An approval without source text,
// translation or languages is an error naming it.
func Approve(ctx context.Context, store middleware.CacheStore, approvals []Approval, now time.Time) error {
	if store == nil {
		return errors.New("approve: no cache store to keep approvals in")
	}
	if now.IsZero() {
		now = time.Now()
	}
	var entries []cache.Entry
	for i, a := range approvals {
		text := normalize(a.Text)
		switch {
		case text == "" || normalize(a.Translation) == "":
			return fmt.Errorf("approve: approval %d: empty text or translation", i+1)
		case a.Source == language.Und || a.Target == language.Und:
			return fmt.Errorf("approve: approval %d: source and target languages are required", i+1)
		}
		at := a.At
		if at.IsZero() {
			at = now
		}
		contexts := []string{a.Context}
		if a.Context != "" {
			contexts = append(contexts, "")
		}
		for _, c := range contexts {
			req := approvedRequest(a.Source, a.Target, c)
			key := cachekey.Key(ApprovedNamespace, req, text)
			v, _ := json.Marshal(middleware.CachedValue{ // cannot fail: strings and an int
				Text: a.Translation, Source: req.Source.String(), Backend: ApprovedNamespace, Created: at.Unix(),
				Orig: cachekey.NFC(text), Format: string(translate.Text), Context: c, By: a.By, Key: hex.EncodeToString(key),
			})
			entries = append(entries, cache.Entry{Key: key, Value: v,
				Backend: ApprovedNamespace, Source: req.Source.String(), Target: req.Target.String()})
		}
	}
	if err := store.PutMany(ctx, entries); err != nil {
		return fmt.Errorf("approve %d translation(s): %w", len(approvals), err)
	}
	return nil
}

// approvedExact answers the texts at missing with approvals of them in req's context, then
// without context, and returns the indexes still unanswered.
func (m *Memory) approvedExact(ctx context.Context, req *translate.Request, norms []string, out []translate.Match, missing []int) []int {
	id := cachekey.ContextID(req.Context)
	contexts := []string{id}
	if id != "" {
		contexts = append(contexts, "")
	}
	for _, c := range contexts {
		missing = m.storeExact(ctx, ApprovedNamespace, approvedRequest(req.Source, req.Target, c), norms, missing, func(i int, v middleware.CachedValue) {
			out[i] = translate.Match{Found: true, Text: v.Text, Score: 1, Origin: ApprovedNamespace, Approved: true,
				By: v.By, At: time.Unix(v.Created, 0).UTC()}
		})
	}
	return missing
}

// BackendLister is the optional method of a CacheStore that fuzzy matching over imported
// and approved memories reads: the entries filed under one backend name (*cache.Store
// implements it, through an index). A store that lists only all its entries
// (middleware.EntryReader) is read whole; a store that lists nothing gives exact matches
// only.
type BackendLister interface {
	EachBackend(ctx context.Context, backend string, fn func(cache.Record) error) error
}

// storedPair holds the store's memories of one language pair, read once.
type storedPair struct {
	once  sync.Once
	units []*unit
}

// storedUnits returns the approved and imported memories of pair k in the store, approved
// first (so that they win ties), read on the first call for the pair. A store that cannot
// be read gives none: fuzzy matches are a help, never a failure.
func (m *Memory) storedUnits(ctx context.Context, k pairKey) []*unit {
	if m.store == nil {
		return nil
	}
	m.mu.Lock()
	p := m.stored[k]
	if p == nil {
		p = &storedPair{}
		m.stored[k] = p
	}
	m.mu.Unlock()
	// Read once for every later lookup: not cut short by the first caller's cancellation.
	p.once.Do(func() { p.units = m.readStored(context.WithoutCancel(ctx), k) })
	return p.units
}

func (m *Memory) readStored(ctx context.Context, k pairKey) []*unit {
	each := func(backend string, fn func(cache.Record) error) error {
		switch s := m.store.(type) {
		case BackendLister:
			return s.EachBackend(ctx, backend, fn)
		case middleware.EntryReader:
			return s.Each(ctx, func(r cache.Record) error {
				if r.Backend != backend {
					return nil
				}
				return fn(r)
			})
		}
		return nil
	}
	var units []*unit
	seen := map[string]bool{}
	for _, ns := range []string{ApprovedNamespace, middleware.TMBackend} {
		origin := ApprovedNamespace
		if ns == middleware.TMBackend {
			origin = "cache"
		}
		// A read error leaves the units read so far: fuzzy matching is best effort.
		_ = each(ns, func(r cache.Record) error {
			if base(r.Source) != k.src || base(r.Target) != k.tgt {
				return nil
			}
			var v middleware.CachedValue
			if json.Unmarshal(r.Value, &v) != nil {
				return nil
			}
			n := normalize(v.Orig)
			if n == "" || v.Text == "" || seen[ns+"\x00"+n] {
				return nil // an approval's context-free copy, or a duplicate import
			}
			seen[ns+"\x00"+n] = true
			units = append(units, &unit{norm: n, runes: []rune(n), target: v.Text, origin: origin})
			return nil
		})
	}
	return units
}
