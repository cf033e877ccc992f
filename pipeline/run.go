package pipeline

import (
	"context"
	"errors"
	"runtime"

	"golang.org/x/sync/errgroup"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/subfit"
	"github.com/seed77ff/bitext/translate"
)

// Engine is what a job needs of the translator it is given, besides translating: the facts
// of the backend behind it and its cache. *engine.Engine (package translate/engine, which
// the CLI opens) is the implementation; the interface keeps the pipeline free of the
// backends' packages.
type Engine interface {
	translate.Translator
	// CanTranslate reports whether Translate can reach a backend.
	CanTranslate() bool
	// Backend is the record of the backend that answers (nil: none); Name and Model name it.
	Backend() *translate.Backend
	Name() string
	Model() string
	// Limits are the per-request limits in force, and InFlight the bound on requests.
	Limits() translate.Limits
	// UsesContext reports whether the backend reads translate.Request.Context.
	UsesContext() bool
	// Price is the backend's dated list price.
	Price() translate.Price
	// Memory is the translation-memory step, nil when there is none.
	Memory() translate.Memory
	// NoBackendReason is the reason texts no backend answered get when nothing translates.
	NoBackendReason() string
	// Cached reports which texts the cache holds under the settings of req, with the keys
	// the engine's cache uses.
	Cached(ctx context.Context, req *translate.Request, texts []string) ([]bool, error)
}

// Options configure Process and a Job. Detector is required by Process (a Job makes one);
// the rest have defaults.
type Options struct {
	// Target is the language to translate into (default English).
	Target language.Tag
	// Source, if set, is the source language of every foreign segment instead of the detected one.
	Source language.Tag
	// Detector finds segment languages.
	Detector *detect.Detector
	// Engine, if set, is what translates: its translator, its memories, and its backend's
	// name, model, limits and context use (translate/engine.Open builds one, as the CLI
	// does). Set it or the three fields below, not both.
	Engine Engine
	// Memory, if set, answers the plan before the Translator (the translation-memory step).
	Memory translate.Memory
	// Translator answers the plan; nil means no backend: foreign captions fall back to their
	// counterparts and other foreign segments stay untranslated with NoBackendReason.
	Translator translate.Translator
	// Exec names the backend and its limits for a bare Translator, and carries the job's
	// glossary (with an Engine too).
	Exec ExecOptions
	// TranslateBoilerplate also sends page leftovers.
	TranslateBoilerplate bool
	// Jobs is how many documents are segmented and detected at once (default: CPUs).
	Jobs int
	// NoBackendReason is the reason recorded when nothing translates (default: the
	// engine's, else "no backend configured").
	NoBackendReason string
	// OnDetected, if set, is called as each document is segmented and detected, from
	// several goroutines at once: progress reporting uses it.
	OnDetected func(*doc.Document)
	// SubtitleFit, if set, checks translated subtitle cues against a viewer's reading limits
	// after align (package subfit; see fitSubtitles).
	SubtitleFit *subfit.Options
}

// errEngineAndTranslator is the error for Options that name both ways to translate.
var errEngineAndTranslator = errors.New("pipeline: set Options.Engine or Options.Translator/Memory/Exec backend facts, not both")

// resolve validates o and fills in its defaults, taking from the engine, in this one place,
// everything it supplies.
func (o Options) resolve() (Options, error) {
	if e := o.Engine; e != nil {
		if o.Translator != nil || o.Memory != nil || o.Exec.Backend != "" || o.Exec.Model != "" ||
			o.Exec.Limits != (translate.Limits{}) || o.Exec.UsesContext {
			return o, errEngineAndTranslator
		}
		if e.CanTranslate() {
			o.Translator = e
		}
		o.Memory = e.Memory()
		o.Exec.Backend, o.Exec.Model = e.Name(), e.Model()
		o.Exec.Limits, o.Exec.UsesContext = e.Limits(), e.UsesContext()
		if o.NoBackendReason == "" && !e.CanTranslate() {
			o.NoBackendReason = e.NoBackendReason()
		}
	}
	if o.Target == language.Und {
		o.Target = language.English
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if o.NoBackendReason == "" {
		o.NoBackendReason = errNoBackend.Error()
	}
	o.Exec = o.Exec.defaults()
	return o, nil
}

func (o Options) planOptions() PlanOptions {
	return PlanOptions{Target: o.Target, Source: o.Source, TranslateBoilerplate: o.TranslateBoilerplate, Context: o.Exec.UsesContext}
}

// Process runs Prepare over docs, then plan, translate and align, as one job: a text that
// occurs in many documents is sent once. It holds every document; a Job streams them.
func Process(ctx context.Context, docs []*doc.Document, o Options) (JobStats, error) {
	if o.Detector == nil {
		return JobStats{}, errors.New("pipeline: Options.Detector is required")
	}
	o, err := o.resolve()
	if err != nil {
		return JobStats{}, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Jobs)
	for _, d := range docs {
		g.Go(func() error {
			if err := Prepare(gctx, o.Detector, d); err != nil {
				return err
			}
			if o.OnDetected != nil {
				o.OnDetected(d)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return JobStats{}, err
	}
	po := o.planOptions()
	plan := newPlan(po)
	for _, d := range docs {
		pd := &planned{d: d}
		for _, it := range plan.Add(d) {
			it.waiting = append(it.waiting, pd) // every document that sent a text counts the request
		}
	}
	var stats JobStats
	if o.Memory != nil && len(plan.Items) > 0 {
		n, err := Recall(ctx, plan, o.Memory)
		if err != nil {
			return stats, err
		}
		stats.Memory = n
	}
	if o.Translator != nil {
		st, err := Execute(ctx, plan, o.Translator, o.Exec)
		st.Memory = stats.Memory
		stats = st
		if err != nil {
			return stats, err
		}
	}
	for _, d := range docs {
		Align(d, plan, po, o.NoBackendReason)
	}
	if err := fitSubtitles(ctx, docs, o, &stats); err != nil {
		return stats, err
	}
	return stats, nil
}
