package pipeline

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
	"golang.org/x/text/language"
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

// cacheLookupChunk is how many texts one cache lookup carries, to keep SQLite's parameter lists short.
const cacheLookupChunk = 500

// Estimate reads, prepares and plans inputs as Run does, streaming them through the same
// window, then counts what the job would send: each distinct planned text that neither the
// translation memory nor the cache answers — looked up through the job's Engine with the
// keys its cache middleware uses, for the requests Run makes — its characters as the
// backend bills them (Unicode code points, as Google and DeepL bill, and as JobStats counts
// what is really sent), and the fewest requests the backend's limits allow (translate.Cut
// per source language, format and context). It calls no backend. Without an Engine, or with
// one that has no backend, nothing would be sent. The figures equal what Run then sends,
// provided the cache does not change in between and every request succeeds.
func (j *Job) Estimate(ctx context.Context, inputs []Input) (Estimate, error) {
	e := Estimate{ByBackend: []BackendEstimate{}, EstimatedCost: CostOf(0, translate.Price{})}
	r := newRun(j, inputs, func(res Result) {
		if res.Err != nil {
			e.Failures = append(e.Failures, Failure{Path: res.Input.Path, Err: res.Err})
		}
	})
	r.tr, r.estimate = nil, &e
	r.plan.stream = false // the estimate counts every planned text at the end
	if err := r.loop(ctx); err != nil {
		return e, err
	}
	eng := j.o.Engine
	if eng == nil || eng.Backend() == nil {
		return e, nil
	}
	b := eng.Backend()
	be := BackendEstimate{Backend: b.Name, Model: eng.Model(), BillingUnit: b.BillingUnit}
	todo := r.plan.unanswered()
	if len(todo) > 0 {
		send, err := j.misses(ctx, r.plan.Target, todo)
		if err != nil {
			return e, err
		}
		e.CacheHits = len(todo) - len(send)
		be.Segments = len(send)
		for _, it := range send {
			be.Characters += utf8.RuneCountInString(it.Text)
		}
		be.Requests = len(batches(send, j.o.Exec.Limits))
	}
	be.Cost = CostOf(be.Characters, b.Price)
	e.ByBackend = append(e.ByBackend, be)
	e.ToSend = be.Send
	e.EstimatedCost = be.Cost
	return e, nil
}

// count adds a prepared document to the estimate.
func (e *Estimate) count(d *doc.Document) {
	e.Documents++
	for _, s := range d.Segments() {
		e.Segments++
		if s.Foreign(d.Target) {
			e.ForeignSegments++
		}
	}
}

// misses returns the items the engine's cache does not hold, in plan order, asking it
// with the requests Run would send (ExecOptions.request).
func (j *Job) misses(ctx context.Context, target language.Tag, items []*Item) ([]*Item, error) {
	var out []*Item
	for start := 0; start < len(items); start += cacheLookupChunk {
		chunk := items[start:min(start+cacheLookupChunk, len(items))]
		// One lookup per request shape: items of one group share it.
		byGroup := map[group][]*Item{}
		var order []group
		for _, it := range chunk {
			k := groupOf(it)
			if _, ok := byGroup[k]; !ok {
				order = append(order, k)
			}
			byGroup[k] = append(byGroup[k], it)
		}
		hit := map[*Item]bool{}
		for _, k := range order {
			its := byGroup[k]
			found, err := j.o.Engine.Cached(ctx, j.o.Exec.request(target, its[0]), texts(its))
			if err != nil {
				return nil, err
			}
			for i, f := range found {
				hit[its[i]] = f
			}
		}
		for _, it := range chunk {
			if !hit[it] {
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
