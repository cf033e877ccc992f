package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/seed77ff/bitext/pipeline"
)

// dryRun detects and plans inputs and prints what a real run would send and its estimated
// cost: with --format json the single object of the CLI contract, else a table. A named
// backend without credentials is still estimated (nothing is sent); the cache is read, never
// written. It exits 1 when some inputs failed, 2 when none could be read.
func dryRun(ctx context.Context, jo pipeline.JobOptions, inputs []pipeline.Input, asJSON bool, e env) error {
	job, err := pipeline.NewJob(jo)
	if err != nil {
		return err
	}
	est, err := job.Estimate(ctx, inputs)
	if err != nil {
		return &exitError{exitPartial, err}
	}
	for _, f := range est.Failures {
		fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(f.Err.Error()))
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(est); err != nil {
			return &exitError{exitPartial, err}
		}
	} else {
		writeEstimate(e, est)
	}
	switch {
	case est.Documents == 0 && len(est.Failures) > 0:
		return &exitError{exitUsage, errors.New("no input could be read")}
	case len(est.Failures) > 0:
		return &exitError{exitPartial, errors.New("")}
	}
	return nil
}

// writeEstimate prints an estimate as a table.
func writeEstimate(e env, est pipeline.Estimate) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "documents\t%d\n", est.Documents)
	fmt.Fprintf(w, "segments\t%d\n", est.Segments)
	fmt.Fprintf(w, "foreign segments\t%d\n", est.ForeignSegments)
	fmt.Fprintf(w, "cache hits\t%d\n", est.CacheHits)
	w.Flush()
	fmt.Fprintln(e.stdout)
	w = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "backend\tmodel\ttexts\tcharacters\trequests (at least)\testimated cost")
	for _, be := range est.ByBackend {
		model := be.Model
		if model == "" {
			model = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%s\n", be.Backend, model, be.Segments, be.Characters, be.Requests, formatCost(be.Cost))
	}
	if len(est.ByBackend) == 0 {
		fmt.Fprintln(w, "(none)\t-\t0\t0\t0\t-")
	}
	fmt.Fprintf(w, "total\t\t%d\t%d\t%d\t%s\n", est.ToSend.Segments, est.ToSend.Characters, est.ToSend.Requests, formatCost(est.EstimatedCost))
	w.Flush()
}
