package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate/engine"
)

// report is what a translate run did: the summary line on stderr and, with --summary-json,
// the same as JSON for CI. Its counts add up over the shards of a job.
type report struct {
	// Inputs counts the inputs of the job, read or not; Documents those read.
	Inputs    int `json:"inputs"`
	Documents int `json:"documents"`
	Written   int `json:"written"`
	Segments  int `json:"segments"`
	Foreign   int `json:"foreign"`
	// ForeignByLanguage counts foreign segment occurrences per language (BCP 47).
	ForeignByLanguage map[string]int `json:"foreign_by_language"`
	// Translations counts translated foreign segments by origin (mt, tm, human, document).
	Translations map[string]int `json:"translations"`
	FromCache    int            `json:"from_cache"`
	Untranslated int            `json:"untranslated"`
	Backend      string         `json:"backend,omitempty"`
	// Requests counts every request sent to a backend, failed attempts and retries
	// included; FailedRequests those that failed.
	Requests       int `json:"requests"`
	FailedRequests int `json:"failed_requests"`
	// Characters are the code points of the texts sent and answered (what is billed).
	Characters  int           `json:"characters"`
	FailedTexts int           `json:"failed_texts"`
	Cost        pipeline.Cost `json:"cost"`
	// NotStored counts answers that were paid for but could not be stored in the cache.
	NotStored int `json:"answers_not_stored"`
	// CacheRefused counts cached values refused because they were not the translation of
	// their text (asked again).
	CacheRefused int           `json:"cache_entries_refused"`
	FailedInputs []failedInput `json:"failed_inputs"`
	Stopped      string        `json:"stopped,omitempty"`
	Interrupted  bool          `json:"interrupted,omitempty"`
	TimedOut     bool          `json:"timed_out,omitempty"`
	ExitCode     int           `json:"exit_code"`
	stats        engine.Stats  // the engine's own counts
	walkFailed   []error       // inputs that could not even be listed
	sum          pipeline.Summary
}

// failedInput is one input that failed and why.
type failedInput struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

func newReport(inputs int, sum pipeline.Summary, walkFailed []error, eng *engine.Engine) *report {
	st := eng.Stats()
	r := &report{
		Inputs: inputs + len(walkFailed), Documents: sum.Documents, Written: sum.Written, Segments: sum.Segments, Foreign: sum.Foreign,
		ForeignByLanguage: map[string]int{}, Translations: map[string]int{},
		FromCache: sum.FromCache, Untranslated: sum.Untranslated, Backend: eng.Name(),
		Requests: st.Requests, FailedRequests: st.FailedRequests, Characters: sum.Characters,
		FailedTexts: sum.FailedTexts, Cost: sum.Cost, NotStored: st.NotStored, CacheRefused: st.CacheRefused, FailedInputs: []failedInput{},
		stats: st, walkFailed: walkFailed, sum: sum,
	}
	for l, n := range sum.ForeignByLang {
		r.ForeignByLanguage[l] = n
	}
	for o, n := range sum.Translated {
		if n > 0 {
			r.Translations[string(o)] = n
		}
	}
	for _, err := range walkFailed {
		r.FailedInputs = append(r.FailedInputs, failedInput{Path: "", Error: oneLine(err.Error())})
	}
	for _, f := range sum.Failures {
		r.FailedInputs = append(r.FailedInputs, failedInput{Path: f.Path, Error: oneLine(f.Err.Error())})
	}
	if sum.Stopped != nil {
		r.Stopped = oneLine(sum.Stopped.Error())
	}
	return r
}

// failed is the number of inputs that failed.
func (r *report) failed() int { return len(r.FailedInputs) }

// line is the summary line: documents, segments, foreign segments by language, translations
// by origin and from the cache, what the backend was sent and its estimated cost, the inputs
// that failed and the answers not stored.
func (r *report) line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bitext: %d document(s), %d segments, %d foreign", r.Documents, r.Segments, r.Foreign)
	if langs := r.sum.Langs(); len(langs) > 0 {
		var parts []string
		for _, l := range langs {
			parts = append(parts, fmt.Sprintf("%s %d", l, r.ForeignByLanguage[l]))
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	translated := 0
	var origins []string
	for _, or := range []doc.Origin{doc.Human, doc.MT, doc.TM, doc.FromDocument} {
		if n := r.Translations[string(or)]; n > 0 {
			translated += n
			origins = append(origins, fmt.Sprintf("%s %d", or, n))
		}
	}
	fmt.Fprintf(&b, ", %d translated", translated)
	if len(origins) > 0 {
		fmt.Fprintf(&b, " (%s; %d from the cache)", strings.Join(origins, ", "), r.FromCache)
	}
	if r.Backend != "" {
		fmt.Fprintf(&b, "; %s: %d request(s)", r.Backend, r.Requests)
		if r.FailedRequests > 0 {
			fmt.Fprintf(&b, " (%d failed)", r.FailedRequests)
		}
		fmt.Fprintf(&b, ", %d characters sent, estimated cost %s", r.Characters, formatCost(r.Cost))
		if r.FailedTexts > 0 {
			fmt.Fprintf(&b, ", %d text(s) failed", r.FailedTexts)
		}
	}
	if r.NotStored > 0 {
		fmt.Fprintf(&b, "; %d answer(s) not stored in the cache (a rerun pays for them again)", r.NotStored)
	}
	if r.CacheRefused > 0 {
		fmt.Fprintf(&b, "; %d cached value(s) refused, not the translation of their text (asked again)", r.CacheRefused)
	}
	if n := r.failed(); n > 0 {
		var names []string
		for _, f := range r.sum.Failures {
			names = append(names, f.Path)
		}
		fmt.Fprintf(&b, "; %d input(s) failed", n)
		if len(names) > 0 {
			fmt.Fprintf(&b, ": %s", strings.Join(names, ", "))
		}
	}
	return b.String()
}

// writeJSON writes the report as one JSON object.
func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// formatCost writes a cost with the date of its price list.
func formatCost(c pipeline.Cost) string {
	s := fmt.Sprintf("%.4f %s", c.Amount, c.Currency)
	if c.PricedOn != "" {
		s += " (prices of " + c.PricedOn + ")"
	}
	return s
}
