package pipeline

import (
	"context"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
)

// Prepare runs the stages that concern one document alone: segment, detect every segment
// with the document as context, and, once the document's language is known, segment again
// with that language's sentence rules (German ordinals, Arabic "،") where they cut
// differently, and detect again. Every command that reads documents runs it — translate,
// the dry run and detect — so they see the same segments.
func Prepare(ctx context.Context, det *detect.Detector, d *doc.Document) error {
	Segment(d)
	if err := Detect(ctx, det, d); err != nil {
		return err
	}
	if langChangesSentences(d, d.Lang) {
		SegmentLang(d, d.Lang)
		if err := Detect(ctx, det, d); err != nil {
			return err
		}
	}
	return nil
}
