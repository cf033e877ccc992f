// Package tm is bitext's translation-memory step: approved translations from TMX files
// (--tm) and from memories imported into the cache (`bitext cache import`), looked up
// before any backend. Exact matches compare NFC-normalized text with whitespace
// collapsed; fuzzy matches above a threshold are returned with their score so the
// pipeline can mark them for review.
package tm

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/cachekey"
	"github.com/seed77ff/bitext/translate/middleware"
	"github.com/seed77ff/bitext/translate/tmx"
)

// DefaultFuzzy is the lowest similarity a fuzzy match may have: CAT tools commonly start
// offering fuzzy matches between 70 and 85%; bitext is stricter because it writes them
// without a translator looking first.
const DefaultFuzzy = 0.85

// Options configure a Memory.
type Options struct {
	// Files are TMX files to load.
	Files []string
	// Store, if set, is a cache holding imported memories (under middleware.TMBackend).
	Store middleware.CacheStore
	// Fuzzy is the lowest score of a fuzzy match; 0 means DefaultFuzzy, a value ≥ 1 or < 0
	// turns fuzzy matching off.
	Fuzzy float64
}

type pairKey struct{ src, tgt string }

type unit struct {
	norm   string // normalized source text
	runes  []rune
	target string
	origin string
}

// Memory answers lookups from loaded TMX files and an optional cache store.
// It is read-only after New, so safe for concurrent use.
type Memory struct {
	exact map[pairKey]map[string]*unit
	all   map[pairKey][]*unit
	store middleware.CacheStore
	fuzzy float64
}

var _ translate.Memory = (*Memory)(nil)

// New loads o.Files. A file that cannot be read or parsed is an error naming it.
func New(o Options) (*Memory, error) {
	m := &Memory{exact: map[pairKey]map[string]*unit{}, all: map[pairKey][]*unit{}, store: o.Store, fuzzy: o.Fuzzy}
	if m.fuzzy == 0 {
		m.fuzzy = DefaultFuzzy
	}
	for _, path := range o.Files {
		if err := m.load(path); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Memory) load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	file, err := tmx.Read(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for i, u := range file.Units {
		src := u.SrcLang
		if src == "" && file.Header.SrcLang != "*all*" {
			src = file.Header.SrcLang
		}
		sv, ok := u.Variant(src)
		if !ok {
			continue // a unit without its source language cannot be matched
		}
		orig, err := tmx.Text(sv.Seg)
		if err != nil {
			return fmt.Errorf("%s: unit %d: %w", path, i+1, err)
		}
		n := normalize(orig)
		if n == "" {
			continue
		}
		for j := range u.Variants {
			tv := &u.Variants[j]
			if strings.EqualFold(tv.Lang, sv.Lang) {
				continue
			}
			text, err := tmx.Text(tv.Seg)
			if err != nil {
				return fmt.Errorf("%s: unit %d: %w", path, i+1, err)
			}
			k := pairKey{base(sv.Lang), base(tv.Lang)}
			if k.src == "" || k.tgt == "" {
				continue
			}
			if m.exact[k] == nil {
				m.exact[k] = map[string]*unit{}
			}
			if _, dup := m.exact[k][n]; dup {
				continue // the first unit in file order wins, as in CAT tools
			}
			e := &unit{norm: n, runes: []rune(n), target: text, origin: path}
			m.exact[k][n] = e
			m.all[k] = append(m.all[k], e)
		}
	}
	return nil
}

// base returns the base language of a TMX or BCP 47 code: memories for en-US serve en.
func base(code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return ""
	}
	b, _ := t.Base()
	return b.String()
}

func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
}

// Lookup answers each text with an exact match from the files, then from the cache's
// imported memories, then the best fuzzy match from the files above the threshold.
func (m *Memory) Lookup(ctx context.Context, source, target language.Tag, texts []string) ([]translate.Match, error) {
	out := make([]translate.Match, len(texts))
	k := pairKey{base(source.String()), base(target.String())}
	var missing []int
	for i, t := range texts {
		if e, ok := m.exact[k][normalize(t)]; ok {
			out[i] = translate.Match{Found: true, Text: e.target, Score: 1, Origin: e.origin}
			continue
		}
		missing = append(missing, i)
	}
	if m.store != nil && len(missing) > 0 {
		req := &translate.Request{Source: source, Target: target, Format: translate.Text}
		keys := make([][]byte, len(missing))
		for j, i := range missing {
			keys[j] = cachekey.Key(middleware.TMBackend, req, texts[i])
		}
		// A cache read error is a miss: the memory is a help, never a failure.
		found, _ := m.store.GetMany(ctx, keys)
		rest := missing[:0]
		for j, i := range missing {
			var v middleware.CachedValue
			// A value is served only for the text it was stored for (a row holding another
			// text's value is a miss).
			if b, ok := found[string(keys[j])]; ok && json.Unmarshal(b, &v) == nil && v.Verify(keys[j], req, texts[i]) == nil {
				out[i] = translate.Match{Found: true, Text: v.Text, Score: 1, Origin: "cache"}
				continue
			}
			rest = append(rest, i)
		}
		missing = rest
	}
	if m.fuzzy > 0 && m.fuzzy < 1 {
		for _, i := range missing {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if e, score := m.bestFuzzy(k, normalize(texts[i])); e != nil {
				out[i] = translate.Match{Found: true, Text: e.target, Score: score, Origin: e.origin}
			}
		}
	}
	return out, nil
}

// bestFuzzy scans the pair's units whose length could reach the threshold at all.
func (m *Memory) bestFuzzy(k pairKey, text string) (*unit, float64) {
	r := []rune(text)
	var (
		best  *unit
		score float64
	)
	for _, e := range m.all[k] {
		longer := max(len(r), len(e.runes))
		if longer == 0 || float64(min(len(r), len(e.runes)))/float64(longer) < m.fuzzy {
			continue
		}
		s := 1 - float64(levenshtein(r, e.runes))/float64(longer)
		if s >= m.fuzzy && s > score {
			best, score = e, s
		}
	}
	return best, score
}

// levenshtein is the edit distance between a and b in runes, in O(len(b)) memory.
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
