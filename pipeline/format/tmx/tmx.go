package tmx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/inline"
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
	// PropDigest is doc.Digest of the target as written, PropContext the ID of the
	// context it was sent with: what `bitext apply` reads back.
	PropDigest  = "x-bitext-digest"
	PropContext = "x-bitext-context"
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
		markup := inline.Segments(b)
		for i, s := range b.Segments {
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
			add(PropContext, t.Context)
			add(PropDigest, doc.Digest(t.Text))
			target := codec.Variant{Lang: d.Target.String(), Seg: seg(t.Markup, t.Text)}
			if t.Origin == doc.Human {
				target.ChangeID, target.ChangeDate = codec.Clean(t.Reviewer), t.Reviewed.UTC().Truncate(time.Second)
			}
			u.Variants = []codec.Variant{{Lang: src, Seg: seg(markup[i], s.Text)}, target}
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

// seg is the seg content of a text: its inline markup as TMX inline elements when it has
// placeholders (markup), else the plain text.
func seg(markup, plain string) string {
	if markup != "" {
		if s, err := codec.Placeholders(markup); err == nil {
			return s
		}
	}
	return codec.Escape(plain)
}

// Write renders d as TMX 1.4b.
func Write(w io.Writer, d *doc.Document) error {
	if err := codec.Write(w, File(d)); err != nil {
		return fmt.Errorf("render tmx: %w", err)
	}
	return nil
}
