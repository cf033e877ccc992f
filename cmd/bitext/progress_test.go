package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/seed77ff/bitext/pipeline"
)

func TestProgressBar(t *testing.T) {
	start := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	snap := func(phase pipeline.Phase, done int) pipeline.Progress {
		p := pipeline.Progress{Phase: phase, Started: start, Documents: 4, DocumentsDone: done, Segments: 40, Requests: 3, RequestsPlanned: 5, CacheHits: 7}
		if phase == pipeline.PhaseWrite {
			p.Read, p.Detected = 4, 4 // every document read and detected
		}
		return p
	}

	var buf bytes.Buffer
	assert.Nil(t, newProgressBar("auto", &buf, clock), "auto draws nothing off a terminal")
	assert.Nil(t, newProgressBar("none", &buf, clock))
	var none *progressBar
	none.update(snap(pipeline.PhaseRead, 0)) // a nil bar draws nothing, without panicking
	none.clear()

	plain := newProgressBar("plain", &buf, clock)
	plain.update(snap(pipeline.PhaseRead, 0))
	now = now.Add(time.Second)
	plain.update(snap(pipeline.PhaseRead, 0))  // too soon: no line
	plain.update(snap(pipeline.PhaseWrite, 1)) // too soon, whatever the phase: a streaming job changes it per document
	now = now.Add(10 * time.Second)
	plain.update(snap(pipeline.PhaseWrite, 2))
	// The stage is what the job waits on: documents to read, then requests. The ETA is the
	// slower of the requests (3 of 5 in 11 s: 7 s more) and the writing (2 of 4: 11 s more).
	assert.Equal(t, "bitext: progress: reading: 0/4 documents (0 detected), 40 segments, 3/5 requests, 7 cache hits\n"+
		"bitext: progress: translating: 2/4 documents (4 detected), 40 segments, 3/5 requests, 7 cache hits, ETA 11s\n", buf.String())

	buf.Reset()
	bar := &progressBar{w: &buf, now: clock, bar: true}
	bar.update(snap(pipeline.PhaseWrite, 2))
	bar.clear()
	assert.Equal(t, "\r\x1b[K[############............] translating: 2/4 documents (4 detected), 40 segments, 3/5 requests, 7 cache hits, ETA 11s\r\x1b[K", buf.String())
}
