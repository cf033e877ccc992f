package xliff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/inline"
)

// Namespace is the XML namespace of bitext's extension attributes.
const Namespace = "https://github.com/seed77ff/bitext/xliff"

// Namespace20 is the XML namespace of XLIFF 2.0 documents.
const Namespace20 = "urn:oasis:names:tc:xliff:document:2.0"

// SubState values bitext writes (XLIFF's userDefinedValue form, prefix:value).
const (
	SubStateMT       = "bitext:mt"
	SubStateTM       = "bitext:tm"
	SubStateHuman    = "bitext:human"
	SubStateDocument = "bitext:document"
	SubStateNone     = "bitext:none"
)

// Languages returns the source languages of d's foreign segments, the dominant one (most
// occurrences; the first seen on a tie) first (doc.Document.ForeignLanguages). It is empty
// when d has no foreign segment.
func Languages(d *doc.Document) []language.Tag {
	langs, _ := d.ForeignLanguages()
	return langs
}

// SourceLang returns the srcLang Write uses for d: its dominant foreign language, or und
// when it has no foreign segment.
func SourceLang(d *doc.Document) language.Tag {
	if ls := Languages(d); len(ls) > 0 {
		return ls[0]
	}
	return language.Und
}

// Write renders the XLIFF 2.0 document of d's dominant source language (SourceLang); the
// segments in other source languages are in the documents Extra lists.
func Write(w io.Writer, d *doc.Document) error {
	return WriteLang(w, d, SourceLang(d))
}

// Extra lists the XLIFF 2.0 documents of d's other source languages (XLIFF 2.0 has one
// srcLang per document): each is written beside the main output with the suffix
// ".<src>-<target>", as name.ar-en.xlf beside name.xlf.
func Extra(d *doc.Document) []format.Extra {
	langs := Languages(d)
	if len(langs) < 2 {
		return nil
	}
	var out []format.Extra
	for _, src := range langs[1:] {
		out = append(out, format.Extra{
			Suffix: "." + src.String() + "-" + d.Target.String(),
			Units:  count(d, src),
			Write:  func(w io.Writer) error { return WriteLang(w, d, src) },
		})
	}
	return out
}

func count(d *doc.Document, src language.Tag) int {
	n := 0
	for _, s := range d.Segments() {
		if s.Foreign(d.Target) && s.Lang == src {
			n++
		}
	}
	return n
}

// WriteLang renders as XLIFF 2.0 the foreign segments of d whose language is src.
func WriteLang(w io.Writer, d *doc.Document, src language.Tag) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(bw, "<xliff xmlns=\"%s\" xmlns:bitext=\"%s\" version=\"2.0\" srcLang=\"%s\" trgLang=\"%s\">\n",
		Namespace20, Namespace, attr(src.String()), attr(d.Target.String()))
	fmt.Fprintf(bw, "  <file id=\"f1\" original=\"%s\">\n", attr(d.Source))
	n := 0
	for _, b := range d.Blocks {
		markup := inline.Segments(b)
		for i, s := range b.Segments {
			if !s.Foreign(d.Target) || s.Lang != src {
				continue
			}
			n++
			writeUnit(bw, b, s, markup[i])
		}
	}
	if n == 0 {
		fmt.Fprintf(bw, "    <group id=\"empty\">\n      <notes>\n        <note category=\"bitext:empty\">%s</note>\n      </notes>\n    </group>\n",
			note(fmt.Sprintf("no segment in a language other than %s", d.Target)))
	}
	bw.WriteString("  </file>\n</xliff>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render xliff: %w", err)
	}
	return nil
}

// written is what an interchange file carries of a segment's translation: its state, the
// target text (with its markup when the backend kept the placeholders) and the notes.
type written struct {
	state, sub string
	target     bool // a <target> is written
	text       string
	markup     string
	notes      [][2]string
}

func translationOf(s *doc.Segment) written {
	var w written
	t := s.Translation
	if t == nil {
		return w
	}
	switch t.Origin {
	case doc.MT, doc.TM, doc.Human:
		w.state, w.sub, w.target, w.text, w.markup = "translated", SubStateMT, true, t.Text, t.Markup
		var p []string
		switch t.Origin {
		case doc.TM:
			w.sub = SubStateTM
		case doc.Human:
			w.state, w.sub = "final", SubStateHuman
			p = append(p, "approved by a reviewer")
			if t.Reviewer != "" {
				p = append(p, t.Reviewer)
			}
			if !t.Reviewed.IsZero() {
				p = append(p, t.Reviewed.UTC().Format(time.RFC3339))
			}
		}
		if t.Backend != "" {
			p = append(p, "backend "+t.Backend)
		}
		if t.Model != "" {
			p = append(p, "model "+t.Model)
		}
		if len(p) > 0 {
			w.notes = append(w.notes, [2]string{"bitext:provenance", strings.Join(p, ", ")})
		}
	case doc.FromDocument:
		w.state, w.sub = "initial", SubStateDocument
	case doc.None:
		w.state, w.sub = "initial", SubStateNone
	}
	if t.Reason != "" {
		w.notes = append(w.notes, [2]string{"bitext:reason", t.Reason})
	}
	if len(t.QA) > 0 {
		w.notes = append(w.notes, [2]string{"bitext:qa", strings.Join(t.QA, " ")})
	}
	if c := s.Counterpart; c != nil {
		w.notes = append(w.notes, [2]string{"bitext:counterpart", fmt.Sprintf("block %d (%s): %s", c.Block, c.ID, c.Text)})
	}
	return w
}

func writeUnit(w *bufio.Writer, b *doc.Block, s *doc.Segment, markup string) {
	tr := translationOf(s)
	fmt.Fprintf(w, "    <unit id=\"%s\" type=\"bitext:%s\"", attr(s.ID), attr(string(b.Kind)))
	if t := s.Translation; t != nil {
		// What `bitext apply` needs to tell an edit and key it as the run keyed the text.
		fmt.Fprintf(w, " bitext:digest=\"%s\"", doc.Digest(tr.text))
		if t.Context != "" {
			fmt.Fprintf(w, " bitext:context=\"%s\"", attr(t.Context))
		}
	}
	w.WriteString(">\n")
	if len(tr.notes) > 0 {
		w.WriteString("      <notes>\n")
		for _, n := range tr.notes {
			fmt.Fprintf(w, "        <note category=\"%s\">%s</note>\n", n[0], note(n[1]))
		}
		w.WriteString("      </notes>\n")
	}
	w.WriteString("      <segment")
	if tr.state != "" {
		fmt.Fprintf(w, " state=\"%s\" subState=\"%s\"", tr.state, tr.sub)
	}
	w.WriteString(">\n")
	fmt.Fprintf(w, "        <source>%s</source>\n", marked(markup, s.Text))
	if tr.target {
		fmt.Fprintf(w, "        <target>%s</target>\n", marked(tr.markup, tr.text))
	}
	w.WriteString("      </segment>\n    </unit>\n")
}

// marked is the source or target content of a text: its inline markup as XLIFF 2.0 inline
// codes when it has placeholders (markup) that parse, else the plain text.
func marked(markup, plain string) string {
	if markup == "" {
		return content(plain)
	}
	parts, err := inline.Parse(markup)
	if err != nil {
		return content(plain)
	}
	return codes(parts)
}

// codes writes placeholder parts as XLIFF 2.0 inline codes: a paired element as
// <pc id="N">…</pc>, a standalone one as <ph id="N"/>, and an element opened or closed
// outside the segment as an isolated <sc>/<ec>. The ids are the placeholders' numbers, so
// a target's codes carry the ids of the source's.
func codes(parts []inline.Part) string {
	var b strings.Builder
	for _, p := range parts {
		switch p.Kind {
		case inline.Text:
			b.WriteString(content(p.Text))
		case inline.Open:
			fmt.Fprintf(&b, `<pc id="%d">`, p.ID)
		case inline.Close:
			b.WriteString(`</pc>`)
		case inline.Void:
			fmt.Fprintf(&b, `<ph id="%d"/>`, p.ID)
		case inline.Begin:
			fmt.Fprintf(&b, `<sc id="%d" isolated="yes"/>`, p.ID)
		case inline.End:
			fmt.Fprintf(&b, `<ec id="%d" isolated="yes"/>`, p.ID)
		}
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// content escapes source or target text; characters XML cannot carry become <cp/>.
func content(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case !xmlChar(r):
			fmt.Fprintf(&b, "<cp hex=\"%04X\"/>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// note escapes note text; characters XML cannot carry become U+FFFD.
func note(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case !xmlChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// attr escapes an attribute value.
func attr(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t', r == '\n', r == '\r':
			fmt.Fprintf(&b, "&#x%X;", r)
		case !xmlChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
