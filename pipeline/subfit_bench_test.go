package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/subfit"
	"github.com/seed77ff/bitext/translate"
)

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// subtitleJob reads the dual-language development subset (17 files, 408 cues in 17 language
// mixes) as one job.
func subtitleJob(b *testing.B) []*doc.Document {
	files, err := filepath.Glob("../testdata/subtitles/dual/*.srt")
	require.NoError(b, err)
	var docs []*doc.Document
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(b, err)
		d, err := Read(DefaultFormats(), f, data, "")
		require.NoError(b, err)
		docs = append(docs, d)
	}
	return docs
}

// longer answers every text with a translation half as long again, so that many cues do not
// fit and are wrapped again and flagged.
var longer = translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
	out := make([]translate.Translation, len(req.Texts))
	for i, s := range req.Texts {
		words := strings.Fields(s)
		out[i] = translate.Translation{Text: "EN " + s + " " + strings.Join(words[:len(words)/2], " ")}
	}
	return out, nil
})

// BenchmarkSubtitleFit measures, side by side in one run, a subtitle job (read, segment,
// detect, plan, translate with a local fake, align) without the fit check, the same job with
// --subtitle-profile netflix, and the fit check alone on the job's translated documents;
// cpu-ms/op is user+system CPU time. BENCHMARKS.md records the ratio.
func BenchmarkSubtitleFit(b *testing.B) {
	det, err := detect.New(detect.Options{}) // every language, as the CLI detects
	require.NoError(b, err)
	lim, _ := subfit.Profile("netflix")
	run := func(b *testing.B, fit *subfit.Options) {
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			docs := subtitleJob(b)
			start := cpuTime()
			_, err := Process(context.Background(), docs, Options{Detector: det, Translator: longer, Jobs: 1, SubtitleFit: fit})
			cpu += cpuTime() - start
			require.NoError(b, err)
		}
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	// One run first, so every model the job needs is loaded before anything is timed.
	_, err = Process(context.Background(), subtitleJob(b), Options{Detector: det, Translator: longer, Jobs: 1})
	require.NoError(b, err)
	b.Run("job", func(b *testing.B) { run(b, nil) })
	b.Run("job+fit", func(b *testing.B) { run(b, &subfit.Options{Limits: lim}) })
	b.Run("fit", func(b *testing.B) {
		docs := subtitleJob(b)
		_, err := Process(context.Background(), docs, Options{Detector: det, Translator: longer, Jobs: 1})
		require.NoError(b, err)
		var (
			cpu time.Duration
			st  subfit.Stats
		)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for _, d := range docs { // every run decides every rewrap afresh
				for _, bl := range d.Blocks {
					if c, ok := bl.Native.(*subtitle.Cue); ok {
						c.Wrap = 0
					}
				}
			}
			start := cpuTime()
			st, err = subfit.Check(context.Background(), docs, subfit.Options{Limits: lim})
			cpu += cpuTime() - start
			require.NoError(b, err)
		}
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(st.Cues), "cues")
		b.ReportMetric(float64(st.Flagged), "flagged")
		b.ReportMetric(float64(st.Rewrapped), "rewrapped")
	})
}
