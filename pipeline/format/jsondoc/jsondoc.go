// Package jsondoc writes and reads bitext's canonical JSON output (schema "bitext/v1"),
// one object per document, exactly in the shape the design fixes.
package jsondoc

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Schema is the value of the "schema" key.
const Schema = "bitext/v1"

// JSONSchema is the JSON Schema (draft 2020-12) of Schema: a document of --format json; a
// line of --format jsonl is its #/$defs/line.
//
//go:embed schema/bitext-v1.json
var JSONSchema []byte

// File is the JSON form of a document.
type File struct {
	Schema string `json:"schema"`
	Source string `json:"source"`
	Format string `json:"format"`
	Lang   string `json:"lang"`
	Target string `json:"target"`
	// Encoding says how the input's bytes were decoded; absent when the reader did not say.
	Encoding *Encoding `json:"encoding,omitempty"`
	// Warnings are input problems that did not stop reading (replaced bytes and their offsets).
	Warnings []string  `json:"warnings,omitempty"`
	Blocks   []Block   `json:"blocks"`
	Stats    doc.Stats `json:"stats"`
}

// Encoding is the JSON form of doc.Encoding: {"name": "windows-1252", "from": "declared"}.
type Encoding struct {
	Name string `json:"name"`
	From string `json:"from"`
}

// Block is the JSON form of a block.
type Block struct {
	Index  int      `json:"index"`
	Kind   doc.Kind `json:"kind"`
	Reason string   `json:"reason,omitempty"`
	// QA lists the checks the block failed as a whole (subtitle fit: "cps:24.1>17").
	QA       []string  `json:"qa,omitempty"`
	Segments []Segment `json:"segments"`
}

// Segment is the JSON form of a segment. Start and End are absent for formats without offsets.
type Segment struct {
	ID          string       `json:"id"`
	Start       *int         `json:"start,omitempty"`
	End         *int         `json:"end,omitempty"`
	Text        string       `json:"text"`
	Lang        string       `json:"lang"`
	Confidence  float64      `json:"confidence"`
	Translation *Translation `json:"translation"`
	Counterpart *Counterpart `json:"counterpart"`
	// Parts lists the blocks a segment spans (a sentence across subtitle cues), with byte
	// offsets into each block's text; absent for a segment inside one block.
	Parts []Part `json:"parts,omitempty"`
}

// Part is one piece of a segment that spans blocks.
type Part struct {
	Block int `json:"block"`
	Start int `json:"start"`
	End   int `json:"end"`
}

// Translation is the JSON form of a translation; Reason is null unless Origin is none or a fallback.
type Translation struct {
	Text    string     `json:"text"`
	Origin  doc.Origin `json:"origin"`
	Backend string     `json:"backend,omitempty"`
	Model   string     `json:"model,omitempty"`
	// Glossary is the digest of the glossary the translation was made with.
	Glossary string `json:"glossary,omitempty"`
	// Context is the ID of the context the text was sent with (doc.Translation.Context).
	Context string `json:"context,omitempty"`
	// Reviewer and Reviewed (RFC 3339) say who approved a translation of origin human and
	// when, where known.
	Reviewer string   `json:"reviewer,omitempty"`
	Reviewed string   `json:"reviewed,omitempty"`
	Cached   bool     `json:"cached"`
	Reason   *string  `json:"reason"`
	QA       []string `json:"qa"`
	// Digest is doc.Digest of Text as bitext wrote it: `bitext apply` takes a translation
	// whose text no longer has this digest as a reviewer's edit.
	Digest string `json:"digest"`
}

// translation is the JSON form of t.
func translation(t *doc.Translation) *Translation {
	jt := &Translation{Text: t.Text, Origin: t.Origin, Backend: t.Backend, Model: t.Model,
		Glossary: t.Glossary, Context: t.Context, Reviewer: t.Reviewer, Cached: t.Cached, QA: t.QA, Digest: doc.Digest(t.Text)}
	if !t.Reviewed.IsZero() {
		jt.Reviewed = t.Reviewed.UTC().Format(time.RFC3339)
	}
	if jt.QA == nil {
		jt.QA = []string{}
	}
	if t.Reason != "" {
		r := t.Reason
		jt.Reason = &r
	}
	return jt
}

// Counterpart is the JSON form of a counterpart.
type Counterpart struct {
	Block int    `json:"block"`
	ID    string `json:"id"`
	Text  string `json:"text"`
}

// FromDocument converts d to its JSON form.
func FromDocument(d *doc.Document) *File {
	f := &File{Schema: Schema, Source: d.Source, Format: d.Format, Lang: d.Lang.String(),
		Target: d.Target.String(), Blocks: make([]Block, 0, len(d.Blocks)), Stats: d.Stats, Warnings: d.Warnings}
	if d.Encoding.Name != "" {
		f.Encoding = &Encoding{Name: d.Encoding.Name, From: d.Encoding.From}
	}
	for _, b := range d.Blocks {
		jb := Block{Index: b.Index, Kind: b.Kind, Reason: b.Reason, QA: b.QA, Segments: make([]Segment, 0, len(b.Segments))}
		for _, s := range b.Segments {
			js := Segment{ID: s.ID, Text: s.Text, Lang: s.Lang.String(), Confidence: s.Confidence}
			if d.HasOffsets {
				start, end := s.Start, s.End
				js.Start, js.End = &start, &end
			}
			if t := s.Translation; t != nil {
				js.Translation = translation(t)
			}
			if c := s.Counterpart; c != nil {
				js.Counterpart = &Counterpart{Block: c.Block, ID: c.ID, Text: c.Text}
			}
			for _, p := range s.Parts {
				js.Parts = append(js.Parts, Part{Block: p.Block, Start: p.Start, End: p.End})
			}
			jb.Segments = append(jb.Segments, js)
		}
		f.Blocks = append(f.Blocks, jb)
	}
	return f
}

// Write writes d as one indented JSON object and a newline.
func Write(w io.Writer, d *doc.Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(FromDocument(d)); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// Read reads one JSON document written by Write.
func Read(r io.Reader) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read bitext json: %w", err)
	}
	if err := format.CheckJSONDepth("", data); err != nil {
		return nil, fmt.Errorf("read bitext json: %w", err)
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("read bitext json: %w", err)
	}
	if f.Schema != Schema {
		return nil, fmt.Errorf("read bitext json: schema %q, want %q", f.Schema, Schema)
	}
	return &f, nil
}
