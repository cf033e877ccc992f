package score

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/translate/tmx"
)

// refKey finds a reference: base source and target languages ("" for any) and the source
// text, normalized.
type refKey struct{ src, tgt, text string }

// References are reference translations, found by source text and language pair.
type References struct {
	m map[refKey][]string
	n int
}

// Len is the number of references.
func (r *References) Len() int { return r.n }

func (r *References) add(src, tgt, text, translation string) {
	if r.m == nil {
		r.m = map[refKey][]string{}
	}
	k := refKey{base(src), base(tgt), doc.NormalizeText(text)}
	translation = strings.TrimSpace(translation)
	if k.text == "" || translation == "" {
		return
	}
	r.m[k] = append(r.m[k], translation)
	r.n++
}

// lookup returns the references of text from src into tgt: those of the pair, else those
// given without languages.
func (r *References) lookup(src, tgt, text string) []string {
	n := doc.NormalizeText(text)
	if refs := r.m[refKey{base(src), base(tgt), n}]; len(refs) > 0 {
		return refs
	}
	return r.m[refKey{"", "", n}]
}

func base(code string) string {
	if code == "" {
		return ""
	}
	t, err := language.Parse(code)
	if err != nil {
		return strings.ToLower(code)
	}
	b, _ := t.Base()
	return b.String()
}

// ReadReferences reads reference translations from a TMX memory (every unit's source
// variant against each of its other variants) or from JSON Lines: bitext's own output
// (each segment's translation; a reviewed and applied output makes a reference set) or
// lines {"source": …, "reference": …, "source_lang": …, "target_lang": …}, the languages
// optional. name is used in errors.
func ReadReferences(name string, data []byte) (*References, error) {
	refs := &References{}
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("<")) {
		f, err := tmx.Read(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for i, u := range f.Units {
			src := u.SrcLang
			if src == "" && f.Header.SrcLang != "*all*" {
				src = f.Header.SrcLang
			}
			sv, ok := u.Variant(src)
			if !ok {
				continue
			}
			text, err := tmx.Text(sv.Seg)
			if err != nil {
				return nil, fmt.Errorf("%s: unit %d: %w", name, i+1, err)
			}
			for j := range u.Variants {
				if v := &u.Variants[j]; v != sv {
					t, err := tmx.Text(v.Seg)
					if err != nil {
						return nil, fmt.Errorf("%s: unit %d: %w", name, i+1, err)
					}
					refs.add(sv.Lang, v.Lang, text, t)
				}
			}
		}
		return refs, nil
	}
	var probe struct {
		Source *string `json:"source"`
		Ref    *string `json:"reference"`
	}
	first := trimmed
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if json.Unmarshal(first, &probe) == nil && probe.Ref != nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 16<<20)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var l struct {
				Source     string `json:"source"`
				Reference  string `json:"reference"`
				SourceLang string `json:"source_lang"`
				TargetLang string `json:"target_lang"`
			}
			if err := json.Unmarshal(line, &l); err != nil {
				return nil, fmt.Errorf("%s: line %d: %w", name, n, err)
			}
			refs.add(l.SourceLang, l.TargetLang, l.Source, l.Reference)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return refs, nil
	}
	files, err := jsondoc.ReadAny(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, f := range files {
		for _, b := range f.Blocks {
			for _, s := range b.Segments {
				if t := s.Translation; t != nil && t.Origin != doc.None {
					refs.add(s.Lang, f.Target, s.Text, t.Text)
				}
			}
		}
	}
	return refs, nil
}

// Group is one line of a report: the translations of one backend and model in one language
// pair, or (Counterparts) the documents' own equivalents, a loose reference.
type Group struct {
	Backend string `json:"backend"`
	Model   string `json:"model,omitempty"`
	Source  string `json:"source"`
	Target  string `json:"target"`
	// Counterparts marks the group of the documents' own counterparts (origin document):
	// editors' loose equivalents, not translations, reported apart.
	Counterparts bool `json:"counterparts,omitempty"`
	// Segments counts the segments scored.
	Segments int `json:"segments"`
	// ChrF and ChrFPlusPlus are the group's corpus scores (sacreBLEU's chrF2 and chrF2++).
	ChrF         float64 `json:"chrf"`
	ChrFPlusPlus float64 `json:"chrf++"`

	chrf, chrfpp Stats
}

// Report is what Score found.
type Report struct {
	// Groups are sorted: translations first, by backend, model and pair; then counterparts.
	Groups []*Group `json:"groups"`
	// Unmatched counts translated segments with no reference for their source text.
	Unmatched int `json:"unmatched"`
}

// Score scores every translated segment of outputs (bitext's JSON or JSONL) that has a
// reference, each occurrence once, as corpus chrF and chrF++ per backend, model and
// language pair; the documents' own counterparts are a group of their own per pair. A
// reviewer's translations (origin human) are the group of backend "human".
func Score(refs *References, outputs []*jsondoc.File) Report {
	type groupKey struct {
		backend, model, src, tgt string
		counterparts             bool
	}
	groups := map[groupKey]*Group{}
	var rep Report
	for _, f := range outputs {
		for _, b := range f.Blocks {
			for _, s := range b.Segments {
				t := s.Translation
				if t == nil || t.Origin == doc.None || strings.TrimSpace(t.Text) == "" {
					continue
				}
				ref := refs.lookup(s.Lang, f.Target, s.Text)
				if len(ref) == 0 {
					rep.Unmatched++
					continue
				}
				k := groupKey{t.Backend, t.Model, base(s.Lang), base(f.Target), false}
				switch t.Origin {
				case doc.FromDocument:
					k = groupKey{"document", "", k.src, k.tgt, true}
				case doc.Human:
					k.backend, k.model = "human", ""
				}
				g := groups[k]
				if g == nil {
					g = &Group{Backend: k.backend, Model: k.model, Source: k.src, Target: k.tgt, Counterparts: k.counterparts,
						chrf: ChrF.Zero(), chrfpp: ChrFPlusPlus.Zero()}
					groups[k] = g
				}
				g.Segments++
				g.chrf.Add(ChrF.Segment(t.Text, ref...))
				g.chrfpp.Add(ChrFPlusPlus.Segment(t.Text, ref...))
			}
		}
	}
	for _, g := range groups {
		g.ChrF, g.ChrFPlusPlus = ChrF.Score(g.chrf), ChrFPlusPlus.Score(g.chrfpp)
		rep.Groups = append(rep.Groups, g)
	}
	sort.Slice(rep.Groups, func(i, j int) bool {
		a, b := rep.Groups[i], rep.Groups[j]
		if a.Counterparts != b.Counterparts {
			return b.Counterparts
		}
		return fmt.Sprint(a.Backend, "\x00", a.Model, "\x00", a.Source, "\x00", a.Target) <
			fmt.Sprint(b.Backend, "\x00", b.Model, "\x00", b.Source, "\x00", b.Target)
	})
	return rep
}
