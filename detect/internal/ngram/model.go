// Package ngram holds a language's n-gram model in the form bitext ships it: the counts
// behind lingua-go's relative frequencies, as a trie read in place from an embedded
// string. Nothing is unzipped, sorted or copied when a model opens (its header and letter
// table are checked: a few hundred bytes for an alphabet), and a lookup touches only the
// words it reads.
//
// lingua-go's probability of an n-gram is count(n-gram)/count(its prefix of n-1 letters),
// and of a letter count(letter)/total. Its models are prefix-closed (every counted
// n-gram's prefix is counted), so they are one trie whose level k holds the n-grams of k
// letters, sorted by (parent, last letter), so that a node's index names it as the parent
// of the next level. A lookup is one walk from the root that gives every prefix's
// probability at once, which is how lingua-go backs off (to the longest known prefix).
//
// Each level is laid out for how often it is read. Every text's first pass asks every
// candidate language for its letters and letter pairs, so levels 1 and 2 take a load or
// two a lookup: the alphabet (sorted code points) with each letter's log count and a
// direct table of the first code points; for each letter a bitmap of the letters that
// follow it, whose rank gives the bigram's node, and each bigram's log count. The
// shortlisted languages are asked for trigrams, so level 3 is a block per bigram, its
// children's letters and counts side by side (a cache line a lookup). Levels 4 and 5,
// which only short texts in doubt reach but which hold nine tenths of the n-grams, are as
// small as they go: the Elias–Fano sequence of parent*alphabet + letter, and counts in
// directly addressable variable-length codes. The probabilities are lingua-go's own (log
// count − log parent count, the log of its float64 ratio within rounding), at 14 bits an
// n-gram against 52 in its zip files.
//
// The file format (all integers and floats little-endian, every array 8-byte aligned):
//
//	header   magic "bitextLM", version, orders, language, total and its log, alphabet size,
//	         level table, CRC-32C of the body and of the header
//	level 1  the alphabet (uint32 code points, ascending); log counts (float64); uint16
//	         1 + the letter of each code point below directCodes, or 0
//	level 2  per letter a, a bitmap of the letters b such that ab is a bigram (⌈alphabet/64⌉
//	         words); per letter, the node of its first bigram (uint16); log counts (float64)
//	level 3  uint32 offset of each bigram's block, and the end; the blocks: uint32 index
//	         of the first child, uint8 children, uint8 bits a count, the children's
//	         letters (uint8, ascending), their counts less one (packed from bit 0)
//	level k  Elias–Fano low bits, high bits, select samples; then the counts less one (a dac)
//	dac      per layer: its chunks; unless last, its flags and their rank directory
//
// Every array's length follows from the header, so a file of any other length is
// rejected; the body's CRC is checked by Verify.
package ngram

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Magic opens every model file.
const Magic = "bitextLM"

// Version is the format version this package reads and writes; a file of another version
// is an error, never read as this one.
const Version = 1

// MaxOrder is the longest n-gram a model holds (lingua-go's five-grams).
const MaxOrder = 5

// Bounds the format sets: a model with bigrams keeps a bitmap of the alphabet per letter
// and the node of each letter's first bigram in a uint16, and a model with trigrams keeps
// letters in a byte (lingua-go's largest alphabet with bigrams is Vietnamese's, 117
// letters and 2,992 bigrams).
const (
	maxAlphabet     = 1<<16 - 2
	maxPairAlphabet = 1024
	maxBigrams      = 1<<16 - 2
	maxDeepAlphabet = 255
)

// directCodes is how many code points from 0 the direct letter table covers: Latin with
// its extensions; other letters are found by binary search.
const directCodes = 0x300

// header layout
const (
	levelSize  = 32 // n u32, low u8, layers u8, widths [5]u8, pad u8, layer sizes [5]u32
	offLevels  = 48
	headerSize = offLevels + MaxOrder*levelSize + 8
	offCRCs    = headerSize - 8
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Model is one language's n-gram counts. Its methods are safe for concurrent use.
type Model struct {
	data     string
	lang     string
	orders   int
	logTotal float64
	alpha    int
	letters  uint32s  // level 1: code points, ascending
	logs1    float64s // level 1: log count of each letter
	direct   uint16s  // level 1: code point → 1 + letter, below directCodes
	rowWords int      // level 2: words of a row of follows
	follows  words    // level 2: row a has bit b set if ab is a bigram
	firsts   uint16s  // level 2: the node of each letter's first bigram
	logs2    float64s // level 2: log count of each bigram
	offs3    uint32s  // level 3: each bigram's block in blocks3, and the end
	blocks3  string
	deep     [MaxOrder]level // levels 4 and 5
}

// level is level 4 or 5.
type level struct {
	n      int
	nodes  eliasFano
	counts dac
}

// ErrFormat is wrapped by every error Open returns for bytes that are not a model of this
// format and version.
var ErrFormat = errors.New("not a bitext n-gram model")

// Open reads the model in data, which it keeps and reads in place: data must not change
// afterwards (an embedded string never does). It checks the header, its CRC, that every
// array has the length the header implies, and the letter table; not the body's CRC (see
// Verify), which would read every page.
func Open(data string) (*Model, error) {
	if len(data) < headerSize {
		return nil, fmt.Errorf("%w: %d bytes, shorter than a header", ErrFormat, len(data))
	}
	if data[:len(Magic)] != Magic {
		return nil, fmt.Errorf("%w: bad magic %q", ErrFormat, data[:len(Magic)])
	}
	h := []byte(data[:headerSize])
	le := binary.LittleEndian
	if v := le.Uint32(h[8:]); v != Version {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrFormat, v, Version)
	}
	if got, want := le.Uint32(h[offCRCs+4:]), crc32.Checksum(h[:offCRCs+4], castagnoli); got != want {
		return nil, fmt.Errorf("%w: header checksum %08x, want %08x", ErrFormat, got, want)
	}
	m := &Model{data: data}
	m.orders = int(le.Uint32(h[12:]))
	m.lang = strings.TrimRight(string(h[16:24]), "\x00")
	total := le.Uint64(h[24:])
	m.logTotal = math.Float64frombits(le.Uint64(h[32:]))
	m.alpha = int(le.Uint32(h[40:]))
	if m.orders < 1 || m.orders > MaxOrder {
		return nil, fmt.Errorf("%w: %d orders", ErrFormat, m.orders)
	}
	if total == 0 || m.alpha == 0 || m.alpha > maxAlphabet || m.orders > 1 && m.alpha > maxPairAlphabet || m.orders > 2 && m.alpha > maxDeepAlphabet {
		return nil, fmt.Errorf("%w: total %d, %d letters", ErrFormat, total, m.alpha)
	}
	if math.Abs(m.logTotal-math.Log(float64(total))) > 1e-9 {
		return nil, fmt.Errorf("%w: log total %v for total %d", ErrFormat, m.logTotal, total)
	}
	levelN := func(k int) int { return int(le.Uint32(h[offLevels+(k-1)*levelSize:])) }
	if levelN(1) != m.alpha {
		return nil, fmt.Errorf("%w: %d unigrams for %d letters", ErrFormat, levelN(1), m.alpha)
	}
	r := reader{data: data, off: headerSize}
	m.letters = uint32s(r.take(4 * m.alpha))
	m.logs1 = float64s(r.take(8 * m.alpha))
	m.direct = uint16s(r.take(2 * directCodes))
	parents := m.alpha
	for k := 2; k <= m.orders; k++ {
		n := levelN(k)
		if n == 0 || uint64(n) > uint64(parents)*uint64(m.alpha) || k == 2 && n > maxBigrams {
			return nil, fmt.Errorf("%w: level %d: %d nodes", ErrFormat, k, n)
		}
		lh := h[offLevels+(k-1)*levelSize:]
		switch k {
		case 2:
			m.rowWords = (m.alpha + 63) / 64
			m.follows = words(r.take(8 * m.rowWords * m.alpha))
			m.firsts = uint16s(r.take(2 * m.alpha))
			m.logs2 = float64s(r.take(8 * n))
			parents = n
			continue
		case 3:
			m.offs3 = uint32s(r.take(4 * (parents + 1)))
			m.blocks3 = r.take(int(le.Uint32(lh[12:])))
			parents = n
			continue
		}
		lv := &m.deep[k-1]
		lv.n = n
		low := uint(lh[4])
		if low > 32 {
			return nil, fmt.Errorf("%w: level %d: %d low bits", ErrFormat, k, low)
		}
		lv.nodes = r.eliasFano(n, uint64(parents)*uint64(m.alpha), low)
		layers := int(lh[5])
		if layers < 1 || layers > maxLayers {
			return nil, fmt.Errorf("%w: level %d: %d count layers", ErrFormat, k, layers)
		}
		prev := n
		for j := range layers {
			ln, width := int(le.Uint32(lh[12+4*j:])), uint(lh[6+j])
			if width > 40 || ln > prev || j == 0 && ln != n {
				return nil, fmt.Errorf("%w: level %d: count layer %d of %d values, %d bits", ErrFormat, k, j, ln, width)
			}
			lv.counts.layers = append(lv.counts.layers, r.dacLayer(ln, width, j == layers-1))
			prev = ln
		}
		parents = n
	}
	if r.off != len(data) {
		return nil, fmt.Errorf("%w: %d bytes, the header describes %d", ErrFormat, len(data), r.off)
	}
	if m.orders >= 3 && int(m.offs3.at(m.offs3.len()-1)) != len(m.blocks3) {
		return nil, fmt.Errorf("%w: level 3 blocks end at %d, not %d", ErrFormat, m.offs3.at(m.offs3.len()-1), len(m.blocks3))
	}
	for i := range m.alpha {
		c := m.letters.at(i)
		if c > utf8.MaxRune || i > 0 && c <= m.letters.at(i-1) {
			return nil, fmt.Errorf("%w: letter table not ascending at %d", ErrFormat, i)
		}
	}
	return m, nil
}

// reader hands out the arrays of the body in order, each n bytes and then padded to 8;
// past the end it hands out empty arrays, and Open then rejects the length before any
// array is read.
type reader struct {
	data string
	off  int
}

func (r *reader) take(n int) string {
	start := r.off
	r.off += (n + 7) &^ 7
	if n < 0 || r.off > len(r.data) || r.off < start {
		r.off = len(r.data) + 1 // stays too long, whatever follows
		return ""
	}
	return r.data[start : start+n]
}

func (r *reader) words(nbits int) words { return words(r.take((nbits + 63) / 64 * 8)) }

func (r *reader) eliasFano(n int, universe uint64, low uint) eliasFano {
	e := eliasFano{n: n, universe: universe, low: low, buckets: int((universe-1)>>low) + 1}
	e.lows = r.words(n * int(low))
	e.highs = r.words(n + e.buckets)
	e.zeros = uint32s(r.take(4 * ((e.buckets + selectSample - 1) / selectSample)))
	return e
}

func (r *reader) dacLayer(n int, width uint, last bool) dacLayer {
	l := dacLayer{n: n, width: width, chunks: r.words(n * int(width))}
	if !last {
		l.more.bits = r.words(n)
		l.more.dir = uint32s(r.take(4 * (n/rankBlock + 1)))
	}
	return l
}

// Lang is the language code the model was built for (lingua-go's ISO 639-1 code).
func (m *Model) Lang() string { return m.lang }

// Orders is the longest n-gram the model holds.
func (m *Model) Orders() int { return m.orders }

// Letter returns the model's id of letter r, or -1 if the model has never seen it.
func (m *Model) Letter(r rune) int32 {
	if r >= 0 && r < directCodes {
		return int32(m.direct.at(int(r))) - 1
	}
	lo, hi := 0, m.alpha
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if rune(m.letters.at(mid)) < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < m.alpha && rune(m.letters.at(lo)) == r {
		return int32(lo)
	}
	return -1
}

// Walk looks up the prefixes of the n-gram whose letters have the given ids, the way
// lingua-go backs off from an unknown n-gram to its longest known prefix: lp[d-1] becomes
// the log probability of the prefix of d letters, or of its longest known prefix, for d up
// to len(lp) (at most len(ids)). It returns the length of the longest known prefix: 0 when
// the model does not know the first letter, and lp is then left as it was. Letters past
// Orders back off like unknown ones.
func (m *Model) Walk(ids []int32, lp []float64) int {
	n := min(len(lp), len(ids), m.orders)
	depth := m.walk(ids[:n], lp)
	for d := depth; depth > 0 && d < len(lp); d++ {
		lp[d] = lp[depth-1]
	}
	return depth
}

func (m *Model) walk(ids []int32, lp []float64) int {
	if len(ids) == 0 {
		return 0
	}
	a := int(ids[0])
	if a < 0 || a >= m.alpha {
		return 0
	}
	prev := m.logs1.at(a)
	lp[0] = prev - m.logTotal
	if len(ids) == 1 {
		return 1
	}
	b := int(ids[1])
	if b < 0 || b >= m.alpha {
		return 1
	}
	row := a * m.rowWords
	bw := m.follows.at(row + b>>6)
	if bw>>(b&63)&1 == 0 {
		return 1
	}
	node := int(m.firsts.at(a)) + bits.OnesCount64(bw&(1<<(b&63)-1))
	for w := row; w < row+b>>6; w++ {
		node += bits.OnesCount64(m.follows.at(w))
	}
	if node >= m.logs2.len() {
		return 1
	}
	l := m.logs2.at(node)
	lp[1] = l - prev
	prev = l
	if len(ids) == 2 {
		return 2
	}
	c := ids[2]
	if c < 0 || int(c) >= m.alpha {
		return 2
	}
	node, k, ok := m.child3(node, byte(c))
	if !ok {
		return 2
	}
	l = logCount(k + 1)
	lp[2] = l - prev
	prev = l
	for depth := 3; depth < len(ids); depth++ {
		c := ids[depth]
		if c < 0 || int(c) >= m.alpha {
			return depth
		}
		lv := &m.deep[depth]
		i, ok := lv.nodes.find(uint64(node)*uint64(m.alpha) + uint64(c))
		if !ok {
			return depth
		}
		k, ok := lv.counts.get(i)
		if !ok {
			return depth
		}
		// Counts are stored less one: every count is at least 1.
		l := logCount(k + 1)
		lp[depth] = l - prev
		prev, node = l, i
	}
	return len(ids)
}

// child3 finds the child with letter c of bigram p: its node and its count less one.
func (m *Model) child3(p int, c byte) (int, uint64, bool) {
	if p+1 >= m.offs3.len() {
		return 0, 0, false
	}
	o, e := int(m.offs3.at(p)), int(m.offs3.at(p+1))
	if e > len(m.blocks3) || e-o < 6 {
		return 0, 0, false
	}
	b := m.blocks3[o:e]
	n, width := int(b[4]), uint(b[5])
	if 6+n > len(b) || width > 40 {
		return 0, 0, false
	}
	letters := b[6 : 6+n]
	i := 0
	for i < n && letters[i] < c {
		i++
	}
	if i == n || letters[i] != c {
		return 0, 0, false
	}
	first := int(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
	return first + i, packedAt(b[6+n:], i*int(width), width), true
}

// packedAt reads width bits at bit pos of s, least significant first; 0 past the end.
func packedAt(s string, pos int, width uint) uint64 {
	var v uint64
	b, shift := pos>>3, uint(pos&7)
	for k := 0; uint(8*k) < shift+width && b+k < len(s); k++ {
		v |= uint64(s[b+k]) << (8 * k)
	}
	return v >> shift & (1<<width - 1)
}

// LogProb returns the log probability Walk gives the whole n-gram, and the length of its
// longest known prefix (0, with a log probability of 0, when not even the first letter is
// known).
func (m *Model) LogProb(ids []int32) (float64, int) {
	var lp [MaxOrder]float64
	n := min(len(ids), MaxOrder)
	depth := m.Walk(ids[:n], lp[:n])
	if depth == 0 {
		return 0, 0
	}
	return lp[n-1], depth
}

// smallLogs holds log(k) for the counts most lookups below the bigrams meet.
var smallLogs = func() (t [1 << 12]float64) {
	for k := 1; k < len(t); k++ {
		t[k] = math.Log(float64(k))
	}
	return t
}()

func logCount(k uint64) float64 {
	if k < uint64(len(smallLogs)) {
		return smallLogs[k]
	}
	return math.Log(float64(k))
}

// Verify checks the body against the CRC in the header: every page of the model is read.
func (m *Model) Verify() error {
	want := binary.LittleEndian.Uint32([]byte(m.data[offCRCs : offCRCs+4]))
	if got := bodyCRC(m.data[headerSize:]); got != want {
		return fmt.Errorf("%w: body checksum %08x, want %08x", ErrFormat, got, want)
	}
	return nil
}

// Size is the model's size in bytes.
func (m *Model) Size() int { return len(m.data) }

// bodyCRC is the CRC-32C of s, copied through a small buffer rather than all at once.
func bodyCRC(s string) uint32 {
	var buf [64 << 10]byte
	crc := uint32(0)
	for len(s) > 0 {
		n := copy(buf[:], s)
		crc = crc32.Update(crc, castagnoli, buf[:n])
		s = s[n:]
	}
	return crc
}
