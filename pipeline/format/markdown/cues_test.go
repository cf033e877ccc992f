package markdown_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format/markdown"
	"github.com/seed77ff/bitext/pipeline/format/subtitle/subtitletest"
)

// TestCueTimecodes: the Markdown view opens every cue with its timecode, and a foreign cue's
// table with its timecode and failed fit checks.
func TestCueTimecodes(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, markdown.Write(&buf, subtitletest.Clip(t)))
	assert.Equal(t, "| cue `00:01:39.000 --> 00:01:41.040` *(cps:9.3&gt;9)* | en |\n|---|---|\n"+
		"| <bdi>שלום.</bdi> `he` | Hello to all of you *(mt)* |\n\n"+
		"`00:02:00.000 --> 00:02:01.500` Hello.\n\n", buf.String())
}
