package google_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/google"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

func Example() {
	// A fake v2 server stands in for Google; it detects Hebrew and answers "iw" for it.
	srv := googletest.NewServer(nil, func(text, source, target string) string {
		return map[string]string{"שלום עולם": "Hello, world"}[text]
	})
	defer srv.Close()

	var reg translate.Registry
	google.Register(&reg)
	b, _ := reg.Lookup("google")
	tr, err := b.New(context.Background(), translate.Config{
		Endpoint: srv.URL, // the service root; …/language/translate/ works too
		Getenv: func(name string) string {
			if name == "GOOGLE_API_KEY" {
				return googletest.Key
			}
			return ""
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ts, err := tr.Translate(context.Background(), &translate.Request{
		Texts:  []string{"שלום עולם"},
		Target: language.English,
		Format: translate.Text,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%s, from %s)\n", ts[0].Text, ts[0].Backend, ts[0].Source)
	// Output: Hello, world (google, from he)
}
