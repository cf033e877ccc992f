package pipeline

import (
	"sync"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/translate/middleware"
)

// AnswerLanguages returns the language detector of QA's output-language gate
// (engine.Spec.Languages, middleware.QALanguages): an answer's runs of one language, as
// detect.Detector.Spans finds them with the source and target languages as the only
// candidates. The gate asks which of the two an answer is in, and two candidates answer
// that as well as all of them at a fraction of the cost (BENCHMARKS.md). The middleware takes
// strings and tags only, so this is the one place the two meet. o configures the
// detectors (its Languages are replaced by each pair).
func AnswerLanguages(o detect.Options) middleware.Languages {
	return &answerLanguages{o: o, byPair: map[[2]language.Tag]*detect.Detector{}}
}

type answerLanguages struct {
	o      detect.Options
	mu     sync.Mutex
	byPair map[[2]language.Tag]*detect.Detector
}

func (a *answerLanguages) detector(source, target language.Tag) *detect.Detector {
	k := [2]language.Tag{source, target}
	a.mu.Lock()
	defer a.mu.Unlock()
	if d, ok := a.byPair[k]; ok {
		return d
	}
	o := a.o
	o.Languages = []language.Tag{source, target}
	d, err := detect.New(o)
	if err != nil {
		d = nil // a language the models do not know: the gate cannot judge this pair
	}
	a.byPair[k] = d
	return d
}

func (a *answerLanguages) Spans(text string, source, target language.Tag) []middleware.LanguageSpan {
	d := a.detector(source, target)
	if d == nil {
		return nil
	}
	spans := d.Spans(text)
	out := make([]middleware.LanguageSpan, len(spans))
	for i, s := range spans {
		out[i] = middleware.LanguageSpan{Start: s.Start, End: s.End, Lang: s.Lang}
	}
	return out
}
