package subtitle_test

import (
	"fmt"
	"os"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
)

// A sentence spread over two cues is one segment; its translation goes back split over
// the same cues.
func Example() {
	in, _ := format.Decode([]byte("1\n00:00:01,000 --> 00:00:03,000\nWe do not belong\n\n2\n00:00:03,100 --> 00:00:05,000\n<i>in this place.</i>\n"))
	d, err := subtitle.ReadSRT("film.srt", in)
	if err != nil {
		panic(err)
	}
	pipeline.Segment(d)
	s := d.Segments()[0]
	fmt.Printf("%q %v\n", s.Text, s.Parts)
	s.Translation = &doc.Translation{Text: "Wir gehören nicht an diesen Ort.", Origin: doc.MT}
	if err := subtitle.MergeSRT(os.Stdout, d, format.MergeReplace); err != nil {
		panic(err)
	}
	// Output:
	// "We do not belong in this place." [{0 0 16} {1 0 14}]
	// 1
	// 00:00:01,000 --> 00:00:03,000
	// Wir gehören nicht
	//
	// 2
	// 00:00:03,100 --> 00:00:05,000
	// <i>an diesen Ort.</i>
}
