// Package doc is bitext's data model: a Document is an ordered list of Blocks, each split
// into Segments that carry a language, a translation and a counterpart. Readers build it,
// the pipeline's stages fill it in, renderers write it out. It depends on x/text only.
package doc

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Kind is a block's role in the page layout.
type Kind string

// Block kinds. Readers set them from markup or, in plain text, from the shape of a line.
const (
	Title       Kind = "title"
	Lead        Kind = "lead"
	Byline      Kind = "byline"
	Paragraph   Kind = "paragraph"
	Heading     Kind = "heading"
	Caption     Kind = "caption"
	Credit      Kind = "credit"
	Quote       Kind = "quote"
	ListItem    Kind = "list-item"
	Cue         Kind = "cue"
	Boilerplate Kind = "boilerplate"
)

// Origin says where a segment's translation came from.
type Origin string

// Translation origins.
const (
	// MT is machine translation from a backend.
	MT Origin = "mt"
	// TM is a translation memory match.
	TM Origin = "tm"
	// Human is a reviewer's edit taken back with `bitext apply`: an extension of bitext/v1's
	// origins, used before any memory or backend.
	Human Origin = "human"
	// FromDocument is a counterpart the document itself carries, used when nothing else answered.
	FromDocument Origin = "document"
	// None means no translation; Reason says why.
	None Origin = "none"
)

// Written reports whether a translation of origin o is written into the document by merged
// output and interchange formats: translations made for it (mt, tm, human), not a counterpart
// the document already carries and not a missing one.
func (o Origin) Written() bool { return o == MT || o == TM || o == Human }

// Document is one input file (or stdin) and everything the stages learned about it.
type Document struct {
	// Source is the file name as given, or "-" for stdin.
	Source string
	// Format is the reader's format name ("text", "html", …).
	Format string
	// Lang is the document's dominant language, set by detection.
	Lang language.Tag
	// Target is the language translated into.
	Target language.Tag
	// Blocks are in reading order; Blocks[i].Index == i.
	Blocks []*Block
	// HasOffsets is true when segment offsets index the input bytes (text-like inputs).
	HasOffsets bool
	// Input is the raw input, kept so renderers can write the document back.
	Input []byte
	// Encoding is the character encoding Input was decoded from and what decided it; the
	// zero value when the reader did not say.
	Encoding Encoding
	// Warnings are problems of the input that did not stop reading it (bytes replaced by
	// U+FFFD, with their offset), for the user to see.
	Warnings []string
	// Stats are filled in by the pipeline.
	Stats Stats
	// Native is the reader's own data for writing the document back (a parsed HTML tree);
	// only the reader's package knows its type.
	Native any
}

// Encoding says how an input's bytes were decoded.
type Encoding struct {
	// Name is the WHATWG name of the encoding ("utf-8", "windows-1252", "gbk").
	Name string
	// From is what decided it: "bom", "declared" (a <meta> charset), or "bytes" (the bytes
	// themselves: valid UTF-8, or nothing declared).
	From string
}

// Block is one unit of layout: a line of plain text, an HTML paragraph, a subtitle cue.
type Block struct {
	Index int
	Kind  Kind
	// Text is the block's text; Start and End are its byte offsets in the input when the document has them.
	Text       string
	Start, End int
	// Reason says why a block was classed as boilerplate, credit or byline, for reviewers.
	Reason   string
	Segments []*Segment
	// Native is the reader's own data for this block (an HTML node, a cue's timing).
	Native any
	// QA lists checks the block's output failed as a whole: a subtitle cue whose translation
	// a viewer cannot read in time or that does not fit the screen ("cps:24.1>17",
	// "line:51>42", "lines:3>2"; package pipeline/subfit).
	QA []string
}

// Segment is a sentence, or a run in one language inside a sentence.
type Segment struct {
	// ID is stable across runs; see SegmentIDs.
	ID string
	// Block is the index of the block holding the segment.
	Block int
	// Start and End are byte offsets in the input, half-open, when the document has offsets.
	Start, End int
	Text       string
	// Lang is the detected language, language.Und when unknown. Confidence is in [0,1].
	Lang       language.Tag
	Confidence float64
	// Translation is nil when none is needed (target language or und).
	Translation *Translation
	// Counterpart is an equivalent text the document already carries, nil when there is none.
	Counterpart *Counterpart
	// Parts lists, in order, the pieces of a segment that spans several blocks (a subtitle
	// sentence spread over cues); nil for a segment within one block. Block is then the
	// first part's block, and Text the parts' texts joined by a space.
	Parts []Part
}

// Part is one piece of a segment that spans blocks: a block and the half-open byte range
// [Start, End) of that block's Text (not of the input: cue text is not contiguous input).
type Part struct {
	Block, Start, End int
}

// Translation is a segment's translation and its provenance.
type Translation struct {
	Text    string
	Origin  Origin
	Backend string
	Model   string
	Cached  bool
	// Reason explains Origin None ("no backend configured", a backend error).
	Reason string
	// QA lists failed quality checks.
	QA []string
	// Glossary is the digest of the glossary in force when Text was made
	// (translate.Request.GlossaryID); empty when none was.
	Glossary string
	// Markup is Text with the source segment's inline markup as placeholders (package
	// pipeline/format/inline), when the segment had inline tags and the backend kept them;
	// merged output puts the original tags back from it. Empty otherwise.
	Markup string
	// Context is the ID (translate/cachekey.ContextID) of the context the text was sent
	// with, empty when none was: with the text and the languages it is what `bitext apply`
	// keys a reviewer's edit by, as a run keys the request.
	Context string
	// Reviewer and Reviewed say who approved a translation of origin Human and when, where
	// the reviewed file said; empty and zero otherwise.
	Reviewer string
	Reviewed time.Time
}

// Digest is the fingerprint outputs carry of a translation's text as bitext wrote it (the
// first 16 hex digits of SHA-256 over the normalized text), so that `bitext apply` tells
// the translations a reviewer edited from those left as they were.
func Digest(text string) string {
	h := sha256.Sum256([]byte(NormalizeText(text)))
	return hex.EncodeToString(h[:8])
}

// Counterpart points at the segment that carries a document's own equivalent of a segment.
type Counterpart struct {
	Block int
	ID    string
	Text  string
}

// Foreign reports whether s needs translating into target: its language is known and differs.
// und is never foreign.
func (s *Segment) Foreign(target language.Tag) bool {
	return s.Lang != language.Und && !SameLanguage(s.Lang, target)
}

// SameLanguage compares the base languages of a and b, so en-GB and en are the same.
func SameLanguage(a, b language.Tag) bool {
	ba, _ := a.Base()
	bb, _ := b.Base()
	return ba == bb
}

// ForeignLanguages returns the languages of d's segments that need translating into
// d.Target (Segment.Foreign), the most frequent first and the first seen on a tie, with how
// many segments each has.
func (d *Document) ForeignLanguages() ([]language.Tag, map[language.Tag]int) {
	count := map[language.Tag]int{}
	var langs []language.Tag
	for _, s := range d.Segments() {
		if !s.Foreign(d.Target) {
			continue
		}
		if count[s.Lang] == 0 {
			langs = append(langs, s.Lang)
		}
		count[s.Lang]++
	}
	sort.SliceStable(langs, func(i, j int) bool { return count[langs[i]] > count[langs[j]] })
	return langs, count
}

// Segments returns every segment of d in reading order.
func (d *Document) Segments() []*Segment {
	var all []*Segment
	for _, b := range d.Blocks {
		all = append(all, b.Segments...)
	}
	return all
}

// NormalizeText is the form of a text that segment IDs and deduplication use:
// NFC, whitespace runs collapsed to one space, trimmed.
func NormalizeText(s string) string {
	s = norm.NFC.String(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// SegmentID is the normative ID recipe: the first 16 hex digits of SHA-256 over the
// normalized text, a 0x00 byte, and the decimal occurrence number (from 1) of that text
// in the document.
func SegmentID(text string, occurrence int) string {
	h := sha256.New()
	h.Write([]byte(NormalizeText(text)))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(occurrence)))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// AssignIDs sets every segment's ID from its text and its occurrence number in d.
func (d *Document) AssignIDs() {
	seen := map[string]int{}
	for _, s := range d.Segments() {
		n := NormalizeText(s.Text)
		seen[n]++
		s.ID = SegmentID(n, seen[n])
	}
}

// Stats summarises one document's run, for renderers and the CLI summary.
type Stats struct {
	// Segments is the number of segments.
	Segments int `json:"segments"`
	// Foreign counts segment occurrences whose language is known and not the target.
	Foreign int `json:"foreign"`
	// Translated counts segments with a translation of origin mt, tm, human or document.
	Translated int `json:"translated"`
	// Requests counts backend requests that carried texts of this document.
	Requests int `json:"requests"`
	// Characters counts the characters of this document's texts that were sent to a backend,
	// as the backend bills them: each distinct text once per job.
	Characters int `json:"characters"`
}
