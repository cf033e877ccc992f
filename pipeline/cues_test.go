package pipeline

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/seed77ff/bitext/pipeline/doc"
)

func TestCuesJoin(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"We don't belong", "in this shithole.", true},
		{"I was going to...", "...go home.", true},
		{"אני לא חושב שאנחנו", "צריכים ללכת.", true},
		{"(deep rumbling)", "How did we end up here?", false},
		{"[music]", "Hello.", false},
		{"Hello", "- Hi.", false},
		{"Hello", "MAN: Hi.", false},
		{"♪ la la ♪", "Hello.", false},
		{"♪ la la", "la ♪", true}, // a song line may run over cues too
		{"", "Hello.", false},
	}
	for _, tt := range tests {
		t.Run(tt.prev+"|"+tt.next, func(t *testing.T) {
			assert.Equal(t, tt.want, cuesJoin(tt.prev, tt.next))
		})
	}
}

func cues(texts ...string) *doc.Document {
	d := &doc.Document{}
	for i, s := range texts {
		d.Blocks = append(d.Blocks, &doc.Block{Index: i, Kind: doc.Cue, Text: s})
	}
	return d
}

// TestSegmentCues: sentences are cut from consecutive cues as one text; a sentence over
// several cues is held by its first cue and lists its parts in order.
func TestSegmentCues(t *testing.T) {
	d := cues("First sentence. And a second", "that goes on\nhere. Third.", "(door slams)", "Fourth")
	Segment(d)
	var got [][]any
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			got = append(got, []any{b.Index, s.Text, s.Parts})
		}
	}
	assert.Equal(t, [][]any{
		{0, "First sentence.", []doc.Part(nil)},
		{0, "And a second that goes on\nhere.", []doc.Part{{Block: 0, Start: 16, End: 28}, {Block: 1, Start: 0, End: 18}}},
		{1, "Third.", []doc.Part(nil)},
		{2, "(door slams)", []doc.Part(nil)},
		{3, "Fourth", []doc.Part(nil)},
	}, got)
	for _, s := range d.Segments() {
		assert.NotEmpty(t, s.ID)
	}

	// A run without punctuation is cut after maxCueRun cues.
	d = cues("one", "two", "three", "four", "five", "six")
	Segment(d)
	segs := d.Segments()
	if assert.Len(t, segs, 2) {
		assert.Equal(t, "one two three four", segs[0].Text)
		assert.Len(t, segs[0].Parts, maxCueRun)
		assert.Equal(t, "five six", segs[1].Text)
	}
}
