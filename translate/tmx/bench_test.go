package tmx

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchFile is a memory the size of a busy cache export: 10,000 Hebrew-English units.
func benchFile() *File {
	f := &File{Header: Header{CreationTool: "bitext", SrcLang: "he", SegType: "sentence", DataType: "plaintext"}}
	for i := range 10000 {
		f.Units = append(f.Units, Unit{TUID: fmt.Sprintf("%016x", i), Props: []Prop{{Type: "x-bitext-origin", Value: "mt"}},
			Variants: []Variant{
				{Lang: "he", Seg: Escape(fmt.Sprintf("תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה %d", i))},
				{Lang: "en", Seg: Escape(fmt.Sprintf("Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City %d", i))},
			}})
	}
	return f
}

func BenchmarkWrite(b *testing.B) {
	f := benchFile()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	if err := Write(&buf, benchFile()); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
