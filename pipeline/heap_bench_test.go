package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/seed77ff/bitext/translate"
)

// BenchmarkRunHeap measures the live heap a streaming Run keeps per added document: the
// plan's lasting state (each distinct text's translation) over 1,000 and 4,000 documents of
// two distinct Hebrew captions each, after a GC. What RSS adds on top is the GC's headroom.
//
//	go test ./pipeline -run '^$' -bench RunHeap -benchtime 1x
func BenchmarkRunHeap(b *testing.B) {
	det := detector(b)
	var docs []string
	for i := range 4000 {
		docs = append(docs, fmt.Sprintf("The negotiators met again on Tuesday, officials said, after a week without progress.\n2 View gallery\nתמונה מספר %d מהכתבה על המשא ומתן בקהיר\nההפגנה מספר %d מול משרד ראש הממשלה בירושלים\nProtesters outside the office\n", i, i))
	}
	measure := func(n int) uint64 {
		var inputs []Input
		for i := range n {
			inputs = append(inputs, Input{Path: fmt.Sprint(i), Rel: fmt.Sprint(i), Reader: strings.NewReader(docs[i])})
		}
		j, _ := NewJob(JobOptions{Options: Options{Detector: det, Translator: translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
			out := make([]translate.Translation, len(req.Texts))
			for i, s := range req.Texts {
				out[i] = translate.Translation{Text: "EN(" + s + ")"}
			}
			return out, nil
		})}, Output: "json"})
		r := newRun(j, inputs, nil)
		r.fn = func(Result) {}
		if err := r.loop(context.Background()); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		runtime.KeepAlive(r)
		return m.HeapAlloc
	}
	for b.Loop() {
		small, large := measure(1000), measure(4000)
		b.ReportMetric(float64(int64(large)-int64(small))/3000, "heap-B/doc")
	}
}
