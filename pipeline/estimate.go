package pipeline

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
)

// Estimate is what a job would send, found without calling any backend (--dry-run). Its
// JSON form is the one the CLI contract fixes.
type Estimate struct {
	// Documents counts the inputs read; Segments their segments.
	Documents int `json:"documents"`
	Segments  int `json:"segments"`
	// ForeignSegments counts the foreign segment occurrences.
	ForeignSegments int `json:"foreign_segments"`
	// CacheHits counts the distinct planned texts the cache already holds.
	CacheHits int `json:"cache_hits"`
	// ToSend is what would reach the backends, all together.
	ToSend Send `json:"to_send"`
	// ByBackend is ToSend per backend, with its cost; empty without a backend.
	ByBackend []BackendEstimate `json:"by_backend"`
	// EstimatedCost is the sum of the backends' costs.
	EstimatedCost Cost `json:"estimated_cost"`
	// Failures are the inputs that could not be read or detected.
	Failures []Failure `json:"-"`
}

// Send counts what would be sent: distinct texts, billed characters, and requests — a
// lower bound, from the backend's limits; retries and splits can only add to it.
type Send struct {
	Segments   int `json:"segments"`
	Characters int `json:"characters"`
	Requests   int `json:"requests"`
}

// BackendEstimate is what one backend would be sent and what it would cost.
type BackendEstimate struct {
	Backend string `json:"backend"`
	Model   string `json:"model,omitempty"`
	Send
	// BillingUnit is what the backend bills ("characters"), empty when it is free.
	BillingUnit string `json:"billing_unit"`
	Cost        Cost   `json:"cost"`
}

// EstimateOptions say which backend an estimate is for.
type EstimateOptions struct {
	// Backend is the record of the backend that would answer (its name, billing unit, price
	// and limits); nil estimates a job without a backend: nothing would be sent.
	Backend *translate.Backend
	// Cache is the store the backend's cache middleware would use (nil: no cache). Hits are
	// counted with cachekey.Key, exactly as the middleware looks texts up.
	Cache middleware.CacheStore
}

// cacheLookupChunk is how many keys one GetMany carries, to keep SQLite's parameter lists short.
const cacheLookupChunk = 500

// Estimate reads, segments, detects and plans inputs as Run would, then counts what the
// job would send: each distinct planned text the cache does not hold, its characters as the
// backend bills them (Unicode code points, as Google and DeepL bill, and as JobStats counts
// what is really sent), and the fewest requests the backend's limits allow. It calls no
// backend. The figures equal what Run then sends, provided the cache does not change in
// between and every request succeeds.
func (j *Job) Estimate(ctx context.Context, inputs []Input, o EstimateOptions) (Estimate, error) {
	var e Estimate
	var docs []*doc.Document // read and parsed
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return e, err
		}
		d, err := j.read(in)
		if err != nil {
			e.Failures = append(e.Failures, Failure{Path: in.Path, Err: err})
			continue
		}
		docs = append(docs, d)
	}
	// Process without a translator runs segment, detect, plan and align: the same plan a
	// real run makes, rebuilt below since Process does not return it.
	po := j.o.Options
	po.Translator, po.Memory = nil, nil
	if _, err := Process(ctx, docs, po); err != nil {
		if ctx.Err() != nil {
			return e, ctx.Err()
		}
		for _, d := range docs {
			e.Failures = append(e.Failures, Failure{Path: d.Source, Err: err})
		}
		docs = nil
	}
	ok := docs
	plan := NewPlan(ok, PlanOptions{Target: j.o.Target, Source: j.o.Source, TranslateBoilerplate: j.o.TranslateBoilerplate})
	if j.o.Memory != nil && len(plan.Items) > 0 {
		// The translation memory is local and free: ask it, as a real run does first.
		if _, err := Recall(ctx, plan, j.o.Memory); err != nil {
			return e, err
		}
		plan = plan.pending()
	}
	e.Documents = len(ok)
	for _, d := range ok {
		for _, s := range d.Segments() {
			e.Segments++
			if s.Foreign(d.Target) {
				e.ForeignSegments++
			}
		}
	}
	e.ByBackend = []BackendEstimate{}
	e.EstimatedCost = CostOf(0, translate.Price{})
	b := o.Backend
	if b == nil || len(plan.Items) == 0 {
		return e, nil
	}
	setContexts(plan.Items, j.o.Exec) // as Execute does: contexts are part of keys and batches
	send, err := j.misses(ctx, plan, b.Name, o.Cache)
	if err != nil {
		return e, err
	}
	e.CacheHits = len(plan.Items) - len(send)
	be := BackendEstimate{Backend: b.Name, Model: j.o.Exec.Model, BillingUnit: b.BillingUnit}
	be.Segments = len(send)
	for _, it := range send {
		be.Characters += utf8.RuneCountInString(it.Text)
	}
	be.Requests = len(batches(send, j.o.Exec.Limits))
	be.Cost = CostOf(be.Characters, b.Price)
	e.ByBackend = append(e.ByBackend, be)
	e.ToSend = be.Send
	e.EstimatedCost = be.Cost
	return e, nil
}

// misses returns the planned items the cache does not hold, in plan order. The keys are
// those of the requests Execute makes (ExecOptions.request): the item's source language,
// format and context, the plan's target, the Exec model and glossary.
func (j *Job) misses(ctx context.Context, p *Plan, backend string, store middleware.CacheStore) ([]*Item, error) {
	if store == nil {
		return p.Items, nil
	}
	var out []*Item
	for start := 0; start < len(p.Items); start += cacheLookupChunk {
		chunk := p.Items[start:min(start+cacheLookupChunk, len(p.Items))]
		keys := make([][]byte, len(chunk))
		for i, it := range chunk {
			keys[i] = cachekey.Key(backend, j.o.Exec.request(p, it), it.Text) // Execute's request
		}
		found, err := store.GetMany(ctx, keys)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// The cache middleware treats a read error as all misses; so does the estimate.
			found = nil
		}
		for i, it := range chunk {
			if _, hit := found[string(keys[i])]; !hit {
				out = append(out, it)
			}
		}
	}
	return out, nil
}

// String is a one-line account of e, for logs.
func (e Estimate) String() string {
	return fmt.Sprintf("%d documents, %d segments, %d foreign, %d cache hits; to send %d texts, %d characters, ≥%d requests; %.6f %s",
		e.Documents, e.Segments, e.ForeignSegments, e.CacheHits, e.ToSend.Segments, e.ToSend.Characters, e.ToSend.Requests,
		e.EstimatedCost.Amount, e.EstimatedCost.Currency)
}
