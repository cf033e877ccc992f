// Package score measures translations against references (`bitext score`): chrF and chrF++
// exactly as sacreBLEU 2 computes them, grouped by backend, model and language pair.
package score

import (
	"strings"
	"unicode"
)

// CHRF is the chrF metric (Popović 2015) and its chrF++ variant (Popović 2017) as sacreBLEU
// 2.x defines them (sacrebleu/metrics/chrf.py): character n-grams of orders 1 to CharOrder
// over the text with all whitespace removed (unless Whitespace), word n-grams of orders 1 to
// WordOrder over the words with one punctuation mark split off each end, precision and
// recall averaged over the orders, and their F-beta. The zero value is not useful; see
// ChrF and ChrFPlusPlus.
type CHRF struct {
	// CharOrder is the highest character n-gram order (sacreBLEU's default 6).
	CharOrder int
	// WordOrder is the highest word n-gram order: 0 for chrF, 2 for chrF++.
	WordOrder int
	// Beta weighs recall against precision (2).
	Beta float64
	// Whitespace keeps whitespace in the character n-grams (sacreBLEU's whitespace=True).
	Whitespace bool
	// EpsSmoothing averages per-order F scores with chrF++.py's epsilon for empty orders
	// (sacreBLEU's eps_smoothing=True); otherwise (the default) precision and recall are
	// averaged over the orders that have n-grams on both sides (the effective order).
	EpsSmoothing bool
}

// ChrF is sacreBLEU's default chrF: chrF2, character 6-grams, no word n-grams.
var ChrF = CHRF{CharOrder: 6, WordOrder: 0, Beta: 2}

// ChrFPlusPlus is sacreBLEU's chrF++ (CHRF(word_order=2)): chrF2 with word unigrams and bigrams.
var ChrFPlusPlus = CHRF{CharOrder: 6, WordOrder: 2, Beta: 2}

// Stats are the n-gram counts of one or more segments: for each order (character orders
// first, then word orders), the hypothesis n-grams, the reference n-grams and the matches.
// A corpus's statistics are the sums of its segments'.
type Stats []int

// Add adds o to s (they must be of the same metric).
func (s Stats) Add(o Stats) {
	for i := range s {
		s[i] += o[i]
	}
}

// Zero returns empty statistics for m.
func (m CHRF) Zero() Stats { return make(Stats, 3*(m.CharOrder+m.WordOrder)) }

// Segment returns the statistics of hypothesis against the best of references (the one
// with the highest segment score, the first on a tie), as sacreBLEU picks among several.
func (m CHRF) Segment(hypothesis string, references ...string) Stats {
	hyp := m.ngrams(hypothesis)
	var best Stats
	bestF := -1.0
	for _, ref := range references {
		r := m.ngrams(ref)
		st := m.Zero()
		for i := range hyp {
			st[3*i], st[3*i+1], st[3*i+2] = match(hyp[i], r[i])
		}
		if f := m.Score(st); f > bestF {
			best, bestF = st, f
		}
	}
	if best == nil {
		return m.Zero()
	}
	return best
}

// Corpus returns the score of hypotheses against references, references[k][i] being the
// k-th reference of hypotheses[i] (sacreBLEU's corpus_score with one stream per
// reference). A missing reference (a shorter stream, or "") is left out for that segment.
func (m CHRF) Corpus(hypotheses []string, references [][]string) float64 {
	total := m.Zero()
	for i, h := range hypotheses {
		var refs []string
		for _, stream := range references {
			if i < len(stream) && stream[i] != "" {
				refs = append(refs, stream[i])
			}
		}
		total.Add(m.Segment(h, refs...))
	}
	return m.Score(total)
}

// Score is the metric's value for statistics, between 0 and 100.
func (m CHRF) Score(s Stats) float64 {
	const eps = 1e-16
	factor := m.Beta * m.Beta
	order := m.CharOrder + m.WordOrder
	var score, avgPrec, avgRec float64
	effective := 0
	for i := 0; i < order; i++ {
		nHyp, nRef, nMatch := float64(s[3*i]), float64(s[3*i+1]), float64(s[3*i+2])
		prec, rec := eps, eps
		if nHyp > 0 {
			prec = nMatch / nHyp
		}
		if nRef > 0 {
			rec = nMatch / nRef
		}
		if denom := factor*prec + rec; denom > 0 {
			score += (1 + factor) * prec * rec / denom
		} else {
			score += eps
		}
		if nHyp > 0 && nRef > 0 {
			avgPrec += prec
			avgRec += rec
			effective++
		}
	}
	if m.EpsSmoothing {
		return 100 * score / float64(order)
	}
	if effective == 0 {
		return 0
	}
	avgPrec /= float64(effective)
	avgRec /= float64(effective)
	if avgPrec+avgRec == 0 {
		return 0
	}
	return 100 * (1 + factor) * avgPrec * avgRec / (factor*avgPrec + avgRec)
}

// match counts hypothesis n-grams (none when the reference has none of that order, as
// sacreBLEU does), reference n-grams, and the clipped matches.
func match(hyp, ref map[string]int) (nHyp, nRef, nMatch int) {
	for g, c := range hyp {
		nHyp += c
		if r, ok := ref[g]; ok {
			nMatch += min(c, r)
		}
	}
	for _, c := range ref {
		nRef += c
	}
	if len(ref) == 0 {
		nHyp = 0
	}
	return nHyp, nRef, nMatch
}

// ngrams returns the n-gram counts of text for every order, character orders first.
func (m CHRF) ngrams(text string) []map[string]int {
	out := make([]map[string]int, 0, m.CharOrder+m.WordOrder)
	chars := []rune(text)
	if !m.Whitespace {
		chars = []rune(strings.Join(fields(text), ""))
	}
	for n := 1; n <= m.CharOrder; n++ {
		c := map[string]int{}
		for i := 0; i+n <= len(chars); i++ {
			c[string(chars[i:i+n])]++
		}
		out = append(out, c)
	}
	if m.WordOrder > 0 {
		words := splitPunctuation(text)
		for n := 1; n <= m.WordOrder; n++ {
			c := map[string]int{}
			for i := 0; i+n <= len(words); i++ {
				c[strings.Join(words[i:i+n], " ")]++
			}
			out = append(out, c)
		}
	}
	return out
}

// fields splits s at whitespace as Python's str.split() does: Unicode White_Space plus the
// information separators U+001C–U+001F, which Python counts and Go does not.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r >= 0x1C && r <= 0x1F })
}

// punctuation is Python's string.punctuation, what chrF++ splits off words.
const punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// splitPunctuation is sacreBLEU's chrF++ tokenizer: words, each of more than one character
// with one punctuation mark split off its end, or else off its start ("(hi)" gives "(hi"
// and ")").
func splitPunctuation(s string) []string {
	var out []string
	for _, w := range fields(s) {
		r := []rune(w)
		switch {
		case len(r) == 1:
			out = append(out, w)
		case strings.ContainsRune(punctuation, r[len(r)-1]):
			out = append(out, string(r[:len(r)-1]), string(r[len(r)-1]))
		case strings.ContainsRune(punctuation, r[0]):
			out = append(out, string(r[0]), string(r[1:]))
		default:
			out = append(out, w)
		}
	}
	return out
}
