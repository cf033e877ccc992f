package detect_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
)

// A detector restricted to a few candidates checks only their models. Script decides
// Hebrew at once; the English article's short lines follow the document.
func ExampleDetector_DetectDocument() {
	det, err := detect.New(detect.Options{Languages: []language.Tag{
		language.English, language.Danish, language.French, language.Hebrew}})
	if err != nil {
		panic(err)
	}
	segments := []string{
		"Despite the resumption of hostilities in Gaza, Hamas remains steadfast in its negotiating position.",
		"live",
		"Comments",
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה",
		"×",
	}
	res, dominant, err := det.DetectDocument(context.Background(), segments)
	if err != nil {
		panic(err)
	}
	fmt.Println("document:", dominant)
	for i, r := range res {
		fmt.Printf("%-4s %s\n", r.Lang, segments[i])
	}
	// Output:
	// document: en
	// en   Despite the resumption of hostilities in Gaza, Hamas remains steadfast in its negotiating position.
	// en   live
	// en   Comments
	// he   תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה
	// und  ×
}
