package segment_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/segment"
)

func ExampleSentences() {
	text := "Dr. Smith moved to the U.S. in 2010. He paid $100.00 for it! Did you see Albert I. Jones?"
	for _, sp := range segment.Sentences(text) {
		fmt.Printf("[%d,%d) %s\n", sp.Start, sp.End, text[sp.Start:sp.End])
	}
	// Output:
	// [0,36) Dr. Smith moved to the U.S. in 2010.
	// [37,60) He paid $100.00 for it!
	// [61,89) Did you see Albert I. Jones?
}

func ExampleSplit() {
	// Greek writes its question mark as ';', and a Greek sentence may start in lower case.
	text := "Πού είναι οι τουαλέτες; Τις Κυριακές δε δούλευε κανένας. το κόστος ήταν £260.950,00."
	for _, sp := range segment.Split(text, segment.Options{Lang: language.Greek}) {
		fmt.Println(text[sp.Start:sp.End])
	}
	// Output:
	// Πού είναι οι τουαλέτες;
	// Τις Κυριακές δε δούλευε κανένας.
	// το κόστος ήταν £260.950,00.
}
