package score

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSacreBLEUCases reproduces every published chrF case of sacreBLEU's test suite
// (testdata/chrf, copied from test/test_chrf.py) to 1e-4, as sacreBLEU itself checks them,
// with the arguments its tests pass.
func TestSacreBLEUCases(t *testing.T) {
	data, err := os.ReadFile("../../testdata/chrf/sacrebleu_cases.json")
	require.NoError(t, err)
	var groups map[string]struct {
		About string               `json:"about"`
		Cases [][3]json.RawMessage `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(data, &groups))
	metrics := map[string]CHRF{
		"corpus_eps":             {CharOrder: 6, Beta: 3, EpsSmoothing: true},
		"corpus_effective_order": {CharOrder: 6, Beta: 3},
		"corpus_keep_whitespace": {CharOrder: 6, Beta: 3, Whitespace: true},
		"sentence_eps":           {CharOrder: 6, Beta: 2, EpsSmoothing: true},
	}
	n := 0
	for name, g := range groups {
		m, ok := metrics[name]
		require.True(t, ok, "a group this test does not know: %s", name)
		for _, c := range g.Cases {
			var hyps, refs []string
			var want float64
			require.NoError(t, json.Unmarshal(c[0], &hyps))
			require.NoError(t, json.Unmarshal(c[1], &refs))
			require.NoError(t, json.Unmarshal(c[2], &want))
			got := m.Corpus(hyps, [][]string{refs})
			assert.InDelta(t, want, got, 1e-4, "%s: %q against %q", name, hyps, refs)
			n++
		}
	}
	assert.Equal(t, 25, n, "all of them")
}

// TestMultipleReferences is sacreBLEU's README example: three sentences, two reference
// streams, chrF2 = 59.73 (printed to two decimals); each segment takes its best reference.
func TestMultipleReferences(t *testing.T) {
	refs := [][]string{
		{"The dog bit the man.", "It was not unexpected.", "The man bit him first."},
		{"The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."},
	}
	sys := []string{"The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."}
	assert.InDelta(t, 59.73, ChrF.Corpus(sys, refs), 0.005)
	assert.InDelta(t, 100, ChrF.Corpus(sys[:1], [][]string{refs[1][:1], refs[0][:1]}), 1e-9, "the exact reference wins, wherever it is")
}

// TestChrFPlusPlus checks the word n-grams by hand: "a b ." against "a b": char n-grams
// as chrF, and words {a, b, .} against {a, b} (unigrams 2 of 3 and 2 of 2, bigrams
// {"a b", "b ."} against {"a b"}: 1 of 2 and 1 of 1).
func TestChrFPlusPlus(t *testing.T) {
	assert.Equal(t, []string{"(hi", ")", "a", "b", ".", "x"}, splitPunctuation("(hi) a b. x"))
	st := ChrFPlusPlus.Segment("a b .", "a b")
	w := 3 * ChrFPlusPlus.CharOrder
	assert.Equal(t, []int{3, 2, 2, 2, 1, 1}, []int(st[w:]))
	assert.Equal(t, []int{3, 2, 2}, []int(st[:3]), "characters a, b, . against a, b")
	// Effective orders 1 and 2, for characters and words alike: P = (2/3 + 1/2)/2, R = 1,
	// F2 = 5PR/(4P+R) = 87.5.
	assert.InDelta(t, 87.5, ChrFPlusPlus.Score(st), 1e-9)
	// Without spaces the characters agree, the words do not.
	assert.InDelta(t, 100, ChrF.Corpus([]string{"a b c"}, [][]string{{"abc"}}), 1e-9)
	assert.Less(t, ChrFPlusPlus.Corpus([]string{"a b c"}, [][]string{{"abc"}}), 100.0)
}

// BenchmarkChrF is the cost of scoring one sentence pair with chrF and chrF++ (a 20-word
// news sentence against a reference differing in a few words).
func BenchmarkChrF(b *testing.B) {
	hyp := "Macedonian President Gjorge Ivanov, an opponent of the plebiscite, said he would not vote in the referendum on Sunday."
	ref := "President Gjorge Ivanov of Macedonia, who opposes the plebiscite, said he would not be voting in Sunday's referendum."
	for _, m := range []struct {
		name string
		m    CHRF
	}{{"chrF", ChrF}, {"chrF++", ChrFPlusPlus}} {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.m.Segment(hyp, ref)
			}
		})
	}
}
