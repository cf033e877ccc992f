package libre_test

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/libre"
	"github.com/seed77ff/bitext/translate/libre/libretest"
)

// BenchmarkTranslate sends full requests (32 texts of about 60 bytes) to the local fake: the
// backend's own cost per request (encoding, HTTP on loopback, decoding), not the server's.
func BenchmarkTranslate(b *testing.B) {
	srv := libretest.NewServer(b, libretest.Options{}, func(text, _, _ string) string { return text })
	var reg translate.Registry
	libre.Register(&reg)
	rec, _ := reg.Lookup("libre")
	tr, err := rec.New(context.Background(), srv.Config())
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]string, 32)
	for i := range texts {
		texts[i] = fmt.Sprintf("תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח %d", i)
	}
	req := &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Translate(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
