package ngram

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// Build encodes one language's model. counts[k-1] holds the n-grams of k letters and how
// often each occurred; every n-gram's prefix of k-1 letters must be in counts[k-2] and
// its last letter in counts[0], as in lingua-go's models. The output is deterministic:
// the same counts give the same bytes.
func Build(lang string, counts []map[string]uint64) ([]byte, error) {
	if len(counts) < 1 || len(counts) > MaxOrder {
		return nil, fmt.Errorf("ngram: %s: %d orders, want 1 to %d", lang, len(counts), MaxOrder)
	}
	if len(lang) == 0 || len(lang) > 8 {
		return nil, fmt.Errorf("ngram: language code %q", lang)
	}
	var letters []rune
	var total uint64
	for g, c := range counts[0] {
		r, n := utf8.DecodeRuneInString(g)
		if n != len(g) || r == utf8.RuneError {
			return nil, fmt.Errorf("ngram: %s: unigram %q is not one letter", lang, g)
		}
		if c == 0 {
			return nil, fmt.Errorf("ngram: %s: unigram %q has count 0", lang, g)
		}
		letters = append(letters, r)
		total += c
	}
	if len(letters) == 0 {
		return nil, fmt.Errorf("ngram: %s: no unigrams", lang)
	}
	switch {
	case len(letters) > maxAlphabet,
		len(counts) > 1 && len(letters) > maxPairAlphabet,
		len(counts) > 2 && len(letters) > maxDeepAlphabet:
		return nil, fmt.Errorf("ngram: %s: %d letters, too many for %d orders", lang, len(letters), len(counts))
	}
	slices.Sort(letters)
	alpha := uint64(len(letters))
	id := make(map[rune]uint64, len(letters))
	index := make(map[string]int, len(letters))
	var w writer
	for i, r := range letters {
		id[r] = uint64(i)
		index[string(r)] = i
		w.body = binary.LittleEndian.AppendUint32(w.body, uint32(r))
	}
	w.pad()
	for _, r := range letters {
		w.float64(exactLog(counts[0][string(r)]))
	}
	direct := make([]uint16, directCodes)
	for i, r := range letters {
		if r < directCodes {
			direct[r] = uint16(i + 1)
		}
	}
	w.uint16s(direct)
	var lh [MaxOrder]levelHeader
	lh[0].n = len(letters)

	for k := 2; k <= len(counts); k++ {
		type node struct {
			x uint64
			g string
			c uint64
		}
		nodes := make([]node, 0, len(counts[k-1]))
		for g, c := range counts[k-1] {
			if c == 0 {
				return nil, fmt.Errorf("ngram: %s: %q has count 0", lang, g)
			}
			if utf8.RuneCountInString(g) != k {
				return nil, fmt.Errorf("ngram: %s: %q among the %d-grams", lang, g, k)
			}
			r, n := utf8.DecodeLastRuneInString(g)
			p, ok := index[g[:len(g)-n]]
			if !ok {
				return nil, fmt.Errorf("ngram: %s: the prefix of %q is not counted", lang, g)
			}
			l, ok := id[r]
			if !ok {
				return nil, fmt.Errorf("ngram: %s: the last letter of %q is not a unigram", lang, g)
			}
			nodes = append(nodes, node{uint64(p)*alpha + l, g, c})
		}
		if len(nodes) == 0 {
			return nil, fmt.Errorf("ngram: %s: no %d-grams", lang, k)
		}
		slices.SortFunc(nodes, func(a, b node) int { return cmp.Compare(a.x, b.x) })
		index = make(map[string]int, len(nodes))
		for i, nd := range nodes {
			index[nd.g] = i
		}
		lh[k-1].n = len(nodes)
		if k == 2 {
			if len(nodes) > maxBigrams {
				return nil, fmt.Errorf("ngram: %s: %d bigrams, too many for a pair table", lang, len(nodes))
			}
			rowWords := (alpha + 63) / 64
			follows := make([]uint64, alpha*rowWords)
			firsts := make([]uint16, alpha) // 0 for a letter no bigram starts with: its row is empty
			for i := len(nodes) - 1; i >= 0; i-- {
				a, b := nodes[i].x/alpha, nodes[i].x%alpha
				follows[a*rowWords+b/64] |= 1 << (b % 64)
				firsts[a] = uint16(i)
			}
			w.words(follows)
			w.uint16s(firsts)
			for _, nd := range nodes {
				w.float64(exactLog(nd.c))
			}
			continue
		}
		if k == 3 {
			lh[2].blocks = w.blocks(lh[1].n, alpha, func(i int) (uint64, uint64) { return nodes[i].x, nodes[i].c - 1 }, len(nodes))
			continue
		}
		xs := make([]uint64, len(nodes))
		vals := make([]uint64, len(nodes))
		for i, nd := range nodes {
			xs[i], vals[i] = nd.x, nd.c-1
		}
		var err error
		if lh[k-1].low, err = w.eliasFano(xs, uint64(lh[k-2].n)*alpha); err != nil {
			return nil, fmt.Errorf("ngram: %s: level %d: %w", lang, k, err)
		}
		lh[k-1].counts = w.dac(vals, maxLayers)
	}

	h := make([]byte, headerSize)
	le := binary.LittleEndian
	copy(h, Magic)
	le.PutUint32(h[8:], Version)
	le.PutUint32(h[12:], uint32(len(counts)))
	copy(h[16:24], lang)
	le.PutUint64(h[24:], total)
	le.PutUint64(h[32:], math.Float64bits(exactLog(total)))
	le.PutUint32(h[40:], uint32(len(letters)))
	for k, l := range lh[:len(counts)] {
		b := h[offLevels+k*levelSize:]
		le.PutUint32(b, uint32(l.n))
		b[4] = byte(l.low)
		b[5] = byte(len(l.counts))
		for j, c := range l.counts {
			b[6+j] = byte(c.width)
			le.PutUint32(b[12+4*j:], uint32(c.n))
		}
		if k == 2 {
			le.PutUint32(b[12:], uint32(l.blocks))
		}
	}
	le.PutUint32(h[offCRCs:], crc32.Checksum(w.body, castagnoli))
	le.PutUint32(h[offCRCs+4:], crc32.Checksum(h[:offCRCs+4], castagnoli))
	return append(h, w.body...), nil
}

// exactLog is log(k) correctly rounded to float64, computed in 256-bit arithmetic, so the
// generated files are the same on every machine: math.Log may differ in its last bit
// between architectures. log(k) = e·log 2 + log(m) for k = m·2^e, m in [1, 2), and
// log(x) = 2·atanh((x-1)/(x+1)).
func exactLog(k uint64) float64 {
	const prec = 256
	x := new(big.Float).SetPrec(prec).SetUint64(k)
	m := new(big.Float).SetPrec(prec)
	e := x.MantExp(m) - 1 // MantExp gives m in [1/2, 1)
	m.SetMantExp(m, 1)
	r := new(big.Float).SetPrec(prec).SetInt64(int64(e))
	r.Mul(r, bigLog(new(big.Float).SetPrec(prec).SetInt64(2)))
	r.Add(r, bigLog(m))
	f, _ := r.Float64()
	return f
}

// bigLog is log(x) for x in [1, 2], by the series of atanh.
func bigLog(x *big.Float) *big.Float {
	prec := x.Prec()
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	z := new(big.Float).SetPrec(prec).Sub(x, one)
	z.Quo(z, new(big.Float).SetPrec(prec).Add(x, one))
	z2 := new(big.Float).SetPrec(prec).Mul(z, z)
	sum := new(big.Float).SetPrec(prec).Set(z)
	term := new(big.Float).SetPrec(prec).Set(z)
	t := new(big.Float).SetPrec(prec)
	for n := int64(3); term.Sign() != 0; n += 2 {
		term.Mul(term, z2)
		t.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -int(prec) {
			break
		}
		sum.Add(sum, t)
	}
	return sum.Mul(sum, new(big.Float).SetPrec(prec).SetInt64(2))
}

type levelHeader struct {
	n      int
	low    uint
	counts []layerHeader
	blocks int // level 3: bytes of blocks
}

type layerHeader struct {
	n     int
	width uint
}

// writer appends the body's arrays, each padded to 8 bytes.
type writer struct {
	body []byte
}

func (w *writer) pad() {
	for len(w.body)%8 != 0 {
		w.body = append(w.body, 0)
	}
}

func (w *writer) float64(f float64) {
	w.body = binary.LittleEndian.AppendUint64(w.body, math.Float64bits(f))
}

func (w *writer) words(ws []uint64) {
	for _, x := range ws {
		w.body = binary.LittleEndian.AppendUint64(w.body, x)
	}
}

func (w *writer) uint16s(us []uint16) {
	for _, x := range us {
		w.body = binary.LittleEndian.AppendUint16(w.body, x)
	}
	w.pad()
}

// blocks writes level 3: the offset of each of the parents' blocks and the blocks, and
// returns the blocks' length. node(i) gives the i-th node's parent*alpha + letter and its
// count less one, in order.
func (w *writer) blocks(parents int, alpha uint64, node func(int) (uint64, uint64), n int) int {
	var offs []uint32
	var blocks []byte
	i := 0
	for p := range parents {
		offs = append(offs, uint32(len(blocks)))
		first := i
		var letters []byte
		var vals []uint64
		for ; i < n; i++ {
			x, v := node(i)
			if x/alpha != uint64(p) {
				break
			}
			letters = append(letters, byte(x%alpha))
			vals = append(vals, v)
		}
		if len(letters) == 0 {
			continue
		}
		width := uint(0)
		for _, v := range vals {
			width = max(width, uint(bits.Len64(v)))
		}
		blocks = binary.LittleEndian.AppendUint32(blocks, uint32(first))
		blocks = append(blocks, byte(len(letters)), byte(width))
		blocks = append(blocks, letters...)
		packed := make([]byte, (len(vals)*int(width)+7)/8)
		for j, v := range vals {
			for b := range width {
				if v>>b&1 == 1 {
					pos := j*int(width) + int(b)
					packed[pos>>3] |= 1 << (pos & 7)
				}
			}
		}
		blocks = append(blocks, packed...)
	}
	offs = append(offs, uint32(len(blocks)))
	w.uint32s(offs)
	w.body = append(w.body, blocks...)
	w.pad()
	return len(blocks)
}

func (w *writer) uint32s(us []uint32) {
	for _, x := range us {
		w.body = binary.LittleEndian.AppendUint32(w.body, x)
	}
	w.pad()
}

// bitArray is a growing bit vector.
type bitArray struct {
	ws []uint64
	n  int
}

func newBits(n int) *bitArray { return &bitArray{ws: make([]uint64, (n+63)/64), n: n} }

func (b *bitArray) set(pos int) { b.ws[pos>>6] |= 1 << (pos & 63) }

func (b *bitArray) put(pos int, width uint, v uint64) {
	if width == 0 {
		return
	}
	i, off := pos>>6, uint(pos&63)
	b.ws[i] |= v << off
	if off+width > 64 {
		b.ws[i+1] |= v >> (64 - off)
	}
}

// eliasFano writes the strictly increasing xs, all below universe, and returns the number
// of low bits it chose: floor(log2(universe/n)), the size-optimal split.
func (w *writer) eliasFano(xs []uint64, universe uint64) (uint, error) {
	n := len(xs)
	low := uint(0)
	if q := universe / uint64(n); q > 1 {
		low = uint(bits.Len64(q) - 1)
	}
	low = min(low, 32)
	buckets := int((universe-1)>>low) + 1
	if n+buckets >= 1<<32 {
		return 0, fmt.Errorf("%d elements in a universe of %d: too many for 32-bit positions", n, universe)
	}
	lows := newBits(n * int(low))
	highs := newBits(n + buckets)
	for i, x := range xs {
		if x >= universe || i > 0 && x <= xs[i-1] {
			return 0, fmt.Errorf("element %d (%d) out of order or range", i, x)
		}
		lows.put(i*int(low), low, x&(1<<low-1))
		highs.set(int(x>>low) + i)
	}
	var zeros []uint32
	z := 0
	for pos := 0; pos < highs.n; pos++ {
		if highs.ws[pos>>6]>>(pos&63)&1 == 0 {
			if z%selectSample == 0 {
				zeros = append(zeros, uint32(pos))
			}
			z++
		}
	}
	if z != buckets {
		return 0, fmt.Errorf("%d zeros for %d buckets", z, buckets)
	}
	w.words(lows.ws)
	w.words(highs.ws)
	w.uint32s(zeros)
	return low, nil
}

// dac writes vals in directly addressable codes, in at most layers layers of the widths
// that make them smallest, and returns the layers' sizes and widths.
func (w *writer) dac(vals []uint64, layers int) []layerHeader {
	widths := bestWidths(vals, layers)
	var out []layerHeader
	cur := vals
	shift := uint(0)
	for j, width := range widths {
		last := j == len(widths)-1
		chunks := newBits(len(cur) * int(width))
		more := newBits(len(cur))
		var next []uint64
		for i, v := range cur {
			chunks.put(i*int(width), width, v>>shift&(1<<width-1))
			if !last && v>>(shift+width) != 0 {
				more.set(i)
				next = append(next, v)
			}
		}
		w.words(chunks.ws)
		if !last {
			w.words(more.ws)
			dir := make([]uint32, len(cur)/rankBlock+1)
			ones := 0
			for i := range cur {
				if i%rankBlock == 0 {
					dir[i/rankBlock] = uint32(ones)
				}
				if more.ws[i>>6]>>(i&63)&1 == 1 {
					ones++
				}
			}
			if len(cur)%rankBlock == 0 {
				dir[len(cur)/rankBlock] = uint32(ones)
			}
			w.uint32s(dir)
		}
		out = append(out, layerHeader{len(cur), width})
		cur = next
		shift += width
	}
	return out
}

// bestWidths chooses the layer widths (one to layers layers) that make vals smallest,
// counting each layer's flags and rank directory; the last layer holds every bit left.
// Dynamic programming over the bit where each layer starts.
func bestWidths(vals []uint64, layers int) []uint {
	var byLen [65]int // values of each bit length
	maxLen := 0
	for _, v := range vals {
		l := bits.Len64(v)
		byLen[l]++
		maxLen = max(maxLen, l)
	}
	// reach[b] is how many values need more than b bits: those a layer starting at bit b holds.
	reach := make([]int, maxLen+1)
	for b := range reach {
		for l := b + 1; l <= maxLen; l++ {
			reach[b] += byLen[l]
		}
	}
	reach[0] = len(vals)
	flags := func(n int) int { return n + 32*(n/rankBlock+1) }
	type plan struct {
		cost   int
		widths []uint
	}
	// best[left][b]: the cheapest layers for the values reaching bit b, with at most left layers.
	best := make([][]plan, layers+1)
	for left := 1; left <= layers; left++ {
		best[left] = make([]plan, maxLen+1)
		for b := maxLen; b >= 0; b-- {
			n := reach[b]
			p := plan{n * (maxLen - b), []uint{uint(maxLen - b)}}
			if b > 0 && n == 0 {
				p = plan{0, nil} // no value gets here: no layer
			}
			if left > 1 {
				for w := 1; b+w < maxLen; w++ {
					rest := best[left-1][b+w]
					if c := n*w + flags(n) + rest.cost; c < p.cost {
						p = plan{c, append([]uint{uint(w)}, rest.widths...)}
					}
				}
			}
			best[left][b] = p
		}
	}
	return best[layers][0].widths
}
