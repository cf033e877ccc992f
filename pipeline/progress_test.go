package pipeline

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
)

func TestETA(t *testing.T) {
	start := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		p    Progress
		at   time.Duration
		want time.Duration
	}{
		{"nothing done", Progress{Documents: 10}, time.Second, 0},
		// 10 read and 5 detected of 30 steps in 15 s: 15 steps left at 1 s each.
		{"during detection", Progress{Documents: 10, Read: 10, Detected: 5}, 15 * time.Second, 15 * time.Second},
		{"all written", Progress{Documents: 2, Read: 2, Detected: 2, DocumentsDone: 2}, time.Second, 0},
		// A failed document leaves the total: 6 steps, 4 done in 4 s, 2 left.
		{"a failure", Progress{Documents: 3, Read: 3, Detected: 1, DocumentsDone: 1, Failed: 1}, 4 * time.Second, 2 * time.Second},
	}
	for _, tt := range tests {
		tt.p.Started = start
		assert.Equal(t, tt.want, tt.p.ETA(start.Add(tt.at)), tt.name)
	}
}

func TestOnDetectedIsCalledPerDocument(t *testing.T) {
	var docs []*doc.Document
	for _, name := range []string{"a.txt", "b.txt", "c.txt"} {
		d, err := Read(DefaultFormats(), name, []byte("English text for a document of this job, long enough to detect.\n"), "")
		require.NoError(t, err)
		docs = append(docs, d)
	}
	var (
		mu   sync.Mutex
		seen []string
	)
	_, err := Process(context.Background(), docs, Options{Detector: detector(t), OnDetected: func(d *doc.Document) {
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, language.English, d.Lang, "called once detected")
		seen = append(seen, d.Source)
	}})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a.txt", "b.txt", "c.txt"}, seen)
}
