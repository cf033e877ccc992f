package detect

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/detect/internal/ngram"
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

// textGrams are the distinct n-grams of a text's words, as lingua-go counts them: each
// n-gram once however often it occurs. They are kept as spots, the places where at least
// one of them first occurs, so one walk down a model's trie from a spot serves every order
// whose n-gram starts there. Letters are indexes into the text's distinct letters, so a
// model maps each letter to its own id once per text, not once per n-gram.
type textGrams struct {
	letters []rune
	seq     []int32 // the words' letters, word after word
	spots   []spot
}

// spot is a place in seq where the n-grams of the orders in the bit set first occur.
type spot struct {
	at     int32
	n      uint8 // letters to walk: the longest of those orders
	orders uint8 // bit n set: the n-gram of n letters from here is counted
}

// newTextGrams collects the distinct n-grams of one to maxOrder letters within the words.
func newTextGrams(ws []string, maxOrder int) *textGrams {
	tg := &textGrams{}
	index := map[rune]int32{}
	var offs []int // byte offset of each letter of the current word, and its end
	// An n-gram's key is its letters' indexes, 12 bits each, with its length on top; the
	// rare n-gram with a letter index beyond 12 bits (a text of thousands of distinct
	// letters) is keyed by its text instead.
	seen := map[uint64]bool{}
	var seenText map[string]bool
	for _, w := range ws {
		start := len(tg.seq)
		offs = offs[:0]
		for i, r := range w {
			li, ok := index[r]
			if !ok {
				li = int32(len(tg.letters))
				index[r] = li
				tg.letters = append(tg.letters, r)
			}
			tg.seq = append(tg.seq, li)
			offs = append(offs, i)
		}
		offs = append(offs, len(w))
		for i := range len(offs) - 1 {
			sp := spot{at: int32(start + i)}
			key, wide := uint64(0), false
			for n := 1; n <= maxOrder && i+n < len(offs); n++ {
				li := uint64(tg.seq[start+i+n-1])
				key = key<<12 | li
				wide = wide || li >= 1<<12
				var first bool
				if wide {
					if seenText == nil {
						seenText = map[string]bool{}
					}
					g := w[offs[i]:offs[i+n]]
					first = !seenText[g]
					seenText[g] = true
				} else {
					k := uint64(n)<<60 | key
					first = !seen[k]
					seen[k] = true
				}
				if first {
					sp.orders |= 1 << n
					sp.n = uint8(n)
				}
			}
			if sp.orders != 0 {
				tg.spots = append(tg.spots, sp)
			}
		}
	}
	return tg
}

// ids maps the text's letters to m's letter ids (-1 for letters m has never seen).
func (tg *textGrams) ids(m *ngram.Model, buf []int32) []int32 {
	buf = buf[:0]
	for _, r := range tg.letters {
		buf = append(buf, m.Letter(r))
	}
	return buf
}

// addSums adds to sums[n], for each order n above from and up to to, the summed log
// probability under m of the text's distinct n-grams of n letters, each backing off as
// lingua-go does to its longest known prefix, and unknown for an n-gram whose first letter
// m does not know. ids are the text's letters in m's ids.
func (tg *textGrams) addSums(sums *[ngram.MaxOrder + 1]float64, m *ngram.Model, ids []int32, from, to int, unknown float64) {
	var g [ngram.MaxOrder]int32
	var lp [ngram.MaxOrder]float64
	for _, sp := range tg.spots {
		orders := sp.orders & (1<<(to+1) - 1) &^ (1<<(from+1) - 1)
		if orders == 0 {
			continue
		}
		n := bits.Len8(orders) - 1
		for k, li := range tg.seq[sp.at : int(sp.at)+n] {
			g[k] = ids[li]
		}
		known := m.Walk(g[:n], lp[:n]) > 0
		for k := 1; k <= n; k++ {
			if orders&(1<<k) == 0 {
				continue
			}
			if known {
				sums[k] += lp[k-1]
			} else {
				sums[k] += unknown
			}
		}
	}
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

// scorer scores one text against candidate languages, pass after pass, remembering per
// language the sums of the orders it has read, so a later pass with more orders (or with
// trigrams alone) reads only what the earlier ones did not.
type scorer struct {
	d     *Detector
	tg    *textGrams
	langs map[string]*langSums
}

// langSums is what a scorer knows of one language: the text's letters in its ids, how many
// of them it knows, and the sums of the orders up to upTo.
type langSums struct {
	ids   []int32
	known int
	upTo  int
	sums  [ngram.MaxOrder + 1]float64
}

func (d *Detector) newScorer(ws []string) *scorer {
	return &scorer{d: d, tg: newTextGrams(ws, ngram.MaxOrder), langs: map[string]*langSums{}}
}

// score computes lingua-go's sum of log probabilities over the given n-gram orders for each
// candidate.
func (s *scorer) score(codes []string, orders []int) evidence {
	ev := evidence{codes: codes, logit: make([]float64, len(codes)), ok: make([]bool, len(codes))}
	useUni := slices.Contains(orders, 1)
	maxOrder := slices.Max(orders)
	for li, c := range codes {
		ls := s.langs[c]
		m := s.d.models[c]
		if ls == nil {
			ls = &langSums{ids: s.tg.ids(m, nil)}
			for _, id := range ls.ids {
				if id >= 0 {
					ls.known++
				}
			}
			s.langs[c] = ls
		}
		if ls.upTo < maxOrder {
			s.tg.addSums(&ls.sums, m, ls.ids, ls.upTo, maxOrder, unknownLogProb)
			ls.upTo = maxOrder
		}
		total := 0.0
		for _, n := range orders {
			total += ls.sums[n]
		}
		if total < 0 {
			ev.ok[li] = true
			if useUni && ls.known > 0 {
				total /= float64(ls.known)
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
