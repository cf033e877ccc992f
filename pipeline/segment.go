package pipeline

import (
	"slices"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/segment"
)

// Segment splits every block of d into sentence segments and assigns their IDs.
// Offsets are kept when the document has them. Subtitle cues are joined, so a sentence
// spread over several cues is one segment listing its parts (see segmentCues).
func Segment(d *doc.Document) {
	SegmentLang(d, language.Und)
}

// SegmentLang is Segment with the sentence rules of lang (its abbreviations and
// punctuation); language.Und uses rules that fit any language.
func SegmentLang(d *doc.Document, lang language.Tag) {
	for _, b := range d.Blocks {
		if b.Kind == doc.Cue {
			continue // segmentCues joins cues into sentences below
		}
		b.Segments = b.Segments[:0]
		for _, sp := range segment.SentencesLang(b.Text, lang) {
			s := &doc.Segment{Block: b.Index, Text: b.Text[sp.Start:sp.End]}
			if d.HasOffsets {
				s.Start, s.End = b.Start+sp.Start, b.Start+sp.End
			}
			b.Segments = append(b.Segments, s)
		}
	}
	segmentCues(d, nil)
	d.AssignIDs()
}

// langChangesSentences reports whether lang's own sentence rules split some block of d
// differently from the language-neutral ones: only then is a document segmented again
// once its language is known.
func langChangesSentences(d *doc.Document, lang language.Tag) bool {
	if lang == language.Und {
		return false
	}
	for _, b := range d.Blocks {
		if b.Kind == doc.Cue {
			continue
		}
		if !slices.Equal(segment.Sentences(b.Text), segment.SentencesLang(b.Text, lang)) {
			return true
		}
	}
	return false
}
