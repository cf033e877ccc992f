// Package tm is bitext's translation-memory step: reviewers' approved translations taken
// back with `bitext apply` (Approve), translations from TMX files (--tm) and from memories
// imported into the cache (`bitext cache import`), looked up before any backend. Exact
// matches compare NFC-normalized text with whitespace collapsed; fuzzy matches above a
// threshold, over files, imported memories and approved translations alike, are returned
// with their score so the pipeline can mark them for review.
package tm

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
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
	// Store, if set, is a cache holding imported memories (under middleware.TMBackend) and
	// approved translations (under ApprovedNamespace, see Approve).
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

// Memory answers lookups from loaded TMX files and an optional cache store. The files are
// read-only after New; the store's memories are read for fuzzy matching once per language
// pair, when a lookup first needs them. It is safe for concurrent use.
type Memory struct {
	exact map[pairKey]map[string]*unit
	all   map[pairKey][]*unit
	store middleware.CacheStore
	fuzzy float64

	mu     sync.Mutex
	stored map[pairKey]*storedPair
}

var _ translate.RequestMemory = (*Memory)(nil)

// New loads o.Files. A file that cannot be read or parsed is an error naming it.
func New(o Options) (*Memory, error) {
	m := &Memory{exact: map[pairKey]map[string]*unit{}, all: map[pairKey][]*unit{}, store: o.Store, fuzzy: o.Fuzzy,
		stored: map[pairKey]*storedPair{}}
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

// baseTag is t's base language as a tag; und stays und.
func baseTag(t language.Tag) language.Tag {
	if t == language.Und {
		return t
	}
	b, _ := t.Base()
	return language.Make(b.String())
}

func normalize(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
}

// Lookup answers each text as LookupRequest does a request without context.
func (m *Memory) Lookup(ctx context.Context, source, target language.Tag, texts []string) ([]translate.Match, error) {
	return m.LookupRequest(ctx, &translate.Request{Source: source, Target: target, Texts: texts})
}

// LookupRequest answers each text of req, in this order: a reviewer's approved translation
// of it in req's context, or else without context (Approve; Match.Approved); an exact match
// from the files; one from the memories imported into the store; and last the best fuzzy
// match above the threshold among the files, the imported memories and the approved
// translations (of other texts). Languages are compared by their base (en-US serves en).
func (m *Memory) LookupRequest(ctx context.Context, req *translate.Request) ([]translate.Match, error) {
	texts := req.Texts
	out := make([]translate.Match, len(texts))
	k := pairKey{base(req.Source.String()), base(req.Target.String())}
	norms := make([]string, len(texts))
	missing := make([]int, 0, len(texts))
	for i, t := range texts {
		norms[i] = normalize(t)
		missing = append(missing, i)
	}
	if m.store != nil {
		missing = m.approvedExact(ctx, req, norms, out, missing)
	}
	rest := missing[:0]
	for _, i := range missing {
		if e, ok := m.exact[k][norms[i]]; ok {
			out[i] = translate.Match{Found: true, Text: e.target, Score: 1, Origin: e.origin}
			continue
		}
		rest = append(rest, i)
	}
	missing = rest
	if m.store != nil && len(missing) > 0 {
		missing = m.importedExact(ctx, req, norms, out, missing)
	}
	if m.fuzzy > 0 && m.fuzzy < 1 && len(missing) > 0 {
		stored := m.storedUnits(ctx, k)
		for _, i := range missing {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			e, score := bestFuzzy(stored, norms[i], m.fuzzy, nil, 0)
			e, score = bestFuzzy(m.all[k], norms[i], m.fuzzy, e, score)
			if e != nil {
				out[i] = translate.Match{Found: true, Text: e.target, Score: score, Origin: e.origin}
			}
		}
	}
	return out, nil
}

// importedExact answers the texts at missing from the memories imported into the store and
// returns the indexes still unanswered. Entries are keyed by base languages; entries
// imported before that, under the file's own tags, are found when the request names them.
func (m *Memory) importedExact(ctx context.Context, req *translate.Request, norms []string, out []translate.Match, missing []int) []int {
	reqs := []*translate.Request{{Source: baseTag(req.Source), Target: baseTag(req.Target), Format: translate.Text}}
	if reqs[0].Source != req.Source || reqs[0].Target != req.Target {
		reqs = append(reqs, &translate.Request{Source: req.Source, Target: req.Target, Format: translate.Text})
	}
	for _, r := range reqs {
		missing = m.storeExact(ctx, middleware.TMBackend, r, norms, missing, func(i int, v middleware.CachedValue) {
			out[i] = translate.Match{Found: true, Text: v.Text, Score: 1, Origin: "cache"}
		})
	}
	return missing
}

// storeExact looks the texts at missing up in the store under the namespace's keys for r,
// calls found for each value made for that very text, and returns the indexes left. A
// store read error is a miss: a memory is a help, never a failure.
func (m *Memory) storeExact(ctx context.Context, namespace string, r *translate.Request, norms []string, missing []int, found func(int, middleware.CachedValue)) []int {
	if len(missing) == 0 {
		return missing
	}
	kf := cachekey.New(namespace, r)
	keys := make([][]byte, len(missing))
	for j, i := range missing {
		keys[j] = kf.Key(norms[i])
	}
	got, _ := m.store.GetMany(ctx, keys)
	rest := missing[:0]
	for j, i := range missing {
		var v middleware.CachedValue
		// A value is served only for the text it was stored for: a row holding another
		// text's value is a miss.
		if b, ok := got[string(keys[j])]; ok && json.Unmarshal(b, &v) == nil && served(&v, keys[j], r, norms[i]) {
			found(i, v)
			continue
		}
		rest = append(rest, i)
	}
	return rest
}

// served reports whether v may answer the text norm (normalized) under r: it is the value
// stored under key (when it says which), made for this text — whitespace aside, as
// memories are matched — in r's context. Stricter than middleware.CachedValue.Verify on
// nothing that matters here, and tolerant of a memory's own spacing.
func served(v *middleware.CachedValue, key []byte, r *translate.Request, norm string) bool {
	return (v.Key == "" || v.Key == hex.EncodeToString(key)) && normalize(v.Orig) == norm && v.Context == r.Context
}

// bestFuzzy scans units whose length could reach the threshold at all for one better than
// best (with its score), which it returns, or best.
func bestFuzzy(units []*unit, text string, threshold float64, best *unit, score float64) (*unit, float64) {
	r := []rune(text)
	for _, e := range units {
		longer := max(len(r), len(e.runes))
		if longer == 0 || float64(min(len(r), len(e.runes)))/float64(longer) < threshold {
			continue
		}
		s := 1 - float64(levenshtein(r, e.runes))/float64(longer)
		if s >= threshold && s > score {
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
