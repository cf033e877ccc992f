package markdown_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/markdown"
)

// TestCueTimecodes: the Markdown view opens every cue with its timecode, and a foreign cue's
// table with its timecode and failed fit checks.
func TestCueTimecodes(t *testing.T) {
	d, err := pipeline.Read(pipeline.DefaultFormats(), "clip.srt",
		[]byte("1\n00:01:39,000 --> 00:01:41,040\nשלום.\n\n2\n00:02:00,000 --> 00:02:01,500\nHello.\n"), "")
	require.NoError(t, err)
	pipeline.Segment(d)
	d.Target = language.English
	d.Blocks[0].Segments[0].Lang = language.Hebrew
	d.Blocks[0].Segments[0].Translation = &doc.Translation{Text: "Hello to all of you", Origin: doc.MT}
	d.Blocks[0].QA = []string{"cps:9.3>9"}
	d.Blocks[1].Segments[0].Lang = language.English
	var buf bytes.Buffer
	require.NoError(t, markdown.Write(&buf, d))
	assert.Equal(t, "| cue `00:01:39.000 --> 00:01:41.040` *(cps:9.3&gt;9)* | en |\n|---|---|\n"+
		"| <bdi>שלום.</bdi> `he` | Hello to all of you *(mt)* |\n\n"+
		"`00:02:00.000 --> 00:02:01.500` Hello.\n\n", buf.String())
}
