package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// An English sentence quoting a Hebrew phrase becomes three consecutive segments with
// exact input offsets and fresh IDs; ordinary lines stay whole.
func TestDetectSplitsInlineRuns(t *testing.T) {
	input := "Despite the resumption of hostilities in Gaza, Hamas remains steadfast in its negotiating position.\n" +
		"The banner read \"תקיפה ליד מסגד\" in large letters, residents said.\n" +
		"In response, Israeli leadership has decided to gradually intensify military operations.\n"
	d, err := Read(DefaultFormats(), "inline.txt", []byte(input), "")
	require.NoError(t, err)
	Segment(d)
	require.NoError(t, Detect(context.Background(), detector(t), d))

	var got []string
	seen := map[string]bool{}
	for _, b := range d.Blocks {
		prev := b.Start
		for _, s := range b.Segments {
			require.GreaterOrEqual(t, s.Start, prev, "segments overlap")
			assert.Empty(t, strings.TrimSpace(input[prev:s.Start]), "uncovered bytes before %q", s.Text)
			assert.Equal(t, s.Text, input[s.Start:s.End])
			prev = s.End
			got = append(got, s.Lang.String()+":"+s.Text)
			assert.False(t, seen[s.ID], "duplicate ID for %q", s.Text)
			seen[s.ID] = true
		}
		assert.Empty(t, strings.TrimSpace(input[prev:b.End]), "uncovered bytes at the end of block %d", b.Index)
	}
	assert.Equal(t, []string{
		"en:Despite the resumption of hostilities in Gaza, Hamas remains steadfast in its negotiating position.",
		`en:The banner read "`,
		"he:תקיפה ליד מסגד",
		`en:" in large letters, residents said.`,
		"en:In response, Israeli leadership has decided to gradually intensify military operations.",
	}, got)
	he := d.Blocks[1].Segments[1]
	assert.Equal(t, doc.SegmentID("תקיפה ליד מסגד", 1), he.ID)
	assert.Equal(t, strings.Index(input, "תקיפה"), he.Start)
}
