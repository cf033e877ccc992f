package text

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Merge writes the input back with translations of origin mt or tm: in place of their
// segments (replace), or as a new line after each line that has any (bilingual). Every
// other byte of the input is copied as it was, so with nothing translated the output is
// the input.
func Merge(w io.Writer, d *doc.Document, mode format.MergeMode) error {
	if !d.HasOffsets {
		return errors.New("merged text output needs UTF-8 input (offsets into a transcoded input do not exist)")
	}
	in := d.Input
	var out strings.Builder
	pos := 0
	for _, b := range d.Blocks {
		line := translatedLine(d, b)
		if line == "" {
			continue
		}
		switch mode {
		case format.MergeReplace:
			out.Write(in[pos:b.Start])
			out.WriteString(line)
			pos = b.End
		default:
			// After the line's own end of line, so the original stays untouched.
			eol := b.End
			for eol < len(in) && in[eol] != '\n' {
				eol++
			}
			nl := "\n"
			if eol > 0 && eol <= len(in) && eol > b.End && in[eol-1] == '\r' {
				nl = "\r\n"
			}
			if eol < len(in) {
				eol++ // keep the newline with the original line
				out.Write(in[pos:eol])
				out.WriteString(line + nl)
			} else {
				out.Write(in[pos:eol])
				out.WriteString(nl + line)
			}
			pos = eol
		}
	}
	out.Write(in[pos:])
	if _, err := io.WriteString(w, out.String()); err != nil {
		return fmt.Errorf("write merged text: %w", err)
	}
	return nil
}

// translatedLine returns b's text with each mt or tm translation in place of its
// segment, or "" when b has none.
func translatedLine(d *doc.Document, b *doc.Block) string {
	var sb strings.Builder
	pos, any := b.Start, false
	for _, s := range b.Segments {
		t := s.Translation
		if t == nil || !t.Origin.Written() {
			continue
		}
		sb.Write(d.Input[pos:s.Start])
		sb.WriteString(t.Text)
		pos, any = s.End, true
	}
	if !any {
		return ""
	}
	sb.Write(d.Input[pos:b.End])
	return sb.String()
}
