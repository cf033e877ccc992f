package review_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/review"
	"github.com/seed77ff/bitext/pipeline/pipelinetest"
)

// ynet is the example article through the pipeline (see pipelinetest.Ynet).
func ynet(t *testing.T, withMT bool) *doc.Document { return pipelinetest.Ynet(t, withMT) }

func TestYnetGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, review.Write(&buf, ynet(t, false)))
	golden(t, "ynet-hostages.none.html", buf.Bytes())
	assert.Contains(t, buf.String(), `<td class="src" dir="rtl" lang="he">`)
}

// updating reports the -update flag, which the package's internal tests define.
func updating() bool { return flag.Lookup("update").Value.String() == "true" }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("../../../testdata/tmx-xliff/golden", name)
	if updating() {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update")
	assert.Equal(t, string(want), string(got))
}
