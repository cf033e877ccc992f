package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// BenchmarkCacheColdWarmDry runs one fixed batch job three ways, side by side: cold
// (empty cache), warm (the same job again) and --dry-run, against a fake Google v2 server
// that takes 50 ms per request. The goal: the warm run makes no request and takes at most
// 1.1× the dry run, so the cache costs nothing measurable beyond detection and planning.
//
//	go test ./cmd/bitext -run '^$' -bench CacheColdWarmDry -benchtime 3x
func BenchmarkCacheColdWarmDry(b *testing.B) {
	const docs = 300
	in := b.TempDir()
	raw, err := os.ReadFile(ynet)
	if err != nil {
		b.Fatal(err)
	}
	for i := range docs {
		// Each document carries the example plus two captions of its own, so the job has
		// distinct texts to send as well as shared ones.
		text := string(raw) + fmt.Sprintf("\n2 View gallery\nכיתוב מספר %d בגלריה של הכתבה\nCaption number %d\n", i, i)
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("doc%03d.txt", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	srv := googletest.NewServer(b, func(text, _, _ string) string { return fakeEN(text) })
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		time.Sleep(50 * time.Millisecond)
		return nil
	})
	job := func(cacheDir string, extra ...string) (time.Duration, int) {
		srv.Reset()
		args := append([]string{"bitext", "translate", "--backend", "google", "--endpoint", srv.URL,
			"--out-dir", b.TempDir(), "--progress", "none"}, extra...)
		args = append(args, in)
		var sink strings.Builder
		start := time.Now()
		code := run(args, env{stdin: strings.NewReader(""), stdout: &sink, stderr: &sink, getenv: func(k string) string {
			return map[string]string{"GOOGLE_API_KEY": "k", "BITEXT_CACHE_DIR": cacheDir}[k]
		}})
		d := time.Since(start)
		if code != 0 {
			b.Fatalf("exit %d: %s", code, sink.String())
		}
		return d, srv.RequestCount()
	}
	job(b.TempDir(), "--dry-run") // load the detector's models once, outside the timings
	var cold, warm, dry time.Duration
	var coldReq, warmReq int
	for b.Loop() {
		dir := b.TempDir()
		c, cr := job(dir)
		w, wr := job(dir)
		d, _ := job(dir, "--dry-run")
		cold, warm, dry = cold+c, warm+w, dry+d
		coldReq, warmReq = cr, wr
	}
	n := float64(b.N)
	b.ReportMetric(cold.Seconds()/n, "cold-s")
	b.ReportMetric(warm.Seconds()/n, "warm-s")
	b.ReportMetric(dry.Seconds()/n, "dry-run-s")
	b.ReportMetric(float64(warm)/float64(dry), "warm/dry")
	b.ReportMetric(float64(coldReq), "cold-requests")
	b.ReportMetric(float64(warmReq), "warm-requests")
}
