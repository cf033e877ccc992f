package markdown

import (
	"fmt"
	"io"
	"strings"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	ph "github.com/seed77ff/bitext/pipeline/format/inline"
)

// Merge writes d, read by Read, back with the translations of origin mt and tm: in place
// of the original block text (replace), or as a paragraph after the block (bilingual: a
// heading of the same level after a heading, "<br>" and the translation inside a table
// cell), with the block's markup put back (see translatedText). Every other byte is
// copied, so with nothing translated the output is the input.
func Merge(w io.Writer, d *doc.Document, mode format.MergeMode) error {
	in, err := format.Decode(d.Input)
	if err != nil {
		return fmt.Errorf("merge markdown: %w", err)
	}
	src := in.Text
	eol := "\n" // what the input's lines end with, for the lines bilingual output adds
	if i := strings.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		eol = "\r\n"
	}
	var out strings.Builder
	pos := 0
	for _, b := range d.Blocks {
		nb, ok := b.Native.(*Block)
		if !ok {
			continue
		}
		t, err := translatedText(b, nb)
		if err != nil {
			return err
		}
		if t == "" {
			continue
		}
		t = restore(t, nb)
		if mode == format.MergeReplace || nb.cell {
			if mode != format.MergeReplace {
				t = src[nb.Start:nb.End] + " <br> " + t
			}
			out.WriteString(src[pos:nb.Start])
			out.WriteString(t)
			pos = nb.End
			continue
		}
		marks := ""
		if nb.Level > 0 {
			marks = strings.Repeat("#", nb.Level) + " "
		}
		out.WriteString(src[pos:nb.after])
		out.WriteString(eol + strings.TrimRight(nb.prefix, " \t") + eol + nb.prefix + marks + t)
		pos = nb.after
	}
	out.WriteString(src[pos:])
	if _, err := w.Write(format.Encode(in, out.String())); err != nil {
		return fmt.Errorf("write merged markdown: %w", err)
	}
	return nil
}

// translatedText is the block's text with each mt or tm translation in place of its
// segment and every mark back as its markup, or "" when the block has none. A translation
// whose placeholders came back (Translation.Markup) gets each piece of markup where its
// placeholder went; one without (from a translation memory) gets the segment's markup
// after its text, so no markup is ever dropped.
func translatedText(b *doc.Block, nb *Block) (string, error) {
	texts := make([]string, len(b.Segments))
	for i, s := range b.Segments {
		texts[i] = s.Text
	}
	type span struct {
		start, end int
		t          *doc.Translation
	}
	var spans []span
	for i, loc := range ph.Locate(nb.text, texts) {
		s := b.Segments[i]
		if loc[0] < 0 {
			return "", fmt.Errorf("merge markdown: segment %q is not in block %d", s.Text, b.Index)
		}
		if t := s.Translation; t != nil && t.Origin.Written() {
			spans = append(spans, span{loc[0], loc[1], t})
		}
	}
	if len(spans) == 0 {
		return "", nil
	}
	var out strings.Builder
	p, mi := 0, 0
	// flush writes the text up to limit with the marks no translated segment owns; a mark
	// at limit is written only if it closes (what opens there belongs to the next segment).
	flush := func(limit int, final bool) {
		for mi < len(nb.marks) {
			m := nb.marks[mi]
			if m.pos > limit || m.pos == limit && !final && m.kind != ph.Close {
				break
			}
			mi++
			out.WriteString(nb.text[p:max(p, m.pos)])
			out.WriteString(m.raw)
			p = max(p, m.pos)
		}
		out.WriteString(nb.text[p:limit])
		p = limit
	}
	for _, sp := range spans {
		flush(sp.start, false)
		out.WriteString(nb.render(sp.start, sp.end, sp.t))
		p = sp.end
		for mi < len(nb.marks) && owns(nb.marks[mi], sp.start, sp.end) {
			mi++
		}
	}
	flush(len(nb.text), true)
	return out.String(), nil
}

// render writes translation t of the text range [start,end) with the range's markup.
func (nb *Block) render(start, end int, t *doc.Translation) string {
	text := strings.Join(strings.Fields(t.Text), " ")
	raw := map[[2]int]string{} // (kind, id) → markup
	var mine []mark
	for _, m := range nb.marks {
		if owns(m, start, end) {
			mine = append(mine, m)
			raw[[2]int{int(m.kind), m.id}] = m.raw
		}
	}
	if len(mine) == 0 {
		return text
	}
	sent := nb.parts(start, end)
	var sb strings.Builder
	if got, err := ph.Parse(t.Markup); t.Markup != "" && err == nil && ph.Check(sent, got) == nil {
		for _, p := range got {
			switch p.Kind {
			case ph.Text:
				sb.WriteString(p.Text)
			case ph.Open, ph.Begin:
				sb.WriteString(raw[[2]int{int(ph.Open), p.ID}])
			case ph.Close, ph.End:
				sb.WriteString(raw[[2]int{int(ph.Close), p.ID}])
			case ph.Void:
				sb.WriteString(raw[[2]int{int(ph.Void), p.ID}])
			}
		}
		return strings.TrimSpace(sb.String())
	}
	sb.WriteString(text)
	for _, m := range mine {
		sb.WriteString(m.raw)
	}
	return sb.String()
}

// restore turns the text's line breaks back into theirs (with the container markers).
func restore(t string, nb *Block) string {
	if len(nb.breaks) == 0 {
		return t
	}
	parts := strings.Split(t, "\n")
	var sb strings.Builder
	for i, p := range parts {
		if i > 0 {
			if i-1 < len(nb.breaks) {
				sb.WriteString(nb.breaks[i-1])
			} else {
				sb.WriteString("\n" + nb.prefix)
			}
		}
		sb.WriteString(p)
	}
	return sb.String()
}
