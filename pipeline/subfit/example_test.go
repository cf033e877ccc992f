package subfit_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/subfit"
)

// A translated cue too long to read in the second and a half it is shown, by Netflix's numbers.
func Example() {
	d, _ := pipeline.Read(pipeline.DefaultFormats(), "clip.srt", []byte("1\n00:00:01,000 --> 00:00:02,500\nשלום לכולם.\n"), "")
	pipeline.Segment(d)
	d.Target = language.English
	s := d.Segments()[0]
	s.Lang = language.Hebrew
	s.Translation = &doc.Translation{Text: "Hello to all of you, everybody who is here tonight", Origin: doc.MT}
	lim, _ := subfit.Profile("netflix")
	st, _ := subfit.Check(context.Background(), []*doc.Document{d}, subfit.Options{Limits: lim})
	fmt.Println(d.Blocks[0].QA, st.Flagged)
	// Output:
	// [cps:33.3>20 line:50>42] 1
}
