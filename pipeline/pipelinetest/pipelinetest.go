// Package pipelinetest holds what tests of several packages share: the running example
// run through the pipeline, with a detector restricted to English and Hebrew and either no
// backend or a fake one.
package pipelinetest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

// Root is the repository's root directory, wherever the test runs from.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// YnetSource is the example's name as outputs show it.
const YnetSource = "testdata/ynet/ynet-hostages.txt"

// Ynet runs the Ynetnews example through the pipeline with no backend, or, when withMT is
// set, with a fake backend "fake" (model "test") that answers "EN(text)".
func Ynet(t testing.TB, withMT bool) *doc.Document {
	t.Helper()
	det, err := detect.New(detect.Options{Languages: []language.Tag{language.English, language.Hebrew}})
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(Root(), YnetSource))
	require.NoError(t, err)
	d, err := pipeline.Read(pipeline.DefaultFormats(), YnetSource, data, "")
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
