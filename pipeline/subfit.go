package pipeline

import (
	"context"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/subfit"
)

// fitSubtitles is the stage after align that checks translated subtitle cues against
// Options.SubtitleFit (package subfit): it flags cues a viewer cannot read in time or that do
// not fit the screen, wraps lines again where that helps and, when asked, has the job's
// translator condense what still does not fit; what that sends is added to stats. It does
// nothing without SubtitleFit.
func fitSubtitles(ctx context.Context, docs []*doc.Document, o Options, stats *JobStats) error {
	if o.SubtitleFit == nil {
		return nil
	}
	so := *o.SubtitleFit
	if so.Translator == nil {
		so.Translator = o.Translator
	}
	if so.Source == language.Und {
		so.Source = o.Source
	}
	st, err := subfit.Check(ctx, docs, so)
	stats.Requests += st.Requests
	stats.Characters += st.Characters
	return err
}
