package deepl_test

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/deepl"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
)

// BenchmarkTranslate sends full requests (50 texts of about 60 bytes) to the local fake: the
// backend's own cost per request (encoding, HTTP on loopback, decoding), not DeepL's.
func BenchmarkTranslate(b *testing.B) {
	srv := deepltest.NewServer(b, func(text, _, _ string) string { return text })
	var reg translate.Registry
	deepl.Register(&reg)
	rec, _ := reg.Lookup("deepl")
	tr, err := rec.New(context.Background(), srv.Config())
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]string, 50)
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
