package review_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format/review"
	"github.com/seed77ff/bitext/pipeline/format/subtitle/subtitletest"
)

// TestCueTimecodes: a subtitle's review page shows each cue's timecode and its failed fit
// checks beside the block.
func TestCueTimecodes(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, review.Write(&buf, subtitletest.Clip(t)))
	page := buf.String()
	assert.Contains(t, page, `<a href="#b-0">0</a> cue<br><code class="time">00:01:39.000 --&gt; 00:01:41.040</code><br><span class="badge qa">cps:9.3&gt;9</span></td>`)
	assert.Contains(t, page, `<a href="#b-1">1</a> cue<br><code class="time">00:02:00.000 --&gt; 00:02:01.500</code></td>`)
}
