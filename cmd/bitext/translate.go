package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
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
	jobs                 int
	strict               bool
	translateBoilerplate bool
}

func translateCommand(e env) *cli.Command {
	return &cli.Command{
		Name:         "translate",
		Usage:        "detect, translate and align documents",
		OnUsageError: onUsageError,
		UsageText:    translateUsage + "\n\nPATH is a file, a directory (recursed), or - for stdin. Flags come before paths.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "to", Value: "en", Usage: "target `LANG`uage, BCP 47"},
			&cli.StringFlag{Name: "from", Usage: "source `LANG`uage of every foreign segment (default: detected)"},
			&cli.StringFlag{Name: "backend", Value: "auto", Usage: "auto | google | none"},
			&cli.StringFlag{Name: "endpoint", Usage: "the backend's server `URL` (google: service root or …/language/translate/)"},
			&cli.StringFlag{Name: "model", Usage: "backend model `NAME`, where the backend has models"},
			&cli.StringFlag{Name: "format", Value: "json", Usage: "output format: json | md | merged"},
			&cli.StringFlag{Name: "merge", Value: "bilingual", Usage: "merged output: translations beside the original (bilingual) or in its place (replace)"},
			&cli.StringFlag{Name: "o", Usage: "output `FILE` (one input; default stdout)"},
			&cli.StringFlag{Name: "out-dir", Usage: "output `DIR`ectory for several inputs"},
			&cli.StringFlag{Name: "input-format", Usage: "input format `NAME` when it cannot be sniffed (stdin): text"},
			&cli.IntFlag{Name: "jobs", Usage: "documents segmented and detected at once (default: number of CPUs)"},
			&cli.StringFlag{Name: "cache", Value: "use", Usage: "cache `MODE`: use | off"},
			&cli.BoolFlag{Name: "no-cache", Usage: "same as --cache off"},
			&cli.StringFlag{Name: "cache-dir", Usage: "cache `DIR` (default $BITEXT_CACHE_DIR, else the user cache dir)"},
			&cli.BoolFlag{Name: "strict", Usage: "exit 1 if any planned segment is left without a translation"},
			&cli.BoolFlag{Name: "translate-boilerplate", Usage: "also translate page leftovers (player notices, share lines)"},
		},
		Action: func(c *cli.Context) error {
			o, err := parseTranslate(c)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
			defer stop()
			return runTranslate(ctx, o, e)
		},
	}
}

func parseTranslate(c *cli.Context) (*translateOptions, error) {
	paths, err := checkArgs(c, translateUsage)
	if err != nil {
		return nil, err
	}
	o := &translateOptions{paths: paths, backend: c.String("backend"), endpoint: c.String("endpoint"),
		model: c.String("model"), format: c.String("format"), output: c.String("o"), outDir: c.String("out-dir"),
		inputFormat: c.String("input-format"), cacheMode: c.String("cache"), cacheDir: c.String("cache-dir"),
		jobs: c.Int("jobs"), strict: c.Bool("strict"), translateBoilerplate: c.Bool("translate-boilerplate")}
	if o.to, err = language.Parse(c.String("to")); err != nil {
		return nil, usageError("--to %q: not a BCP 47 language tag", c.String("to"))
	}
	if f := c.String("from"); f != "" {
		if o.from, err = language.Parse(f); err != nil {
			return nil, usageError("--from %q: not a BCP 47 language tag", f)
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
	if o.cacheMode != "use" && o.cacheMode != "off" {
		return nil, usageError("--cache %q: want use or off", o.cacheMode)
	}
	if o.endpoint != "" && (o.backend == backends.Auto || o.backend == backends.None) {
		return nil, usageError("--endpoint needs an explicit --backend (not %s)", o.backend)
	}
	if o.output != "" && o.outDir != "" {
		return nil, usageError("-o and --out-dir cannot be used together")
	}
	if o.jobs < 0 {
		return nil, usageError("--jobs %d: must be positive", o.jobs)
	}
	return o, nil
}

// input is one file to process and where its output goes.
type input struct {
	path string
	rel  string // path relative to its input root, for --out-dir
}

// expand walks directories for files a reader claims.
func expand(paths []string, g *format.Registry) ([]input, []error) {
	var (
		ins  []input
		errs []error
	)
	for _, p := range paths {
		st, err := os.Stat(p)
		if p == "-" || err != nil || !st.IsDir() {
			ins = append(ins, input{path: p, rel: filepath.Base(p)})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("read %s: %w", path, err))
				return nil
			}
			if d.Type().IsRegular() && g.Claims(path) {
				rel, _ := filepath.Rel(p, path)
				ins = append(ins, input{path: path, rel: rel})
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", p, err))
		}
	}
	return ins, errs
}

func runTranslate(ctx context.Context, o *translateOptions, e env) error {
	formats := pipeline.DefaultFormats()
	inputs, failed := expand(o.paths, formats)
	if len(inputs) > 1 && o.outDir == "" {
		return usageError("%d inputs need --out-dir DIR (or give one input)", len(inputs))
	}
	if len(inputs) > 1 && o.output != "" {
		return usageError("-o takes one input; use --out-dir for %d inputs", len(inputs))
	}

	cfg := translate.Config{Endpoint: o.endpoint, Model: o.model, Getenv: e.getenv}
	reg := backends.Default()
	b, err := backends.Resolve(reg, o.backend, cfg)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	var (
		tr      translate.Translator
		exec    pipeline.ExecOptions
		noteWhy = "no backend configured"
	)
	if (o.backend == backends.Auto || o.backend == "") && (b == nil || backends.Local(b.Name)) {
		note := backends.NotConfiguredHint(reg)
		if b != nil {
			note += " Meanwhile " + b.Name + " (installed here) translates the language pairs it has."
		}
		fmt.Fprintf(e.stderr, "bitext: note: %s\n", note)
	}
	switch {
	case b != nil:
		stack := backends.Stack{}
		if o.cacheMode == "use" {
			store := openCache(o.cacheDir, e)
			if store != nil {
				defer store.Close()
				stack.Cache = middleware.Cache(store, b.Name)
			}
		}
		if tr, err = backends.Open(ctx, b, cfg, stack); err != nil {
			return &exitError{exitUsage, err}
		}
		exec = pipeline.ExecOptions{Backend: b.Name, Model: o.model, Limits: b.Limits}
	case o.backend == backends.None:
		noteWhy = "backend none"
	}

	det, err := detect.New(detect.Options{})
	if err != nil {
		return err
	}
	var docs []*doc.Document
	var done []input
	for _, in := range inputs {
		d, err := pipeline.ReadFile(formats, in.path, o.inputFormat, e.stdin)
		if err != nil {
			failed = append(failed, err)
			continue
		}
		docs = append(docs, d)
		done = append(done, in)
	}
	for _, err := range failed {
		fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(err.Error()))
	}
	if len(docs) == 0 {
		return &exitError{exitUsage, errors.New("no input could be read")}
	}

	stats, err := pipeline.Process(ctx, docs, pipeline.Options{Target: o.to, Source: o.from, Detector: det,
		Translator: tr, Exec: exec, TranslateBoilerplate: o.translateBoilerplate, Jobs: o.jobs, NoBackendReason: noteWhy})
	if err != nil {
		return &exitError{exitPartial, err}
	}

	ext := ""
	if out, ok := formats.Renderer(o.format); ok {
		ext = out.Ext
	}
	written, untranslated := 0, 0
	for i, d := range docs {
		var buf bytes.Buffer
		if err := pipeline.Render(&buf, formats, o.format, d, o.merge); err != nil {
			failed = append(failed, err)
			fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(err.Error()))
			continue
		}
		if err := writeOutput(o, done[i], ext, buf.Bytes(), e.stdout); err != nil {
			failed = append(failed, err)
			fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(err.Error()))
			continue
		}
		written++
		for _, s := range d.Segments() {
			if t := s.Translation; t != nil && t.Origin == doc.None && t.Reason != "boilerplate" {
				untranslated++
			}
		}
	}
	summary(e.stderr, docs, stats, failed, exec.Backend)
	switch {
	case len(failed) > 0 && written == 0:
		return &exitError{exitUsage, errors.New("")}
	case len(failed) > 0 || stats.Failed > 0:
		return &exitError{exitPartial, errors.New("")}
	case o.strict && untranslated > 0:
		return &exitError{exitPartial, fmt.Errorf("--strict: %d segments left without a translation", untranslated)}
	}
	return nil
}

func openCache(dir string, e env) *cache.Store {
	if dir == "" {
		dir = e.getenv("BITEXT_CACHE_DIR")
	}
	if dir == "" {
		ucd, err := os.UserCacheDir()
		if err != nil {
			fmt.Fprintf(e.stderr, "bitext: warning: no cache: %v\n", err)
			return nil
		}
		dir = filepath.Join(ucd, "bitext")
	}
	s, err := cache.Open(dir)
	if err != nil {
		// A cache that cannot be opened must not fail the job: run without it.
		fmt.Fprintf(e.stderr, "bitext: warning: running without a cache: %s\n", oneLine(err.Error()))
		return nil
	}
	return s
}

// writeOutput writes one document's output: under --out-dir as <path relative to the input
// root><ext> (merged output, with no ext, keeps the input's own name), to -o, or to stdout.
func writeOutput(o *translateOptions, in input, ext string, data []byte, stdout io.Writer) error {
	switch {
	case o.outDir != "":
		return writeFileAtomic(filepath.Join(o.outDir, in.rel+ext), data)
	case o.output != "" && o.output != "-":
		return writeFileAtomic(o.output, data)
	}
	_, err := stdout.Write(data)
	return err
}

// writeFileAtomic writes data to a temporary file beside path and renames it into place,
// so a crash never leaves a half-written output.
func writeFileAtomic(path string, data []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func summary(w io.Writer, docs []*doc.Document, st pipeline.JobStats, failed []error, backend string) {
	var segs, foreign, translated int
	for _, d := range docs {
		segs += d.Stats.Segments
		foreign += d.Stats.Foreign
		translated += d.Stats.Translated
	}
	var b strings.Builder
	fmt.Fprintf(&b, "bitext: %d document(s), %d segments, %d foreign, %d translated", len(docs), segs, foreign, translated)
	if backend != "" {
		fmt.Fprintf(&b, "; %s: %d request(s), %d characters sent", backend, st.Requests, st.Characters)
		if st.Failed > 0 {
			fmt.Fprintf(&b, ", %d text(s) failed", st.Failed)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(&b, "; %d input(s) failed", len(failed))
	}
	fmt.Fprintln(w, b.String())
}
