package detect

import "testing"

// BenchmarkDetect detects each of the 2,478 texts of testdata/langid on its own (single
// words to long sentences, 32 languages), with every language a candidate: what
// `bitext detect --lines` does per line. One pass before the timing pages the models in
// (or, before issue 11, loaded the tables), so this is the steady state; what a cold
// process pays is measured by detect/bench/compare.sh.
func BenchmarkDetect(b *testing.B) {
	var texts []string
	for _, it := range langidItems(b) {
		texts = append(texts, it.Text)
	}
	d, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range texts {
		d.Detect(t)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			d.Detect(t)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(texts)), "µs/text")
}

// BenchmarkNew opens a detector over every language: the check of 75 embedded models'
// headers that every process pays once per Detector.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
