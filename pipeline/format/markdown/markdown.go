// Package markdown writes a bilingual Markdown view of a document: the text in reading
// order, with every block that holds foreign text shown as a table of each foreign
// segment beside its translation or the document's own counterpart. It also reads
// Markdown input through goldmark's AST (Reader, Read) and writes it back with its
// translations (Merge); see reader.go.
package markdown

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Write renders d. Boilerplate blocks are left out of the reading view.
func Write(w io.Writer, d *doc.Document) error {
	bw := bufio.NewWriter(w)
	for _, b := range d.Blocks {
		if b.Kind == doc.Boilerplate {
			continue
		}
		if hasForeign(b, d) {
			writeTable(bw, b, d)
			continue
		}
		switch b.Kind {
		case doc.Title:
			fmt.Fprintf(bw, "# %s\n\n", inline(b.Text))
		case doc.Lead:
			fmt.Fprintf(bw, "**%s**\n\n", inline(b.Text))
		case doc.Byline, doc.Caption, doc.Credit:
			fmt.Fprintf(bw, "*%s*\n\n", inline(b.Text))
		case doc.Cue:
			fmt.Fprintf(bw, "%s%s\n\n", cueHead(b), inline(b.Text))
		default:
			fmt.Fprintf(bw, "%s\n\n", inline(b.Text))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

func hasForeign(b *doc.Block, d *doc.Document) bool {
	for _, s := range b.Segments {
		if s.Foreign(d.Target) {
			return true
		}
	}
	return false
}

func writeTable(w *bufio.Writer, b *doc.Block, d *doc.Document) {
	fmt.Fprintf(w, "| %s%s | %s |\n|---|---|\n", b.Kind, strings.TrimSuffix(" "+cueHead(b), " "), d.Target)
	for _, s := range b.Segments {
		src := cell(s.Text)
		if s.Foreign(d.Target) {
			src = fmt.Sprintf("<bdi>%s</bdi> `%s`", src, s.Lang)
		}
		fmt.Fprintf(w, "| %s | %s |\n", src, target(s))
	}
	w.WriteString("\n")
}

func target(s *doc.Segment) string {
	t := s.Translation
	var parts []string
	switch {
	case t == nil:
		parts = append(parts, cell(s.Text))
	case t.Origin == doc.None:
		parts = append(parts, fmt.Sprintf("*(untranslated: %s)*", cell(t.Reason)))
	case t.Origin == doc.FromDocument:
		parts = append(parts, fmt.Sprintf("%s *(the document's own caption, block %d)*", cell(t.Text), s.Counterpart.Block))
	default:
		parts = append(parts, fmt.Sprintf("%s *(%s)*", cell(t.Text), provenance(t)))
		if s.Counterpart != nil {
			parts = append(parts, fmt.Sprintf("document: %s *(block %d)*", cell(s.Counterpart.Text), s.Counterpart.Block))
		}
	}
	return strings.Join(parts, "<br>")
}

func provenance(t *doc.Translation) string {
	p := string(t.Origin)
	if t.Backend != "" {
		p += ", " + t.Backend
	}
	// Not whether it came from the cache: a rerun's view must be the run's, byte for byte.
	return p
}

// cueHead is a subtitle cue's timecode and failed fit checks, "`00:01:39.000 --> 00:01:41.040`
// *(cps:24.1>17)* ", or "" for any other block.
func cueHead(b *doc.Block) string {
	tc := format.Timecode(b)
	if tc == "" {
		return ""
	}
	h := "`" + tc + "` "
	if len(b.QA) > 0 {
		h += "*(" + inline(strings.Join(b.QA, ", ")) + ")* "
	}
	return h
}

// cell makes text safe inside a table cell: pipes and line breaks would end it.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	return inline(s)
}

// inline escapes the characters that would turn text into markup or raw HTML, and shows
// control characters as visible markers (format.Visible): the view is read on terminals.
func inline(s string) string {
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`)
	return format.Visible(r.Replace(s))
}
