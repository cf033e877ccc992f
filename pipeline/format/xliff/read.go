package xliff

import (
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// File is one <file> of an XLIFF document, as `bitext apply` reads a reviewed file back.
type File struct {
	// Version is "2.0" or "1.2".
	Version string
	// Original is the file's original attribute: the source document's name.
	Original string
	// Bitext says bitext wrote it: an XLIFF 2.0 document declaring Namespace, or an XLIFF
	// 1.2 <file tool-id="bitext">.
	Bitext bool
	// Source and Target are the file's languages (srcLang/trgLang, source-/target-language).
	Source, Target language.Tag
	Units          []Unit
}

// Unit is one translation unit: a segment bitext wrote, with what a reviewer did to it.
type Unit struct {
	// ID is the unit's id: bitext's segment ID.
	ID string
	// Line is where the unit starts in the file, for messages.
	Line int
	// Source is the unit's source text. A standalone inline code (<ph/>, <x/>) stands for
	// markup that may or may not have been a space in the text: Sources has the text both
	// ways (a space, then nothing), Source is the first.
	Source  string
	Sources []string
	// Target is the target's plain text; HasTarget is false when the unit has no <target>.
	Target    string
	HasTarget bool
	// Digest and Context are what bitext wrote of the translation (doc.Digest of the target
	// as written, the context ID); HasDigest is false when the unit carries none.
	Digest, Context string
	HasDigest       bool
	// Human says bitext wrote the target as a reviewer's translation (origin human).
	Human bool
	// Approved says the file marks the unit approved in a way bitext does not write: XLIFF
	// 2.0 state reviewed or final (other than bitext's own human translations), XLIFF 1.2
	// approved="yes" or state final or signed-off on a unit bitext did not write as human.
	Approved bool
}

// maxDepth bounds element nesting: bitext writes six levels, a hostile file may write
// millions.
const maxDepth = 100

// Read reads an XLIFF 2.0 or 1.2 document. Errors name the line.
func Read(r io.Reader) ([]File, error) {
	p := &reader{d: xml.NewDecoder(r)}
	files, err := p.document()
	if err != nil {
		line, _ := p.d.InputPos()
		return nil, fmt.Errorf("read xliff: line %d: %w", line, err)
	}
	return files, nil
}

type reader struct {
	d     *xml.Decoder
	depth int
}

func (p *reader) next() (xml.Token, error) {
	t, err := p.d.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t.(type) {
	case xml.StartElement:
		p.depth++
		if p.depth > maxDepth {
			return nil, fmt.Errorf("elements nested deeper than %d", maxDepth)
		}
	case xml.EndElement:
		p.depth--
	}
	return t, nil
}

func attrOf(se xml.StartElement, space, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func tagOf(se xml.StartElement, space, local string) language.Tag {
	v, _ := attrOf(se, space, local)
	t, err := language.Parse(v)
	if err != nil {
		return language.Und
	}
	return t
}

// document reads up to and through the root element.
func (p *reader) document() ([]File, error) {
	for {
		t, err := p.d.Token()
		if err == io.EOF {
			return nil, errors.New("no <xliff> element")
		}
		if err != nil {
			return nil, err
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		p.depth = 1
		if se.Name.Local != "xliff" {
			return nil, fmt.Errorf("root element <%s>, not <xliff>", se.Name.Local)
		}
		switch se.Name.Space {
		case Namespace20:
			return p.xliff20(se)
		case Namespace12:
			return p.xliff12()
		}
		return nil, fmt.Errorf("<xliff> in namespace %q: want XLIFF 2.0 or 1.2", se.Name.Space)
	}
}

// skip reads past the end of the element just started.
func (p *reader) skip() error {
	for depth := 1; depth > 0; {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

func (p *reader) xliff20(root xml.StartElement) ([]File, error) {
	bitext := false
	for _, a := range root.Attr {
		if a.Name.Space == "xmlns" && a.Value == Namespace {
			bitext = true
		}
	}
	src, trg := tagOf(root, "", "srcLang"), tagOf(root, "", "trgLang")
	return p.files(v20, func(se xml.StartElement) File {
		original, _ := attrOf(se, "", "original")
		return File{Version: "2.0", Original: original, Bitext: bitext, Source: src, Target: trg}
	})
}

// files reads the <file>s of the root element through its end, each made by file from its
// start tag and filled with its units; anything else is skipped.
func (p *reader) files(v version, file func(xml.StartElement) File) ([]File, error) {
	var files []File
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return files, nil
		case xml.StartElement:
			if t.Name.Space != v.space || t.Name.Local != "file" {
				if err := p.skip(); err != nil {
					return nil, err
				}
				continue
			}
			f := file(t)
			if err := p.units(v, &f); err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
}

// version is what tells the two XLIFF versions apart when reading units: the namespace,
// the elements that hold units, the unit element and how to read one.
type version struct {
	space      string
	containers map[string]bool
	unit       string
	read       func(p *reader, se xml.StartElement) (Unit, error)
}

var (
	v20 = version{Namespace20, map[string]bool{"group": true}, "unit", (*reader).unit20}
	v12 = version{Namespace12, map[string]bool{"body": true, "group": true}, "trans-unit", (*reader).unit12}
)

// units reads the units of a container (<file>, <group>, XLIFF 1.2's <body>) through its
// end, nested containers too; anything else is skipped.
func (p *reader) units(v version, f *File) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch {
			case t.Name.Space == v.space && v.containers[t.Name.Local]:
				if err := p.units(v, f); err != nil {
					return err
				}
			case t.Name.Space == v.space && t.Name.Local == v.unit:
				u, err := v.read(p, t)
				if err != nil {
					return err
				}
				f.Units = append(f.Units, u)
			default:
				if err := p.skip(); err != nil {
					return err
				}
			}
		}
	}
}

func (p *reader) unit20(se xml.StartElement) (Unit, error) {
	line, _ := p.d.InputPos()
	u := Unit{Line: line}
	u.ID, _ = attrOf(se, "", "id")
	u.Digest, u.HasDigest = attrOf(se, Namespace, "digest")
	u.Context, _ = attrOf(se, Namespace, "context")
	var src, trg texts
	for {
		t, err := p.next()
		if err != nil {
			return u, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			u.Sources, u.Source = src.candidates(), src.spaced.String()
			u.Target = trg.spaced.String()
			return u, nil
		case xml.StartElement:
			if t.Name.Space != Namespace20 || (t.Name.Local != "segment" && t.Name.Local != "ignorable") {
				if err := p.skip(); err != nil {
					return u, err
				}
				continue
			}
			if t.Name.Local == "segment" {
				state, _ := attrOf(t, "", "state")
				sub, _ := attrOf(t, "", "subState")
				u.Human = u.Human || sub == SubStateHuman
				u.Approved = u.Approved || (state == "reviewed" || state == "final") && sub != SubStateHuman
			}
			if err := p.segment(&src, &trg, &u.HasTarget); err != nil {
				return u, err
			}
		}
	}
}

// segment reads a <segment> or <ignorable>'s source and target into src and trg.
func (p *reader) segment(src, trg *texts, hasTarget *bool) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch t.Name.Local {
			case "source":
				if err := p.inline(src); err != nil {
					return err
				}
			case "target":
				*hasTarget = true
				if err := p.inline(trg); err != nil {
					return err
				}
			default:
				if err := p.skip(); err != nil {
					return err
				}
			}
		}
	}
}

// texts collects the plain text of inline content: standalone codes read as a space
// (spaced) and as nothing (tight).
type texts struct {
	spaced, tight strings.Builder
	voids         bool
}

func (x *texts) text(s string) {
	x.spaced.WriteString(s)
	x.tight.WriteString(s)
}

func (x *texts) candidates() []string {
	if !x.voids {
		return []string{x.spaced.String()}
	}
	return []string{x.spaced.String(), x.tight.String()}
}

// inline reads source or target content through its end: character data, the content of
// paired codes (<pc>, <mrk>, XLIFF 1.2's <g>, <mrk>), <cp> as its character; the other codes
// carry no text.
func (p *reader) inline(x *texts) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			x.text(string(t))
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch t.Name.Local {
			case "pc", "mrk", "g":
				if err := p.inline(x); err != nil {
					return err
				}
			case "cp":
				h, _ := attrOf(t, "", "hex")
				if r, ok := codePoint(h); ok {
					x.text(string(r))
				}
				if err := p.skip(); err != nil {
					return err
				}
			case "ph", "x":
				x.voids = true
				x.spaced.WriteByte(' ')
				if err := p.skip(); err != nil {
					return err
				}
			default: // sc, ec, sm, em; bx, ex, bpt, ept, it, sub: no text of the segment's
				if err := p.skip(); err != nil {
					return err
				}
			}
		}
	}
}

func codePoint(h string) (rune, bool) {
	b, err := hex.DecodeString(strings.Repeat("0", len(h)%2) + h)
	if err != nil || len(b) > 4 {
		return 0, false
	}
	n, _ := strconv.ParseUint(hex.EncodeToString(b), 16, 32)
	r := rune(n)
	return r, utf8.ValidRune(r)
}

func (p *reader) xliff12() ([]File, error) {
	return p.files(v12, func(se xml.StartElement) File {
		original, _ := attrOf(se, "", "original")
		tool, _ := attrOf(se, "", "tool-id")
		return File{Version: "1.2", Original: original, Bitext: tool == "bitext",
			Source: tagOf(se, "", "source-language"), Target: tagOf(se, "", "target-language")}
	})
}

func (p *reader) unit12(se xml.StartElement) (Unit, error) {
	line, _ := p.d.InputPos()
	u := Unit{Line: line}
	u.ID, _ = attrOf(se, "", "id")
	approved, _ := attrOf(se, "", "approved")
	extra, _ := attrOf(se, "", "extradata")
	for _, kv := range strings.Split(extra, ";") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "digest":
			u.Digest, u.HasDigest = v, true
		case "context":
			u.Context = v
		case "origin":
			u.Human = v == "human"
		}
	}
	state := ""
	var src, trg texts
	for {
		t, err := p.next()
		if err != nil {
			return u, err
		}
		switch t := t.(type) {
		case xml.EndElement:
			u.Sources, u.Source = src.candidates(), src.spaced.String()
			u.Target = trg.spaced.String()
			u.Approved = !u.Human && (approved == "yes" || state == "final" || state == "signed-off")
			return u, nil
		case xml.StartElement:
			switch {
			case t.Name.Space == Namespace12 && t.Name.Local == "source":
				if err := p.inline(&src); err != nil {
					return u, err
				}
			case t.Name.Space == Namespace12 && t.Name.Local == "target":
				u.HasTarget = true
				state, _ = attrOf(t, "", "state")
				if err := p.inline(&trg); err != nil {
					return u, err
				}
			default:
				if err := p.skip(); err != nil {
					return u, err
				}
			}
		}
	}
}
