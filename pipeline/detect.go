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
// occurrences of each text in the document.
func Detect(ctx context.Context, det *detect.Detector, d *doc.Document) error {
	segs := d.Segments()
	texts := make([]string, len(segs))
	for i, s := range segs {
		texts[i] = s.Text
	}
	all, dom, err := det.DocumentSpans(ctx, texts)
	if err != nil {
		return fmt.Errorf("detect %s: %w", d.Source, err)
	}
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
			byBlock[s] = append(byBlock[s], n)
		}
	}
	if split {
		for _, b := range d.Blocks {
			var out []*doc.Segment
			for _, s := range b.Segments {
				if parts, ok := byBlock[s]; ok {
					out = append(out, parts...)
				} else {
					out = append(out, s)
				}
			}
			b.Segments = out
		}
		d.AssignIDs()
	}
	d.Lang = dom
	return nil
}
