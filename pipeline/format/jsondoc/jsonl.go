package jsondoc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Line is one line of the JSON Lines form (--format jsonl): one segment, with the document
// and block it belongs to. Its keys come in a fixed order, and it leaves out everything that
// changes from run to run of the same job (whether a translation came from the cache, request
// and character counts), so that two runs committed to git differ in exactly the segments
// whose text, language or translation changed.
type Line struct {
	// File is the document's source name, as Document.Source.
	File  string   `json:"file"`
	Block int      `json:"block"`
	Kind  doc.Kind `json:"kind"`
	ID    string   `json:"id"`
	// Start and End are absent for formats without offsets.
	Start *int   `json:"start,omitempty"`
	End   *int   `json:"end,omitempty"`
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	// Target is the language the document was translated into.
	Target      string           `json:"target"`
	Confidence  float64          `json:"confidence"`
	Translation *LineTranslation `json:"translation"`
	Counterpart *Counterpart     `json:"counterpart"`
	// Parts lists the blocks a segment spans, as in JSON.
	Parts []Part `json:"parts,omitempty"`
}

// LineTranslation is Translation without the run-dependent "cached".
type LineTranslation struct {
	Text    string     `json:"text"`
	Origin  doc.Origin `json:"origin"`
	Backend string     `json:"backend,omitempty"`
	Model   string     `json:"model,omitempty"`
	// Glossary is the digest of the glossary the translation was made with.
	Glossary string `json:"glossary,omitempty"`
	// Context, Reviewer and Reviewed are as in Translation.
	Context  string   `json:"context,omitempty"`
	Reviewer string   `json:"reviewer,omitempty"`
	Reviewed string   `json:"reviewed,omitempty"`
	Reason   *string  `json:"reason"`
	QA       []string `json:"qa"`
	// Digest is as in Translation: what tells a reviewer's edit.
	Digest string `json:"digest"`
}

// Line returns t without "cached".
func (t *Translation) Line() *LineTranslation {
	if t == nil {
		return nil
	}
	return &LineTranslation{Text: t.Text, Origin: t.Origin, Backend: t.Backend, Model: t.Model, Glossary: t.Glossary,
		Context: t.Context, Reviewer: t.Reviewer, Reviewed: t.Reviewed, Reason: t.Reason, QA: t.QA, Digest: t.Digest}
}

// Full returns t with "cached" false.
func (t *LineTranslation) Full() *Translation {
	if t == nil {
		return nil
	}
	return &Translation{Text: t.Text, Origin: t.Origin, Backend: t.Backend, Model: t.Model, Glossary: t.Glossary,
		Context: t.Context, Reviewer: t.Reviewer, Reviewed: t.Reviewed, Reason: t.Reason, QA: t.QA, Digest: t.Digest}
}

// Lines converts d to its JSON Lines form, one Line per segment in reading order.
func Lines(d *doc.Document) []Line {
	f := FromDocument(d)
	var out []Line
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			out = append(out, Line{File: f.Source, Block: b.Index, Kind: b.Kind, ID: s.ID, Start: s.Start, End: s.End,
				Text: s.Text, Lang: s.Lang, Target: f.Target, Confidence: s.Confidence, Translation: s.Translation.Line(),
				Counterpart: s.Counterpart, Parts: s.Parts})
		}
	}
	return out
}

// WriteLines writes d in the JSON Lines form: one compact JSON object per segment, each on
// its own line. A document without segments writes nothing.
func WriteLines(w io.Writer, d *doc.Document) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, l := range Lines(d) {
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("write jsonl: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// ReadLines reads the JSON Lines form written by WriteLines and groups the lines back into
// documents: consecutive lines with the same file form one File, whose Schema is Schema,
// whose Target is its first line's, and whose Format, Lang and Stats, which the lines do not
// carry, are empty. Blank lines
// are skipped; errors name the line number.
func ReadLines(r io.Reader) ([]*File, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20) // a segment may be long; a 16 MiB line is not text
	var (
		files []*File
		cur   *File
	)
	for n := 1; sc.Scan(); n++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		if err := format.CheckJSONDepth("", raw); err != nil {
			return nil, fmt.Errorf("read bitext jsonl: line %d: arrays and objects nested deeper than %d levels", n, format.MaxDepth)
		}
		var l Line
		dec := json.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("read bitext jsonl: line %d: %w", n, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("read bitext jsonl: line %d: more than one JSON value", n)
		}
		if l.ID == "" {
			return nil, fmt.Errorf("read bitext jsonl: line %d: no segment id", n)
		}
		if cur == nil || cur.Source != l.File {
			cur = &File{Schema: Schema, Source: l.File, Target: l.Target}
			files = append(files, cur)
		}
		if k := len(cur.Blocks); k == 0 || cur.Blocks[k-1].Index != l.Block {
			cur.Blocks = append(cur.Blocks, Block{Index: l.Block, Kind: l.Kind})
		}
		s := Segment{ID: l.ID, Start: l.Start, End: l.End, Text: l.Text, Lang: l.Lang,
			Confidence: l.Confidence, Translation: l.Translation.Full(), Counterpart: l.Counterpart, Parts: l.Parts}
		b := &cur.Blocks[len(cur.Blocks)-1]
		b.Segments = append(b.Segments, s)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("read bitext jsonl: a line is longer than 16 MiB")
		}
		return nil, fmt.Errorf("read bitext jsonl: %w", err)
	}
	return files, nil
}

// ReadAny reads a translate output in either form: a stream of JSON documents (--format
// json, one object per document) or JSON Lines (--format jsonl). It tells them apart by the
// first object: JSON documents carry "schema", lines do not. Empty input is no documents.
func ReadAny(r io.Reader) ([]*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read bitext output: %w", err)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, nil
	}
	if err := format.CheckJSONDepth("", data); err != nil { // lines counted in the file as given
		return nil, fmt.Errorf("read bitext output: %w", err)
	}
	var probe struct {
		Schema *string `json:"schema"`
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&probe); err != nil {
		return nil, fmt.Errorf("read bitext output: not JSON or JSON Lines: %w", err)
	}
	if probe.Schema == nil {
		return ReadLines(bytes.NewReader(data))
	}
	var files []*File
	dec = json.NewDecoder(bytes.NewReader(trimmed))
	for dec.More() {
		var f File
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("read bitext json: document %d: %w", len(files)+1, err)
		}
		if f.Schema != Schema {
			return nil, fmt.Errorf("read bitext json: document %d: schema %q, want %q", len(files)+1, f.Schema, Schema)
		}
		files = append(files, &f)
	}
	return files, nil
}
