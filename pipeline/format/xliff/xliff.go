package xliff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// Namespace is the XML namespace of bitext's extension attributes.
const Namespace = "https://github.com/seed77ff/bitext/xliff"

// SubState values bitext writes (XLIFF's userDefinedValue form, prefix:value).
const (
	SubStateMT       = "bitext:mt"
	SubStateTM       = "bitext:tm"
	SubStateDocument = "bitext:document"
	SubStateNone     = "bitext:none"
)

// SourceLang returns the srcLang Write uses for d: its dominant foreign language, or und
// when it has no foreign segment.
func SourceLang(d *doc.Document) language.Tag {
	count := map[language.Tag]int{}
	var order []language.Tag
	for _, s := range d.Segments() {
		if !s.Foreign(d.Target) {
			continue
		}
		if count[s.Lang] == 0 {
			order = append(order, s.Lang)
		}
		count[s.Lang]++
	}
	best := language.Und
	for _, l := range order {
		if best == language.Und || count[l] > count[best] {
			best = l
		}
	}
	return best
}

// Write renders d as XLIFF 2.0.
func Write(w io.Writer, d *doc.Document) error {
	bw := bufio.NewWriter(w)
	src := SourceLang(d)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(bw, "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:bitext=\"%s\" version=\"2.0\" srcLang=\"%s\" trgLang=\"%s\">\n",
		Namespace, attr(src.String()), attr(d.Target.String()))
	fmt.Fprintf(bw, "  <file id=\"f1\" original=\"%s\">\n", attr(d.Source))
	n := 0
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			if !s.Foreign(d.Target) {
				continue
			}
			n++
			writeUnit(bw, b, s, src)
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

func writeUnit(w *bufio.Writer, b *doc.Block, s *doc.Segment, src language.Tag) {
	other := s.Lang != src
	fmt.Fprintf(w, "    <unit id=\"%s\" type=\"bitext:%s\"", attr(s.ID), attr(string(b.Kind)))
	if other {
		fmt.Fprintf(w, " bitext:srcLang=\"%s\"", attr(s.Lang.String()))
	}
	w.WriteString(">\n")
	var notes [][2]string
	if other {
		notes = append(notes, [2]string{"bitext:language", fmt.Sprintf("source language %s, not the file's srcLang %s", s.Lang, src)})
	}
	t := s.Translation
	state, sub := "", ""
	if t != nil {
		switch t.Origin {
		case doc.MT, doc.TM, doc.Human:
			state, sub = "translated", SubStateMT
			if t.Origin == doc.TM {
				sub = SubStateTM
			}
			var p []string
			if t.Backend != "" {
				p = append(p, "backend "+t.Backend)
			}
			if t.Model != "" {
				p = append(p, "model "+t.Model)
			}
			if len(p) > 0 {
				notes = append(notes, [2]string{"bitext:provenance", strings.Join(p, ", ")})
			}
		case doc.FromDocument:
			state, sub = "initial", SubStateDocument
		case doc.None:
			state, sub = "initial", SubStateNone
		}
		if t.Reason != "" {
			notes = append(notes, [2]string{"bitext:reason", t.Reason})
		}
		if len(t.QA) > 0 {
			notes = append(notes, [2]string{"bitext:qa", strings.Join(t.QA, " ")})
		}
	}
	if c := s.Counterpart; c != nil {
		notes = append(notes, [2]string{"bitext:counterpart", fmt.Sprintf("block %d (%s): %s", c.Block, c.ID, c.Text)})
	}
	if len(notes) > 0 {
		w.WriteString("      <notes>\n")
		for _, n := range notes {
			fmt.Fprintf(w, "        <note category=\"%s\">%s</note>\n", n[0], note(n[1]))
		}
		w.WriteString("      </notes>\n")
	}
	w.WriteString("      <segment")
	if state != "" {
		fmt.Fprintf(w, " state=\"%s\" subState=\"%s\"", state, sub)
	}
	w.WriteString(">\n")
	fmt.Fprintf(w, "        <source>%s</source>\n", content(s.Text))
	if state == "translated" {
		fmt.Fprintf(w, "        <target>%s</target>\n", content(t.Text))
	}
	w.WriteString("      </segment>\n    </unit>\n")
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
