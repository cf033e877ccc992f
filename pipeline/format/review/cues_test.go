package review_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/review"
)

// TestCueTimecodes: a subtitle's review page shows each cue's timecode and its failed fit
// checks beside the block.
func TestCueTimecodes(t *testing.T) {
	d, err := pipeline.Read(pipeline.DefaultFormats(), "clip.srt",
		[]byte("1\n00:01:39,000 --> 00:01:41,040\nשלום.\n\n2\n01:02:03,004 --> 01:02:05,000\nHello.\n"), "")
	require.NoError(t, err)
	pipeline.Segment(d)
	d.Target = language.English
	d.Blocks[0].Segments[0].Lang = language.Hebrew
	d.Blocks[0].Segments[0].Translation = &doc.Translation{Text: "Hello to all of you", Origin: doc.MT}
	d.Blocks[0].QA = []string{"cps:9.3>9"}
	var buf bytes.Buffer
	require.NoError(t, review.Write(&buf, d))
	page := buf.String()
	assert.Contains(t, page, `<a href="#b-0">0</a> cue<br><code class="time">00:01:39.000 --&gt; 00:01:41.040</code><br><span class="badge qa">cps:9.3&gt;9</span></td>`)
	assert.Contains(t, page, `<a href="#b-1">1</a> cue<br><code class="time">01:02:03.004 --&gt; 01:02:05.000</code></td>`)
}
