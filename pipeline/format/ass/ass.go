package ass

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
)

// Reader is the registration record for SubStation Alpha (.ssa, v4.00) and Advanced
// SubStation Alpha (.ass, v4.00+) scripts.
var Reader = format.Reader{
	Name:       "ass",
	Extensions: []string{".ass", ".ssa"},
	Sniff:      sniff,
	Read:       Read,
	Merge:      subtitle.Merge,
	OutputName: subtitle.OutputName,
}

// defaultFormat is the [Events] Format of an ASS script that has none, the one libass and
// VSFilter assume.
var defaultFormat = []string{"layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text"}

// override is an override block, "{\i1}", or a comment in braces, "{a note}".
var override = regexp.MustCompile(`\{[^{}]*\}`)

// drawing is the \p tag of an override block: \p1 and up switch drawing mode on (the text
// after it is vector commands, not words), \p0 off.
var drawing = regexp.MustCompile(`\\p(\d+)`)

// Syntax is how ASS and SSA event text is written: override blocks are markup, void (an
// override holds until the event ends or another overrides it); "\h" is a hard space; in
// drawing mode text is shapes, not words.
var Syntax = &subtitle.Syntax{
	Tag: override,
	Classify: func(t string) (subtitle.TagKind, string) {
		if strings.Contains(t, `\`) {
			return subtitle.TagVoid, "override"
		}
		return subtitle.TagVoid, "" // a comment: not styling
	},
	Markup: func(t string) int {
		m := drawing.FindAllStringSubmatch(t, -1)
		if len(m) == 0 {
			return 0
		}
		if m[len(m)-1][1] == "0" {
			return -1
		}
		return 1
	},
	Unescape: func(s string) string { return strings.ReplaceAll(s, `\h`, "\u00a0") },
	Escape:   escape,
}

// escape writes a translation as event text. ASS has no escapes: braces would open an
// override block, so they become parentheses; a backslash before N, n or h would break the
// line or space it, so a word joiner (U+2060, invisible) goes between; a line end is "\N".
func escape(s string) string {
	s = strings.NewReplacer("{", "(", "}", ")", `\N`, "\\\u2060N", `\n`, "\\\u2060n", `\h`, "\\\u2060h").Replace(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), `\N`)
}

// lineBreak is a hard ("\N") or soft ("\n") line break in event text.
var lineBreak = regexp.MustCompile(`\\[Nn]`)

// Read parses an ASS or SSA script: [Script Info] first, then sections of which [Events] is
// read. Every Dialogue event with words becomes a cue block; its Text field is cut into lines
// at "\N" and "\n"; the Name (actor) field is the cue's voice and the Style its settings.
// Comment, Picture, Sound, Movie and Command events, style lines and the other sections are
// kept as they are and not read, as are lines no section knows (SSA ignores those too). name
// is used in errors only.
func Read(name string, in format.Input) (*doc.Document, error) {
	text := in.Text
	d := &doc.Document{Source: name, Format: "ass", Input: in.Raw}
	ls := subtitle.SplitLines(text)
	get := func(i int) string { return text[ls[i].Start:ls[i].End] }
	first := 0
	for first < len(ls) && strings.TrimSpace(get(first)) == "" {
		first++
	}
	if first == len(ls) || !strings.EqualFold(strings.TrimSpace(get(first)), "[Script Info]") {
		found := ""
		if first < len(ls) {
			found = get(first)
		}
		return nil, &subtitle.ParseError{Line: first + 1, Msg: "expected [Script Info], found " + subtitle.Quote(found)}
	}
	section := ""
	var fields []string
	for i := first; i < len(ls); i++ {
		l := get(i)
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			section = strings.ToLower(t)
			fields = nil
			continue
		}
		if section != "[events]" {
			continue
		}
		key, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "Format":
			fields = nil
			for _, f := range strings.Split(value, ",") {
				fields = append(fields, strings.ToLower(strings.TrimSpace(f)))
			}
			if fields[len(fields)-1] != "text" {
				return nil, &subtitle.ParseError{Line: i + 1, Msg: "the [Events] Format must end with Text, found " + subtitle.Quote(value)}
			}
		case "Dialogue":
			if fields == nil {
				fields = defaultFormat
			}
			c, err := event(text, ls[i].Start+len(key)+1, ls[i].End, fields)
			if err != nil {
				return nil, &subtitle.ParseError{Line: i + 1, Msg: err.Error()}
			}
			c.Line = i + 1
			if words := c.Text(); words != "" {
				d.Blocks = append(d.Blocks, &doc.Block{Index: len(d.Blocks), Kind: doc.Cue, Text: words, Native: c})
			}
		}
	}
	return d, nil
}

type eventError string

func (e eventError) Error() string { return string(e) }

// event reads the fields of a Dialogue line, text[start:end] after "Dialogue:": the last
// field, Text, runs to the end of the line and may hold commas.
func event(text string, start, end int, fields []string) (*subtitle.Cue, error) {
	c := &subtitle.Cue{Syntax: Syntax, Break: `\N`}
	pos := start
	for n, f := range fields {
		if n == len(fields)-1 {
			lines(c, text, pos, end)
			break
		}
		i := strings.IndexByte(text[pos:end], ',')
		if i < 0 {
			return nil, eventError("Dialogue has " + strconv.Itoa(n+1) + " fields, its Format names " + strconv.Itoa(len(fields)))
		}
		v := strings.TrimSpace(text[pos : pos+i])
		switch f {
		case "start", "end":
			t, ok := parseTime(v)
			if !ok {
				return nil, eventError("malformed " + f + " time " + subtitle.Quote(v) + " (want H:MM:SS.cc)")
			}
			if f == "start" {
				c.Start = t
			} else {
				c.End = t
			}
		case "style":
			c.Settings, c.Track = v, strings.TrimLeft(v, "*")
		case "name", "actor":
			c.Voice = v
		}
		pos += i + 1
	}
	return c, nil
}

// lines cuts the Text field text[start:end] into the cue's lines at "\N" and "\n". Lines
// bitext adds always break with "\N": "\n" breaks a line only under WrapStyle 2.
func lines(c *subtitle.Cue, text string, start, end int) {
	pos := start
	for _, b := range lineBreak.FindAllStringIndex(text[start:end], -1) {
		c.Lines = append(c.Lines, Syntax.NewLine(text, pos, start+b[0]))
		pos = start + b[1]
	}
	c.Lines = append(c.Lines, Syntax.NewLine(text, pos, end))
}

// clock is an ASS time, H:MM:SS.cc; players also read one to three fraction digits.
var clock = regexp.MustCompile(`^(\d+):(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$`)

func parseTime(s string) (time.Duration, bool) {
	m := clock.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	return subtitle.Clock(m[1], m[2], m[3], m[4]), true // "04" is 40 ms: centiseconds
}

// sniff claims data whose first line (after a BOM and blank lines) is [Script Info].
func sniff(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) >= 13 && bytes.EqualFold(data[:13], []byte("[Script Info]"))
}
