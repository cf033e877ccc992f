package detect

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// words splits text into lowercase words the way lingua-go does: runs of letters, except
// that every Han, Hangul, Hiragana and Katakana character is a word of its own.
func words(text string) []string {
	text = strings.ToLower(text)
	var out []string
	start := -1
	for i, r := range text {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
			if start >= 0 {
				out = append(out, text[start:i])
				start = -1
			}
			out = append(out, text[i:i+utf8.RuneLen(r)])
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				out = append(out, text[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// gram is one distinct n-gram of a text with the hashes of its prefixes, longest first:
// lingua-go backs off from an unknown n-gram to its prefixes.
type gram struct {
	prefixes []uint64
}

// grams returns the distinct n-grams of length n within the words.
func grams(ws []string, n int) []gram {
	seen := map[string]bool{}
	var out []gram
	for _, w := range ws {
		// byte offsets of each rune start, plus the end
		var idx []int
		for i := range w {
			idx = append(idx, i)
		}
		idx = append(idx, len(w))
		for i := 0; i+n < len(idx); i++ {
			g := w[idx[i]:idx[i+n]]
			if seen[g] {
				continue
			}
			seen[g] = true
			p := make([]uint64, n)
			for k := n; k >= 1; k-- {
				p[n-k] = hashString(w[idx[i]:idx[i+k]])
			}
			out = append(out, gram{p})
		}
	}
	return out
}

// unknownLogProb is what an n-gram costs a language that knows not even its first letter.
// lingua-go charges nothing, so a language that lacks the text's rarer letters ("ố")
// scores better than the one that has them; a cost of about e^-10 stops that.
const unknownLogProb = -10.0

// evidence is what the n-gram models say about one text: for each candidate, the summed
// log probability per order, normalised like lingua-go's (divided by the number of the
// text's letters the language knows when unigrams take part). ok is false for candidates
// that know none of the text's n-grams.
type evidence struct {
	codes []string
	logit []float64
	ok    []bool
}

// score computes lingua-go's sum of log probabilities over the given n-gram orders for each
// candidate. It loads the tables it touches.
func score(ws []string, codes []string, orders []int) evidence {
	ev := evidence{codes: codes, logit: make([]float64, len(codes)), ok: make([]bool, len(codes))}
	byOrder := map[int][]gram{}
	for _, n := range orders {
		byOrder[n] = grams(ws, n)
	}
	preload(codes, append([]int{1}, orders...))
	uni := grams(ws, 1)
	useUni := false
	for _, n := range orders {
		useUni = useUni || n == 1
	}
	for li, c := range codes {
		m := modelFor(c)
		u := m.order(1)
		known := 0
		for _, g := range uni {
			if _, ok := u.logProb(g.prefixes[0]); ok {
				known++
			}
		}
		total := 0.0
		for _, n := range orders {
			sum := 0.0
			for _, g := range byOrder[n] {
				lp := unknownLogProb
				for k, h := range g.prefixes {
					if v, ok := m.order(n - k).logProb(h); ok {
						lp = v
						break
					}
				}
				sum += lp
			}
			total += sum
		}
		if total < 0 {
			ev.ok[li] = true
			if useUni && known > 0 {
				total /= float64(known)
			}
		}
		ev.logit[li] = total
	}
	return ev
}

// softmax turns evidence plus log prior weights into probabilities, with temperature t:
// lingua-go's scores are sharper than its accuracy, so calibration flattens them.
// Candidates with no evidence get none of the mass unless no candidate has any.
func (ev evidence) softmax(t float64, logPrior []float64) []float64 {
	p := make([]float64, len(ev.codes))
	max := math.Inf(-1)
	any := false
	for i := range p {
		if ev.ok[i] {
			any = true
		}
	}
	x := make([]float64, len(p))
	for i := range p {
		if any && !ev.ok[i] {
			x[i] = math.Inf(-1)
			continue
		}
		x[i] = ev.logit[i] / t
		if logPrior != nil {
			x[i] += logPrior[i]
		}
		if x[i] > max {
			max = x[i]
		}
	}
	sum := 0.0
	for i := range p {
		if math.IsInf(x[i], -1) {
			continue
		}
		p[i] = math.Exp(x[i] - max)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}
