package detect_test

import (
	"fmt"

	"github.com/seed77ff/bitext/detect"
)

// The README's example of detect on its own: one string, no document around it. New with
// the zero Options takes every language lingua-go knows, loading models as texts need them.
func ExampleDetector_Detect() {
	det, err := detect.New(detect.Options{})
	if err != nil {
		panic(err)
	}
	for _, s := range []string{
		"The hostages were released after 471 days in captivity.",
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה",
	} {
		fmt.Println(det.Detect(s).Lang)
	}
	// Output:
	// en
	// he
}
