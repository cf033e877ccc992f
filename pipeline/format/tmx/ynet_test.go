package tmx_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/tmx"
	"github.com/seed77ff/bitext/pipeline/pipelinetest"
	codec "github.com/seed77ff/bitext/translate/tmx"
)

// ynet is the example article through the pipeline (see pipelinetest.Ynet).
func ynet(t *testing.T, withMT bool) *doc.Document { return pipelinetest.Ynet(t, withMT) }

func TestYnetGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, tmx.Write(&buf, ynet(t, true)))
	golden(t, "ynet-hostages.mt.tmx", buf.Bytes())
	f, err := codec.Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.Len(t, f.Units, 4, "four Hebrew caption occurrences, machine-translated")
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
