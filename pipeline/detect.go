package pipeline

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
)

// Detect sets the language of every segment of d, with the document as context, and the
// document's dominant language. A segment that switches language inside (an English
// sentence quoting a Hebrew phrase) is split into consecutive segments, one per language,
// with their own offsets; segment IDs are then assigned again, since they count
// occurrences of each text in the document. Subtitles are detected line by line first (see
// detectCues).
func Detect(ctx context.Context, det *detect.Detector, d *doc.Document) error {
	if hasCues(d) {
		return detectCues(ctx, det, d)
	}
	segs := d.Segments()
	texts := make([]string, len(segs))
	for i, s := range segs {
		texts[i] = s.Text
	}
	all, dom, err := det.DocumentSpans(ctx, texts)
	if err != nil {
		return fmt.Errorf("detect %s: %w", d.Source, err)
	}
	applySpans(d, segs, all)
	d.Lang = bodyLanguage(d, dom)
	return nil
}

// applySpans gives each of segs the language of its spans: one span sets the segment's
// language, several split it into consecutive segments, each keeping its offsets and, for a
// segment over several cues, the parts of the cues it covers (a run wholly inside a later
// cue moves to that cue's block). IDs are assigned again after a split.
func applySpans(d *doc.Document, segs []*doc.Segment, all [][]detect.Span) {
	split := false
	byBlock := map[*doc.Segment][]*doc.Segment{}
	for i, s := range segs {
		spans := all[i]
		switch len(spans) {
		case 0: // nothing but whitespace
			s.Lang, s.Confidence = language.Und, 0
			continue
		case 1:
			s.Lang, s.Confidence = spans[0].Lang, spans[0].Confidence
			continue
		}
		split = true
		for _, sp := range spans {
			n := &doc.Segment{Block: s.Block, Text: s.Text[sp.Start:sp.End], Lang: sp.Lang, Confidence: sp.Confidence}
			if d.HasOffsets {
				n.Start, n.End = s.Start+sp.Start, s.Start+sp.End
			}
			if len(s.Parts) > 0 {
				setParts(d, n, subParts(d, s, sp.Start, sp.End))
			}
			byBlock[s] = append(byBlock[s], n)
		}
	}
	if !split {
		return
	}
	moved := map[int][]*doc.Segment{} // runs that lie in a later cue, held there first
	for _, b := range d.Blocks {
		var out []*doc.Segment
		for _, s := range b.Segments {
			parts, ok := byBlock[s]
			if !ok {
				out = append(out, s)
				continue
			}
			for _, n := range parts {
				if n.Block == b.Index {
					out = append(out, n)
				} else {
					moved[n.Block] = append(moved[n.Block], n)
				}
			}
		}
		b.Segments = out
	}
	for k, ns := range moved {
		d.Blocks[k].Segments = append(ns, d.Blocks[k].Segments...)
	}
	d.AssignIDs()
}

// bodyLanguage is a document's language: the one holding most bytes of its body text. Body
// text is the segments of blocks that are not boilerplate, each distinct text once, so that
// navigation leftovers and a repeated line do not outvote the article. Text with letters that
// no model recognises counts for und: a page in a language the detector does not know (Burmese)
// is und, not the language of two stray Latin lines. A document without body text keeps dom,
// the detector's own choice.
func bodyLanguage(d *doc.Document, dom language.Tag) language.Tag {
	bytes := map[language.Base]int{}
	tags := map[language.Base]language.Tag{}
	seen := map[string]bool{}
	for _, b := range d.Blocks {
		if b.Kind == doc.Boilerplate {
			continue
		}
		for _, s := range b.Segments {
			if seen[s.Text] || !strings.ContainsFunc(s.Text, unicode.IsLetter) {
				continue
			}
			seen[s.Text] = true
			base, _ := s.Lang.Base()
			if s.Lang == language.Und {
				base = language.Base{}
			}
			bytes[base] += len(s.Text)
			if _, ok := tags[base]; !ok {
				tags[base] = s.Lang
			}
		}
	}
	best, most := dom, 0
	var bestBase language.Base
	for base, n := range bytes {
		if n > most || n == most && base.String() < bestBase.String() {
			best, most, bestBase = tags[base], n, base
		}
	}
	return best
}
