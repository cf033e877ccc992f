package tmx

import (
	"time"
)

// Version is the TMX version Write declares.
const Version = "1.4"

// DateLayout is TMX's date format (ISO 8601 basic, always UTC): YYYYMMDDThhmmssZ.
const DateLayout = "20060102T150405Z"

// File is one TMX document.
type File struct {
	// Version is the version the file declared when read ("1.4", "1.1"…); Write always writes Version.
	Version string
	Header  Header
	Units   []Unit
}

// Header is the <header> element. TMX 1.4b requires CreationTool, CreationToolVersion,
// SegType, OTMF, AdminLang, SrcLang and DataType; Write writes them even when empty.
type Header struct {
	CreationTool        string
	CreationToolVersion string
	// SegType is "block", "paragraph", "sentence" or "phrase"; Write writes "sentence" when
	// it is empty, because the DTD requires one of the four.
	SegType string
	// OTMF is the original translation memory format.
	OTMF      string
	AdminLang string
	// SrcLang is the source language of every unit, or "*all*" for any.
	SrcLang string
	// DataType is the type of data ("plaintext", "html", …).
	DataType  string
	OEncoding string
	// CreationDate and ChangeDate are zero when absent.
	CreationDate time.Time
	CreationID   string
	ChangeDate   time.Time
	ChangeID     string
	Props        []Prop
	Notes        []Note
}

// Attrs are the attributes <tu> and <tuv> share. Zero values mean absent.
type Attrs struct {
	OEncoding           string
	DataType            string
	UsageCount          int
	LastUsageDate       time.Time
	CreationTool        string
	CreationToolVersion string
	CreationDate        time.Time
	CreationID          string
	ChangeDate          time.Time
	ChangeID            string
	OTMF                string
}

// Unit is a translation unit, <tu>: one text in several languages.
type Unit struct {
	// TUID is the unit's identifier, empty when absent.
	TUID string
	// SrcLang overrides the header's source language for this unit.
	SrcLang string
	// SegType overrides the header's segmentation level.
	SegType string
	Attrs
	Props    []Prop
	Notes    []Note
	Variants []Variant
}

// Variant is a <tuv>: the unit's text in one language.
type Variant struct {
	// Lang is the xml:lang value as written (TMX 1.1's lang attribute is read too).
	Lang string
	Attrs
	Props []Prop
	Notes []Note
	// Seg is the content of <seg> as canonical XML: text escaped, inline elements kept.
	// Use Text for the plain text and Escape to build it from plain text.
	Seg string
}

// Prop is a <prop>: a typed tool-specific property.
type Prop struct {
	Type  string
	Lang  string
	Value string
}

// Note is a <note>: a comment.
type Note struct {
	Lang string
	Text string
}

// Variant returns the first variant whose language equals lang, case-insensitively (TMX
// files write "EN-US" as often as "en-US").
func (u *Unit) Variant(lang string) (*Variant, bool) {
	for i := range u.Variants {
		if equalFold(u.Variants[i].Lang, lang) {
			return &u.Variants[i], true
		}
	}
	return nil, false
}

// Prop returns the value of the unit's first prop of type typ.
func (u *Unit) Prop(typ string) (string, bool) {
	for _, p := range u.Props {
		if p.Type == typ {
			return p.Value, true
		}
	}
	return "", false
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
