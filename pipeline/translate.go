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

// ExecOptions say how a plan is sent to a translator.
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

	digest string // Glossary's digest, computed once per Execute
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

// Execute translates every item of p through t, one source language per request and
// requests filled to the limits, and records each result on its item. A failed request
// fails only its own items (origin none, with the error as reason); Execute returns an
// error only when ctx is done.
func Execute(ctx context.Context, p *Plan, t translate.Translator, o ExecOptions) (JobStats, error) {
	if o.Format == "" {
		o.Format = translate.Text
	}
	if o.Glossary != nil {
		o.digest = o.Glossary.Digest()
	}
	setContexts(p.Items, o)
	inFlight := o.Limits.InFlight
	if inFlight <= 0 {
		inFlight = 4
	}
	var (
		mu    sync.Mutex
		stats JobStats
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(inFlight)
	for _, batch := range batches(p.Items, o.Limits) {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			// Every item of a batch shares source, format and context (batches), so the
			// first one's request is every one's.
			req := o.request(p, batch[0])
			for _, it := range batch {
				req.Texts = append(req.Texts, it.Text)
			}
			res, err := t.Translate(gctx, req)
			if err == nil {
				err = translate.CheckCount(o.Backend, len(batch), len(res))
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				// A backend without the pair has not failed: the texts simply have no
				// backend, as when none is configured, and fall back to counterparts.
				if !errors.Is(err, translate.ErrUnsupportedPair) {
					stats.Failed += len(batch)
				}
				if errors.Is(err, translate.ErrFatal) && stats.Stopped == nil {
					stats.Stopped = err // a bad key or a quota gone: the rest of the job fails fast too
				}
				for _, it := range batch {
					it.Result = &doc.Translation{Origin: doc.None, Backend: o.Backend, Reason: err.Error()}
				}
				return nil
			}
			sent := map[*doc.Document]bool{}
			for i, it := range batch {
				r := res[i]
				backend := r.Backend
				if backend == "" {
					backend = o.Backend
				}
				it.Result = &doc.Translation{Text: r.Text, Origin: doc.MT, Backend: backend, Model: r.Model, Cached: r.Cached, QA: r.QA, Glossary: req.GlossaryID}
				if flag, bad := translate.QAFailed(r.QA); bad {
					// Not a translation (empty, the source echoed back, a refusal): never written as one.
					it.Result.Text, it.Result.Origin, it.Result.Reason = "", doc.None, "qa: "+flag
					stats.Failed++
				} else if it.Format == translate.HTML {
					// Every placeholder must come back once, still nested: a backend may not drop,
					// invent or unbalance a tag. Text is the plain translation, Markup keeps them.
					if plain, markup, err := inline.Answer(it.Text, r.Text); err != nil {
						it.Result.Text, it.Result.Origin, it.Result.Reason = "", doc.None, "qa: "+err.Error()
						it.Result.QA = append(it.Result.QA, QAInlineMarkup)
						stats.Failed++
					} else {
						it.Result.Text, it.Result.Markup = plain, markup
					}
				}
				if r.Cached {
					continue
				}
				n := utf8.RuneCountInString(it.Text)
				stats.Characters += n
				it.Docs[0].Stats.Characters += n
				for _, d := range it.Docs {
					sent[d] = true
				}
			}
			if len(sent) > 0 {
				stats.Requests++
				for d := range sent {
					d.Stats.Requests++
				}
			}
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return stats, err
}

// QAInlineMarkup is the QA flag of an answer whose inline placeholders are not those sent.
const QAInlineMarkup = "inline markup"

// batches groups items by source language, format and context (empty unless the backend
// reads contexts: see setContexts), in plan order, and cuts each group to the limits.
func batches(items []*Item, l translate.Limits) [][]*Item {
	type group struct {
		source  language.Tag
		format  translate.Format
		context string
	}
	var (
		order  []group
		groups = map[group][]*Item{}
	)
	for _, it := range items {
		k := group{it.Source, it.Format, it.Context}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], it)
	}
	var out [][]*Item
	for _, src := range order {
		var cur []*Item
		bytes, cps := 0, 0
		for _, it := range groups[src] {
			b, c := len(it.Text), utf8.RuneCountInString(it.Text)
			full := len(cur) > 0 && (l.Texts > 0 && len(cur) >= l.Texts ||
				l.Bytes > 0 && bytes+b > l.Bytes || l.CodePoints > 0 && cps+c > l.CodePoints)
			if full {
				out = append(out, cur)
				cur, bytes, cps = nil, 0, 0
			}
			cur = append(cur, it)
			bytes += b
			cps += c
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
	}
	return out
}

// errNoBackend is the reason given when no translator is configured.
var errNoBackend = errors.New("no backend configured")
