package libre_test

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/libre"
	"github.com/seed77ff/bitext/translate/libre/libretest"
)

func Example() {
	// A fake LibreTranslate server started with --char-limit 2000 --batch-limit 16 stands in
	// for a self-hosted one; it does not report its batch limit, only its char limit.
	srv := libretest.NewServer(nil, libretest.Options{CharLimit: 2000, BatchLimit: 16},
		func(text, source, target string) string {
			return map[string]string{"שלום עולם": "Hello, world"}[text]
		})
	defer srv.Close()

	var reg translate.Registry
	libre.Register(&reg)
	b, _ := reg.Lookup("libre")
	tr, err := b.New(context.Background(), translate.Config{
		Getenv: func(name string) string {
			if name == "LIBRETRANSLATE_URL" {
				return srv.URL
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
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%s, from %s)\n", ts[0].Text, ts[0].Backend, ts[0].Source)
	fmt.Println("code points per request:", tr.(*libre.Translator).Limits().CodePoints)
	// Output:
	// Hello, world (libre, from he)
	// code points per request: 2000
}
