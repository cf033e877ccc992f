package main

import (
	"fmt"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/translate/middleware"
)

// answerGate is the detector QA checks every answer's language with (engine.Spec.Languages).
func answerGate() middleware.Languages { return pipeline.AnswerLanguages(detect.Options{}) }

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

// rejectedNote says how many cached answers the export left out because QA rejects them.
func rejectedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d answer(s) QA rejects left out)", n)
}
