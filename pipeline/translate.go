package pipeline

import (
	"context"
	"errors"
	"sync"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/inline"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/glossary"
)

// ExecOptions say how a plan is sent to a translator. With Options.Engine, the engine
// supplies Backend, Model, Limits and UsesContext (see Options).
type ExecOptions struct {
	// Backend and Model name what answers, for provenance.
	Backend, Model string
	// Limits cut requests; zero fields mean no limit. InFlight bounds concurrent requests
	// (default 4).
	Limits translate.Limits
	// Format is the format of every text (default translate.Text).
	Format translate.Format
	// Glossary, if set, is the job's glossary (--glossary FILE): every request whose
	// language pair it covers carries its terms (Request.Glossary) and its digest
	// (Request.GlossaryID, part of the cache key), and the translations record the digest.
	Glossary *glossary.Glossary
	// GlossaryID, used when Glossary is nil, names a glossary the provider already has
	// ("deepl:<id>", "googlev3:<id>"): it is sent as Request.GlossaryID, without terms.
	GlossaryID string
	// UsesContext says the backend reads Request.Context (translate.Backend.UsesContext):
	// each text then goes with the DocumentContext of the first document that has it, and
	// requests are grouped by context as well as by source language and format. Otherwise
	// no context is sent.
	UsesContext bool

	digest string // Glossary's digest, computed once
}

// JobStats count what a job sent to its backend.
type JobStats struct {
	// Requests is the number of requests that reached the translator and were not wholly answered by the cache.
	Requests int
	// Characters are the code points of the texts that were not answered by the cache.
	Characters int
	// Failed counts distinct texts whose request failed or whose answer failed QA.
	Failed int
	// Stopped is the first translate.ErrFatal error (a bad key, a quota gone), after which
	// the translator refuses the rest of the job; nil when the job was not stopped.
	Stopped error
	// Memory counts distinct texts the translation memory answered.
	Memory int
}

func (s *JobStats) add(o JobStats) {
	s.Requests += o.Requests
	s.Characters += o.Characters
	s.Failed += o.Failed
	s.Memory += o.Memory
	if s.Stopped == nil {
		s.Stopped = o.Stopped
	}
}

// defaults fills in o's defaults once per job.
func (o ExecOptions) defaults() ExecOptions {
	if o.Format == "" {
		o.Format = translate.Text
	}
	if o.Glossary != nil && o.digest == "" {
		o.digest = o.Glossary.Digest()
	}
	if o.Limits.InFlight <= 0 {
		o.Limits.InFlight = 4
	}
	return o
}

// Execute translates every unanswered item of p through t, one source language per request
// and requests filled to the limits (batches), and records each result on its item. A
// failed request fails only its own items (origin none, with the error as reason); Execute
// returns an error only when ctx is done.
func Execute(ctx context.Context, p *Plan, t translate.Translator, o ExecOptions) (JobStats, error) {
	o = o.defaults()
	var (
		mu    sync.Mutex
		stats JobStats
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Limits.InFlight)
	for _, batch := range batches(p.unanswered(), o.Limits) {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			a := ask(gctx, p.Target, batch, t, o)
			if a.err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			mu.Lock()
			defer mu.Unlock()
			stats.add(a.record(o))
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return stats, err
}

// unanswered returns the items without a result, in plan order.
func (p *Plan) unanswered() []*Item {
	var out []*Item
	for _, it := range p.Items {
		if it.Result == nil {
			out = append(out, it)
		}
	}
	return out
}

// QAInlineMarkup is the QA flag of an answer whose inline placeholders are not those sent.
const QAInlineMarkup = "inline markup"

// group is what one request may mix: one source language, format and context.
type group struct {
	source  language.Tag
	format  translate.Format
	context string
}

func groupOf(it *Item) group { return group{it.Source, it.Format, it.Context} }

// batches groups items by source language, format and context, in plan order, and cuts
// each group with translate.Cut: the requests a complete plan takes.
func batches(items []*Item, l translate.Limits) [][]*Item {
	var (
		order  []group
		groups = map[group][]*Item{}
	)
	for _, it := range items {
		k := groupOf(it)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], it)
	}
	var out [][]*Item
	for _, k := range order {
		items := groups[k]
		for _, sp := range translate.Cut(texts(items), l) {
			out = append(out, items[sp.Lo:sp.Hi:sp.Hi])
		}
	}
	return out
}

func texts(items []*Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Text
	}
	return out
}

// request is the request sent for it (without its texts): what the cache key of its answer
// is made of, so the estimate computes the same keys.
func (o ExecOptions) request(target language.Tag, it *Item) *translate.Request {
	req := &translate.Request{Source: it.Source, Target: target, Format: o.Format, Model: o.Model, Context: it.Context}
	if req.Format == "" {
		req.Format = translate.Text
	}
	if it.Format != "" {
		req.Format = it.Format // texts with inline placeholders go as HTML
	}
	switch {
	case o.Glossary != nil:
		if terms := o.Glossary.For(it.Source, target); len(terms) > 0 {
			req.Glossary = terms
			req.GlossaryID = o.digest
			if req.GlossaryID == "" {
				req.GlossaryID = o.Glossary.Digest()
			}
		}
	case o.GlossaryID != "":
		req.GlossaryID = o.GlossaryID
	}
	return req
}

// answer is a batch's request and what the translator said.
type answer struct {
	batch []*Item
	req   *translate.Request
	res   []translate.Translation
	err   error
}

// ask translates one batch — items sharing source, format and context — in one request.
// It may run concurrently with other asks; record then applies the answer.
func ask(ctx context.Context, target language.Tag, batch []*Item, t translate.Translator, o ExecOptions) answer {
	a := answer{batch: batch, req: o.request(target, batch[0])}
	a.req.Texts = texts(batch)
	a.res, a.err = t.Translate(ctx, a.req)
	if a.err == nil {
		a.err = translate.CheckCount(o.Backend, len(batch), len(a.res))
	}
	return a
}

// record sets each item's result from the answer, and counts the request and the
// characters for the documents waiting for the items. A failed request fails its items
// (origin none, with the reason). It must not run concurrently with another record or with
// changes to the plan.
func (a answer) record(o ExecOptions) JobStats {
	var stats JobStats
	if a.err != nil {
		// A backend without the pair has not failed: the texts simply have no backend, as
		// when none is configured, and fall back to counterparts.
		if !errors.Is(a.err, translate.ErrUnsupportedPair) {
			stats.Failed += len(a.batch)
		}
		if errors.Is(a.err, translate.ErrFatal) {
			stats.Stopped = a.err // a bad key or a quota gone: the rest of the job fails fast too
		}
		for _, it := range a.batch {
			it.Result = &doc.Translation{Origin: doc.None, Backend: o.Backend, Reason: a.err.Error()}
		}
		return stats
	}
	sent := map[*doc.Document]bool{}
	for i, it := range a.batch {
		r := a.res[i]
		backend := r.Backend
		if backend == "" {
			backend = o.Backend
		}
		tr := &doc.Translation{Text: r.Text, Origin: doc.MT, Backend: backend, Model: r.Model, Cached: r.Cached, QA: r.QA, Glossary: a.req.GlossaryID}
		if flag, bad := translate.QAFailed(r.QA); bad {
			// Not a translation (empty, the source echoed back, a refusal): never written as one.
			tr.Text, tr.Origin, tr.Reason = "", doc.None, "qa: "+flag
			stats.Failed++
		} else if it.Format == translate.HTML {
			// Every placeholder must come back once, still nested: a backend may not drop,
			// invent or unbalance a tag. Text is the plain translation, Markup keeps them.
			if plain, markup, err := inline.Answer(it.Text, r.Text); err != nil {
				tr.Text, tr.Origin, tr.Reason = "", doc.None, "qa: "+err.Error()
				tr.QA = append(tr.QA, QAInlineMarkup)
				stats.Failed++
			} else {
				tr.Text, tr.Markup = plain, markup
			}
		}
		it.Result = tr
		if r.Cached {
			continue
		}
		n := utf8.RuneCountInString(it.Text)
		stats.Characters += n
		if it.first != nil {
			it.first.Stats.Characters += n
			sent[it.first] = true
		}
		for _, w := range it.waiting {
			sent[w.d] = true
		}
	}
	if len(sent) > 0 {
		stats.Requests++
		for d := range sent {
			d.Stats.Requests++
		}
	}
	return stats
}

// errNoBackend is the reason given when no translator is configured.
var errNoBackend = errors.New("no backend configured")
