package middleware_test

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
)

// BenchmarkCacheLookup measures cache lookups over 100k stored entries of about 200
// bytes, computing each key in the loop and looking keys up in batches of 128 (Google
// v2's request size, which is how the pipeline asks). Reported as lookups/s.
func BenchmarkCacheLookup(b *testing.B) {
	ctx := context.Background()
	s, err := cache.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n, batch = 100_000, 128
	req := &translate.Request{Source: language.Hebrew, Target: language.English, Format: translate.Text}
	texts := make([]string, n)
	var entries []cache.Entry
	for i := range texts {
		texts[i] = fmt.Sprintf("כיתוב מספר %d של הגלריה, שנכתב בעברית לצורך מדידה של מהירות המטמון %0100d", i, i)
		entries = append(entries, cache.Entry{Key: cachekey.Key("google", req, texts[i]), Value: []byte(texts[i]), Backend: "google", Source: "he", Target: "en"})
		if len(entries) == 1000 {
			if err := s.PutMany(ctx, entries); err != nil {
				b.Fatal(err)
			}
			entries = entries[:0]
		}
	}
	lookups := 0
	var keys [][]byte
	sample := make([]string, batch)
	// b.Loop times only the loop, and runs the 100k-entry setup above once.
	for i := 0; b.Loop(); i++ {
		for j := 0; j < batch; j++ {
			sample[j] = texts[(i*batch+j*7919)%n]
		}
		keys = cachekey.Keys("google", req, sample)
		got, err := s.GetMany(ctx, keys)
		if err != nil || len(got) != batch {
			b.Fatalf("got %d of %d: %v", len(got), batch, err)
		}
		lookups += batch
	}
	b.ReportMetric(float64(lookups)/b.Elapsed().Seconds(), "lookups/s")
}
