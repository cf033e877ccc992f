package pipeline_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

// article is a pasted news page: English, with a Hebrew image caption after a gallery
// marker and the English caption the editors wrote for it.
const article = `Strikes resume in Gaza as talks stall
2 View gallery
תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה
IDF strikes in Gaza City
The army said the strikes would continue until the hostages are released.
`

// Translate one document with no backend at all: bitext finds the Hebrew caption and
// gives it the English caption the article already carries.
func Example() {
	job, err := pipeline.NewJob(pipeline.JobOptions{}) // into English, no backend
	if err != nil {
		log.Fatal(err)
	}
	d, err := job.TranslateReader(context.Background(), "article.txt", strings.NewReader(article))
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range d.Segments() {
		if t := s.Translation; t != nil {
			fmt.Printf("%s %q → %q (%s)\n", s.Lang, s.Text, t.Text, t.Origin)
		}
	}
	// Output:
	// he "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה" → "IDF strikes in Gaza City" (document)
}

// Plug in any translate.Translator — a client for an in-house service, a fake in a test —
// and run a batch, handling each document as soon as it is finished. With Output and
// OutDir set, Run also renders and writes each document, as `bitext translate` does.
func ExampleJob_Run() {
	shout := translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
		out := make([]translate.Translation, len(req.Texts))
		for i, text := range req.Texts {
			out[i] = translate.Translation{Text: "EN: " + text, Model: "shout-1"}
		}
		return out, nil
	})
	job, err := pipeline.NewJob(pipeline.JobOptions{
		Options: pipeline.Options{Translator: shout, Exec: pipeline.ExecOptions{Backend: "shout"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	inputs := []pipeline.Input{
		{Path: "a.txt", Reader: strings.NewReader("The talks resumed today in Cairo.\nשלום לכולם\n")},
		{Path: "b.txt", Reader: strings.NewReader("שלום לכולם\nThe same greeting, sent once for the whole job.\n")},
	}
	sum, err := job.Run(context.Background(), inputs, func(r pipeline.Result) {
		if r.Err != nil {
			fmt.Println("failed:", r.Err)
			return
		}
		for _, s := range r.Doc.Segments() {
			if t := s.Translation; t != nil {
				fmt.Printf("%s: %q → %q by %s/%s\n", r.Input.Path, s.Text, t.Text, t.Backend, t.Model)
			}
		}
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d documents, %d foreign segments, %d characters sent in %d request(s)\n",
		sum.Documents, sum.Foreign, sum.Characters, sum.Requests)
	// Output:
	// a.txt: "שלום לכולם" → "EN: שלום לכולם" by shout/shout-1
	// b.txt: "שלום לכולם" → "EN: שלום לכולם" by shout/shout-1
	// 2 documents, 2 foreign segments, 10 characters sent in 1 request(s)
}

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
