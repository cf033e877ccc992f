package ngram

import (
	"math"
	"math/bits"
)

// The structures here read their arrays in place from a string (an embedded file): words
// decodes a little-endian 64-bit word with a single load (the compiler merges the eight
// byte loads), so nothing is copied and only the pages a lookup reaches are touched.
// Every reader guards its indices, so a corrupt array gives a wrong answer, never a panic
// or an endless loop.

// words is an array of little-endian 64-bit words.
type words string

func (w words) len() int { return len(w) / 8 }

func (w words) at(i int) uint64 {
	b := w[i*8 : i*8+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// bit reports bit pos; false beyond the array.
func (w words) bit(pos int) bool {
	i := pos >> 6
	if i >= w.len() {
		return false
	}
	return w.at(i)>>(pos&63)&1 == 1
}

// field reads width bits (at most 56) starting at bit pos; 0 beyond the array.
func (w words) field(pos int, width uint) uint64 {
	if width == 0 {
		return 0
	}
	i, off := pos>>6, uint(pos&63)
	if i >= w.len() {
		return 0
	}
	v := w.at(i) >> off
	if off+width > 64 && i+1 < w.len() {
		v |= w.at(i+1) << (64 - off)
	}
	return v & (1<<width - 1)
}

// uint32s is an array of little-endian 32-bit integers.
type uint32s string

func (u uint32s) len() int { return len(u) / 4 }

func (u uint32s) at(i int) uint32 {
	b := u[i*4 : i*4+4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// uint16s is an array of little-endian 16-bit integers.
type uint16s string

func (u uint16s) len() int { return len(u) / 2 }

func (u uint16s) at(i int) uint16 {
	b := u[i*2 : i*2+2]
	return uint16(b[0]) | uint16(b[1])<<8
}

// float64s is an array of little-endian IEEE 754 doubles.
type float64s string

func (f float64s) len() int { return len(f) / 8 }

func (f float64s) at(i int) float64 { return math.Float64frombits(words(f).at(i)) }

// rankBlock is how many bits one entry of a rank directory covers.
const rankBlock = 256

// rankedBits is a bit vector with a directory for rank: dir[b] is the number of ones in
// the bits before b*rankBlock, so a rank costs one directory read and at most four popcounts.
type rankedBits struct {
	bits words
	dir  uint32s
}

// rank1 is the number of ones before bit i.
func (r rankedBits) rank1(i int) int {
	b := i / rankBlock
	if b >= r.dir.len() {
		return 0
	}
	n := int(r.dir.at(b))
	for w := b * rankBlock / 64; w < i>>6 && w < r.bits.len(); w++ {
		n += bits.OnesCount64(r.bits.at(w))
	}
	if i&63 != 0 && i>>6 < r.bits.len() {
		n += bits.OnesCount64(r.bits.at(i>>6) & (1<<(i&63) - 1))
	}
	return n
}

// selectSample is how many zeros of an Elias–Fano upper-bits vector lie between two
// sampled positions: a select scans about selectSample/64 words from its sample.
const selectSample = 128

// eliasFano is a strictly increasing sequence of n integers below universe, each split
// into low bits kept verbatim and a high part coded in unary (Elias 1974, Fano 1971): about
// 2 + log2(universe/n) bits an element, and membership of a value costs one select and
// a scan of its bucket (one or two elements on average).
type eliasFano struct {
	n        int
	universe uint64
	low      uint    // low bits an element
	lows     words   // n*low bits
	highs    words   // n + buckets bits: element i is a one at (x_i>>low)+i; bucket h ends with its zero
	zeros    uint32s // the position of zero k*selectSample, for every k
	buckets  int     // number of high parts, (universe-1)>>low + 1
}

// select0 returns the position of the t-th zero of highs (from 0), or -1.
func (e *eliasFano) select0(t int) int {
	s := t / selectSample
	if s >= e.zeros.len() {
		return -1
	}
	pos := int(e.zeros.at(s))
	r := t - s*selectSample // zeros still to pass after pos
	if r == 0 {
		return pos
	}
	p := pos + 1
	wi := p >> 6
	if wi >= e.highs.len() {
		return -1
	}
	w := ^e.highs.at(wi) &^ (1<<(p&63) - 1)
	for {
		c := bits.OnesCount64(w)
		if r <= c {
			return wi*64 + selectInWord(w, r-1)
		}
		r -= c
		wi++
		if wi >= e.highs.len() {
			return -1
		}
		w = ^e.highs.at(wi)
	}
}

// selectInWord is the position of the k-th set bit of x (from 0); x has more than k.
func selectInWord(x uint64, k int) int {
	base := 0
	for {
		c := bits.OnesCount64(x & 0xff)
		if k < c || base >= 56 {
			break
		}
		k -= c
		x >>= 8
		base += 8
	}
	for ; k > 0; k-- {
		x &= x - 1
	}
	return base + bits.TrailingZeros64(x)
}

// find returns the index of x in the sequence.
func (e *eliasFano) find(x uint64) (int, bool) {
	if x >= e.universe {
		return 0, false
	}
	h := int(x >> e.low)
	want := x & (1<<e.low - 1)
	p := 0 // where bucket h starts: after the zero that ends bucket h-1
	if h > 0 {
		z := e.select0(h - 1)
		if z < 0 {
			return 0, false
		}
		p = z + 1
	}
	for i := p - h; i < e.n && e.highs.bit(p); i, p = i+1, p+1 {
		switch v := e.lows.field(i*int(e.low), e.low); {
		case v == want:
			return i, true
		case v > want:
			return 0, false
		}
	}
	return 0, false
}

// maxLayers bounds a dac's layers: with five, lingua-go's counts take 15.1 MB, with three
// 16.9 and with six 14.9; a layer past the first costs only the large counts a rank.
const maxLayers = 5

// dac is an array of unsigned integers in directly addressable codes (Brisaboa, Ladra and
// Navarro 2009): layer 0 holds the low width[0] bits of every value and a flag for each
// value that has more, layer 1 the next bits of the flagged ones (found by rank), and so
// on. Most of lingua's counts are small, so most values end in layer 0.
type dac struct {
	layers []dacLayer
}

type dacLayer struct {
	n      int
	width  uint
	chunks words      // n*width bits
	more   rankedBits // n flags; absent in the last layer
}

// get returns value i, or 0 and false when the array is corrupt.
func (d *dac) get(i int) (uint64, bool) {
	var v uint64
	shift := uint(0)
	for j := range d.layers {
		l := &d.layers[j]
		if i < 0 || i >= l.n {
			return 0, false
		}
		v |= l.chunks.field(i*int(l.width), l.width) << shift
		shift += l.width
		if j == len(d.layers)-1 || !l.more.bits.bit(i) {
			return v, shift <= 64
		}
		i = l.more.rank1(i)
	}
	return v, true
}
