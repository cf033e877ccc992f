package xliff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/inline"
)

// Namespace12 is the XML namespace of XLIFF 1.2 documents.
const Namespace12 = "urn:oasis:names:tc:xliff:document:1.2"

// Write12 renders d as XLIFF 1.2 (--format xliff12), for the tools that read no XLIFF 2.0
// (Translate Toolkit, older CAT tools), valid against the OASIS strict schema. XLIFF 1.2
// gives each <file> its own source-language, so a document in several source languages is
// one <file> per language (dominant first), all with the document's name as original.
//
// Each foreign segment occurrence is a <trans-unit> whose id is the segment ID and whose
// resname is the block kind. A translation of origin mt or tm is a <target state="translated">
// with state-qualifier leveraged-mt or leveraged-tm (fuzzy-match for a fuzzy memory match);
// a reviewer's (origin human) is state="signed-off" with approved="yes". A counterpart or a
// missing translation writes no <target>. The strict schema processes foreign attributes
// strictly, so what `bitext apply` reads back — the digest of the target as written, the
// context ID and the origin — goes in the extradata attribute ("digest=…;context=…;origin=mt").
// Inline markup is XLIFF 1.2's own <g>, <x/>, <bx/>, <ex/>; notes come from "bitext".
func Write12(w io.Writer, d *doc.Document) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(bw, "<xliff version=\"1.2\" xmlns=\"%s\">\n", Namespace12)
	langs := Languages(d)
	if len(langs) == 0 {
		langs = []language.Tag{language.Und}
	}
	for _, src := range langs {
		fmt.Fprintf(bw, "  <file original=\"%s\" source-language=\"%s\" target-language=\"%s\" datatype=\"plaintext\" tool-id=\"bitext\">\n",
			attr(d.Source), attr(src.String()), attr(d.Target.String()))
		bw.WriteString("    <header>\n      <tool tool-id=\"bitext\" tool-name=\"bitext\"/>\n    </header>\n    <body>\n")
		n := 0
		for _, b := range d.Blocks {
			markup := inline.Segments(b)
			for i, s := range b.Segments {
				if s.Foreign(d.Target) && s.Lang == src {
					n++
					writeUnit12(bw, d, b, s, markup[i])
				}
			}
		}
		if n == 0 {
			// A body may be empty (a group may not), but say why for whoever opens the file.
			fmt.Fprintf(bw, "      <!-- no segment in a language other than %s -->\n", strings.ReplaceAll(note(d.Target.String()), "--", "- -"))
		}
		bw.WriteString("    </body>\n  </file>\n")
	}
	bw.WriteString("</xliff>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render xliff12: %w", err)
	}
	return nil
}

func writeUnit12(w *bufio.Writer, d *doc.Document, b *doc.Block, s *doc.Segment, markup string) {
	tr := translationOf(s)
	t := s.Translation
	fmt.Fprintf(w, "      <trans-unit id=\"%s\" resname=\"%s\"", attr(s.ID), attr(string(b.Kind)))
	if t != nil && t.Origin == doc.Human {
		w.WriteString(" approved=\"yes\"")
	}
	if t != nil {
		extra := []string{"digest=" + doc.Digest(tr.text)}
		if t.Context != "" {
			extra = append(extra, "context="+t.Context)
		}
		extra = append(extra, "origin="+string(t.Origin))
		fmt.Fprintf(w, " extradata=\"%s\"", attr(strings.Join(extra, ";")))
	}
	w.WriteString(">\n")
	fmt.Fprintf(w, "        <source xml:lang=\"%s\">%s</source>\n", attr(s.Lang.String()), marked12(markup, s.Text))
	if tr.target {
		state, qualifier := "translated", "leveraged-mt"
		switch t.Origin {
		case doc.TM:
			qualifier = "leveraged-tm"
			for _, q := range t.QA {
				if strings.HasPrefix(q, "fuzzy-match:") {
					qualifier = "fuzzy-match"
				}
			}
		case doc.Human:
			state, qualifier = "signed-off", ""
		}
		fmt.Fprintf(w, "        <target xml:lang=\"%s\" state=\"%s\"", attr(d.Target.String()), state)
		if qualifier != "" {
			fmt.Fprintf(w, " state-qualifier=\"%s\"", qualifier)
		}
		fmt.Fprintf(w, ">%s</target>\n", marked12(tr.markup, tr.text))
	}
	for _, n := range tr.notes {
		fmt.Fprintf(w, "        <note from=\"bitext\">%s: %s</note>\n", strings.TrimPrefix(n[0], "bitext:"), note(n[1]))
	}
	w.WriteString("      </trans-unit>\n")
}

// marked12 is source or target content in XLIFF 1.2: the placeholders are XLIFF 1.2's own
// inline elements (<g id>, <x id/>, <bx id/>, <ex id/>), the text escaped once; XLIFF 1.2
// has no <cp>, so characters XML cannot carry become U+FFFD.
func marked12(markup, plain string) string {
	parts, err := inline.Parse(markup)
	if markup == "" || err != nil {
		return note(plain)
	}
	var b strings.Builder
	for _, p := range parts {
		switch p.Kind {
		case inline.Text:
			b.WriteString(note(p.Text))
		case inline.Open:
			fmt.Fprintf(&b, `<g id="%d">`, p.ID)
		case inline.Close:
			b.WriteString(`</g>`)
		case inline.Void:
			fmt.Fprintf(&b, `<x id="%d"/>`, p.ID)
		case inline.Begin:
			fmt.Fprintf(&b, `<bx id="%d"/>`, p.ID)
		case inline.End:
			fmt.Fprintf(&b, `<ex id="%d"/>`, p.ID)
		}
	}
	return b.String()
}
