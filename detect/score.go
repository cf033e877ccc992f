package detect

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
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
	orders uint8 // bit n set: the n-gram of n letters from here is counted
}

// occurrence is one n-gram at one place of a textGrams' letters.
type occurrence struct {
	key uint64
	at  int32
}

// occurrencePool recycles newTextGrams' scratch space.
var occurrencePool = sync.Pool{New: func() any { return new([]occurrence) }}

// sortUpTo is how many n-gram occurrences newTextGrams sorts to find the distinct ones (a
// text of a few hundred words); a longer text uses a map, whose memory grows with the
// distinct n-grams rather than with the text.
const sortUpTo = 1 << 14

// newTextGrams collects the distinct n-grams of one to maxOrder letters within the words.
func newTextGrams(ws []string, maxOrder int) *textGrams {
	tg := &textGrams{}
	index := map[rune]int32{}
	starts := make([]int, 0, len(ws)+1) // where each word starts in seq, then the end
	for _, w := range ws {
		starts = append(starts, len(tg.seq))
		for _, r := range w {
			li, ok := index[r]
			if !ok {
				li = int32(len(tg.letters))
				index[r] = li
				tg.letters = append(tg.letters, r)
			}
			tg.seq = append(tg.seq, li)
		}
	}
	starts = append(starts, len(tg.seq))
	orders := make([]uint8, len(tg.seq)) // per place: the orders whose n-gram first occurs there

	// An n-gram is keyed by its letters' indexes, 12 bits each, with its length on top.
	// The rare one with a letter index beyond 12 bits (a text of thousands of distinct
	// letters) is keyed by all its indexes in a map of its own.
	type wideKey struct {
		n       int
		letters [ngram.MaxOrder]int32
	}
	var wide map[wideKey]bool
	each := func(f func(key uint64, at int)) {
		for wi := 0; wi+1 < len(starts); wi++ {
			end := starts[wi+1]
			for i := starts[wi]; i < end; i++ {
				key, isWide := uint64(0), false
				for n := 1; n <= maxOrder && i+n <= end; n++ {
					li := tg.seq[i+n-1]
					key = key<<12 | uint64(li)
					isWide = isWide || li >= 1<<12
					if !isWide {
						f(uint64(n)<<60|key, i)
						continue
					}
					if wide == nil {
						wide = map[wideKey]bool{}
					}
					k := wideKey{n: n}
					copy(k.letters[:], tg.seq[i:i+n])
					if !wide[k] {
						wide[k] = true
						orders[i] |= 1 << n
					}
				}
			}
		}
	}
	if len(tg.seq)*maxOrder <= sortUpTo {
		occs := occurrencePool.Get().(*[]occurrence)
		defer occurrencePool.Put(occs)
		*occs = (*occs)[:0]
		each(func(key uint64, at int) { *occs = append(*occs, occurrence{key, int32(at)}) })
		slices.SortFunc(*occs, func(a, b occurrence) int {
			if c := cmp.Compare(a.key, b.key); c != 0 {
				return c
			}
			return cmp.Compare(a.at, b.at)
		})
		for i, o := range *occs {
			if i == 0 || o.key != (*occs)[i-1].key {
				orders[o.at] |= 1 << (o.key >> 60)
			}
		}
	} else {
		seen := map[uint64]struct{}{}
		each(func(key uint64, at int) {
			if _, ok := seen[key]; !ok {
				seen[key] = struct{}{}
				orders[at] |= 1 << (key >> 60)
			}
		})
	}
	for at, os := range orders {
		if os != 0 {
			tg.spots = append(tg.spots, spot{at: int32(at), orders: os})
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
		n := bits.Len8(orders) - 1 // walk to the longest order asked
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
	slab  []langSums // where langs point, allocated at once
	ids   []int32    // where the langSums' ids are, allocated at once
}

// langSums is what a scorer knows of one language: the text's letters in its ids, how many
// of them it knows, and the sums of the orders up to upTo.
type langSums struct {
	ids   []int32
	known int
	upTo  int
	sums  [ngram.MaxOrder + 1]float64
}

// newScorer prepares to score the words against up to n languages.
func (d *Detector) newScorer(ws []string, n int) *scorer {
	tg := newTextGrams(ws, ngram.MaxOrder)
	return &scorer{d: d, tg: tg, langs: make(map[string]*langSums, n),
		slab: make([]langSums, 0, n), ids: make([]int32, 0, n*len(tg.letters))}
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
			if len(s.slab) < cap(s.slab) {
				s.slab = s.slab[:len(s.slab)+1]
				ls = &s.slab[len(s.slab)-1]
			} else {
				ls = new(langSums)
			}
			ls.ids = s.tg.ids(m, s.ids[len(s.ids):len(s.ids)])
			if len(s.ids)+len(ls.ids) <= cap(s.ids) {
				s.ids = s.ids[:len(s.ids)+len(ls.ids)]
			}
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
