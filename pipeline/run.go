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

// Options configure Process. Detector is required; the rest have defaults.
type Options struct {
	// Target is the language to translate into (default English).
	Target language.Tag
	// Source, if set, is the source language of every foreign segment instead of the detected one.
	Source language.Tag
	// Detector finds segment languages.
	Detector *detect.Detector
	// Memory, if set, answers the plan before the Translator (the translation-memory step).
	Memory translate.Memory
	// Translator answers the plan; nil means no backend: foreign captions fall back to their
	// counterparts and other foreign segments stay untranslated with NoBackendReason.
	Translator translate.Translator
	// Exec names the backend and its limits.
	Exec ExecOptions
	// TranslateBoilerplate also sends page leftovers.
	TranslateBoilerplate bool
	// Jobs is how many documents are segmented and detected at once (default: CPUs).
	Jobs int
	// NoBackendReason is the reason recorded when Translator is nil (default "no backend configured").
	NoBackendReason string
	// OnDetected, if set, is called as each document is segmented and detected, from
	// several goroutines at once: progress reporting uses it.
	OnDetected func(*doc.Document)
	// SubtitleFit, if set, checks translated subtitle cues against a viewer's reading limits
	// after align (package subfit; see fitSubtitles).
	SubtitleFit *subfit.Options
}

// Process runs segment, detect, plan, translate and align over docs, which form one job:
// a text that occurs in many documents is sent once.
func Process(ctx context.Context, docs []*doc.Document, o Options) (JobStats, error) {
	if o.Detector == nil {
		return JobStats{}, errors.New("pipeline: Options.Detector is required")
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
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Jobs)
	for _, d := range docs {
		g.Go(func() error {
			Segment(d)
			if err := Detect(gctx, o.Detector, d); err != nil {
				return err
			}
			// Sentence rules are language-specific (German ordinals, Arabic "،"): once the
			// document's language is known, segment again with its rules where they differ.
			if langChangesSentences(d, d.Lang) {
				SegmentLang(d, d.Lang)
				if err := Detect(gctx, o.Detector, d); err != nil {
					return err
				}
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
	po := PlanOptions{Target: o.Target, Source: o.Source, TranslateBoilerplate: o.TranslateBoilerplate}
	plan := NewPlan(docs, po)
	var stats JobStats
	if o.Memory != nil && len(plan.Items) > 0 {
		n, err := Recall(ctx, plan, o.Memory)
		if err != nil {
			return stats, err
		}
		stats.Memory = n
	}
	if todo := plan.pending(); o.Translator != nil && len(todo.Items) > 0 {
		mem := stats.Memory
		var err error
		if stats, err = Execute(ctx, todo, o.Translator, o.Exec); err != nil {
			return stats, err
		}
		stats.Memory = mem
	}
	for _, d := range docs {
		Align(d, plan, po, o.NoBackendReason)
	}
	if err := fitSubtitles(ctx, docs, o, &stats); err != nil {
		return stats, err
	}
	return stats, nil
}
