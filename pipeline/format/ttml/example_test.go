package ttml_test

import (
	"fmt"
	"os"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/ttml"
)

// A <p>'s spans and line break stay; its translation takes the place of its words.
func Example() {
	in, _ := format.Decode([]byte(`<tt xmlns="http://www.w3.org/ns/ttml"><body><div>` +
		`<p begin="1s" end="3s"><span tts:fontStyle="italic" xmlns:tts="http://www.w3.org/ns/ttml#styling">We do not belong<br/>in this place.</span></p>` +
		`</div></body></tt>`))
	d, err := ttml.Read("film.ttml", in)
	if err != nil {
		panic(err)
	}
	pipeline.Segment(d)
	s := d.Segments()[0]
	fmt.Printf("%q\n", s.Text)
	s.Translation = &doc.Translation{Text: "Wir gehören nicht an diesen Ort.", Origin: doc.MT}
	if err := ttml.Reader.Merge(os.Stdout, d, format.MergeReplace); err != nil {
		panic(err)
	}
	// Output:
	// "We do not belong\nin this place."
	// <tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="3s"><span tts:fontStyle="italic" xmlns:tts="http://www.w3.org/ns/ttml#styling">Wir gehören nicht<br/>an diesen Ort.</span></p></div></body></tt>
}
