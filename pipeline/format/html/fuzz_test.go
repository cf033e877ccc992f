package html

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// FuzzRead: no input crashes or hangs the reader; block texts are valid UTF-8; merged output
// with nothing translated is the input; with translations it is valid UTF-8 for UTF-8 input.
// The seed corpus is the test pages (large ones cut) and a few hand-written edge cases.
func FuzzRead(f *testing.F) {
	for _, p := range pages {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw[:min(len(raw), 16<<10)])
	}
	for _, s := range []string{
		"<p>a<b>b<i>c</b>d</i>",
		"<article><p>x &amp y &notit; &#0; &#x110000; <br/>z</p></article>",
		"<html><meta charset=windows-1255><p>\xf9\xec\xe5\xed</p>",
		"<img alt='\"' title=unquoted>",
		"<p><!-- c --></p><li>a<li>b<dd>c<td>d",
		"\ufeff<p>bom</p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := Decode(raw)
		if err != nil {
			return
		}
		d, err := Read("fuzz.html", in)
		if errors.Is(err, ErrNoArticle) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		oneSegment(d)
		for _, b := range d.Blocks {
			if !utf8.ValidString(b.Text) {
				t.Fatalf("block %d: invalid UTF-8 %q", b.Index, b.Text)
			}
		}
		var buf bytes.Buffer
		if err := Merge(&buf, d, format.MergeBilingual); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), raw) {
			t.Fatalf("round trip differs")
		}
		d.Target = language.English
		for i, s := range d.Segments() {
			if i%2 == 0 {
				s.Translation = &doc.Translation{Origin: doc.MT, Text: "T<&>\"" + s.Text}
			}
		}
		for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
			buf.Reset()
			if err := Merge(&buf, d, mode); err != nil {
				t.Fatal(err)
			}
			if in.Base >= 0 && !utf8.Valid(buf.Bytes()) {
				t.Fatalf("merged output is not valid UTF-8")
			}
		}
	})
}
