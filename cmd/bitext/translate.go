package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/subfit"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/engine"
	"github.com/seed77ff/bitext/translate/glossary"
	"github.com/seed77ff/bitext/translate/middleware"
)

const translateUsage = "bitext translate [flags] PATH..."

// translateOptions are the parsed flags of `bitext translate`.
type translateOptions struct {
	paths                []string
	to, from             language.Tag
	backend, endpoint    string
	model                string
	format               string
	merge                format.MergeMode
	output, outDir       string
	inputFormat          string
	cacheMode, cacheDir  string
	tm                   []string
	jobs                 int
	maxRequests          int
	requestTimeout       time.Duration
	strict               bool
	translateBoilerplate bool
	include, exclude     []string
	progress             string
	dryRun               bool
	maxInputSize         int64
	// glossary is --glossary FILE, parsed; glossaryID is --glossary deepl:<id> or
	// googlev3:<id>, a glossary the provider already holds.
	glossary   *glossary.Glossary
	glossaryID string
	subtitle   *subfit.Options // --subtitle-profile, --subtitle-fit, --subtitle-condense (subtitle.go)
	// maxTexts, maxBytes lower the backend's per-request limits; quiet silences progress,
	// notes and the summary; summaryJSON is where the summary goes as JSON too.
	maxTexts, maxBytes int
	quiet              bool
	summaryJSON        string
}

func translateCommand(e env) *cli.Command {
	return &cli.Command{
		Name:         "translate",
		Usage:        "detect, translate and align documents",
		OnUsageError: onUsageError,
		UsageText:    translateUsage + "\n\nPATH is a file, a directory (recursed), or - for stdin. Flags come before paths.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "to", Value: "en", Usage: "target `LANG`uage, BCP 47"},
			&cli.StringFlag{Name: "from", Usage: "source `LANG`uage of every foreign segment (default: detected)"},
			&cli.StringFlag{Name: "backend", Value: "auto", Usage: backendNames() + " ('bitext backends' lists them)"},
			&cli.StringSliceFlag{Name: "tm", Usage: "TMX translation memory `FILE` used before the backend (repeatable)"},
			&cli.StringFlag{Name: "glossary", Usage: "glossary `FILE`, TSV or CSV: source<TAB>target per line (# comments; optional header he<TAB>en); or deepl:<id> / googlev3:<id>, a glossary the provider holds"},
			&cli.StringFlag{Name: "endpoint", Usage: "the backend's server `URL` (google: service root or …/language/translate/; google-v3: host:port; deepl, libre: service root; openai: base including /v1)"},
			&cli.StringFlag{Name: "model", Usage: "backend model `NAME`, where the backend has models (required for openai; deepl: model_type)"},
			&cli.StringFlag{Name: "format", Value: "json", Usage: "output format: " + strings.Join(append(pipeline.DefaultFormats().RendererNames(), pipeline.Merged), " | ") + " (html: the review page; merged: the input in its own format)"},
			&cli.StringFlag{Name: "merge", Value: "bilingual", Usage: "merged output: translations beside the original (bilingual) or in its place (replace)"},
			&cli.StringFlag{Name: "o", Usage: "output `FILE` (one input; default stdout)"},
			&cli.StringFlag{Name: "out-dir", Usage: "output `DIR`ectory for several inputs"},
			inputFormatFlag(),
			&cli.IntFlag{Name: "jobs", Usage: "documents segmented and detected at once (default: number of CPUs)"},
			&cli.IntFlag{Name: "max-requests", Usage: "backend requests in flight, shared by all documents (default: the backend's, 4 for cloud backends)"},
			&cli.StringFlag{Name: "cache", Value: "use", Usage: "cache `MODE`: use | off | verify (re-ask the backend for cached texts and report changed translations)"},
			&cli.BoolFlag{Name: "no-cache", Usage: "same as --cache off"},
			&cli.StringFlag{Name: "cache-dir", Usage: "cache `DIR` (default $BITEXT_CACHE_DIR, else the user cache dir)"},
			&cli.BoolFlag{Name: "strict", Usage: "exit 1 if any planned segment is left without a translation"},
			&cli.BoolFlag{Name: "translate-boilerplate", Usage: "also translate page leftovers (player notices, share lines)"},
			&cli.StringSliceFlag{Name: "include", Usage: "in directories, take only files matching `GLOB` (repeatable; *.txt, news/**/*.html)"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "in directories, skip files and directories matching `GLOB` (repeatable)"},
			&cli.StringFlag{Name: "progress", Value: "auto", Usage: "`MODE`: auto (a bar on a terminal) | plain (periodic lines) | none"},
			&cli.BoolFlag{Name: "dry-run", Usage: "detect and plan only: print what would be sent and its estimated cost; no backend call"},
			maxInputSizeFlag(),
			&cli.DurationFlag{Name: "timeout", Usage: "stop the job after `DURATION` (e.g. 30m), exiting non-zero with the reason (default: none)"},
			&cli.DurationFlag{Name: "request-timeout", Value: backends.DefaultAttemptTimeout, Usage: "abandon and retry one backend request after `DURATION`"},
			&cli.IntFlag{Name: "max-texts", Usage: "at most `N` texts per request (lowers the backend's own limit)"},
			&cli.IntFlag{Name: "max-bytes", Usage: "at most `N` bytes of text per request (lowers the backend's own limit)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress, notes or summary on stderr (errors and warnings still)"},
			&cli.StringFlag{Name: "summary-json", Usage: "also write the run's summary as JSON to `FILE` (for CI; counts add up over shards)"},
		}, subtitleFlags()...),
		Action: func(c *cli.Context) error {
			o, err := parseTranslate(c)
			if err != nil {
				return err
			}
			ctx, stop := interruptible(c.Context, c.Duration("timeout"))
			defer stop()
			return runTranslate(ctx, o, e)
		},
	}
}

// backendNames lists what --backend takes, from the registry.
func backendNames() string {
	return strings.Join(append([]string{backends.Auto}, append(backends.Default().Names(), backends.TM, backends.None)...), " | ")
}

// inputFormatFlag is --input-format, its help listing the registered readers.
func inputFormatFlag() cli.Flag {
	return &cli.StringFlag{Name: "input-format", Usage: "input format `NAME` when it cannot be sniffed (stdin): " +
		strings.Join(pipeline.DefaultFormats().ReaderNames(), " | ")}
}

func parseTranslate(c *cli.Context) (*translateOptions, error) {
	paths, err := checkArgs(c, translateUsage)
	if err != nil {
		return nil, err
	}
	o := &translateOptions{paths: paths, backend: c.String("backend"), endpoint: c.String("endpoint"),
		model: c.String("model"), format: c.String("format"), output: c.String("o"), outDir: c.String("out-dir"),
		inputFormat: c.String("input-format"), cacheMode: c.String("cache"), cacheDir: c.String("cache-dir"),
		jobs: c.Int("jobs"), maxRequests: c.Int("max-requests"), strict: c.Bool("strict"), translateBoilerplate: c.Bool("translate-boilerplate")}
	if o.to, err = language.Parse(c.String("to")); err != nil {
		return nil, usageError("--to %q: not a BCP 47 language tag", c.String("to"))
	}
	if f := c.String("from"); f != "" {
		if o.from, err = language.Parse(f); err != nil {
			return nil, usageError("--from %q: not a BCP 47 language tag", f)
		}
		if doc.SameLanguage(o.from, o.to) {
			return nil, usageError("--from %s and --to %s are the same language: there is nothing to translate", o.from, o.to)
		}
	}
	if _, ok := pipeline.DefaultFormats().Renderer(o.format); !ok && o.format != pipeline.Merged {
		return nil, usageError("--format %q: want one of %s", o.format, strings.Join(append(pipeline.DefaultFormats().RendererNames(), pipeline.Merged), ", "))
	}
	switch m := format.MergeMode(c.String("merge")); m {
	case format.MergeBilingual, format.MergeReplace:
		o.merge = m
	default:
		return nil, usageError("--merge %q: want bilingual or replace", m)
	}
	if c.Bool("no-cache") {
		o.cacheMode = "off"
	}
	if o.cacheMode != "use" && o.cacheMode != "off" && o.cacheMode != "verify" {
		return nil, usageError("--cache %q: want use, off or verify", o.cacheMode)
	}
	o.tm = c.StringSlice("tm")
	if err := parseGlossary(c.String("glossary"), o); err != nil {
		return nil, err
	}
	if o.endpoint != "" && (o.backend == backends.Auto || o.backend == backends.None || o.backend == backends.TM) {
		return nil, usageError("--endpoint needs an explicit --backend (not %s)", o.backend)
	}
	if o.output != "" && o.outDir != "" {
		return nil, usageError("-o and --out-dir cannot be used together")
	}
	if o.jobs < 0 {
		return nil, usageError("--jobs %d: must be positive", o.jobs)
	}
	if o.requestTimeout = c.Duration("request-timeout"); o.requestTimeout <= 0 {
		return nil, usageError("--request-timeout %s: must be positive", o.requestTimeout)
	}
	if c.Duration("timeout") < 0 {
		return nil, usageError("--timeout %s: must be positive", c.Duration("timeout"))
	}
	if o.maxRequests < 0 {
		return nil, usageError("--max-requests %d: must be positive", o.maxRequests)
	}
	o.include, o.exclude, o.progress, o.dryRun = c.StringSlice("include"), c.StringSlice("exclude"), c.String("progress"), c.Bool("dry-run")
	if err := pipeline.ValidateGlobs(append(o.include, o.exclude...)); err != nil {
		return nil, usageError("--include/--exclude: %v", err)
	}
	if o.maxInputSize, err = parseMaxInputSize(c); err != nil {
		return nil, err
	}
	if o.subtitle, err = parseSubtitleFit(c, o.backend); err != nil {
		return nil, err
	}
	switch o.progress {
	case "auto", "plain", "none":
	default:
		return nil, usageError("--progress %q: want auto, plain or none", o.progress)
	}
	o.maxTexts, o.maxBytes, o.quiet, o.summaryJSON = c.Int("max-texts"), c.Int("max-bytes"), c.Bool("quiet"), c.String("summary-json")
	if o.maxTexts < 0 || o.maxBytes < 0 {
		return nil, usageError("--max-texts and --max-bytes must be positive")
	}
	if o.quiet {
		o.progress = "none"
	}
	return o, nil
}

// parseGlossary reads --glossary into o: a file (errors name it and the line), or the ID of
// a glossary the provider holds ("deepl:<id>", "googlev3:<id>") when no such file exists.
func parseGlossary(v string, o *translateOptions) error {
	if v == "" {
		return nil
	}
	if strings.HasPrefix(v, "deepl:") || strings.HasPrefix(v, "googlev3:") {
		if _, err := os.Stat(v); errors.Is(err, os.ErrNotExist) {
			o.glossaryID = v
			return nil
		}
	}
	g, err := glossary.ReadFile(v)
	if err != nil {
		return usageError("--glossary: %v", err)
	}
	if g.Target != language.Und && !doc.SameLanguage(g.Target, o.to) {
		return usageError("--glossary %s is a glossary into %s, but --to is %s", v, g.Target, o.to)
	}
	o.glossary = g
	return nil
}

// input is one file to process and where its output goes.
type input struct {
	path string
	rel  string // path relative to its input root, for --out-dir
}

// expand walks directories for files a reader claims (see pipeline.Walk).
func expand(paths []string, g *format.Registry) ([]input, []error) {
	ins, errs := pipeline.Walk(paths, pipeline.WalkOptions{Formats: g})
	out := make([]input, len(ins))
	for i, in := range ins {
		out[i] = input{path: in.Path, rel: in.Rel}
	}
	return out, errs
}

// engineSpec is the engine the flags describe.
func (o *translateOptions) engineSpec(e env) engine.Spec {
	s := engine.Spec{Backend: o.backend, Endpoint: o.endpoint, Model: o.model, Getenv: e.getenv,
		Cache: engine.CacheMode(o.cacheMode), CacheDir: o.cacheDir, TM: o.tm,
		MaxRequests: o.maxRequests, MaxTexts: o.maxTexts, MaxBytes: o.maxBytes, RequestTimeout: o.requestTimeout, DryRun: o.dryRun}
	s.OnWarning = func(err error) { fmt.Fprintf(e.stderr, "bitext: warning: %s\n", oneLine(err.Error())) }
	s.Languages = answerGate()
	s.OnFallback = func(from string, err error, to []string) {
		fmt.Fprintf(e.stderr, "bitext: %s: %s; falling back to %s for the language pairs it has\n",
			from, oneLine(err.Error()), strings.Join(to, ", "))
	}
	if o.cacheMode == string(engine.CacheVerify) {
		var mu sync.Mutex // the cache calls back from every worker
		s.OnChanged = func(c middleware.Changed) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(e.stderr, "bitext: cache verify: %s→%s %q: was %q, now %q\n", c.Source, c.Target, c.Text, c.Old, c.New)
		}
	}
	return s
}

// runTranslate is the whole command: flags → engine → job → summary.
func runTranslate(ctx context.Context, o *translateOptions, e env) error {
	formats := pipeline.DefaultFormats()
	inputs, failed := pipeline.Walk(o.paths, pipeline.WalkOptions{Formats: formats, Include: o.include, Exclude: o.exclude,
		Skip: []string{o.outDir}}) // never the job's own outputs
	if len(inputs) == 0 && len(failed) == 0 {
		return usageError("no document to read: %s holds no file a reader takes (.txt, .html, .md, .srt, .vtt…; see --include and --exclude)", strings.Join(o.paths, ", "))
	}
	for i := range inputs {
		if inputs[i].Path == "-" {
			inputs[i].Reader = e.stdin
		}
	}
	// JSON Lines name the file on every line, so several inputs can share stdout.
	if len(inputs) > 1 && o.outDir == "" && !o.dryRun && (o.format != "jsonl" || o.output != "") {
		return usageError("%d inputs need --out-dir DIR (or give one input; --format jsonl may go to stdout)", len(inputs))
	}
	if len(inputs) > 1 && o.output != "" {
		return usageError("-o takes one input; use --out-dir for %d inputs", len(inputs))
	}

	eng, err := engine.Open(ctx, backends.Default(), o.engineSpec(e))
	if err != nil {
		return &exitError{exitUsage, err}
	}
	defer func() {
		if err := eng.Close(); err != nil { // a damaged cache moved aside, say
			fmt.Fprintf(e.stderr, "bitext: warning: %s\n", oneLine(err.Error()))
		}
	}()
	if note := eng.Note(); note != "" && !o.quiet {
		fmt.Fprintf(e.stderr, "bitext: note: %s\n", note)
	}
	jo := pipeline.JobOptions{
		Options: pipeline.Options{Target: o.to, Source: o.from, Engine: eng,
			Exec:                 pipeline.ExecOptions{Glossary: o.glossary, GlossaryID: o.glossaryID},
			TranslateBoilerplate: o.translateBoilerplate, Jobs: o.jobs, SubtitleFit: o.subtitle},
		Formats: formats, InputFormat: o.inputFormat, Output: o.format, Merge: o.merge,
		OutDir: o.outDir, OutFile: o.output, Stdout: e.stdout, MaxInputSize: o.maxInputSize,
	}
	for _, err := range failed {
		fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(err.Error()))
	}
	if o.dryRun {
		return dryRun(ctx, jo, inputs, o.format == "json", e)
	}
	bar := newProgressBar(o.progress, e.stderr, time.Now)
	jo.Progress = bar.update
	job, err := pipeline.NewJob(jo)
	if err != nil {
		return err
	}
	if err := job.CheckOutputs(inputs); err != nil {
		return &exitError{exitUsage, err}
	}
	sum, runErr := job.Run(ctx, inputs, func(r pipeline.Result) {
		if r.Err != nil {
			bar.clear()
			fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(r.Err.Error()))
		}
		if r.Doc != nil {
			for _, w := range r.Doc.Warnings {
				bar.clear()
				fmt.Fprintf(e.stderr, "bitext: warning: %s: %s\n", r.Input.Path, oneLine(w))
			}
		}
		warnResult(e, r, bar.clear)
	})
	bar.clear()
	rep := newReport(len(inputs), sum, failed, eng)
	if o.cacheMode == string(engine.CacheVerify) {
		fmt.Fprintf(e.stderr, "bitext: cache verify: %d of %d cached translations changed\n", rep.stats.Changed, rep.stats.CacheHits)
	}
	if sum.Stopped != nil {
		// A bad key or a quota gone: say why once, not once per segment.
		fmt.Fprintf(e.stderr, "bitext: %s stopped the job: %s\n", eng.Name(), rep.Stopped)
	}
	exit := o.outcome(ctx, runErr, rep)
	if !o.quiet {
		fmt.Fprintln(e.stderr, rep.line())
	}
	if rep.Interrupted || rep.TimedOut {
		fmt.Fprintf(e.stderr, "bitext: %s\n", resumeHint(rep, eng.Store() != nil))
	}
	if o.summaryJSON != "" {
		var buf bytes.Buffer
		if err := rep.writeJSON(&buf); err == nil {
			err = pipeline.WriteFileAtomic(o.summaryJSON, buf.Bytes())
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "bitext: --summary-json: %s\n", oneLine(err.Error()))
			if exit == nil {
				exit = &exitError{exitPartial, errors.New("")}
			}
		}
	}
	return exit
}

// outcome decides the exit code of a run from how it ended and what it did, records it in
// rep, and returns the error main exits with (nil for 0).
func (o *translateOptions) outcome(ctx context.Context, runErr error, rep *report) error {
	var exit *exitError
	cause := context.Cause(ctx)
	var timeout *timeoutError
	nFailed := rep.failed()
	switch {
	case runErr != nil && errors.Is(cause, errInterrupted):
		rep.Interrupted = true
		exit = &exitError{exitInterrupted, errors.New("")}
	case runErr != nil && errors.As(cause, &timeout):
		rep.TimedOut = true
		exit = &exitError{exitPartial, errors.New("")}
	case runErr != nil:
		exit = &exitError{exitPartial, runErr}
	case rep.Documents == 0 && nFailed > 0:
		exit = &exitError{exitUsage, errors.New("no input could be read")}
	case nFailed > 0 && rep.Written == 0:
		exit = &exitError{exitUsage, errors.New("")}
	case nFailed > 0 || rep.FailedTexts > 0:
		exit = &exitError{exitPartial, errors.New("")}
	case o.strict && rep.Untranslated > 0:
		exit = &exitError{exitPartial, fmt.Errorf("--strict: %d segments left without a translation", rep.Untranslated)}
	case o.strict && rep.NotStored > 0:
		exit = &exitError{exitPartial, fmt.Errorf("--strict: %d answers could not be stored in the cache", rep.NotStored)}
	}
	if exit == nil {
		rep.ExitCode = exitOK
		return nil
	}
	rep.ExitCode = exit.code
	return exit
}

// resumeHint says what an interrupted or timed-out run leaves behind: outputs written whole,
// and the answers received, which the cache keeps for the rerun.
func resumeHint(rep *report, cached bool) string {
	how := "interrupted"
	if rep.TimedOut {
		how = "--timeout reached"
	}
	s := fmt.Sprintf("%s: %d of %d document(s) written; %d answer(s) received", how, rep.Written, rep.Inputs, rep.stats.Answered)
	switch {
	case !cached:
		return s + " (no cache: a rerun pays for them again)"
	case rep.NotStored > 0:
		return s + fmt.Sprintf(", %d of them not stored; run the same command again to resume", rep.NotStored)
	}
	return s + ", all stored in the cache; run the same command again to resume"
}

// writeFileAtomic writes an output file so that a kill never leaves it half-written; see
// pipeline.WriteFileAtomic.
func writeFileAtomic(path string, data []byte) error {
	return pipeline.WriteFileAtomic(path, data)
}

// The engine the CLI opens is the one a job takes.
var _ pipeline.Engine = (*engine.Engine)(nil)
