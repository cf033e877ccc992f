package detect

import (
	"archive/zip"
	"bytes"
	"embed"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	lingua "github.com/pemistahl/lingua-go"
	"google.golang.org/protobuf/encoding/protowire"
)

// linguaModels is lingua-go's embedded model files (v1.4.0: language-models/<iso>/<n>grams.pb.bin.zip).
// lingua-go keeps them in an unexported variable and loads them into map[string]float64,
// which costs about 26 MB per language at high accuracy (~2 GB for all 75). Reading the
// same files here lets bitext keep them as sorted 64-bit hashes with float32 log
// probabilities, about a sixth of that, and load one n-gram order of one language at a time.
// TestLinguaModelsReachable fails if an upgrade of lingua-go moves them.
//
//go:linkname linguaModels github.com/pemistahl/lingua-go.languageModels
var linguaModels embed.FS

// linguaCharsToLanguages is lingua-go's table of letters that only a few languages use
// ("Þþ": Icelandic, Turkish — the latter because Turkish web text often comes as Latin-1
// mojibake). Reused, like the models, rather than copied.
//
//go:linkname linguaCharsToLanguages github.com/pemistahl/lingua-go.charsToLanguagesMapping
var linguaCharsToLanguages map[string][]lingua.Language

// orderNames are lingua-go's file names per n-gram length.
var orderNames = [6]string{1: "unigrams", 2: "bigrams", 3: "trigrams", 4: "quadrigrams", 5: "fivegrams"}

// table is one n-gram model: keys are 32-bit FNV-1a hashes of the n-grams, sorted; vals
// their log probabilities in steps of 1/2048 (lingua-go's smallest probabilities are above
// e^-32). 6 bytes an n-gram instead of a Go map entry with a string key and a float64.
// With at most 340,000 n-grams in a table, a text's unseen n-gram hits a stored hash with
// a chance below 1 in 10,000, too rare to move a score.
type table struct {
	keys []uint32
	vals []uint16
}

const logScale = 2048

func (t *table) logProb(h uint64) (float64, bool) {
	if t == nil {
		return 0, false
	}
	i, ok := slices.BinarySearch(t.keys, uint32(h))
	if !ok {
		return 0, false
	}
	return -float64(t.vals[i]) / logScale, true
}

// bytes is the memory the table holds.
func (t *table) bytes() int {
	if t == nil {
		return 0
	}
	return cap(t.keys)*4 + cap(t.vals)*2
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(s []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range s {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// model is one language's n-gram tables, each loaded on first use, once per process and
// shared by every Detector and goroutine.
type model struct {
	code   string
	once   [6]sync.Once
	tables [6]atomic.Pointer[table]
}

var (
	modelsMu sync.Mutex
	models   = map[string]*model{}
)

// modelFor returns the shared model of a language code; it loads nothing yet.
func modelFor(code string) *model {
	modelsMu.Lock()
	defer modelsMu.Unlock()
	m := models[code]
	if m == nil {
		dir := code
		if iso, ok := linguaByCode[code]; ok {
			dir = iso
		}
		m = &model{code: dir}
		models[code] = m
	}
	return m
}

// order returns the table of n-grams of length n, loading it on first use. A language
// without such a file (none in lingua-go 1.4.0) has an empty table.
func (m *model) order(n int) *table {
	m.once[n].Do(func() {
		t, err := loadTable(m.code, n)
		if err != nil {
			// The files are compiled into the binary: a failure is a broken build, and an
			// empty table makes the language simply never win.
			t = &table{}
		}
		m.tables[n].Store(t)
	})
	return m.tables[n].Load()
}

// preload loads the given orders of the given languages' models, several at a time: a
// document's first texts need dozens of small tables, and each is mostly decompression.
func preload(codes []string, orders []int) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, c := range codes {
		m := modelFor(c)
		for _, n := range orders {
			if m.tables[n].Load() != nil {
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				m.order(n)
				<-sem
			}()
		}
	}
	wg.Wait()
}

// loadTable reads lingua-go's protobuf model (message SerializableLanguageModel: field 4 is
// repeated SerializableNgramSet{1: double probability, 2: repeated string ngrams}) straight
// from the bytes, hashing each n-gram without allocating a string for it.
func loadTable(code string, n int) (*table, error) {
	name := fmt.Sprintf("language-models/%s/%s.pb.bin.zip", code, orderNames[n])
	zipped, err := linguaModels.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read model %s: %w", name, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil || len(zr.File) == 0 {
		return nil, fmt.Errorf("open model %s: %v", name, err)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, fmt.Errorf("open model %s: %w", name, err)
	}
	data := make([]byte, zr.File[0].UncompressedSize64)
	_, err = io.ReadFull(f, data)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("read model %s: %w", name, err)
	}
	t := &table{}
	for b := data; len(b) > 0; {
		num, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
		}
		b = b[l:]
		if num == 3 && typ == protowire.VarintType {
			// total_ngrams comes first: size the table once.
			v, l := protowire.ConsumeVarint(b)
			if l < 0 {
				return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
			}
			t.keys = make([]uint32, 0, v)
			t.vals = make([]uint16, 0, v)
			b = b[l:]
			continue
		}
		if num != 4 || typ != protowire.BytesType {
			l = protowire.ConsumeFieldValue(num, typ, b)
			if l < 0 {
				return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
			}
			b = b[l:]
			continue
		}
		set, l := protowire.ConsumeBytes(b)
		if l < 0 {
			return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
		}
		b = b[l:]
		var logp uint16
		first := len(t.keys)
		for s := set; len(s) > 0; {
			num, typ, l := protowire.ConsumeTag(s)
			if l < 0 {
				return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
			}
			s = s[l:]
			switch {
			case num == 1 && typ == protowire.Fixed64Type:
				v, l := protowire.ConsumeFixed64(s)
				if l < 0 {
					return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
				}
				logp = uint16(min(math.Round(-math.Log(math.Float64frombits(v))*logScale), math.MaxUint16))
				s = s[l:]
			case num == 2 && typ == protowire.BytesType:
				g, l := protowire.ConsumeBytes(s)
				if l < 0 {
					return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
				}
				t.keys = append(t.keys, uint32(hashBytes(g)))
				s = s[l:]
			default:
				l = protowire.ConsumeFieldValue(num, typ, s)
				if l < 0 {
					return nil, fmt.Errorf("parse model %s: %w", name, protowire.ParseError(l))
				}
				s = s[l:]
			}
		}
		// The probability may follow the n-grams on the wire.
		for range t.keys[first:] {
			t.vals = append(t.vals, logp)
		}
	}
	// Sort keys and values together as one packed uint64 each: several times faster than
	// sort.Sort over two slices, and loading is what a first answer waits for.
	packed := make([]uint64, len(t.keys))
	for i := range packed {
		packed[i] = uint64(t.keys[i])<<32 | uint64(t.vals[i])
	}
	slices.Sort(packed)
	for i, p := range packed {
		t.keys[i], t.vals[i] = uint32(p>>32), uint16(p)
	}
	// Drop duplicate hashes (a collision, or a duplicate n-gram): keep the first.
	k := 0
	for i := range t.keys {
		if i > 0 && t.keys[i] == t.keys[k-1] {
			continue
		}
		t.keys[k], t.vals[k] = t.keys[i], t.vals[i]
		k++
	}
	t.keys, t.vals = t.keys[:k:k], t.vals[:k:k]
	return t, nil
}

// LoadedBytes reports how many bytes of n-gram tables this process holds, for benchmarks
// and the evaluation command.
func LoadedBytes() int {
	modelsMu.Lock()
	defer modelsMu.Unlock()
	n := 0
	for _, m := range models {
		for i := range m.tables {
			n += m.tables[i].Load().bytes()
		}
	}
	return n
}
