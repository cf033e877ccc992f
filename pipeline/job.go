package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/translate"
)

// JobOptions configure a Job. The zero value is usable: it detects with every language,
// translates into English with no backend (foreign captions get the document's own
// counterpart), and renders nothing, so Run only hands back documents.
type JobOptions struct {
	// Options are the stage options, as for Process: Target, Source, Engine (or a bare
	// Translator with Exec naming it), TranslateBoilerplate, Jobs and NoBackendReason.
	// Detector may be nil: NewJob then makes one over every language (its models are read
	// in place from the binary, so that costs next to nothing).
	Options
	// Formats finds readers and renderers; nil means DefaultFormats().
	Formats *format.Registry
	// InputFormat names the reader for every input; empty sniffs each by extension and content.
	InputFormat string
	// Output is the output format Run renders each document in (a renderer name such as
	// "json", or Merged); empty renders nothing.
	Output string
	// Merge is the mode of Merged output (default format.MergeBilingual).
	Merge format.MergeMode
	// OutDir, if set, is where Run writes each output, at OutputPath(OutDir, input, ext).
	// Otherwise OutFile, if set, receives the output of a single input; otherwise Stdout.
	// Every file is written atomically (WriteFileAtomic).
	OutDir, OutFile string
	// Stdout receives outputs when neither OutDir nor OutFile is set; nil discards them.
	Stdout io.Writer
	// Price is the backend's dated list price per million billed characters, for the cost
	// estimates in Summary and Estimate; the zero value means free. With an Engine, its
	// backend's price is used.
	Price translate.Price
	// Window is the most documents a run holds at once (default DefaultWindow): read and
	// waiting for translations, or written and not yet released. A run's memory grows with
	// its window and its distinct foreign texts, never with its number of documents. A text
	// is sent once per job whatever the window; a window smaller than the job only costs
	// requests: when it is full, the texts the oldest document waits for are sent even if
	// their request is not full.
	Window int
	// Progress, if set, is called after every step of the job with a snapshot of its
	// progress; calls do not overlap, and a slow Progress slows the job.
	Progress func(Progress)
	// MaxInputSize is the largest input read, in bytes; a larger one fails with a
	// *TooLargeError before it is read into memory. Zero means the package's MaxInputSize.
	MaxInputSize int64
}

// DefaultWindow is JobOptions.Window's default: room for the 900-article job of the
// benchmarks to fill every request, in some 16 MB of documents.
const DefaultWindow = 1024

// Job runs bitext's whole pipeline — read, segment, detect, plan, translate, align,
// render, write — over documents, files or readers; it is what `bitext translate` runs.
// A Job may be used for several runs, one at a time.
type Job struct {
	o       JobOptions
	formats *format.Registry
	out     *format.Renderer
}

// Options returns the job's options with their defaults filled in.
func (j *Job) Options() JobOptions { return j.o }

// NewJob validates o, fills in its defaults and returns a Job.
func NewJob(o JobOptions) (*Job, error) {
	if o.Formats == nil {
		o.Formats = DefaultFormats()
	}
	if o.Engine != nil {
		o.Price = o.Engine.Price()
	}
	var err error
	if o.Options, err = o.Options.resolve(); err != nil {
		return nil, err
	}
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.Merge == "" {
		o.Merge = format.MergeBilingual
	}
	if o.Merge != format.MergeBilingual && o.Merge != format.MergeReplace {
		return nil, fmt.Errorf("pipeline: merge mode %q: want %s or %s", o.Merge, format.MergeBilingual, format.MergeReplace)
	}
	if o.OutDir != "" && o.OutFile != "" {
		return nil, errors.New("pipeline: OutDir and OutFile cannot both be set")
	}
	if o.InputFormat != "" {
		if _, ok := o.Formats.Lookup(o.InputFormat); !ok {
			return nil, fmt.Errorf("pipeline: unknown input format %q", o.InputFormat)
		}
	}
	j := &Job{o: o, formats: o.Formats}
	if o.Output != "" && o.Output != Merged {
		r, ok := o.Formats.Renderer(o.Output)
		if !ok {
			return nil, fmt.Errorf("pipeline: unknown output format %q", o.Output)
		}
		j.out = r
	}
	if j.o.Detector == nil {
		det, err := detect.New(detect.Options{})
		if err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
		j.o.Detector = det
	}
	return j, nil
}

// Result is what Run reports for one input, once it is finished.
type Result struct {
	Input Input
	// Doc is the translated document; nil when the input could not be read.
	Doc *doc.Document
	// Output is the file written, empty when the output went to Stdout or nowhere.
	Output string
	// Err is why this input failed (unreadable, undetectable, unwritable); the job goes on.
	Err error
	// Warnings are problems of the output that did not fail the input (XLIFF 2.0 documents
	// of other source languages that stdout cannot take).
	Warnings []string
}

// Failure is one input that failed, for the summary.
type Failure struct {
	Path string
	Err  error
}

// Cost is a price in a currency, as of the date the price list was read.
type Cost struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
	PricedOn string  `json:"priced_on"`
}

// CostOf is what units billed units cost at price p (per million units). A zero price is
// free, in USD.
func CostOf(units int, p translate.Price) Cost {
	c := Cost{Amount: float64(units) * p.PerMillion / 1e6, Currency: p.Currency, PricedOn: p.PricedOn}
	if c.Currency == "" {
		c.Currency = "USD"
	}
	return c
}

// Summary is what a run did, for the CLI's summary on stderr and for library callers.
type Summary struct {
	// Documents counts inputs read; Written counts outputs rendered and delivered.
	Documents, Written int
	// Segments counts every segment; Foreign the occurrences in a language other than the
	// target (und is never foreign), also by language (BCP 47).
	Segments, Foreign int
	ForeignByLang     map[string]int
	// Translated counts foreign segments with a translation, by origin (mt, tm, document);
	// FromCache those of them that came from the cache.
	Translated map[doc.Origin]int
	FromCache  int
	// Untranslated counts foreign segments left with origin none, page leftovers aside.
	Untranslated int
	// Requests, Characters and FailedTexts are what the backend was sent (JobStats).
	Requests, Characters, FailedTexts int
	// Stopped is the error that stopped the backend for the rest of the job (a bad key, a
	// quota gone), nil when none did.
	Stopped error
	// Cost is Characters at JobOptions.Price.
	Cost Cost
	// Failures are the inputs that failed, in input order.
	Failures []Failure
}

func (s *Summary) addDoc(d *doc.Document) {
	if s.ForeignByLang == nil {
		s.ForeignByLang, s.Translated = map[string]int{}, map[doc.Origin]int{}
	}
	s.Documents++
	for _, b := range d.Blocks {
		for _, seg := range b.Segments {
			s.Segments++
			if !seg.Foreign(d.Target) {
				continue
			}
			s.Foreign++
			s.ForeignByLang[seg.Lang.String()]++
			t := seg.Translation
			switch {
			case t == nil:
			case t.Origin == doc.None:
				if t.Reason != "boilerplate" {
					s.Untranslated++
				}
			default:
				s.Translated[t.Origin]++
				if t.Cached {
					s.FromCache++
				}
			}
		}
	}
}

// Langs returns the keys of ForeignByLang, most frequent first, then by tag.
func (s *Summary) Langs() []string {
	var ls []string
	for l := range s.ForeignByLang {
		ls = append(ls, l)
	}
	sort.Slice(ls, func(a, b int) bool {
		na, nb := s.ForeignByLang[ls[a]], s.ForeignByLang[ls[b]]
		return na > nb || na == nb && ls[a] < ls[b]
	})
	return ls
}

// TranslateDocument runs segment, detect, plan, translate and align over d, read already
// (see Read and ReadFile). It returns an error when d cannot be detected or ctx is done.
func (j *Job) TranslateDocument(ctx context.Context, d *doc.Document) error {
	o := j.o.Options
	o.Engine = nil // resolved already: its translator and facts are in o
	_, err := Process(ctx, []*doc.Document{d}, o)
	return err
}

// TranslateReader reads one document named name from r (the format sniffed from name and
// content unless JobOptions.InputFormat says) and translates it.
func (j *Job) TranslateReader(ctx context.Context, name string, r io.Reader) (*doc.Document, error) {
	data, err := readLimited(name, r, j.maxInputSize())
	if err != nil {
		return nil, err
	}
	d, err := Read(j.formats, name, data, j.o.InputFormat)
	if err != nil {
		return nil, err
	}
	return d, j.TranslateDocument(ctx, d)
}

// Run translates inputs as one job — a text met in many documents is sent once — and calls
// fn, if not nil, with each input's Result once it is finished, in input order: a failed
// input, or a document rendered and written. A failed input does not stop the job. Run
// holds at most JobOptions.Window documents at once (see Window). It returns an error only
// when ctx is done (the Results already reported stand, outputs already written are
// complete, and the answers of requests in flight are waited for, so the cache keeps them)
// or the job cannot start.
func (j *Job) Run(ctx context.Context, inputs []Input, fn func(Result)) (Summary, error) {
	if fn == nil {
		fn = func(Result) {}
	}
	if err := j.CheckOutputs(inputs); err != nil {
		return Summary{}, err
	}
	r := newRun(j, inputs, fn)
	err := r.loop(ctx)
	if ierr := j.writeIndex(r.pages); ierr != nil {
		r.sum.Failures = append(r.sum.Failures, Failure{Path: filepath.Join(j.o.OutDir, format.IndexName), Err: ierr})
	}
	r.syncStats()
	r.sum.Cost = CostOf(r.sum.Characters, j.o.Price)
	r.p.update(func(p *Progress) { p.Phase = PhaseDone })
	return r.sum, err
}

// read reads one input.
func (j *Job) read(in Input) (*doc.Document, error) {
	if in.Reader != nil {
		data, err := readLimited(in.Path, in.Reader, j.maxInputSize())
		if err != nil {
			return nil, err
		}
		return Read(j.formats, in.Path, data, j.o.InputFormat)
	}
	return ReadFileLimit(j.formats, in.Path, j.o.InputFormat, nil, j.maxInputSize())
}

// maxInputSize is JobOptions.MaxInputSize, or the default.
func (j *Job) maxInputSize() int64 {
	if j.o.MaxInputSize > 0 {
		return j.o.MaxInputSize
	}
	return MaxInputSize
}

// write renders d and delivers it where the options say; it returns the file written.
// outNames holds the output files of this run, so that two inputs never overwrite one
// output (a.txt given from two directories).
func (j *Job) write(in Input, d *doc.Document, outNames map[string]string) (string, error) {
	if j.o.Output == "" {
		return "", nil
	}
	var buf bytes.Buffer
	if err := Render(&buf, j.formats, j.o.Output, d, j.o.Merge); err != nil {
		return "", err
	}
	path := j.outputPath(in)
	if path == "" {
		if j.o.Stdout == nil {
			return "", nil
		}
		if _, err := j.o.Stdout.Write(buf.Bytes()); err != nil {
			return "", fmt.Errorf("write output of %s: %w", in.Path, err)
		}
		return "", nil
	}
	if prev, dup := outNames[path]; dup {
		return "", fmt.Errorf("%s: output %s is already the output of %s", in.Path, path, prev)
	}
	outNames[path] = in.Path
	if err := WriteFileAtomic(path, buf.Bytes()); err != nil {
		return "", err
	}
	return path, j.writeExtra(in, d, path, outNames)
}

// writeExtra writes the outputs d needs beside the main one at path (format.Renderer.Extra):
// path with each one's suffix before its extension.
func (j *Job) writeExtra(in Input, d *doc.Document, path string, outNames map[string]string) error {
	if j.out == nil || j.out.Extra == nil {
		return nil
	}
	ext := filepath.Ext(path)
	for _, x := range j.out.Extra(d) {
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			return err
		}
		p := strings.TrimSuffix(path, ext) + x.Suffix + ext
		if prev, dup := outNames[p]; dup {
			return fmt.Errorf("%s: output %s is already the output of %s", in.Path, p, prev)
		}
		outNames[p] = in.Path
		if err := WriteFileAtomic(p, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// indexPage records what the batch's index shows of d, written to output, when the output
// format has an index and outputs go to a directory.
func (j *Job) indexPage(pages *[]format.Page, d *doc.Document, output string) {
	if j.out == nil || j.out.Index == nil || j.out.Page == nil || j.o.OutDir == "" {
		return
	}
	p := j.out.Page(d)
	rel, err := filepath.Rel(j.o.OutDir, output)
	if err != nil {
		return
	}
	p.Path = filepath.ToSlash(rel)
	*pages = append(*pages, p)
}

// writeIndex writes the batch's index (format.IndexName) in the output directory.
func (j *Job) writeIndex(pages []format.Page) error {
	if len(pages) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := j.out.Index(&buf, pages); err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(j.o.OutDir, format.IndexName), buf.Bytes())
}

// extraWarnings are the warnings of an output written to stdout: the extra outputs it needs
// cannot go there.
func (j *Job) extraWarnings(in Input, d *doc.Document) []string {
	if j.out == nil || j.out.Extra == nil {
		return nil
	}
	var out []string
	for _, x := range j.out.Extra(d) {
		out = append(out, fmt.Sprintf("%s: %d segment(s) left out of the %s on stdout, which holds one source language (%s); write with -o FILE or --out-dir to get them as FILE%s",
			in.Path, x.Units, j.o.Output, strings.TrimPrefix(x.Suffix, "."), x.Suffix+j.out.Ext))
	}
	return out
}
