package tmx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/seed77ff/bitext/pipeline/doc"
	codec "github.com/seed77ff/bitext/translate/tmx"
)

// Prop types bitext writes on each <tu>. TMX reserves the x- prefix for user-defined types.
const (
	PropOrigin      = "x-bitext-origin"
	PropBackend     = "x-bitext-backend"
	PropModel       = "x-bitext-model"
	PropDocument    = "x-bitext-document"
	PropBlock       = "x-bitext-block"
	PropKind        = "x-bitext-kind"
	PropQA          = "x-bitext-qa"
	PropCounterpart = "x-bitext-counterpart"
)

// File converts d into a TMX file: the header names bitext and the document's source
// language(s) (srclang is "*all*" when the translated segments are in several languages).
func File(d *doc.Document) *codec.File {
	f := &codec.File{Version: codec.Version, Header: codec.Header{
		CreationTool: "bitext", CreationToolVersion: "1", SegType: "sentence", OTMF: "bitext",
		AdminLang: "en", DataType: "plaintext",
		Props: []codec.Prop{{Type: PropDocument, Value: codec.Clean(d.Source)}},
	}}
	langs := map[string]bool{}
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			t := s.Translation
			if t == nil || !t.Origin.Written() || t.Text == "" {
				continue
			}
			src := s.Lang.String()
			langs[src] = true
			u := codec.Unit{TUID: s.ID, SrcLang: src, Props: []codec.Prop{
				{Type: PropOrigin, Value: string(t.Origin)},
			}}
			add := func(typ, v string) {
				if v != "" {
					u.Props = append(u.Props, codec.Prop{Type: typ, Value: codec.Clean(v)})
				}
			}
			add(PropBackend, t.Backend)
			add(PropModel, t.Model)
			add(PropBlock, strconv.Itoa(b.Index))
			add(PropKind, string(b.Kind))
			add(PropQA, strings.Join(t.QA, " "))
			if s.Counterpart != nil {
				add(PropCounterpart, s.Counterpart.Text)
			}
			u.Variants = []codec.Variant{
				{Lang: src, Seg: codec.Escape(s.Text)},
				{Lang: d.Target.String(), Seg: codec.Escape(t.Text)},
			}
			f.Units = append(f.Units, u)
		}
	}
	switch len(langs) {
	case 0:
		f.Header.SrcLang = "*all*"
	case 1:
		for l := range langs {
			f.Header.SrcLang = l
		}
	default:
		f.Header.SrcLang = "*all*"
	}
	return f
}

// Write renders d as TMX 1.4b.
func Write(w io.Writer, d *doc.Document) error {
	if err := codec.Write(w, File(d)); err != nil {
		return fmt.Errorf("render tmx: %w", err)
	}
	return nil
}
