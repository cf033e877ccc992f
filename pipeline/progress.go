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
	Phase Phase
	// Started is when the job started.
	Started time.Time
	// Documents is the number of inputs; Read those read; DocumentsDone those finished
	// (written or failed); Detected those through Process; Failed those that failed.
	Documents, Read, DocumentsDone, Detected, Failed int
	// Segments counts the segments of the documents detected so far.
	Segments int
	// TextsDone counts the distinct texts handed to the translator and answered (or
	// failed); CacheHits those of them answered by the cache.
	TextsDone, CacheHits int
	// Requests counts the requests handed to the translator (before the cache).
	Requests int
}

// ETA estimates the time left from the rate of the work done so far, counting three steps
// per document (read, detected, written), or zero before any step is done. It moves
// during detection, the longest local step, and not while the job waits for the
// backend, whose time it cannot know before the answers come.
func (p Progress) ETA(now time.Time) time.Duration {
	total := 3 * (p.Documents - p.Failed)
	done := p.Read + p.Detected + p.DocumentsDone - p.Failed
	if done <= 0 || total <= done {
		return 0
	}
	el := now.Sub(p.Started)
	return time.Duration(float64(el) / float64(done) * float64(total-done))
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
	return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		s.update(func(p *Progress) { p.Requests++ })
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
