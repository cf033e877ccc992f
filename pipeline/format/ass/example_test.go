package ass_test

import (
	"fmt"
	"os"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/ass"
)

// An event's override blocks stay where they were; its translation replaces its words.
func Example() {
	in, _ := format.Decode([]byte("[Script Info]\nScriptType: v4.00+\n\n[Events]\n" +
		"Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" +
		"Dialogue: 0,0:00:01.00,0:00:03.00,Default,Dana,0,0,0,,{\\an8}We do not belong\\Nin this place.\n"))
	d, err := ass.Read("film.ass", in)
	if err != nil {
		panic(err)
	}
	pipeline.Segment(d)
	s := d.Segments()[0]
	fmt.Printf("%q\n", s.Text)
	s.Translation = &doc.Translation{Text: "Wir gehören nicht an diesen Ort.", Origin: doc.MT}
	if err := ass.Reader.Merge(os.Stdout, d, format.MergeReplace); err != nil {
		panic(err)
	}
	// Output:
	// "We do not belong\nin this place."
	// [Script Info]
	// ScriptType: v4.00+
	//
	// [Events]
	// Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
	// Dialogue: 0,0:00:01.00,0:00:03.00,Default,Dana,0,0,0,,{\an8}Wir gehören nicht\Nan diesen Ort.
}
