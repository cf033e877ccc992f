package deepl_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/deepl"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
)

func Example() {
	// A fake DeepL server stands in for api-free.deepl.com; it detects Hebrew and answers "HE".
	srv := deepltest.NewServer(nil, func(text, source, target string) string {
		return map[string]string{"שלום עולם": "Hello, world"}[text]
	})
	defer srv.Close()

	var reg translate.Registry
	deepl.Register(&reg)
	b, _ := reg.Lookup("deepl")
	tr, err := b.New(context.Background(), translate.Config{
		Endpoint: srv.URL, // the service root; requests go to …/v2/translate
		Getenv: func(name string) string {
			if name == "DEEPL_AUTH_KEY" {
				return deepltest.Key
			}
			return ""
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts, err := tr.Translate(context.Background(), &translate.Request{
		Texts:   []string{"שלום עולם"},
		Target:  language.English,                     // sent as EN-US
		Context: "A greeting in an article's caption", // free context, not translated
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%s, from %s)\n", ts[0].Text, ts[0].Backend, ts[0].Source)
	// Output: Hello, world (deepl, from he)
}
