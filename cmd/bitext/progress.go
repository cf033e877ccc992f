package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/seed77ff/bitext/pipeline"
)

// Progress output (--progress): a bar redrawn in place on a terminal, periodic lines with
// plain, nothing with none (and with auto when stderr is not a terminal, so logs and pipes
// get only the summary).
const (
	barInterval   = 100 * time.Millisecond // redraws of the bar, at most
	plainInterval = 5 * time.Second        // plain lines, at most (a streaming job changes phase per document)
	barWidth      = 24
)

// progressBar renders pipeline.Progress snapshots on stderr. The zero mode draws nothing.
type progressBar struct {
	w     io.Writer
	now   func() time.Time
	bar   bool // a terminal bar; else plain lines
	mu    sync.Mutex
	last  time.Time
	phase pipeline.Phase
	drawn bool
}

// newProgressBar returns nil for --progress none, or auto without a terminal; a nil
// *progressBar draws nothing.
func newProgressBar(mode string, w io.Writer, now func() time.Time) *progressBar {
	switch mode {
	case "none":
		return nil
	case "auto":
		if !isTerminal(w) {
			return nil
		}
		return &progressBar{w: w, now: now, bar: true}
	}
	return &progressBar{w: w, now: now}
}

// update is the job's Progress callback.
func (b *progressBar) update(p pipeline.Progress) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	interval := plainInterval
	if b.bar {
		interval = barInterval
	}
	if !b.last.IsZero() && now.Sub(b.last) < interval && p.Phase != pipeline.PhaseDone {
		return
	}
	b.last, b.phase = now, p.Phase
	line := describeProgress(p, now)
	if b.bar {
		fmt.Fprintf(b.w, "\r\x1b[K%s %s", bar(p), line)
		b.drawn = true
		return
	}
	if p.Phase != pipeline.PhaseDone {
		fmt.Fprintf(b.w, "bitext: progress: %s\n", line)
	}
}

// clear removes the bar, so that messages and the summary start on a clean line.
func (b *progressBar) clear() {
	if b == nil || !b.bar {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
		b.drawn = false
	}
}

func describeProgress(p pipeline.Progress, now time.Time) string {
	s := fmt.Sprintf("%s: %d/%d documents (%d detected), %d segments, %d/%d requests, %d cache hits", p.Stage(),
		p.DocumentsDone, p.Documents, p.Detected, p.Segments, p.Requests, p.RequestsPlanned, p.CacheHits)
	if eta := p.ETA(now); eta > 0 {
		s += ", ETA " + eta.Round(time.Second).String()
	}
	return s
}

func bar(p pipeline.Progress) string {
	n := 0
	if p.Documents > 0 {
		n = barWidth * p.DocumentsDone / p.Documents
	}
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", barWidth-n) + "]"
}
