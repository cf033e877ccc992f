package ngram

import (
	"cmp"
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countWords counts the n-grams of 1 to orders letters inside words, as lingua-go's
// training does: prefix-closed by construction.
func countWords(ws []string, orders int) []map[string]uint64 {
	counts := make([]map[string]uint64, orders)
	for k := range counts {
		counts[k] = map[string]uint64{}
	}
	for _, w := range ws {
		rs := []rune(w)
		for i := range rs {
			for k := 1; k <= orders && i+k <= len(rs); k++ {
				counts[k-1][string(rs[i:i+k])]++
			}
		}
	}
	return counts
}

// randomWords draws words from an alphabet with a skewed letter distribution, so counts
// span many bit lengths and the trie has wide and narrow nodes.
func randomWords(rng *rand.Rand, n int) []string {
	alphabet := []rune("aeiounrstlmdkpgbhzéèøåßœłжщ語")
	ws := make([]string, n)
	for i := range ws {
		var b strings.Builder
		for range 1 + rng.IntN(9) {
			// squared uniform: low letters are far more common
			f := rng.Float64()
			b.WriteRune(alphabet[int(f*f*float64(len(alphabet)))])
		}
		ws[i] = b.String()
	}
	return ws
}

func ids(m *Model, s string) []int32 {
	var out []int32
	for _, r := range s {
		out = append(out, m.Letter(r))
	}
	return out
}

// wantLogProb is lingua-go's probability of g with its back-off, from the counts.
func wantLogProb(counts []map[string]uint64, g string) (float64, int) {
	rs := []rune(g)
	var total uint64
	for _, c := range counts[0] {
		total += c
	}
	for k := min(len(rs), len(counts)); k >= 1; k-- {
		c, ok := counts[k-1][string(rs[:k])]
		if !ok {
			continue
		}
		if k == 1 {
			return math.Log(float64(c) / float64(total)), 1
		}
		return math.Log(float64(c) / float64(counts[k-2][string(rs[:k-1])])), k
	}
	return 0, 0
}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := randomWords(rng, 20000)
	counts := countWords(words, 5)
	data, err := Build("xx", counts)
	require.NoError(t, err)
	again, err := Build("xx", counts)
	require.NoError(t, err)
	assert.Equal(t, data, again, "the same counts give the same bytes")

	m, err := Open(string(data))
	require.NoError(t, err)
	require.NoError(t, m.Verify())
	assert.Equal(t, "xx", m.Lang())
	assert.Equal(t, 5, m.Orders())
	// Several layers, rank blocks and select samples are exercised.
	require.Greater(t, len(counts[4]), 10*rankBlock)
	layers := 0
	for _, l := range m.deep {
		layers = max(layers, len(l.counts.layers))
	}
	assert.GreaterOrEqual(t, layers, 2)

	for k := range counts {
		for g := range counts[k] {
			lp, depth := m.LogProb(ids(m, g))
			wlp, wdepth := wantLogProb(counts, g)
			require.Equal(t, wdepth, depth, "%q", g)
			require.InDelta(t, wlp, lp, 1e-12, "%q: lingua-go's probability", g)
		}
	}
	// Unseen n-grams back off to their longest known prefix; unseen letters know nothing.
	for range 20000 {
		g := randomWords(rng, 1)[0] + randomWords(rng, 1)[0]
		lp, depth := m.LogProb(ids(m, g))
		wlp, wdepth := wantLogProb(counts, g)
		require.Equal(t, wdepth, depth, "%q", g)
		require.InDelta(t, wlp, lp, 1e-12, "%q", g)
		// Walk gives every prefix its own back-off at once.
		gids := ids(m, g)
		n := min(len(gids), MaxOrder)
		lps := make([]float64, n)
		wdepth = m.Walk(gids, lps)
		for d := 1; d <= n && wdepth > 0; d++ {
			wlp, _ := wantLogProb(counts, string([]rune(g)[:d]))
			require.InDelta(t, wlp, lps[d-1], 1e-12, "%q prefix %d", g, d)
		}
	}
	assert.Equal(t, int32(-1), m.Letter('q'))
	lp, depth := m.LogProb(ids(m, "qa"))
	assert.Zero(t, depth)
	assert.Zero(t, lp)
	_, depth = m.LogProb(ids(m, "aq"))
	assert.Equal(t, 1, depth, "an unknown letter ends the walk")
	_, depth = m.LogProb(nil)
	assert.Zero(t, depth)
}

func TestUnigramOnly(t *testing.T) {
	counts := []map[string]uint64{{"語": 3, "日": 1}}
	data, err := Build("zh", counts)
	require.NoError(t, err)
	m, err := Open(string(data))
	require.NoError(t, err)
	lp, depth := m.LogProb(ids(m, "語日"))
	assert.Equal(t, 1, depth)
	assert.InDelta(t, math.Log(3.0/4), lp, 1e-12)
}

func TestBuildRejects(t *testing.T) {
	for name, counts := range map[string][]map[string]uint64{
		"no orders":          {},
		"six orders":         {{"a": 1}, {}, {}, {}, {}, {}},
		"no unigrams":        {{}},
		"two-letter unigram": {{"ab": 1}},
		"zero count":         {{"a": 0}},
		"prefix missing":     {{"a": 2, "b": 1}, {"ab": 1, "ca": 1}},
		"unknown last":       {{"a": 2}, {"ac": 1}},
		"wrong length":       {{"a": 2}, {"aaa": 1}},
		"no bigrams":         {{"a": 2}, {}},
	} {
		_, err := Build("xx", counts)
		assert.Error(t, err, name)
	}
	_, err := Build("", []map[string]uint64{{"a": 1}})
	assert.Error(t, err)
}

// reheader recomputes the header checksum after a test changed a header field.
func reheader(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[offCRCs+4:], crc32.Checksum(b[:offCRCs+4], castagnoli))
	return b
}

func TestOpenRejects(t *testing.T) {
	counts := countWords(randomWords(rand.New(rand.NewPCG(3, 4)), 2000), 5)
	good, err := Build("xx", counts)
	require.NoError(t, err)
	edit := func(f func(b []byte) []byte) string {
		return string(f(append([]byte(nil), good...)))
	}
	tests := map[string]string{
		"empty":               "",
		"git-lfs pointer":     "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n",
		"header only":         string(good[:headerSize]),
		"truncated":           string(good[:len(good)-1]),
		"truncated by a word": string(good[:len(good)-8]),
		"extended":            string(good) + "\x00\x00\x00\x00\x00\x00\x00\x00",
		"bad magic":           edit(func(b []byte) []byte { b[0] = 'B'; return b }),
		"version 2":           edit(func(b []byte) []byte { b[8] = 2; return reheader(b) }),
		"header flipped":      edit(func(b []byte) []byte { b[20] ^= 1; return b }),
		"orders 0":            edit(func(b []byte) []byte { b[12] = 0; return reheader(b) }),
		"orders 6":            edit(func(b []byte) []byte { b[12] = 6; return reheader(b) }),
		"more bigrams":        edit(func(b []byte) []byte { b[offLevels+levelSize]++; return reheader(b) }),
		"longer blocks":       edit(func(b []byte) []byte { b[offLevels+2*levelSize+12] += 8; return reheader(b) }),
		"more nodes":          edit(func(b []byte) []byte { b[offLevels+3*levelSize+1]++; return reheader(b) }),
		"no layers":           edit(func(b []byte) []byte { b[offLevels+3*levelSize+5] = 0; return reheader(b) }),
		"wide layer":          edit(func(b []byte) []byte { b[offLevels+3*levelSize+6] = 60; return reheader(b) }),
		"total 0": edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[24:], 0)
			return reheader(b)
		}),
		"letters unsorted": edit(func(b []byte) []byte {
			copy(b[headerSize:], b[headerSize+4:headerSize+8])
			return b
		}),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Open(data)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrFormat)
		})
	}
	// A flipped bit in the body passes Open's cheap checks and fails Verify.
	m, err := Open(edit(func(b []byte) []byte { b[len(b)-100] ^= 4; return b }))
	require.NoError(t, err)
	assert.ErrorIs(t, m.Verify(), ErrFormat)
}

// FuzzOpen: any bytes either fail Open or give a model whose lookups neither panic nor
// loop, however corrupt its body.
func FuzzOpen(f *testing.F) {
	counts := countWords(randomWords(rand.New(rand.NewPCG(5, 6)), 40), 5)
	good, err := Build("xx", counts)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, 0, byte(0))
	f.Add(good, headerSize+40, byte(0xff))
	f.Add(good, len(good)-3, byte(0x10))
	f.Fuzz(func(t *testing.T, data []byte, at int, x byte) {
		b := append([]byte(nil), data...)
		if at >= 0 && at < len(b) {
			b[at] ^= x
		}
		if len(b) >= headerSize {
			reheader(b) // reach past the header checksum
		}
		m, err := Open(string(b))
		if err != nil {
			return
		}
		for _, g := range []string{"a", "ae", "aei", "aeio", "aeiou", "zzzzz", "éøåß", "n", "語語"} {
			lp, depth := m.LogProb(ids(m, g))
			if depth < 0 || depth > MaxOrder || math.IsNaN(lp) {
				t.Fatalf("%q: %v at depth %d", g, lp, depth)
			}
		}
		for i := range int32(64) {
			m.LogProb([]int32{i, i + 1, 2 * i, 3, i})
		}
	})
}

func TestExactLog(t *testing.T) {
	assert.Zero(t, exactLog(1))
	assert.Equal(t, math.Ln2, exactLog(2))
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		k := rng.Uint64N(1<<40) + 1
		want := math.Log(float64(k))
		got := exactLog(k)
		assert.LessOrEqual(t, math.Abs(got-want), math.Abs(math.Nextafter(want, 0)-want), "log %d", k)
	}
}

// BenchmarkLookup compares a walk down the trie with what bitext did before: a binary
// search of each order's table of sorted 32-bit n-gram hashes, backing off order by order
// (slices.BinarySearch over the whole table). Both give every distinct n-gram of 1 to 5
// letters of 2,000 fresh words its lingua-go log probability, on a model of 100,000
// words (about 230,000 five-grams, the size of a mid-sized lingua-go language).
func BenchmarkLookup(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	counts := countWords(randomWords(rng, 100000), 5)
	data, err := Build("xx", counts)
	if err != nil {
		b.Fatal(err)
	}
	m, err := Open(string(data))
	if err != nil {
		b.Fatal(err)
	}
	var queries []string
	for _, w := range randomWords(rng, 2000) {
		rs := []rune(w)
		for i := range rs {
			queries = append(queries, string(rs[i:min(i+5, len(rs))]))
		}
	}
	b.Run("trie", func(b *testing.B) {
		qids := make([][]int32, len(queries))
		for i, q := range queries {
			qids[i] = ids(m, q)
		}
		var lp [MaxOrder]float64
		b.ResetTimer()
		for b.Loop() {
			for _, q := range qids {
				m.Walk(q, lp[:len(q)])
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(queries)), "ns/n-gram")
	})
	b.Run("binary-search", func(b *testing.B) {
		t := newHashTables(counts)
		b.ResetTimer()
		for b.Loop() {
			for _, q := range queries {
				t.logProb(q)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(queries)), "ns/n-gram")
	})
}

// hashTables is bitext's former model form, for BenchmarkLookup: per order, sorted FNV-1a
// hashes of the n-grams and their log probabilities in steps of 1/2048.
type hashTables [MaxOrder + 1]struct {
	keys []uint32
	vals []uint16
}

func fnv(s string) uint32 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return uint32(h)
}

func newHashTables(counts []map[string]uint64) *hashTables {
	var t hashTables
	for k := range counts {
		type kv struct {
			k uint32
			v uint16
		}
		var kvs []kv
		for g := range counts[k] {
			lp, _ := wantLogProb(counts, g)
			kvs = append(kvs, kv{fnv(g), uint16(math.Round(-lp * 2048))})
		}
		slices.SortFunc(kvs, func(a, b kv) int { return cmp.Compare(a.k, b.k) })
		for _, x := range kvs {
			t[k+1].keys = append(t[k+1].keys, x.k)
			t[k+1].vals = append(t[k+1].vals, x.v)
		}
	}
	return &t
}

// logProb backs off from the whole n-gram to its prefixes, a binary search each.
func (t *hashTables) logProb(g string) (float64, bool) {
	n := utf8.RuneCountInString(g)
	for k := n; k >= 1; k-- {
		end := len(g)
		for range n - k {
			_, size := utf8.DecodeLastRuneInString(g[:end])
			end -= size
		}
		if i, ok := slices.BinarySearch(t[k].keys, fnv(g[:end])); ok {
			return -float64(t[k].vals[i]) / 2048, true
		}
	}
	return 0, false
}
