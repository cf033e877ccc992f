package apply

import (
	"bytes"
	"fmt"
	"regexp"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	ptmx "github.com/seed77ff/bitext/pipeline/format/tmx"
	"github.com/seed77ff/bitext/pipeline/format/xliff"
	"github.com/seed77ff/bitext/translate/tmx"
)

// Read reads a reviewed file named name: bitext's JSON or JSONL output (or the review
// page's export, which is JSONL), an XLIFF 2.0 or 1.2 output, or a TMX output, told apart by
// content. An error means the file cannot be read at all; a file that reads but was not
// written by bitext gives its entries refused, with the reason.
func Read(name string, data []byte) ([]Entry, error) {
	var (
		entries []Entry
		err     error
	)
	switch sniff(data) {
	case "json":
		entries, err = readJSON(name, data)
	case "xliff":
		entries, err = readXLIFF(name, data)
	case "tmx":
		entries, err = readTMX(name, data)
	default:
		return nil, fmt.Errorf("%s: not a bitext output: want JSON, JSONL, XLIFF or TMX", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return entries, nil
}

func parseTag(s string) language.Tag {
	t, err := language.Parse(s)
	if err != nil {
		return language.Und
	}
	return t
}

// readJSON reads a JSON stream or JSON Lines: every segment with a translation.
func readJSON(name string, data []byte) ([]Entry, error) {
	files, err := jsondoc.ReadAny(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, f := range files {
		for _, b := range f.Blocks {
			for _, s := range b.Segments {
				t := s.Translation
				if t == nil {
					continue
				}
				e := Entry{File: name, Document: f.Source, ID: s.ID, Source: parseTag(s.Lang), Target: parseTag(f.Target),
					Sources: []string{s.Text}, Translation: t.Text, Context: t.Context, Digest: t.Digest, By: t.Reviewer}
				if t.Reviewed != "" {
					e.At, _ = time.Parse(time.RFC3339, t.Reviewed)
				}
				out = append(out, e)
			}
		}
	}
	return out, nil
}

func readXLIFF(name string, data []byte) ([]Entry, error) {
	files, err := xliff.Read(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, f := range files {
		for _, u := range f.Units {
			e := Entry{File: name, Line: u.Line, Document: f.Original, ID: u.ID, Source: f.Source, Target: f.Target,
				Sources: u.Sources, Translation: u.Target, Context: u.Context, Digest: u.Digest, Approved: u.Approved}
			if !f.Bitext {
				e.refuse("not a bitext output: an XLIFF %s file of another tool", f.Version)
			}
			out = append(out, e)
		}
	}
	return out, nil
}

// phRE matches a TMX placeholder element, for the reading of a source where it was a space.
var phRE = regexp.MustCompile(`<ph\b[^>]*/>|<ph\b[^>]*>.*?</ph>`)

func readTMX(name string, data []byte) ([]Entry, error) {
	f, err := tmx.Read(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	refusal := ""
	switch {
	case f.Header.CreationTool == "bitext" && f.Header.OTMF == "bitext-cache":
		refusal = "a cache export, not a document's output: take it in with bitext cache import"
	case f.Header.CreationTool != "bitext" || f.Header.OTMF != "bitext":
		refusal = "not a bitext output: a TMX file of another tool"
	}
	document := ""
	for _, p := range f.Header.Props {
		if p.Type == ptmx.PropDocument {
			document = p.Value
		}
	}
	var out []Entry
	for i, u := range f.Units {
		e := Entry{File: name, Document: document, ID: u.TUID, Source: parseTag(u.SrcLang)}
		prop := func(typ string) string { v, _ := u.Prop(typ); return v }
		e.Digest, e.Context = prop(ptmx.PropDigest), prop(ptmx.PropContext)
		if refusal != "" {
			e.refuse("%s", refusal)
			out = append(out, e)
			continue
		}
		src, ok := u.Variant(u.SrcLang)
		var trg *tmx.Variant
		for j := range u.Variants {
			if v := &u.Variants[j]; v != src {
				trg = v
			}
		}
		if !ok || trg == nil || len(u.Variants) != 2 {
			e.refuse("unit %d: not a source and one translation", i+1)
			out = append(out, e)
			continue
		}
		e.Target = parseTag(trg.Lang)
		plain, err := tmx.Text(src.Seg)
		if err != nil {
			return nil, fmt.Errorf("unit %d: %w", i+1, err)
		}
		e.Sources = []string{plain}
		if spaced, err := tmx.Text(phRE.ReplaceAllString(src.Seg, " ")); err == nil && spaced != plain {
			e.Sources = []string{spaced, plain}
		}
		if e.Translation, err = tmx.Text(trg.Seg); err != nil {
			return nil, fmt.Errorf("unit %d: %w", i+1, err)
		}
		e.By, e.At = trg.ChangeID, trg.ChangeDate
		if e.By == "" {
			e.By, e.At = u.ChangeID, u.ChangeDate
		}
		out = append(out, e)
	}
	return out, nil
}
