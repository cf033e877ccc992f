package tmx

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ErrInvalid is returned (wrapped) for input that is well-formed XML but not valid TMX.
var ErrInvalid = errors.New("invalid TMX")

const (
	xmlNS = "http://www.w3.org/XML/1998/namespace"
	// lisaNS is the namespace some writers (go-tm among them) declare on TMX 1.4 elements;
	// the 1.4b DTD has none, so both are read as TMX.
	lisaNS = "http://www.lisa.org/tmx14"
)

// MaxDepth is the deepest nesting of inline elements (<hi> in <hi>…) a segment may have: the
// bound every bitext reader keeps (pipeline/format.MaxDepth), against inputs built to make
// parsers slow.
const MaxDepth = 1000

func tmxName(n xml.Name) bool { return n.Space == "" || n.Space == lisaNS }

// Read parses a TMX document. Errors say where: the unit (by position and tuid) and, for
// XML syntax errors, the line.
func Read(r io.Reader) (*File, error) {
	br := bufio.NewReader(r)
	bom, _ := br.Peek(3)
	var src io.Reader = br
	utf16 := false
	switch {
	case bytes.HasPrefix(bom, []byte{0xFF, 0xFE}), bytes.HasPrefix(bom, []byte{0xFE, 0xFF}):
		// The BOM says which UTF-16; the decoder consumes it and yields UTF-8.
		utf16 = true
		src = transform.NewReader(br, unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	case bytes.HasPrefix(bom, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	}
	d := xml.NewDecoder(src)
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		l := strings.ToLower(label)
		if utf16 {
			if strings.HasPrefix(l, "utf-16") || l == "utf16" || l == "unicode" {
				return in, nil // already transcoded above
			}
			return nil, fmt.Errorf("declared encoding %q but the file starts with a UTF-16 byte order mark", label)
		}
		if l == "us-ascii" || l == "ascii" {
			return in, nil
		}
		e, err := ianaindex.IANA.Encoding(label)
		if err != nil || e == nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return e.NewDecoder().Reader(in), nil
	}
	p := &parser{d: d}
	f, err := p.file()
	if err != nil {
		return nil, fmt.Errorf("read tmx: %w", err)
	}
	return f, nil
}

type parser struct {
	d *xml.Decoder
}

func (p *parser) syntax(err error) error {
	line, _ := p.d.InputPos()
	return fmt.Errorf("line %d: %w", line, err)
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

// next returns the next start or end element, skipping whitespace, comments, processing
// instructions and directives (a DOCTYPE). Non-space character data between structural
// elements is an error: TMX has no mixed content outside seg, prop and note.
func (p *parser) next() (xml.Token, error) {
	for {
		t, err := p.d.Token()
		if err == io.EOF {
			return nil, err
		}
		if err != nil {
			return nil, p.syntax(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if !tmxName(t.Name) {
				return nil, invalid("element <%s> in namespace %q", t.Name.Local, t.Name.Space)
			}
			return t, nil
		case xml.EndElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, invalid("text %q outside seg, prop or note", truncate(string(t)))
			}
		}
	}
}

func truncate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func (p *parser) file() (*File, error) {
	t, err := p.next()
	if err == io.EOF {
		return nil, invalid("no root element")
	}
	if err != nil {
		return nil, err
	}
	root, ok := t.(xml.StartElement)
	if !ok || root.Name.Local != "tmx" || !tmxName(root.Name) {
		return nil, invalid("root element is %s, want tmx", describe(t))
	}
	f := &File{Version: attr(root, "version")}
	if f.Version == "" {
		return nil, invalid("tmx element without version")
	}
	var sawHeader, sawBody bool
	for {
		t, err := p.next()
		if err == io.EOF {
			return nil, p.syntax(io.ErrUnexpectedEOF)
		}
		if err != nil {
			return nil, err
		}
		if _, ok := t.(xml.EndElement); ok {
			break
		}
		se := t.(xml.StartElement)
		switch {
		case se.Name.Local == "header" && !sawHeader && !sawBody:
			sawHeader = true
			if f.Header, err = p.header(se); err != nil {
				return nil, err
			}
		case se.Name.Local == "body" && sawHeader && !sawBody:
			sawBody = true
			if f.Units, err = p.body(); err != nil {
				return nil, err
			}
		default:
			return nil, invalid("unexpected <%s> in tmx (want one header, then one body)", se.Name.Local)
		}
	}
	if !sawBody {
		return nil, invalid("no body")
	}
	// Anything after the root other than comments and whitespace is malformed XML.
	if _, err := p.next(); err != io.EOF {
		if err == nil {
			err = invalid("content after </tmx>")
		}
		return nil, err
	}
	return f, nil
}

func describe(t xml.Token) string {
	if se, ok := t.(xml.StartElement); ok {
		return "<" + se.Name.Local + ">"
	}
	return "end of element"
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func xmlLang(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Space == xmlNS && a.Name.Local == "lang" {
			return a.Value
		}
	}
	return ""
}

func date(se xml.StartElement, name string) (time.Time, error) {
	v := attr(se, name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(DateLayout, v)
	if err != nil {
		return time.Time{}, invalid("%s %q: want YYYYMMDDThhmmssZ", name, v)
	}
	return t, nil
}

func (p *parser) header(se xml.StartElement) (Header, error) {
	h := Header{
		CreationTool: attr(se, "creationtool"), CreationToolVersion: attr(se, "creationtoolversion"),
		SegType: attr(se, "segtype"), OTMF: attr(se, "o-tmf"), AdminLang: attr(se, "adminlang"),
		SrcLang: attr(se, "srclang"), DataType: attr(se, "datatype"), OEncoding: attr(se, "o-encoding"),
		CreationID: attr(se, "creationid"), ChangeID: attr(se, "changeid"),
	}
	if err := checkSegType(h.SegType); err != nil {
		return h, fmt.Errorf("header: %w", err)
	}
	var err error
	if h.CreationDate, err = date(se, "creationdate"); err != nil {
		return h, fmt.Errorf("header: %w", err)
	}
	if h.ChangeDate, err = date(se, "changedate"); err != nil {
		return h, fmt.Errorf("header: %w", err)
	}
	for {
		t, err := p.next()
		if err != nil {
			return h, fmt.Errorf("header: %w", eof(p, err))
		}
		if _, ok := t.(xml.EndElement); ok {
			return h, nil
		}
		c := t.(xml.StartElement)
		switch c.Name.Local {
		case "prop":
			pr, err := p.prop(c)
			if err != nil {
				return h, fmt.Errorf("header: %w", err)
			}
			h.Props = append(h.Props, pr)
		case "note":
			n, err := p.note(c)
			if err != nil {
				return h, fmt.Errorf("header: %w", err)
			}
			h.Notes = append(h.Notes, n)
		case "ude":
			// User-defined encodings map private-use code points to glyphs; bitext does not use them.
			if err := p.d.Skip(); err != nil {
				return h, p.syntax(err)
			}
		default:
			return h, invalid("header: unexpected <%s>", c.Name.Local)
		}
	}
}

func eof(p *parser, err error) error {
	if err == io.EOF {
		return p.syntax(io.ErrUnexpectedEOF)
	}
	return err
}

// text reads character data up to the end of the current element; child elements are errors.
func (p *parser) text(what string) (string, error) {
	var b strings.Builder
	for {
		t, err := p.d.Token()
		if err != nil {
			return "", eof(p, p.syntax(err))
		}
		switch t := t.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", invalid("element <%s> inside %s", t.Name.Local, what)
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

func (p *parser) prop(se xml.StartElement) (Prop, error) {
	pr := Prop{Type: attr(se, "type"), Lang: xmlLang(se)}
	if pr.Type == "" {
		return pr, invalid("prop without a type attribute")
	}
	var err error
	pr.Value, err = p.text("prop")
	return pr, err
}

func (p *parser) note(se xml.StartElement) (Note, error) {
	n := Note{Lang: xmlLang(se)}
	var err error
	n.Text, err = p.text("note")
	return n, err
}

func (p *parser) body() ([]Unit, error) {
	var units []Unit
	for {
		t, err := p.next()
		if err != nil {
			return nil, fmt.Errorf("body: %w", eof(p, err))
		}
		if _, ok := t.(xml.EndElement); ok {
			return units, nil
		}
		se := t.(xml.StartElement)
		if se.Name.Local != "tu" {
			return nil, invalid("body: unexpected <%s>", se.Name.Local)
		}
		u, err := p.unit(se)
		if err != nil {
			return nil, fmt.Errorf("tu %d%s: %w", len(units)+1, tuidNote(attr(se, "tuid")), err)
		}
		units = append(units, u)
	}
}

func tuidNote(id string) string {
	if id == "" {
		return ""
	}
	return fmt.Sprintf(" (tuid %q)", id)
}

func (p *parser) attrs(se xml.StartElement) (Attrs, error) {
	a := Attrs{OEncoding: attr(se, "o-encoding"), DataType: attr(se, "datatype"),
		CreationTool: attr(se, "creationtool"), CreationToolVersion: attr(se, "creationtoolversion"),
		CreationID: attr(se, "creationid"), ChangeID: attr(se, "changeid"), OTMF: attr(se, "o-tmf")}
	if v := attr(se, "usagecount"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return a, invalid("usagecount %q: want a non-negative integer", v)
		}
		a.UsageCount = n
	}
	var err error
	if a.LastUsageDate, err = date(se, "lastusagedate"); err != nil {
		return a, err
	}
	if a.CreationDate, err = date(se, "creationdate"); err != nil {
		return a, err
	}
	a.ChangeDate, err = date(se, "changedate")
	return a, err
}

func (p *parser) unit(se xml.StartElement) (Unit, error) {
	u := Unit{TUID: attr(se, "tuid"), SrcLang: attr(se, "srclang"), SegType: attr(se, "segtype")}
	if err := checkSegType(u.SegType); err != nil {
		return u, err
	}
	var err error
	if u.Attrs, err = p.attrs(se); err != nil {
		return u, err
	}
	for {
		t, err := p.next()
		if err != nil {
			return u, eof(p, err)
		}
		if _, ok := t.(xml.EndElement); ok {
			break
		}
		c := t.(xml.StartElement)
		switch c.Name.Local {
		case "prop":
			if len(u.Variants) > 0 {
				return u, invalid("prop after tuv")
			}
			pr, err := p.prop(c)
			if err != nil {
				return u, err
			}
			u.Props = append(u.Props, pr)
		case "note":
			if len(u.Variants) > 0 {
				return u, invalid("note after tuv")
			}
			n, err := p.note(c)
			if err != nil {
				return u, err
			}
			u.Notes = append(u.Notes, n)
		case "tuv":
			v, err := p.variant(c)
			if err != nil {
				return u, fmt.Errorf("tuv %d: %w", len(u.Variants)+1, err)
			}
			u.Variants = append(u.Variants, v)
		default:
			return u, invalid("unexpected <%s> in tu", c.Name.Local)
		}
	}
	if len(u.Variants) == 0 {
		return u, invalid("tu without tuv")
	}
	return u, nil
}

func (p *parser) variant(se xml.StartElement) (Variant, error) {
	v := Variant{Lang: xmlLang(se)}
	if v.Lang == "" {
		v.Lang = attr(se, "lang") // TMX 1.1
	}
	if v.Lang == "" {
		return v, invalid("tuv without xml:lang")
	}
	var err error
	if v.Attrs, err = p.attrs(se); err != nil {
		return v, err
	}
	sawSeg := false
	for {
		t, err := p.next()
		if err != nil {
			return v, eof(p, err)
		}
		if _, ok := t.(xml.EndElement); ok {
			break
		}
		c := t.(xml.StartElement)
		switch {
		case c.Name.Local == "prop" && !sawSeg:
			pr, err := p.prop(c)
			if err != nil {
				return v, err
			}
			v.Props = append(v.Props, pr)
		case c.Name.Local == "note" && !sawSeg:
			n, err := p.note(c)
			if err != nil {
				return v, err
			}
			v.Notes = append(v.Notes, n)
		case c.Name.Local == "seg" && !sawSeg:
			sawSeg = true
			if v.Seg, err = p.seg(); err != nil {
				return v, fmt.Errorf("seg: %w", err)
			}
		default:
			return v, invalid("unexpected <%s> in tuv (want props and notes, then one seg)", c.Name.Local)
		}
	}
	if !sawSeg {
		return v, invalid("tuv without seg")
	}
	return v, nil
}

// Inline elements TMX 1.4b allows, and where. Codes (bpt, ept, it, ph, ut) hold native code
// with sub-flows; seg, hi and sub hold text with codes and highlights.
var (
	inText = map[string]bool{"bpt": true, "ept": true, "it": true, "ph": true, "hi": true, "ut": true}
	inCode = map[string]bool{"sub": true}
)

func allowedIn(parent string) map[string]bool {
	switch parent {
	case "seg", "hi", "sub":
		return inText
	}
	return inCode
}

// seg reads the content of a <seg> into canonical XML.
func (p *parser) seg() (string, error) {
	var b strings.Builder
	stack := []string{"seg"}
	for {
		t, err := p.d.Token()
		if err != nil {
			return "", eof(p, p.syntax(err))
		}
		switch t := t.(type) {
		case xml.CharData:
			escapeText(&b, string(t))
		case xml.StartElement:
			parent := stack[len(stack)-1]
			if !tmxName(t.Name) || !allowedIn(parent)[t.Name.Local] {
				return "", invalid("<%s> not allowed inside <%s>", t.Name.Local, parent)
			}
			b.WriteByte('<')
			b.WriteString(t.Name.Local)
			for _, a := range t.Attr {
				name := a.Name.Local
				switch {
				case a.Name.Space == "xmlns" || (a.Name.Space == "" && name == "xmlns"):
					continue // a namespace declaration, not data
				case a.Name.Space == "":
				case a.Name.Space == xmlNS:
					name = "xml:" + name
				default:
					return "", invalid("attribute %s:%s on <%s>: TMX inline elements take no namespaced attributes", a.Name.Space, name, t.Name.Local)
				}
				b.WriteByte(' ')
				b.WriteString(name)
				b.WriteString(`="`)
				escapeAttr(&b, a.Value)
				b.WriteByte('"')
			}
			b.WriteByte('>')
			if err := checkInline(t); err != nil {
				return "", err
			}
			stack = append(stack, t.Name.Local)
			if len(stack) > MaxDepth {
				line, _ := p.d.InputPos()
				return "", invalid("line %d: inline elements nested deeper than %d levels", line, MaxDepth)
			}
		case xml.EndElement:
			if len(stack) == 1 {
				return b.String(), nil
			}
			stack = stack[:len(stack)-1]
			b.WriteString("</")
			b.WriteString(t.Name.Local)
			b.WriteByte('>')
		}
	}
}

// checkSegType accepts the segmentation levels the TMX 1.4b DTD enumerates, or none.
func checkSegType(v string) error {
	switch v {
	case "", "block", "paragraph", "sentence", "phrase":
		return nil
	}
	return invalid("segtype %q: want block, paragraph, sentence or phrase", v)
}

// checkInline checks the attributes the TMX 1.4b DTD requires on inline elements: i on
// bpt and ept (it pairs them), pos="begin"|"end" on it.
func checkInline(se xml.StartElement) error {
	switch se.Name.Local {
	case "bpt", "ept":
		if attr(se, "i") == "" {
			return invalid("<%s> without the i attribute that pairs it", se.Name.Local)
		}
	case "it":
		if p := attr(se, "pos"); p != "begin" && p != "end" {
			return invalid("<it pos=%q>: want begin or end", p)
		}
	}
	return nil
}
