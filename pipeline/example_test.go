package pipeline_test

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

// Process with a Translator of your own: here a function that upper-cases, standing in
// for any backend. The repeated Hebrew caption is sent once; the English caption after it
// is recorded as its counterpart.
func ExampleProcess() {
	input := "Gaza fighting resumes as talks stall and both sides trade blame.\n" +
		"2 View gallery\n" +
		"תקיפה ליד מסגד אל-מחטה\n" +
		"תקיפה ליד מסגד אל-מחטה\n" +
		"IDF strikes in Gaza City\n"
	d, err := pipeline.Read(pipeline.DefaultFormats(), "article.txt", []byte(input), "")
	if err != nil {
		panic(err)
	}
	det, err := detect.New(detect.Options{Languages: []language.Tag{language.English, language.Hebrew}})
	if err != nil {
		panic(err)
	}
	calls := 0
	upper := translate.Func(func(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
		calls++
		out := make([]translate.Translation, len(req.Texts))
		for i, t := range req.Texts {
			out[i] = translate.Translation{Text: "[" + strings.ToUpper(t) + "]"}
		}
		return out, nil
	})
	_, err = pipeline.Process(context.Background(), []*doc.Document{d}, pipeline.Options{
		Detector: det, Translator: upper, Exec: pipeline.ExecOptions{Backend: "upper"}})
	if err != nil {
		panic(err)
	}
	for _, s := range d.Segments() {
		if s.Translation != nil {
			fmt.Printf("%s %q → %q (%s), counterpart %q\n", s.Lang, s.Text, s.Translation.Text, s.Translation.Origin, s.Counterpart.Text)
		}
	}
	fmt.Println("requests:", calls)
	// Output:
	// he "תקיפה ליד מסגד אל-מחטה" → "[תקיפה ליד מסגד אל-מחטה]" (mt), counterpart "IDF strikes in Gaza City"
	// he "תקיפה ליד מסגד אל-מחטה" → "[תקיפה ליד מסגד אל-מחטה]" (mt), counterpart "IDF strikes in Gaza City"
	// requests: 1
}
