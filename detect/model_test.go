package detect

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/detect/internal/ngram"
)

// TestEmbeddedModels: every language has its model, whole (its body checksum holds), and
// for the language it is named after; the default detector opens them all.
func TestEmbeddedModels(t *testing.T) {
	require.Len(t, linguaLanguages, 75)
	total := 0
	for _, l := range linguaLanguages {
		data := embeddedModel(l.iso)
		require.Len(t, data, l.size, l.iso)
		m, err := ngram.Open(data)
		require.NoError(t, err, l.iso)
		assert.NoError(t, m.Verify(), l.iso)
		assert.Equal(t, l.iso, m.Lang())
		assert.Equal(t, l.orders, m.Orders(), l.iso)
		total += len(data)
	}
	t.Logf("%d models, %.1f MB", len(linguaLanguages), float64(total)/1e6)
	assert.Empty(t, embeddedModel("xx"))
	d, err := New(Options{})
	require.NoError(t, err)
	assert.Len(t, d.models, 75)
}

// TestNewRejectsBadModels: a missing, truncated or corrupt model is an error from New,
// never an empty model that would make its language silently lose (English read as
// Afrikaans with exit 0).
func TestNewRejectsBadModels(t *testing.T) {
	es := embeddedModel("es")
	flip := func(s string, at int) string {
		b := []byte(s)
		b[at] ^= 0x40
		return string(b)
	}
	tests := map[string]string{
		"missing":          "",
		"truncated":        es[:len(es)/2],
		"one byte short":   es[:len(es)-1],
		"header only":      es[:300],
		"corrupt header":   flip(es, 20),
		"corrupt magic":    flip(es, 0),
		"another language": embeddedModel("pt"),
		"garbage":          "not a model at all, not a model at all, not a model at all",
		"git-lfs pointer":  "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 512033\n",
	}
	for name, bad := range tests {
		t.Run(name, func(t *testing.T) {
			src := func(iso string) string {
				if iso == "es" {
					return bad
				}
				return embeddedModel(iso)
			}
			_, err := newDetector(Options{Languages: tags("en", "es")}, src)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "es")
			// The other languages are fine on their own.
			_, err = newDetector(Options{Languages: tags("en", "pt")}, src)
			assert.NoError(t, err)
		})
	}
	_, err := newDetector(Options{}, func(string) string { return "" })
	assert.Error(t, err, "the default candidates need every model")
}

// TestModelsAreLinguas: the probabilities bitext reads are lingua-go's, within rounding:
// the relative frequencies below are read from lingua-go v1.4.0's English models
// (language-models/en/*.pb.bin.zip); an unknown n-gram backs off to its longest known
// prefix, and a letter English never uses is unknown.
func TestModelsAreLinguas(t *testing.T) {
	m, err := ngram.Open(embeddedModel("en"))
	require.NoError(t, err)
	ids := func(s string) []int32 {
		var out []int32
		for _, r := range s {
			out = append(out, m.Letter(r))
		}
		return out
	}
	for _, tt := range []struct {
		gram  string
		p     float64
		depth int
	}{
		{"t", 0.09006060688537569, 1},
		{"th", 0.277551375746679, 2},
		{"the", 0.6511652155779156, 3},
		{"ther", 0.09685912664557876, 4},
		{"there", 0.3308173884763402, 5},
		{"thж", 0.277551375746679, 2},
		{"therez", 0.3308173884763402, 5},
	} {
		lp, depth := m.LogProb(ids(tt.gram))
		assert.Equal(t, tt.depth, depth, tt.gram)
		assert.InDelta(t, math.Log(tt.p), lp, 1e-12, tt.gram)
	}
	assert.Equal(t, int32(-1), m.Letter('ж'))
	_, depth := m.LogProb(ids("жe"))
	assert.Zero(t, depth)
}

// TestConcurrentDetect: one Detector in many goroutines gives each text the answer it gives
// alone (the models are shared read-only data; scratch space is pooled).
func TestConcurrentDetect(t *testing.T) {
	d := detector(t)
	items := langidItems(t)[:300]
	want := make([]Result, len(items))
	for i, it := range items {
		want[i] = d.Detect(it.Text)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(items))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range items {
				i := (k + g*37) % len(items)
				if got := d.Detect(items[i].Text); got != want[i] {
					errs <- items[i].Text
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for text := range errs {
		t.Errorf("%q: another answer under concurrency", text)
	}
}
