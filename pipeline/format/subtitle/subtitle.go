package subtitle

import (
	"bytes"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// SRT is the registration record for SubRip subtitles.
var SRT = format.Reader{
	Name:       "srt",
	Extensions: []string{".srt"},
	Sniff:      sniffSRT,
	Read:       ReadSRT,
	Merge:      MergeSRT,
	OutputName: OutputName,
}

// VTT is the registration record for WebVTT subtitles.
var VTT = format.Reader{
	Name:       "vtt",
	Extensions: []string{".vtt"},
	Sniff:      sniffVTT,
	Read:       ReadVTT,
	Merge:      MergeVTT,
	OutputName: OutputName,
}

// line is one input line: content [start,end), terminator eol ("\n", "\r\n", "\r" or "" at the end).
type line struct {
	start, end int
	eol        string
}

// TextLine is one line of an input text: its content [Start, End) and its terminator
// ("\n", "\r\n", "\r", or "" for a last line without one).
type TextLine struct {
	Start, End int
	EOL        string
}

// SplitLines splits s at LF, CRLF and lone CR, the line terminators WebVTT allows and other
// subtitle files use in practice.
func SplitLines(s string) []TextLine {
	var out []TextLine
	for _, l := range splitLines(s) {
		out = append(out, TextLine{l.start, l.end, l.eol})
	}
	return out
}

// splitLines splits s at LF, CRLF and lone CR.
func splitLines(s string) []line {
	var ls []line
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			ls = append(ls, line{start, i, "\n"})
			start = i + 1
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				ls = append(ls, line{start, i, "\r\n"})
				i++
			} else {
				ls = append(ls, line{start, i, "\r"})
			}
			start = i + 1
		}
	}
	if start < len(s) {
		ls = append(ls, line{start, len(s), ""})
	}
	return ls
}

// timestamp: [hours:]minutes:seconds[.,]fraction. Both formats are read leniently (SRT
// files with "." or short fractions, VTT files without hours), as players do.
var timestamp = regexp.MustCompile(`^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?$`)

func parseTimestamp(s string) (time.Duration, bool) {
	m := timestamp.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	return Clock(m[1], m[2], m[3], m[4]), true
}

// Clock is the time of hours, minutes, seconds and a fraction of up to three digits, as
// subtitle timestamps write them (any may be ""): "04" is 40 ms, as SRT and ASS writers mean
// it.
func Clock(hours, minutes, seconds, fraction string) time.Duration {
	n := func(x string) time.Duration {
		v, _ := strconv.Atoi(x)
		return time.Duration(v)
	}
	d := n(hours)*time.Hour + n(minutes)*time.Minute + n(seconds)*time.Second
	if fraction != "" {
		d += n(fraction+strings.Repeat("0", max(0, 3-len(fraction)))) * time.Millisecond
	}
	return d
}

// parseTiming reads "start --> end [settings]" into c.
func parseTiming(s string, c *Cue) bool {
	left, right, ok := strings.Cut(s, "-->")
	if !ok {
		return false
	}
	right = strings.TrimLeft(right, " \t")
	end, settings, _ := strings.Cut(right, " ")
	if t, rest, ok := strings.Cut(end, "\t"); ok {
		end, settings = t, rest+" "+settings
	}
	var ok1, ok2 bool
	c.Start, ok1 = parseTimestamp(strings.TrimSpace(left))
	c.End, ok2 = parseTimestamp(end)
	c.Settings = strings.TrimSpace(settings)
	return ok1 && ok2
}

// tag is markup inside SRT and WebVTT cue text: HTML-like tags and VTT timestamps ("<i>",
// "</c>", "<00:17.500>", "<v Roger>") and the SSA override blocks ("{\an8}") that SRT files
// carry.
var tag = regexp.MustCompile(`<[^<>\n]*>|\{\\[^{}\n]*\}`)

// htmlTag is an HTML-like tag: its closing slash, its name, and a self-closing slash.
var htmlTag = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9]*)(?:[.\s][^<>]*?)?(/?)>$`)

// classifyHTML classes an HTML-like tag for pairing; an SSA override block is a void styling
// tag, a WebVTT timestamp a void tag that is not styling.
func classifyHTML(t string) (TagKind, string) {
	if strings.HasPrefix(t, "{") {
		return TagVoid, "override"
	}
	m := htmlTag.FindStringSubmatch(t)
	switch {
	case m == nil:
		return TagVoid, ""
	case m[1] == "/":
		return TagClose, strings.ToLower(m[2])
	case m[3] == "/":
		return TagVoid, strings.ToLower(m[2])
	}
	return TagOpen, strings.ToLower(m[2])
}

// voiceSpan is a WebVTT voice span's start tag, "<v Roger>" or "<v.loud Roger>".
var voiceSpan = regexp.MustCompile(`^<v(?:\.[^\s>]*)?[ \t]+([^>]+)>$`)

func vttVoice(t string) string {
	if m := voiceSpan.FindStringSubmatch(t); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// SRTSyntax is how SubRip cue text is written: HTML-like tags, entities as players decode
// them, and "-->" kept out of text, where a reader would take the line for a timing.
var SRTSyntax = &Syntax{
	Tag: tag, Classify: classifyHTML, Voice: vttVoice, Unescape: html.UnescapeString, Escape: escapeSRT,
}

// escapeSRT writes text for SRT: SRT has no escapes of its own, so only what would read as a
// tag ("<b>", "{\an8}") is written as an entity, which readers decode, and "-->" loses a dash.
func escapeSRT(s string) string {
	if !strings.ContainsAny(s, tagStarts) && !strings.Contains(s, "-->") {
		return s
	}
	s = tag.ReplaceAllStringFunc(s, func(t string) string {
		if t[0] == '<' {
			return "&lt;" + t[1:]
		}
		return "&#123;" + t[1:]
	})
	return strings.ReplaceAll(s, "-->", "->")
}

// VTTSyntax is how WebVTT cue text is written: its tags, and &, < and > as entities.
var VTTSyntax = &Syntax{
	Tag: tag, Classify: classifyHTML, Voice: vttVoice, Unescape: html.UnescapeString,
	Escape: strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace,
}

// addCue turns c into a block of d when it has words.
func addCue(d *doc.Document, c *Cue) {
	if text := c.Text(); text != "" {
		d.Blocks = append(d.Blocks, &doc.Block{Index: len(d.Blocks), Kind: doc.Cue, Text: text, Native: c})
	}
}

// newCue returns an empty cue of syntax syn whose added lines end like the file's.
func newCue(syn *Syntax) *Cue { return &Cue{Syntax: syn, Break: "\n"} }

// addLine appends input line l to c's payload.
func (c *Cue) addLine(text string, l line) {
	if len(c.Lines) == 0 && l.eol != "" {
		c.Break = l.eol
	}
	c.Lines = append(c.Lines, c.Syntax.NewLine(text, l.start, l.end))
}

func blank(text string, l line) bool { return strings.TrimSpace(text[l.start:l.end]) == "" }

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ReadSRT parses SubRip: blocks of an optional sequence number, a timing line and text
// lines, separated by blank lines. name is used in errors only.
func ReadSRT(name string, in format.Input) (*doc.Document, error) {
	text := in.Text
	d := &doc.Document{Source: name, Format: "srt", Input: in.Raw}
	ls := splitLines(text)
	get := func(i int) string { return strings.TrimSpace(text[ls[i].start:ls[i].end]) }
	for i := 0; i < len(ls); {
		if blank(text, ls[i]) {
			i++
			continue
		}
		c := newCue(SRTSyntax)
		if !strings.Contains(get(i), "-->") {
			if !isNumber(get(i)) {
				return nil, &ParseError{i + 1, "expected a cue number or a timing line (start --> end), found " + Quote(get(i))}
			}
			if i+1 >= len(ls) || !strings.Contains(get(i+1), "-->") {
				return nil, &ParseError{i + 1, "cue " + get(i) + " has no timing line (start --> end)"}
			}
			c.ID = get(i)
			i++
		}
		c.Line = i + 1
		if !parseTiming(get(i), c) {
			return nil, &ParseError{i + 1, "malformed timing " + Quote(get(i))}
		}
		i++
		for ; i < len(ls) && !blank(text, ls[i]); i++ {
			// A missing blank line before the next cue: a timing line, or a number and a timing line.
			var probe Cue
			if parseTiming(get(i), &probe) || (isNumber(get(i)) && i+1 < len(ls) && parseTiming(get(i+1), &probe)) {
				break
			}
			c.addLine(text, ls[i])
		}
		addCue(d, c)
	}
	return d, nil
}

// ReadVTT parses WebVTT: the WEBVTT header and its metadata lines, then blocks separated by
// blank lines: cues (an optional identifier, a timing line with settings, text lines), and
// NOTE, STYLE and REGION blocks, which are kept as they are and not read. name is used in
// errors only.
func ReadVTT(name string, in format.Input) (*doc.Document, error) {
	text := in.Text
	d := &doc.Document{Source: name, Format: "vtt", Input: in.Raw}
	ls := splitLines(text)
	get := func(i int) string { return text[ls[i].start:ls[i].end] }
	if len(ls) == 0 || !vttHeader(get(0)) {
		first := ""
		if len(ls) > 0 {
			first = get(0)
		}
		return nil, &ParseError{1, "missing WEBVTT header, found " + Quote(first)}
	}
	i := 1
	for i < len(ls) && !blank(text, ls[i]) {
		i++ // header metadata ("Kind: captions", "X-TIMESTAMP-MAP=…")
	}
	cues := 0
	for i < len(ls) {
		if blank(text, ls[i]) {
			i++
			continue
		}
		first := get(i)
		// Before the first cue, blocks without a timing line are skipped as the WebVTT parser
		// does (legacy "Region:" headers, CSS that a blank line split off a STYLE block);
		// after it, such a block is a cue that lost its timing, an error.
		if keyword(first, "NOTE") || keyword(first, "STYLE") || keyword(first, "REGION") ||
			(cues == 0 && !strings.Contains(first, "-->") && (i+1 >= len(ls) || !strings.Contains(get(i+1), "-->"))) {
			for i < len(ls) && !blank(text, ls[i]) {
				i++
			}
			continue
		}
		c := newCue(VTTSyntax)
		if !strings.Contains(first, "-->") {
			if i+1 >= len(ls) || !strings.Contains(get(i+1), "-->") {
				return nil, &ParseError{i + 1, "expected a cue timing (start --> end), found " + Quote(first)}
			}
			c.ID = first
			i++
		}
		c.Line = i + 1
		if !parseTiming(get(i), c) {
			return nil, &ParseError{i + 1, "malformed timing " + Quote(get(i))}
		}
		i++
		// Cue text ends at a blank line or, as the WebVTT parser says, at a line with "-->".
		for ; i < len(ls) && !blank(text, ls[i]) && !strings.Contains(get(i), "-->"); i++ {
			c.addLine(text, ls[i])
		}
		c.InheritVoices()
		cues++
		addCue(d, c)
	}
	return d, nil
}

func vttHeader(s string) bool {
	return s == "WEBVTT" || strings.HasPrefix(s, "WEBVTT ") || strings.HasPrefix(s, "WEBVTT\t")
}

func keyword(s, k string) bool {
	return s == k || strings.HasPrefix(s, k+" ") || strings.HasPrefix(s, k+"\t")
}

func stripBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}) }

// sniffVTT claims data that opens with the WEBVTT signature.
func sniffVTT(data []byte) bool {
	data = stripBOM(data)
	return bytes.HasPrefix(data, []byte("WEBVTT")) &&
		(len(data) == 6 || data[6] == ' ' || data[6] == '\t' || data[6] == '\n' || data[6] == '\r')
}

// sniffSRT claims data whose first cue is a sequence number and a timing line, or a timing line.
func sniffSRT(data []byte) bool {
	data = stripBOM(data)
	if len(data) > 512 {
		data = data[:512]
	}
	s := string(data)
	ls := splitLines(s)
	i := 0
	for i < len(ls) && blank(s, ls[i]) {
		i++
	}
	var c Cue
	if i < len(ls) && isNumber(strings.TrimSpace(s[ls[i].start:ls[i].end])) {
		i++
	}
	return i < len(ls) && parseTiming(strings.TrimSpace(s[ls[i].start:ls[i].end]), &c)
}
