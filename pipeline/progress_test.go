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
	"github.com/seed77ff/bitext/translate"
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
		// 5 of 10 prepared in 15 s: 15 s more.
		{"during detection", Progress{Documents: 10, Read: 10, Detected: 5}, 15 * time.Second, 15 * time.Second},
		// Detection is done; 2 of 8 planned requests answered in 10 s: 30 s more.
		{"waiting for requests", Progress{Documents: 4, Read: 4, Detected: 4, DocumentsDone: 1, Requests: 2, RequestsPlanned: 8}, 10 * time.Second, 30 * time.Second},
		// The slower of the two: 9 of 10 prepared (1 s more) but 1 of 4 requests (27 s more).
		{"requests slower", Progress{Documents: 10, Read: 10, Detected: 9, Requests: 1, RequestsPlanned: 4}, 9 * time.Second, 27 * time.Second},
		{"all written", Progress{Documents: 2, Read: 2, Detected: 2, DocumentsDone: 2, Requests: 1, RequestsPlanned: 1}, time.Second, 0},
		// A failed document leaves the total: 2 to prepare, 1 done in 4 s, 4 s more.
		{"a failure", Progress{Documents: 3, Read: 2, Detected: 1, DocumentsDone: 1, Failed: 1}, 4 * time.Second, 4 * time.Second},
	}
	for _, tt := range tests {
		tt.p.Started = start
		assert.Equal(t, tt.want, tt.p.ETA(start.Add(tt.at)), tt.name)
	}
}

func TestStage(t *testing.T) {
	for _, tt := range []struct {
		p    Progress
		want string
	}{
		{Progress{Documents: 3}, "reading"},
		{Progress{Documents: 3, Read: 2, Detected: 1}, "detecting"},
		{Progress{Documents: 3, Read: 3, Detected: 3, Requests: 1, RequestsPlanned: 2}, "translating"},
		{Progress{Documents: 3, Read: 3, Detected: 3, Requests: 2, RequestsPlanned: 2, DocumentsDone: 1}, "writing"},
		{Progress{Documents: 3, Read: 2, Detected: 2, Failed: 1, Requests: 0, RequestsPlanned: 1}, "translating"},
		{Progress{Phase: PhaseDone}, "done"},
	} {
		assert.Equal(t, tt.want, tt.p.Stage(), "%+v", tt.p)
	}
}

// TestRunProgress: a streaming run's last snapshot counts every document against the total
// and every request against the planned number.
func TestRunProgress(t *testing.T) {
	var last Progress
	j := newJob(t, JobOptions{Options: Options{Translator: &fakeTranslator{}, Exec: ExecOptions{Limits: translate.Limits{Texts: 1}}},
		Progress: func(p Progress) { last = p }})
	_, err := j.Run(context.Background(), []Input{reader("a.txt", "שלום לכולם\nבוקר טוב לכולם\n"), reader("b.txt", "ערב טוב\n")}, nil)
	require.NoError(t, err)
	assert.Equal(t, PhaseDone, last.Phase)
	assert.Equal(t, 2, last.Documents)
	assert.Equal(t, 2, last.DocumentsDone)
	assert.Equal(t, 3, last.Requests, "one text per request")
	assert.Equal(t, 3, last.RequestsPlanned)
	assert.Equal(t, "done", last.Stage())
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
