package tmx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Write writes f as UTF-8 TMX 1.4b with a DOCTYPE naming tmx14.dtd. It checks what the
// format requires (a language on every variant, at least one variant per unit, a type on
// every prop, seg content that is TMX inline markup, only characters XML 1.0 allows) and
// names the offending unit. Write does not close w.
func Write(w io.Writer, f *File) error {
	if err := check(f); err != nil {
		return fmt.Errorf("write tmx: %w", err)
	}
	bw := bufio.NewWriter(w)
	x := &writer{w: bw}
	x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n")
	x.raw("<tmx version=\"" + Version + "\">\n")
	h := f.Header
	x.raw("  <header")
	// The seven attributes TMX 1.4b requires are always written, even when empty.
	x.attr("creationtool", h.CreationTool, true)
	x.attr("creationtoolversion", h.CreationToolVersion, true)
	segType := h.SegType
	if segType == "" {
		segType = "sentence" // required by the DTD; what bitext and every peer sample use
	}
	x.attr("segtype", segType, true)
	x.attr("o-tmf", h.OTMF, true)
	x.attr("adminlang", h.AdminLang, true)
	x.attr("srclang", h.SrcLang, true)
	x.attr("datatype", h.DataType, true)
	x.attr("o-encoding", h.OEncoding, false)
	x.date("creationdate", h.CreationDate)
	x.attr("creationid", h.CreationID, false)
	x.date("changedate", h.ChangeDate)
	x.attr("changeid", h.ChangeID, false)
	if len(h.Props)+len(h.Notes) == 0 {
		x.raw("/>\n")
	} else {
		x.raw(">\n")
		x.notesProps("    ", h.Notes, h.Props)
		x.raw("  </header>\n")
	}
	x.raw("  <body>\n")
	for _, u := range f.Units {
		x.raw("    <tu")
		x.attr("tuid", u.TUID, false)
		x.attr("srclang", u.SrcLang, false)
		x.attr("segtype", u.SegType, false)
		x.attrs(u.Attrs)
		x.raw(">\n")
		x.notesProps("      ", u.Notes, u.Props)
		for _, v := range u.Variants {
			x.raw("      <tuv")
			x.attr("xml:lang", v.Lang, true)
			x.attrs(v.Attrs)
			x.raw(">\n")
			x.notesProps("        ", v.Notes, v.Props)
			x.raw("        <seg>" + v.Seg + "</seg>\n")
			x.raw("      </tuv>\n")
		}
		x.raw("    </tu>\n")
	}
	x.raw("  </body>\n</tmx>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write tmx: %w", err)
	}
	return nil
}

type writer struct {
	w *bufio.Writer
	b strings.Builder
}

func (x *writer) raw(s string) { x.w.WriteString(s) }

func (x *writer) attr(name, v string, always bool) {
	if v == "" && !always {
		return
	}
	x.b.Reset()
	escapeAttr(&x.b, v)
	x.w.WriteString(" " + name + "=\"" + x.b.String() + "\"")
}

func (x *writer) date(name string, t time.Time) {
	if !t.IsZero() {
		x.attr(name, t.UTC().Format(DateLayout), true)
	}
}

func (x *writer) attrs(a Attrs) {
	x.attr("o-encoding", a.OEncoding, false)
	x.attr("datatype", a.DataType, false)
	if a.UsageCount > 0 {
		x.attr("usagecount", strconv.Itoa(a.UsageCount), true)
	}
	x.date("lastusagedate", a.LastUsageDate)
	x.attr("creationtool", a.CreationTool, false)
	x.attr("creationtoolversion", a.CreationToolVersion, false)
	x.date("creationdate", a.CreationDate)
	x.attr("creationid", a.CreationID, false)
	x.date("changedate", a.ChangeDate)
	x.attr("changeid", a.ChangeID, false)
	x.attr("o-tmf", a.OTMF, false)
}

// notesProps writes notes before props, the order the TMX 1.4b DTD's (note|prop)* allows
// either way; a fixed order keeps output stable.
func (x *writer) notesProps(indent string, notes []Note, props []Prop) {
	for _, n := range notes {
		x.raw(indent + "<note")
		x.attr("xml:lang", n.Lang, false)
		x.b.Reset()
		escapeText(&x.b, n.Text)
		x.raw(">" + x.b.String() + "</note>\n")
	}
	for _, p := range props {
		x.raw(indent + "<prop")
		x.attr("type", p.Type, true)
		x.attr("xml:lang", p.Lang, false)
		x.b.Reset()
		escapeText(&x.b, p.Value)
		x.raw(">" + x.b.String() + "</prop>\n")
	}
}

// check validates f before anything is written, so a bad file leaves no partial output
// from Write itself.
func check(f *File) error {
	h := f.Header
	if err := checkStrings("header", h.CreationTool, h.CreationToolVersion, h.SegType, h.OTMF,
		h.AdminLang, h.SrcLang, h.DataType, h.OEncoding, h.CreationID, h.ChangeID); err != nil {
		return err
	}
	if err := checkNotesProps("header", h.Notes, h.Props); err != nil {
		return err
	}
	if err := checkSegType(h.SegType); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	for i, u := range f.Units {
		where := fmt.Sprintf("tu %d%s", i+1, tuidNote(u.TUID))
		if len(u.Variants) == 0 {
			return fmt.Errorf("%s: %w: no variants (tuv)", where, ErrInvalid)
		}
		if err := checkStrings(where, u.TUID, u.SrcLang, u.SegType); err != nil {
			return err
		}
		if err := checkSegType(u.SegType); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if err := checkAttrs(where, u.Attrs); err != nil {
			return err
		}
		if err := checkNotesProps(where, u.Notes, u.Props); err != nil {
			return err
		}
		for j, v := range u.Variants {
			vw := fmt.Sprintf("%s, tuv %d", where, j+1)
			if v.Lang == "" {
				return fmt.Errorf("%s: %w: no language", vw, ErrInvalid)
			}
			if err := checkStrings(vw, v.Lang); err != nil {
				return err
			}
			if err := checkAttrs(vw, v.Attrs); err != nil {
				return err
			}
			if err := checkNotesProps(vw, v.Notes, v.Props); err != nil {
				return err
			}
			if _, err := Text(v.Seg); err != nil {
				return fmt.Errorf("%s: seg: %w", vw, err)
			}
		}
	}
	return nil
}

func checkAttrs(where string, a Attrs) error {
	if a.UsageCount < 0 {
		return fmt.Errorf("%s: %w: negative usage count", where, ErrInvalid)
	}
	return checkStrings(where, a.OEncoding, a.DataType, a.CreationTool, a.CreationToolVersion,
		a.CreationID, a.ChangeID, a.OTMF)
}

func checkNotesProps(where string, notes []Note, props []Prop) error {
	for _, n := range notes {
		if err := checkStrings(where+": note", n.Lang, n.Text); err != nil {
			return err
		}
	}
	for _, p := range props {
		if p.Type == "" {
			return fmt.Errorf("%s: %w: prop without a type", where, ErrInvalid)
		}
		if err := checkStrings(where+": prop "+p.Type, p.Type, p.Lang, p.Value); err != nil {
			return err
		}
	}
	return nil
}

func checkStrings(where string, ss ...string) error {
	for _, s := range ss {
		if i, r, ok := badChar(s); ok {
			return fmt.Errorf("%s: %w: character %U at byte %d is not allowed in XML", where, ErrInvalid, r, i)
		}
	}
	return nil
}

// badChar finds the first character XML 1.0 does not allow (control characters other than
// tab, newline and carriage return; U+FFFE, U+FFFF; invalid UTF-8).
func badChar(s string) (int, rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				return i, r, true
			}
		}
		if !xmlChar(r) {
			return i, r, true
		}
	}
	return 0, 0, false
}

func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || (r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// Escape turns plain text into seg content. Characters XML 1.0 cannot carry become U+FFFD
// (see Clean).
func Escape(text string) string {
	var b strings.Builder
	escapeText(&b, Clean(text))
	return b.String()
}

// Clean replaces the characters XML 1.0 cannot carry (control characters other than tab,
// newline and carriage return, U+FFFE, U+FFFF, invalid UTF-8) with U+FFFD, because TMX has
// no way to write them. Use it on prop and note text from untrusted input before Write.
func Clean(s string) string {
	if _, _, bad := badChar(s); !bad {
		return s
	}
	return strings.Map(func(r rune) rune {
		if !xmlChar(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// escapeText escapes character data. A carriage return is written as a reference so that
// XML's line-end normalization does not turn it into a newline on the next read.
func escapeText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}

// escapeAttr escapes an attribute value; whitespace other than space is written as a
// reference so attribute-value normalization keeps it.
func escapeAttr(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}

// Text returns the plain text of seg content: character data of the seg and of hi
// elements, without the native codes inside bpt, ept, it, ph and ut (and their sub-flows).
// It fails when seg is not well-formed TMX inline markup.
func Text(seg string) (string, error) {
	// Most segs are plain escaped-free text: no markup, no references; skip the XML decoder.
	if !strings.ContainsAny(seg, "<&") {
		if strings.Contains(seg, "]]>") {
			return "", fmt.Errorf("%w: ]]> in text", ErrInvalid)
		}
		if i, r, bad := badChar(seg); bad {
			return "", fmt.Errorf("%w: character %U at byte %d is not allowed in XML", ErrInvalid, r, i)
		}
		return strings.ReplaceAll(strings.ReplaceAll(seg, "\r\n", "\n"), "\r", "\n"), nil
	}
	d := xml.NewDecoder(strings.NewReader("<seg>" + seg + "</seg>"))
	var b strings.Builder
	var stack []string
	for {
		t, err := d.Token()
		if err == io.EOF {
			if len(stack) != 0 {
				return "", fmt.Errorf("%w: unclosed <%s>", ErrInvalid, stack[len(stack)-1])
			}
			return b.String(), nil
		}
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				stack = append(stack, "seg")
				continue
			}
			parent := stack[len(stack)-1]
			if t.Name.Space != "" || !allowedIn(parent)[t.Name.Local] {
				return "", fmt.Errorf("%w: <%s> not allowed inside <%s>", ErrInvalid, t.Name.Local, parent)
			}
			if err := checkInline(t); err != nil {
				return "", err
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				// Anything after the wrapper's end is content that closed the wrapper early.
				if _, err := d.Token(); err != io.EOF {
					return "", fmt.Errorf("%w: unbalanced end tag", ErrInvalid)
				}
				return b.String(), nil
			}
		case xml.CharData:
			if p := stack[len(stack)-1]; p == "seg" || p == "hi" {
				if i, r, bad := badChar(string(t)); bad {
					return "", fmt.Errorf("%w: character %U at byte %d is not allowed in XML", ErrInvalid, r, i)
				}
				b.Write(t)
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			return "", fmt.Errorf("%w: comments, processing instructions and directives are not seg content", ErrInvalid)
		}
	}
}
