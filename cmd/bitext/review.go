package main

import (
	"fmt"

	"github.com/seed77ff/bitext/pipeline"
)

// warnResult prints the warnings of one input's output (XLIFF 2.0 documents of other
// source languages that stdout cannot take), after clear (the progress bar's).
func warnResult(e env, r pipeline.Result, clear func()) {
	if len(r.Warnings) > 0 {
		clear()
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(e.stderr, "bitext: warning: %s\n", oneLine(w))
	}
}
