package middleware_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/google"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/middleware"
)

// benchLatency is the fake's time to answer a request; benchMaxInFlight is how many it serves
// at once, answering 429 (Retry-After: 1) to any more, like a provider's per-client limit.
const (
	benchLatency     = 200 * time.Millisecond
	benchMaxInFlight = 4
	benchDocs        = 300
)

// BenchmarkPipeline drives the whole pipeline (pipeline.Process with a shared restricted
// detector) over benchDocs generated documents, with bitext's defaults (backends.Open with a
// fresh on-disk cache, the google backend's registered limits, 4 requests in flight) against
// the fake Google server behind real HTTP, and compares side by side:
//
//   - requests made (429s included) against the minimum possible: per source language, the
//     distinct texts divided by the per-request limits (128 texts, 100K bytes), rounded up;
//   - wall time against the ideal: rounds of 4 requests × the latency, plus the time of a dry
//     run (the same Process with no translator: read-to-align local work).
//
// Goal (issue 5): requests ≤ 1.1 × min + 1, wall ≤ 1.5 × ideal.
//
//	go test -run '^$' -bench 'BenchmarkPipeline/(default|max)' -benchtime 7x ./translate/middleware/
//
// The sub-benchmark max-requests=8 shows what the default saves: twice the fake's capacity in
// flight meets 429s, and the shared pause makes every worker wait out the Retry-After.
func BenchmarkPipeline(b *testing.B) {
	b.Run("default", func(b *testing.B) { benchPipeline(b, 0, false, 0) })
	b.Run("max-requests=8", func(b *testing.B) { benchPipeline(b, 8, false, 0) })
	b.Run("per-document", func(b *testing.B) { benchPipeline(b, 0, true, 0) })
	b.Run("per-document,no-coalesce", func(b *testing.B) { benchPipeline(b, 0, true, -1) })
}

// benchPipeline runs the benchmark. perDocument makes each document its own Process call, all
// at once, as a library user translating documents one by one from many goroutines would:
// then only the middleware (the cache's in-flight claims, Coalesce) can pack requests.
func benchPipeline(b *testing.B, maxRequests int, perDocument bool, coalesce time.Duration) {
	det := detector(b)
	var inFlight, refused atomic.Int32
	srv := googletest.NewServer(b, nil)
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		defer inFlight.Add(-1)
		if inFlight.Add(1) > benchMaxInFlight {
			refused.Add(1)
			r := googletest.ErrorReply(429, "rateLimitExceeded", "Too Many Requests")
			r.Header.Set("Retry-After", "1")
			return r
		}
		time.Sleep(benchLatency)
		return nil // the normal answer
	})
	rec, ok := backends.Default().Lookup(google.Name)
	require.True(b, ok)
	ctx := context.Background()

	// Warm up: models load lazily, per script met.
	_, err := pipeline.Process(ctx, corpusDocs(b, benchDocs, 42), pipeline.Options{Detector: det})
	require.NoError(b, err)

	limits := rec.Limits
	if maxRequests > 0 {
		limits.InFlight = maxRequests // as --max-requests sets it
	}
	var dryTotal, wetTotal time.Duration
	var reqTotal, refusedTotal, minReq, distinct int
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dryDocs, wetDocs := corpusDocs(b, benchDocs, 42), corpusDocs(b, benchDocs, 42)
		store, err := cache.Open(b.TempDir())
		require.NoError(b, err)
		tr, err := backends.Open(ctx, rec, srv.Config(), backends.Stack{Cache: middleware.Cache(store, rec.Name), MaxRequests: maxRequests, CoalesceDelay: coalesce})
		require.NoError(b, err)
		srv.Reset()
		refused.Store(0)
		b.StartTimer()

		start := time.Now()
		_, err = pipeline.Process(ctx, dryDocs, pipeline.Options{Detector: det})
		require.NoError(b, err)
		dry := time.Since(start)

		start = time.Now()
		o := pipeline.Options{Detector: det, Translator: tr, Exec: pipeline.ExecOptions{Backend: rec.Name, Limits: limits}}
		var st pipeline.JobStats
		if perDocument {
			var g errgroup.Group
			var mu sync.Mutex
			for _, d := range wetDocs {
				g.Go(func() error {
					s, err := pipeline.Process(ctx, []*doc.Document{d}, o)
					mu.Lock()
					st.Failed += s.Failed
					mu.Unlock()
					return err
				})
			}
			err = g.Wait()
		} else {
			st, err = pipeline.Process(ctx, wetDocs, o)
		}
		require.NoError(b, err)
		wet := time.Since(start)

		b.StopTimer()
		require.Zero(b, st.Failed)
		checkTranslated(b, wetDocs)
		minReq, distinct = minRequests(wetDocs, rec.Limits) // segments and languages are known once processed
		require.NoError(b, store.Close())
		dryTotal += dry
		wetTotal += wet
		reqTotal += srv.RequestCount()
		refusedTotal += int(refused.Load())
		b.StartTimer()
	}
	b.StopTimer()
	n := float64(b.N)
	dry, wet := dryTotal/time.Duration(b.N), wetTotal/time.Duration(b.N)
	rounds := ceilDiv(minReq, benchMaxInFlight)
	ideal := time.Duration(rounds)*benchLatency + dry
	reqs := float64(reqTotal) / n
	b.ReportMetric(reqs, "requests/op")
	b.ReportMetric(float64(minReq), "min-requests")
	b.ReportMetric(float64(refusedTotal)/n, "429s/op")
	b.ReportMetric(float64(wet.Milliseconds()), "wall-ms")
	b.ReportMetric(float64(ideal.Milliseconds()), "ideal-ms")
	b.Logf("%d documents, %d distinct foreign texts, latency %s, %d in flight", benchDocs, distinct, benchLatency, benchMaxInFlight)
	b.Logf("requests: %.1f made (%.1f answered 429) vs %d minimum; goal ≤ %.1f", reqs, float64(refusedTotal)/n, minReq, 1.1*float64(minReq)+1)
	b.Logf("wall:     %s vs ideal %s (%d rounds × %s + dry run %s) = %.2f×; goal ≤ 1.5×",
		wet.Round(time.Millisecond), ideal.Round(time.Millisecond), rounds, benchLatency, dry.Round(time.Millisecond), float64(wet)/float64(ideal))
}
