package pipeline

import (
	"context"
	"fmt"

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
	d.Lang = dom
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
