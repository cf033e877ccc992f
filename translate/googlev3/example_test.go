package googlev3_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/googlev3"
	"github.com/seed77ff/bitext/translate/googlev3/googlev3test"
)

func Example() {
	// A fake v3 gRPC server on a loopback port stands in for translate.googleapis.com.
	srv := googlev3test.NewServer(nil, func(text, source, target string) string {
		return map[string]string{"שלום עולם": "Hello, world"}[text]
	})
	defer srv.Close()

	var reg translate.Registry
	googlev3.Register(&reg)
	b, _ := reg.Lookup("google-v3")
	tr, err := b.New(context.Background(), translate.Config{
		Endpoint: srv.URL, // http://127.0.0.1:PORT: plaintext gRPC, no credentials
		Model:    "nmt",
		Getenv: func(name string) string {
			if name == "GOOGLE_CLOUD_PROJECT" {
				return googlev3test.Project
			}
			return ""
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer tr.(*googlev3.Translator).Close()
	ts, err := tr.Translate(context.Background(), &translate.Request{
		Texts:  []string{"שלום עולם"},
		Target: language.English,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%s, from %s)\n%s\n", ts[0].Text, ts[0].Backend, ts[0].Source, ts[0].Model)
	// Output:
	// Hello, world (google-v3, from he)
	// projects/bitext-test/locations/global/models/general/nmt
}
