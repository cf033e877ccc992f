package pipeline

import (
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/segment"
)

// Segment splits every block of d into sentence segments and assigns their IDs.
// Offsets are kept when the document has them. Subtitle cues are joined, so a sentence
// spread over several cues is one segment listing its parts (see segmentCues).
func Segment(d *doc.Document) {
	for _, b := range d.Blocks {
		if b.Kind == doc.Cue {
			continue // segmentCues joins cues into sentences below
		}
		b.Segments = b.Segments[:0]
		for _, sp := range segment.Sentences(b.Text) {
			s := &doc.Segment{Block: b.Index, Text: b.Text[sp.Start:sp.End]}
			if d.HasOffsets {
				s.Start, s.End = b.Start+sp.Start, b.Start+sp.End
			}
			b.Segments = append(b.Segments, s)
		}
	}
	segmentCues(d)
	d.AssignIDs()
}
