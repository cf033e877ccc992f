package xliff_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/xliff"
	"github.com/seed77ff/bitext/translate"
)

// ynet runs the example article through the pipeline with a detector restricted to English
// and Hebrew, and either no backend or a fake one that answers "EN(text)".
func ynet(t *testing.T, withMT bool) *doc.Document {
	t.Helper()
	det, err := detect.New(detect.Options{Languages: []language.Tag{language.English, language.Hebrew}})
	require.NoError(t, err)
	data, err := os.ReadFile("../../../testdata/ynet/ynet-hostages.txt")
	require.NoError(t, err)
	d, err := pipeline.Read(pipeline.DefaultFormats(), "testdata/ynet/ynet-hostages.txt", data, "")
	require.NoError(t, err)
	o := pipeline.Options{Detector: det}
	if withMT {
		o.Translator = translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
			out := make([]translate.Translation, len(req.Texts))
			for i, s := range req.Texts {
				out[i] = translate.Translation{Text: "EN(" + s + ")", Backend: "fake", Model: "test"}
			}
			return out, nil
		})
		o.Exec = pipeline.ExecOptions{Backend: "fake", Model: "test"}
	}
	_, err = pipeline.Process(context.Background(), []*doc.Document{d}, o)
	require.NoError(t, err)
	return d
}

func TestYnetGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, xliff.Write(&buf, ynet(t, true)))
	golden(t, "ynet-hostages.mt.xlf", buf.Bytes())
	require.NoError(t, xliff.Validate(buf.Bytes()))
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
