package markdown_test

import (
	"fmt"
	"os"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/markdown"
)

// Code and link targets stay out of the text; a translation that carries the placeholders
// gets the markup back in merged output.
func ExampleRead() {
	in, _ := format.Decode([]byte("Run `make` and read [the guide](https://example.com/guide).\n"))
	d, err := markdown.Read("README.md", in)
	if err != nil {
		panic(err)
	}
	pipeline.Segment(d)
	b := d.Blocks[0]
	m, _ := b.Native.(*markdown.Block).Markup(0, len(b.Text))
	fmt.Printf("%s: %q\n%s\n", b.Kind, b.Text, m)
	b.Segments[0].Translation = &doc.Translation{Origin: doc.MT, Text: "Lies den Leitfaden und führe aus.",
		Markup: `Lies <g id="2">den Leitfaden</g> und führe <x id="1"/> aus.`}
	if err := markdown.Merge(os.Stdout, d, format.MergeReplace); err != nil {
		panic(err)
	}
	// Output:
	// paragraph: "Run  and read the guide."
	// Run <x id="1"/> and read <g id="2">the guide</g>.
	// Lies [den Leitfaden](https://example.com/guide) und führe `make` aus.
}
