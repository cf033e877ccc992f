package pipeline

import (
	"context"
	"fmt"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
)

// Detect sets the language of every segment of d, with the document as context, and the
// document's dominant language.
func Detect(ctx context.Context, det *detect.Detector, d *doc.Document) error {
	segs := d.Segments()
	texts := make([]string, len(segs))
	for i, s := range segs {
		texts[i] = s.Text
	}
	res, dom, err := det.DetectDocument(ctx, texts)
	if err != nil {
		return fmt.Errorf("detect %s: %w", d.Source, err)
	}
	for i, s := range segs {
		s.Lang, s.Confidence = res[i].Lang, res[i].Confidence
	}
	d.Lang = dom
	return nil
}
