// Package apply takes reviewed outputs back (`bitext apply`): the translations a reviewer
// edited in a JSON or JSONL output, an XLIFF 2.0 or 1.2 output, a TMX output or the review
// page's export become approved translations (translate/tm.Approval) that every later run
// uses before any memory or backend.
//
// Read turns a file into Entries; Check decides each one: applied (an edit, or a unit the
// file marks approved), unchanged (the translation is still what bitext wrote: the digest
// outputs carry tells), skipped (the source document no longer holds the segment: it changed
// since the output was made) or refused (the file is not a bitext output, the segment ID
// does not belong to its text, the translation is empty or holds control characters).
// Reviewed files are untrusted input: nothing in them is executed, followed or expanded, and
// each refusal names the file, the place and the reason.
package apply

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/translate/tm"
)

// Status is what became of one entry.
type Status string

// Statuses, in the order a report lists them.
const (
	// Applied: stored as an approved translation.
	Applied Status = "applied"
	// Unchanged: the translation is what bitext wrote, and the file does not mark it approved.
	Unchanged Status = "unchanged"
	// Skipped: the source document changed since the output was made; the edit concerns a
	// text it no longer has.
	Skipped Status = "skipped"
	// Refused: not a bitext output, an unknown segment, or a translation that cannot be one.
	Refused Status = "refused"
)

// Entry is one translation of a reviewed file.
type Entry struct {
	// File is the reviewed file; Line the line of the entry in it, 0 when unknown.
	File string
	Line int
	// Document is the source document the output was made from, as the output names it.
	Document string
	// ID is the segment ID.
	ID string
	// Source and Target are the languages of the text and of the translation.
	Source, Target language.Tag
	// Sources are the readings of the source text the file allows (an inline code may or
	// may not have been a space); Check picks the one the segment ID was made from (Text).
	Sources []string
	Text    string
	// Translation is the reviewed translation.
	Translation string
	// Context is the ID of the context the text was sent with ("" none).
	Context string
	// Digest is doc.Digest of the translation as bitext wrote it; "" when the file has none.
	Digest string
	// Approved says the file marks the entry approved (an XLIFF state), whatever its text.
	Approved bool
	// By and At are who approved it and when, where the file says.
	By string
	At time.Time
	// Status and Reason are Check's verdict.
	Status Status
	Reason string
}

// Where names the entry's place for messages: file, line and segment.
func (e *Entry) Where() string {
	w := e.File
	if e.Line > 0 {
		w = fmt.Sprintf("%s:%d", w, e.Line)
	}
	if e.ID != "" {
		w += " " + e.ID
	}
	return w
}

func (e *Entry) refuse(format string, a ...any) {
	e.Status, e.Reason = Refused, fmt.Sprintf(format, a...)
}

// MaxTranslation is the longest translation taken, in bytes: a segment is a sentence, and
// a reviewed file is untrusted input.
const MaxTranslation = 64 << 10

// maxOccurrence bounds the occurrence numbers tried when checking a segment ID against its
// text: a text repeated more often in one document is not a caption.
const maxOccurrence = 4096

// Options configure Check.
type Options struct {
	// Source, if set, returns the text of a source document (the blocks' text, as the
	// reader gives it), to check that it still holds each segment; an error means the
	// document cannot be read here, and its entries are applied unchecked.
	Source func(path string) (string, error)
	// By is who approved the entries whose file does not say.
	By string
}

// Check sets every entry's Status and Reason, and Text. Entries already refused (by Read)
// stay so.
func Check(entries []Entry, o Options) {
	sources := map[string]*sourceText{}
	for i := range entries {
		e := &entries[i]
		if e.Status == Refused {
			continue
		}
		check(e)
		if e.Status != "" {
			continue
		}
		if e.By == "" {
			e.By = o.By
		}
		if o.Source != nil && e.Document != "" && e.Document != "-" {
			st := sources[e.Document]
			if st == nil {
				st = &sourceText{}
				if text, err := o.Source(e.Document); err == nil {
					st.norm, st.ok = doc.NormalizeText(text), true
				}
				sources[e.Document] = st
			}
			if st.ok && !strings.Contains(st.norm, doc.NormalizeText(e.Text)) {
				e.Status, e.Reason = Skipped, "the source changed since: "+e.Document+" no longer has this text"
				continue
			}
		}
		e.Status = Applied
	}
}

type sourceText struct {
	norm string
	ok   bool
}

// check refuses what cannot be an approval and marks what is unchanged; it leaves Status
// empty for an entry to apply.
func check(e *Entry) {
	switch {
	case e.Source == language.Und || e.Target == language.Und:
		e.refuse("no source or target language")
		return
	case doc.SameLanguage(e.Source, e.Target):
		e.refuse("source and target are both %s", e.Target)
		return
	}
	e.Text = ""
	for _, s := range e.Sources {
		if idOf(s, e.ID) {
			e.Text = s
			break
		}
	}
	if e.Text == "" {
		e.refuse("unknown segment: the id does not belong to its source text (not written by bitext, or edited)")
		return
	}
	if e.Digest == "" {
		e.refuse("the file does not say what bitext wrote (no digest): translate again with this version of bitext")
		return
	}
	if !e.Approved && doc.Digest(e.Translation) == e.Digest {
		e.Status = Unchanged
		return
	}
	if doc.NormalizeText(e.Translation) == "" {
		e.refuse("empty translation")
		return
	}
	if reason := untrusted(e.Text, e.Translation); reason != "" {
		e.refuse("%s", reason)
	}
}

// idOf reports whether id is the segment ID of text at some occurrence.
func idOf(text, id string) bool {
	if len(id) != 16 {
		return false
	}
	n := doc.NormalizeText(text)
	if n == "" {
		return false
	}
	for k := 1; k <= maxOccurrence; k++ {
		if doc.SegmentID(n, k) == id {
			return true
		}
	}
	return false
}

// untrusted says why translation cannot be taken from a reviewed file, or "": it is too
// long, not UTF-8, or holds a control character (other than tab and newline) or a bidi
// embedding, override or isolate its source does not (the "Trojan Source" trick).
func untrusted(source, translation string) string {
	if len(translation) > MaxTranslation {
		return fmt.Sprintf("translation longer than %d bytes", MaxTranslation)
	}
	if !utf8.ValidString(translation) {
		return "translation is not valid UTF-8"
	}
	for _, r := range translation {
		switch {
		case r == '\t' || r == '\n':
		case unicode.IsControl(r):
			return fmt.Sprintf("translation holds the control character %U", r)
		case (r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069) && !strings.ContainsRune(source, r):
			return fmt.Sprintf("translation holds the bidi control %U, which its source does not", r)
		}
	}
	return ""
}

// Approvals returns the applied entries as approvals; at dates those whose file says no date.
func Approvals(entries []Entry, at time.Time) []tm.Approval {
	var out []tm.Approval
	for _, e := range entries {
		if e.Status != Applied {
			continue
		}
		when := e.At
		if when.IsZero() {
			when = at
		}
		out = append(out, tm.Approval{Source: e.Source, Target: e.Target, Context: e.Context, Text: e.Text,
			Translation: strings.TrimSpace(e.Translation), By: e.By, At: when})
	}
	return out
}

// Counts tallies entries by status.
func Counts(entries []Entry) map[Status]int {
	c := map[Status]int{}
	for _, e := range entries {
		c[e.Status]++
	}
	return c
}

// sniff tells the format of a reviewed file by its content.
func sniff(data []byte) string {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(t, []byte("{")), bytes.HasPrefix(t, []byte("[")):
		return "json"
	case bytes.HasPrefix(t, []byte("<")):
		head := t[:min(len(t), 4096)]
		switch {
		case bytes.Contains(head, []byte("<tmx")):
			return "tmx"
		case bytes.Contains(head, []byte("<xliff")):
			return "xliff"
		}
		return "xml"
	}
	return ""
}

// SourceText is an Options.Source for documents on disk: the text of the document at path
// as bitext's readers (formats; nil means pipeline.DefaultFormats) give it, its blocks
// joined by newlines, refusing files over limit bytes (pipeline.MaxInputSize when zero).
func SourceText(formats *format.Registry, limit int64) func(path string) (string, error) {
	if formats == nil {
		formats = pipeline.DefaultFormats()
	}
	return func(path string) (string, error) {
		d, err := pipeline.ReadFileLimit(formats, path, "", nil, limit)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for _, blk := range d.Blocks {
			b.WriteString(blk.Text)
			b.WriteByte('\n')
		}
		return b.String(), nil
	}
}
