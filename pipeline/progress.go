package pipeline

import (
	"context"
	"sync"
	"time"

	"github.com/seed77ff/bitext/translate"
)

// Phase is the stage a job is in.
type Phase string

// Phases of a job, in order. A streaming job's documents are in several phases at once;
// Progress.Phase is the latest step taken.
const (
	PhaseRead Phase = "read"
	// PhaseDetect is segment and detect (Prepare).
	PhaseDetect Phase = "detect"
	// PhaseTranslate is waiting for translations.
	PhaseTranslate Phase = "translate"
	PhaseWrite     Phase = "write"
	PhaseDone      Phase = "done"
)

// Progress is a snapshot of a running job, for progress bars.
type Progress struct {
	// Phase is the latest step taken (documents of a streaming job are in several at
	// once); Stage names what the job is waiting on.
	Phase Phase
	// Started is when the job started.
	Started time.Time
	// Documents is the number of inputs; Read those read; Detected those prepared (segmented
	// and detected); DocumentsDone those finished (written or failed); Failed those that failed.
	Documents, Read, DocumentsDone, Detected, Failed int
	// Segments counts the segments of the documents detected so far.
	Segments int
	// TextsDone counts the distinct texts handed to the translator and answered (or
	// failed); CacheHits those of them answered by the cache.
	TextsDone, CacheHits int
	// Requests counts the requests answered (or failed); RequestsPlanned those answered,
	// in flight, and known to come: queued, or being filled with texts (a request each).
	// The plan grows as documents are read, so RequestsPlanned is final once every
	// document is detected.
	Requests, RequestsPlanned int
}

// Stage names what the job is doing, for people: "reading" or "detecting" while documents
// are still being prepared, "translating" while requests are due, "writing" while only
// outputs are left, "done" at the end.
func (p Progress) Stage() string {
	switch {
	case p.Phase == PhaseDone:
		return "done"
	case p.Read+p.Failed < p.Documents && p.Read == p.Detected:
		return "reading"
	case p.Detected+p.Failed < p.Documents:
		return "detecting"
	case p.Requests < p.RequestsPlanned:
		return "translating"
	}
	return "writing"
}

// ETA estimates the time left from the rates of the work done so far: documents prepared
// (the local work, most of it detection) and requests answered, whichever is further from
// done; zero before anything can be measured. Requests planned grow while documents are
// read, so the translation's share of the estimate firms up as detection ends.
func (p Progress) ETA(now time.Time) time.Duration {
	el := now.Sub(p.Started)
	left := func(done, total int) time.Duration {
		if done <= 0 || total <= done {
			return 0
		}
		return time.Duration(float64(el) / float64(done) * float64(total-done))
	}
	docs := left(p.Detected, p.Documents-p.Failed)
	if p.Documents-p.Failed > 0 && p.Detected == p.Documents-p.Failed {
		docs = left(p.DocumentsDone-p.Failed, p.Documents-p.Failed) // writing is all that is left locally
	}
	return max(docs, left(p.Requests, p.RequestsPlanned))
}

// progressState holds the progress of one run and reports each change. A nil
// *progressState reports nothing, so the stages need not check.
type progressState struct {
	mu sync.Mutex
	p  Progress
	fn func(Progress)
}

func newProgressState(fn func(Progress), docs int) *progressState {
	if fn == nil {
		return nil
	}
	return &progressState{fn: fn, p: Progress{Started: time.Now(), Documents: docs}}
}

func (s *progressState) update(f func(*Progress)) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.p)
	s.fn(s.p)
}

// count wraps t so that every request and answer shows in the progress.
func (s *progressState) count(t translate.Translator) translate.Translator {
	if s == nil {
		return t
	}
	return translate.Wrap(t, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		res, err := t.Translate(ctx, req)
		hits := 0
		for _, r := range res {
			if r.Cached {
				hits++
			}
		}
		s.update(func(p *Progress) { p.TextsDone += len(req.Texts); p.CacheHits += hits })
		return res, err
	})
}
