// Package format holds what every reader shares: the Reader record, the registry that
// finds a reader by name, extension or content, and input decoding (BOMs, UTF-16, and the
// errors for input that is not text).
package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// Reader is the registration record of one input format.
type Reader struct {
	// Name is what --input-format takes and what Document.Format says.
	Name string
	// Extensions are the file name endings the reader claims, with the dot, lower case.
	Extensions []string
	// Sniff reports whether data looks like this format; nil never claims by content.
	Sniff func(data []byte) bool
	// Decode, if set, decodes the raw input in place of the package's Decode: formats that
	// declare their charset in their content (HTML's <meta charset>) decode it themselves.
	Decode func(raw []byte) (Input, error)
	// Read parses data, already decoded to UTF-8 by Decode. name is used in errors only.
	Read func(name string, in Input) (*doc.Document, error)
	// Merge writes d back in its own format with the translations of origin mt and tm in
	// place of the original (MergeReplace) or beside it (MergeBilingual). With nothing
	// translated it reproduces the input byte for byte. Nil when the format cannot be written back.
	Merge func(w io.Writer, d *doc.Document, mode MergeMode) error
	// OutputName, if set, names the merged output of the input file named name (a base
	// name) in an output directory, translated into target in mode: subtitles are named the
	// way players look for them beside a video ("clip.en.srt"). Nil keeps the input's name.
	OutputName func(name string, mode MergeMode, target language.Tag) string
}

// Timed is implemented by the Native value of a block shown for a time (a subtitle cue).
type Timed interface {
	Timing() (start, end time.Duration)
}

// Timecode is the time block b is shown, "00:01:39.000 --> 00:01:41.040", for views that show
// cues; "" for a block without one.
func Timecode(b *doc.Block) string {
	t, ok := b.Native.(Timed)
	if !ok {
		return ""
	}
	start, end := t.Timing()
	return clockTime(start) + " --> " + clockTime(end)
}

// clockTime writes d as hh:mm:ss.mmm.
func clockTime(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// MergeMode says where merged output puts translations.
type MergeMode string

// Merge modes (--merge).
const (
	MergeBilingual MergeMode = "bilingual"
	MergeReplace   MergeMode = "replace"
)

// Renderer is the registration record of one output format (--format).
type Renderer struct {
	// Name is what --format takes.
	Name string
	// Ext is the extension --out-dir gives output files, with the dot.
	Ext string
	// Write renders one document.
	Write func(w io.Writer, d *doc.Document) error
	// Extra, if set, lists the outputs a document needs beside the one Write renders:
	// XLIFF 2.0 has one source language per file, so a mixed document gets one more file
	// per other source language.
	Extra func(d *doc.Document) []Extra
	// Page and Index, if set, make an index of a batch's outputs in the output directory
	// (IndexName): Page says what the index shows of one document (kept, instead of the
	// document, until the batch ends), Index writes the index of them all.
	Page  func(d *doc.Document) Page
	Index func(w io.Writer, pages []Page) error
}

// IndexName is the name of a batch's index in its output directory (Renderer.Index).
const IndexName = "index.html"

// Page is what a batch's index shows of one document (Renderer.Page).
type Page struct {
	// Path is the document's output, relative to the index's directory, with slashes.
	Path string
	// Source is the input's name, Summary a sentence saying what was translated.
	Source, Summary string
	Stats           doc.Stats
	// Untranslated counts foreign segments left without a translation; Flagged those whose
	// translation QA flagged for review.
	Untranslated, Flagged int
}

// Extra is one more output of a document (Renderer.Extra).
type Extra struct {
	// Suffix goes before the main output's extension: name.xlf becomes name<Suffix>.xlf.
	Suffix string
	// Units counts the segments it holds, for the message when it cannot be written (the
	// main output goes to stdout).
	Units int
	// Write renders it.
	Write func(w io.Writer) error
}

// Input is decoded input text.
type Input struct {
	// Raw is the input exactly as read.
	Raw []byte
	// Text is the input as UTF-8, without a BOM.
	Text string
	// Base is the byte offset of Text[0] in Raw (3 after a UTF-8 BOM); -1 when Text was
	// transcoded (or bad bytes replaced) and its offsets do not index Raw.
	Base int
	// Encoding is what Raw was decoded from and what decided it.
	Encoding doc.Encoding
	// Warnings are problems that did not stop decoding (bytes replaced by U+FFFD).
	Warnings []string
}

// Registry finds readers and renderers. The zero value is empty; Register and
// RegisterRenderer fill it.
type Registry struct {
	readers   []*Reader
	renderers []*Renderer
}

// RegisterRenderer adds r; it panics on a duplicate name, a setup bug.
func (g *Registry) RegisterRenderer(r Renderer) {
	if _, dup := g.Renderer(r.Name); dup {
		panic("format: RegisterRenderer called twice for " + r.Name)
	}
	g.renderers = append(g.renderers, &r)
}

// Renderer returns the renderer registered as name.
func (g *Registry) Renderer(name string) (*Renderer, bool) {
	for _, r := range g.renderers {
		if r.Name == name {
			return r, true
		}
	}
	return nil, false
}

// RendererNames lists the registered output formats in registration order.
func (g *Registry) RendererNames() []string {
	var n []string
	for _, r := range g.renderers {
		n = append(n, r.Name)
	}
	return n
}

// Register adds r; like database/sql it panics on a duplicate name, a setup bug.
func (g *Registry) Register(r Reader) {
	for _, x := range g.readers {
		if x.Name == r.Name {
			panic("format: Register called twice for " + r.Name)
		}
	}
	g.readers = append(g.readers, &r)
}

// Lookup returns the reader registered as name.
func (g *Registry) Lookup(name string) (*Reader, bool) {
	for _, r := range g.readers {
		if r.Name == name {
			return r, true
		}
	}
	return nil, false
}

// Claims reports whether some reader claims the file name's extension; directory walks use it.
func (g *Registry) Claims(name string) bool {
	_, ok := g.byExtension(name)
	return ok
}

func (g *Registry) byExtension(name string) (*Reader, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, r := range g.readers {
		for _, e := range r.Extensions {
			if e == ext {
				return r, true
			}
		}
	}
	return nil, false
}

// Sniff picks a reader for a file: by extension first, then by content, then "text".
func (g *Registry) Sniff(name string, data []byte) (*Reader, error) {
	if r, ok := g.byExtension(name); ok {
		return r, nil
	}
	for _, r := range g.readers {
		if r.Sniff != nil && r.Sniff(data) {
			return r, nil
		}
	}
	if r, ok := g.Lookup("text"); ok {
		return r, nil
	}
	return nil, fmt.Errorf("no reader for %s", name)
}

// ErrNotText is returned (wrapped) for input that is binary or not in a supported encoding.
var ErrNotText = errors.New("not text")

// Decode turns raw input into UTF-8 text: a UTF-8 BOM is skipped (offsets still count it),
// UTF-16 with a BOM is transcoded; anything else must be valid UTF-8 without NUL bytes.
// Errors name the byte offset of the first bad byte.
func Decode(raw []byte) (Input, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		in, err := checkUTF8(raw, 3)
		in.Encoding = doc.Encoding{Name: "utf-8", From: "bom"}
		return in, err
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return DecodeUTF16(raw)
	}
	in, err := checkUTF8(raw, 0)
	in.Encoding = doc.Encoding{Name: "utf-8", From: "bytes"}
	return in, err
}

func checkUTF8(raw []byte, base int) (Input, error) {
	body := raw[base:]
	if i := bytes.IndexByte(body, 0); i >= 0 {
		return Input{}, fmt.Errorf("%w: NUL byte at offset %d (binary data?)", ErrNotText, base+i)
	}
	if !utf8.Valid(body) {
		for i := 0; i < len(body); {
			r, n := utf8.DecodeRune(body[i:])
			if r == utf8.RuneError && n <= 1 {
				return Input{}, fmt.Errorf("%w: invalid UTF-8 at byte offset %d", ErrNotText, base+i)
			}
			i += n
		}
	}
	return Input{Raw: raw, Text: string(body), Base: base}, nil
}

// DecodeUTF16 decodes raw, which starts with a UTF-16 byte order mark; a NUL or an unpaired
// surrogate is an error.
func DecodeUTF16(raw []byte) (Input, error) {
	if len(raw)%2 != 0 {
		return Input{}, fmt.Errorf("%w: UTF-16 input has an odd number of bytes (%d)", ErrNotText, len(raw))
	}
	big := raw[0] == 0xFE
	units := make([]uint16, 0, len(raw)/2-1)
	for i := 2; i+1 < len(raw); i += 2 {
		if big {
			units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
		} else {
			units = append(units, uint16(raw[i+1])<<8|uint16(raw[i]))
		}
	}
	runes := utf16.Decode(units)
	for i, r := range runes {
		if r == 0 {
			return Input{}, fmt.Errorf("%w: NUL character at UTF-16 unit %d (binary data?)", ErrNotText, i)
		}
		if r == utf8.RuneError {
			return Input{}, fmt.Errorf("%w: unpaired UTF-16 surrogate near unit %d", ErrNotText, i)
		}
	}
	name := "utf-16le"
	if big {
		name = "utf-16be"
	}
	return Input{Raw: raw, Text: string(runes), Base: -1, Encoding: doc.Encoding{Name: name, From: "bom"}}, nil
}
