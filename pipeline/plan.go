package pipeline

import (
	"crypto/sha256"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/inline"
	"github.com/seed77ff/bitext/translate"
)

// MaxCounterpart is the longest text, in characters, taken as a document's own equivalent
// of a foreign caption (the design's counterpart rule).
const MaxCounterpart = 300

// counterpartWindow is how many blocks after a foreign caption the counterpart may be.
const counterpartWindow = 2

// Plan is what a job will send: each distinct (source language, format, text) once,
// whatever the number of documents and occurrences that carry it. It keeps state per
// distinct text only: documents are added (Add) and released (Release) as a streaming job
// goes, so its memory grows with the job's distinct foreign texts, not its documents.
type Plan struct {
	Target language.Tag
	// Items are in the order first seen, so requests are deterministic.
	Items []*Item
	o     PlanOptions
	index map[itemKey]*Item
	// bySeg is each planned segment's item, for the documents added and not released: a
	// segment with inline markup is not found by its plain text alone.
	bySeg map[*doc.Segment]*Item
	// stream is set for a streaming run: Items stays empty, and Forget moves the results of
	// items no document waits for into done, keyed by a digest of their key, so a text's
	// lasting state is its translation and 16 bytes.
	stream bool
	done   map[[16]byte]*doc.Translation
}

type itemKey struct {
	source language.Tag
	format translate.Format
	text   string
}

// Item is one distinct text to translate.
type Item struct {
	Source language.Tag
	// Text is what is sent: the normalized text (NFC, whitespace collapsed), or, for a
	// segment with inline markup, the text with its tags as placeholders (Format HTML).
	Text string
	// Format is translate.HTML for texts with inline placeholders, else empty (the
	// execution's format, plain text by default).
	Format translate.Format
	// Context is the context sent with Text: the DocumentContext of the first document
	// that has it when the plan is made for a backend that reads contexts
	// (PlanOptions.Context), else empty.
	Context string
	// Result is set once the item is answered (by a memory or a backend).
	Result *doc.Translation

	first   *doc.Document // the first document that has it, until its result is in
	waiting []*planned    // documents of a streaming job waiting for Result
	queued  bool          // handed to a request (a streaming job's)
}

// PlanOptions say what is planned.
type PlanOptions struct {
	Target language.Tag
	// Source, if not und, is the source language of every foreign segment (--from).
	Source language.Tag
	// TranslateBoilerplate sends boilerplate blocks too.
	TranslateBoilerplate bool
	// Context gives each item the DocumentContext of its first document, for backends that
	// read one (translate.Backend.UsesContext); items are then sent one context per request.
	Context bool
}

// NewPlan collects the foreign segments of docs that need a translation, deduplicated
// across the whole job, and records each foreign caption's counterpart in the document.
func NewPlan(docs []*doc.Document, o PlanOptions) *Plan {
	p := newPlan(o)
	for _, d := range docs {
		p.Add(d)
	}
	return p
}

func newPlan(o PlanOptions) *Plan {
	return &Plan{Target: o.Target, o: o, index: map[itemKey]*Item{}, bySeg: map[*doc.Segment]*Item{}}
}

// Add plans the foreign segments of d that need a translation, records each foreign
// caption's counterpart in d, and returns d's distinct items in order of first use; items
// already planned for another document are shared, not added again.
func (p *Plan) Add(d *doc.Document) []*Item {
	o := p.o
	d.Target = o.Target
	Counterparts(d, o.Target)
	var (
		mine []*Item
		seen = map[*Item]bool{}
		ctxt *string
	)
	for _, b := range d.Blocks {
		if b.Kind == doc.Boilerplate && !o.TranslateBoilerplate {
			continue
		}
		marked, _ := b.Native.(inline.Marked)
		var locs [][2]int
		if marked != nil {
			texts := make([]string, len(b.Segments))
			for i, s := range b.Segments {
				texts[i] = s.Text
			}
			locs = inline.Locate(b.Text, texts)
		}
		for i, s := range b.Segments {
			if !s.Foreign(o.Target) {
				continue
			}
			src := s.Lang
			if o.Source != language.Und {
				src = o.Source
			}
			k := itemKey{source: src, text: doc.NormalizeText(s.Text)}
			if marked != nil && locs[i][0] >= 0 {
				if m, ok := marked.Markup(locs[i][0], locs[i][1]); ok {
					k.format, k.text = translate.HTML, doc.NormalizeText(m)
				}
			}
			it := p.index[k]
			if it == nil && p.done != nil {
				if tr, ok := p.done[k.digest()]; ok {
					// Answered for an earlier document: a private item for this one.
					it = &Item{Source: src, Text: k.text, Format: k.format, Result: tr}
				}
			}
			if it == nil {
				it = &Item{Source: src, Text: k.text, Format: k.format, first: d}
				if o.Context {
					if ctxt == nil {
						c := DocumentContext(d)
						ctxt = &c
					}
					it.Context = *ctxt
				}
				p.index[k] = it
				if !p.stream {
					p.Items = append(p.Items, it)
				}
			}
			p.bySeg[s] = it
			if !seen[it] {
				seen[it] = true
				mine = append(mine, it)
			}
		}
	}
	return mine
}

// Release forgets d's segments once d is aligned: a streaming job keeps no document it has
// written. The items stay, with their results, for later documents that share their texts.
func (p *Plan) Release(d *doc.Document) {
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			delete(p.bySeg, s)
		}
	}
}

// forget drops the state of items that no document waits for any more, once the document
// that planned them is released: an answered item keeps only its result (in done, for later
// documents with the same text), an unanswered one (nothing will answer it) nothing.
func (p *Plan) forget(items []*Item) {
	if p.done == nil {
		p.done = map[[16]byte]*doc.Translation{}
	}
	for _, it := range items {
		k := itemKey{it.Source, it.Format, it.Text}
		if len(it.waiting) > 0 || it.queued && it.Result == nil || p.index[k] != it {
			continue // still wanted, or already forgotten
		}
		delete(p.index, k)
		if it.Result != nil {
			p.done[k.digest()] = it.Result
		}
	}
}

// digest is a 128-bit digest of the key: long enough that two texts of a job never share one.
func (k itemKey) digest() [16]byte {
	h := sha256.New()
	h.Write([]byte(k.source.String()))
	h.Write([]byte{0})
	h.Write([]byte(k.format))
	h.Write([]byte{0})
	h.Write([]byte(k.text))
	var d [16]byte
	copy(d[:], h.Sum(nil))
	return d
}

// lookup returns the planned item for segment s, or nil when s was not planned.
func (p *Plan) lookup(s *doc.Segment, source language.Tag) *Item {
	if it := p.bySeg[s]; it != nil {
		return it
	}
	if source == language.Und {
		source = s.Lang
	}
	return p.index[itemKey{source: source, text: doc.NormalizeText(s.Text)}]
}

// Counterparts links each foreign caption of d to the target-language text that the
// document carries as its equivalent: the first following caption, or line of at most
// MaxCounterpart characters, in the target language within two blocks. Every occurrence of
// a repeated foreign caption points to it. A caption that already holds both languages
// ("תקיפה בעזה / IDF strikes in Gaza") pairs its foreign segments with its own target-language
// text.
func Counterparts(d *doc.Document, target language.Tag) {
	for i, b := range d.Blocks {
		if b.Kind != doc.Caption {
			continue
		}
		switch blockLang(b, target) {
		case mixed:
			selfCounterpart(b, target)
			continue
		case foreign:
		default:
			continue
		}
		for j := i + 1; j < len(d.Blocks) && j <= i+counterpartWindow; j++ {
			c := d.Blocks[j]
			if blockLang(c, target) != inTarget || len(c.Segments) == 0 {
				continue
			}
			if c.Kind != doc.Caption && (c.Kind == doc.Boilerplate || utf8.RuneCountInString(c.Text) > MaxCounterpart) {
				continue
			}
			cp := &doc.Counterpart{Block: c.Index, ID: c.Segments[0].ID, Text: c.Text}
			for _, s := range b.Segments {
				if s.Foreign(target) {
					s.Counterpart = cp
				}
			}
			break
		}
	}
}

// selfCounterpart points the foreign segments of a bilingual caption at the caption's
// target-language segments, joined.
func selfCounterpart(b *doc.Block, target language.Tag) {
	var (
		texts []string
		first *doc.Segment
	)
	for _, s := range b.Segments {
		if s.Lang != language.Und && !s.Foreign(target) {
			texts = append(texts, s.Text)
			if first == nil {
				first = s
			}
		}
	}
	cp := &doc.Counterpart{Block: b.Index, ID: first.ID, Text: strings.Join(texts, " ")}
	if utf8.RuneCountInString(cp.Text) > MaxCounterpart {
		return
	}
	for _, s := range b.Segments {
		if s.Foreign(target) {
			s.Counterpart = cp
		}
	}
}

type langClass int

const (
	unknown langClass = iota
	inTarget
	foreign
	mixed
)

// blockLang classes a block by its segments of known language.
func blockLang(b *doc.Block, target language.Tag) langClass {
	c := unknown
	for _, s := range b.Segments {
		if s.Lang == language.Und {
			continue
		}
		k := inTarget
		if s.Foreign(target) {
			k = foreign
		}
		if c == unknown {
			c = k
		} else if c != k {
			return mixed
		}
	}
	return c
}
