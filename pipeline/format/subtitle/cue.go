package subtitle

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/format/inline"
)

// Cue is one subtitle cue: what Block.Native holds for a cue block of every subtitle format
// (SRT, WebVTT, and the ASS and TTML readers, which build it too), so that segmenting cues,
// merging translations back and checking how they fit work the same for all of them.
type Cue struct {
	// ID is the cue's identifier (the SRT sequence number, a WebVTT cue identifier, a TTML
	// xml:id), "" when it has none.
	ID string
	// Start and End are the cue's timing.
	Start, End time.Duration
	// Settings is what follows the end time on the timing line (VTT cue settings, SRT
	// coordinates), as written; the ASS style name; empty where the format has neither.
	Settings string
	// Line is the 1-based line number where the cue starts (its timing line, its Dialogue
	// line, its <p> element).
	Line int
	// Voice is who speaks the whole cue where the format says so (an ASS event's Name field,
	// a TTML ttm:agent); a line's own voice (WebVTT <v Name>) is Line.Voice.
	Voice string
	// Track is the stream of cues this one belongs to where the format has several (an ASS
	// style: dialogue, signs, songs; a TTML region): a sentence does not run on from one
	// track into another.
	Track string
	// Lines are the payload lines, in order.
	Lines []Line
	// Break is what merged output writes between lines it adds: the file's line end (SRT,
	// WebVTT), `\N` (ASS), a <br/> element (TTML).
	Break string
	// Syntax is how the cue's text is written.
	Syntax *Syntax
	// Wrap, if positive, makes replace-mode merged output lay the cue's translated text out
	// on Wrap lines of balanced length, instead of in proportion to the source lines (the
	// subtitle fit check sets it where that makes the lines fit).
	Wrap int
}

// Line is one payload line of a cue. Start and End are its content in the decoded input
// text, without the line break that ends it (a line end, `\N`, a <br/> element).
type Line struct {
	Start, End int
	// Prefix and Suffix are the markup and blanks that open and close the line; they stay
	// with the line when its words are replaced.
	Prefix, Suffix string
	// Text is the line's words: tags removed, entities decoded, blanks collapsed.
	Text string
	// Voice is the speaker the line's markup names (<v Roger>), or the one it inherits from
	// the line before in the cue; "" when none is named.
	Voice string
	// voiceTag names the element that set Voice ("v"), so its end tag ends the voice.
	voiceTag string
	// toks are the line's tags in order: the prefix's, the interior ones (at their offset
	// in Text), the suffix's.
	toks []tagTok
}

// TagKind says how a tag pairs.
type TagKind int

// Tag kinds.
const (
	// TagVoid is markup that opens nothing (a WebVTT timestamp, an ASS override block).
	TagVoid TagKind = iota
	// TagOpen opens an element (<i>, <span style="s1">).
	TagOpen
	// TagClose closes the element of its name.
	TagClose
)

// Where a tag sits in its line.
const (
	inPrefix = iota
	inBody
	inSuffix
)

// tagTok is one tag of a line.
type tagTok struct {
	raw   string
	kind  TagKind
	name  string
	where int
	pos   int // offset in Line.Text, for inBody
}

// Syntax is how one subtitle format writes cue text: its inline markup, its entities and
// what merged output must escape.
type Syntax struct {
	// Tag matches one piece of inline markup.
	Tag *regexp.Regexp
	// Classify says how a tag matched by Tag pairs, and names it ("i", "span"; names pair
	// opening and closing tags). A void tag named "" is not styling and is never copied
	// onto a bilingual line (a WebVTT timestamp).
	Classify func(tag string) (TagKind, string)
	// Voice returns the speaker a tag names ("<v Roger>" → "Roger"), or "".
	Voice func(tag string) string
	// Markup, if set, reports text after a tag that is markup too until another tag says
	// otherwise (ASS drawing mode, {\p1}…{\p0}): +1 starts it, -1 ends it, 0 changes nothing.
	Markup func(tag string) int
	// Unescape decodes the text between tags.
	Unescape func(string) string
	// Escape writes a translation's plain text so that the format reads it back as that text.
	Escape func(string) string
}

// NewLine splits input[start:end], one payload line, into its edge markup, its words and the
// tags between them.
func (syn *Syntax) NewLine(input string, start, end int) Line {
	s := input[start:end]
	type tok struct {
		tag      bool
		raw      string
		markup   bool // text that is markup (drawing commands)
		kind     TagKind
		name     string
		boundary bool
	}
	var toks []tok
	mode := 0
	pos := 0
	addText := func(t string) {
		if t == "" {
			return
		}
		toks = append(toks, tok{raw: t, markup: mode > 0})
	}
	for _, m := range syn.tagIndexes(s) {
		addText(s[pos:m[0]])
		raw := s[m[0]:m[1]]
		k, name := syn.Classify(raw)
		toks = append(toks, tok{tag: true, raw: raw, kind: k, name: name})
		if syn.Markup != nil {
			switch syn.Markup(raw) {
			case 1:
				mode = 1
			case -1:
				mode = 0
			}
		}
		pos = m[1]
	}
	addText(s[pos:])
	edge := func(t tok) bool { return t.tag || t.markup || strings.TrimSpace(t.raw) == "" }
	lo, hi := 0, len(toks)
	for lo < hi && edge(toks[lo]) {
		lo++
	}
	for hi > lo && edge(toks[hi-1]) {
		hi--
	}
	l := Line{Start: start, End: end}
	var prefix, suffix strings.Builder
	for _, t := range toks[:lo] {
		prefix.WriteString(t.raw)
		if t.tag {
			l.toks = append(l.toks, tagTok{raw: t.raw, kind: t.kind, name: t.name, where: inPrefix})
		}
	}
	var tail []tagTok
	for _, t := range toks[hi:] {
		suffix.WriteString(t.raw)
		if t.tag {
			tail = append(tail, tagTok{raw: t.raw, kind: t.kind, name: t.name, where: inSuffix})
		}
	}
	// Blanks at the edges of the first and last words belong to the edges too.
	if lo < hi {
		first := toks[lo].raw
		trimmed := strings.TrimLeftFunc(first, unicode.IsSpace)
		prefix.WriteString(first[:len(first)-len(trimmed)])
		toks[lo].raw = trimmed
		last := toks[hi-1].raw
		trimmed = strings.TrimRightFunc(last, unicode.IsSpace)
		suffix.Reset()
		suffix.WriteString(last[len(trimmed):])
		toks[hi-1].raw = trimmed
		for _, t := range toks[hi:] {
			suffix.WriteString(t.raw)
		}
	}
	l.Prefix, l.Suffix = prefix.String(), suffix.String()
	// The words: text between the tags, decoded, blanks collapsed; each interior tag at the
	// offset of the word it comes before.
	var text strings.Builder
	space := false
	var pending []tagTok // tags met after a blank, placed once the next word shows where
	for _, t := range toks[lo:hi] {
		if t.tag || t.markup {
			tt := tagTok{raw: t.raw, kind: t.kind, name: t.name, where: inBody, pos: text.Len()}
			if t.markup {
				tt.kind, tt.name = TagVoid, "markup"
			}
			if space {
				pending = append(pending, tt)
			} else {
				l.toks = append(l.toks, tt)
			}
			continue
		}
		for _, r := range syn.Unescape(t.raw) {
			if unicode.IsSpace(r) {
				space = text.Len() > 0
				continue
			}
			if space {
				text.WriteByte(' ')
				space = false
			}
			for _, p := range pending {
				p.pos = text.Len()
				l.toks = append(l.toks, p)
			}
			pending = pending[:0]
			text.WriteRune(r)
		}
	}
	for _, p := range pending {
		p.pos = text.Len()
		l.toks = append(l.toks, p)
	}
	l.toks = append(l.toks, tail...)
	l.Text = text.String()
	if syn.Voice != nil {
		for _, t := range l.toks {
			if v := syn.Voice(t.raw); v != "" {
				l.Voice, l.voiceTag = v, t.name
				break
			}
		}
	}
	return l
}

// closesVoice reports whether the line closes the voice span it opened or inherited.
func (l *Line) closesVoice() bool {
	for _, t := range l.toks {
		if t.kind == TagClose && t.name == l.voiceTag {
			return true
		}
	}
	return false
}

// InheritVoices gives each line without a voice of its own the voice of the line before it,
// unless that line closed it: a WebVTT voice span runs to its end tag or the end of the cue.
func (c *Cue) InheritVoices() {
	for i := 1; i < len(c.Lines); i++ {
		prev := &c.Lines[i-1]
		if c.Lines[i].Voice == "" && prev.Voice != "" && !prev.closesVoice() {
			c.Lines[i].Voice, c.Lines[i].voiceTag = prev.Voice, prev.voiceTag
		}
	}
}

// Text returns the cue's words as Block.Text holds them: the lines with words, one per line.
func (c *Cue) Text() string {
	var texts []string
	for _, l := range c.Lines {
		if l.Text != "" {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// Timing implements format.Timed.
func (c *Cue) Timing() (start, end time.Duration) { return c.Start, c.End }

// offsets returns each line's offset in the cue's Text, -1 for a line without words.
func (c *Cue) offsets() []int {
	offs := make([]int, len(c.Lines))
	pos := 0
	for i, l := range c.Lines {
		if l.Text == "" {
			offs[i] = -1
			continue
		}
		offs[i] = pos
		pos += len(l.Text) + 1
	}
	return offs
}

// LineAt returns the index in Lines of the line holding offset pos of the cue's Text, -1 if
// none does.
func (c *Cue) LineAt(pos int) int {
	n := -1
	for i, o := range c.offsets() {
		if o >= 0 && o <= pos {
			n = i
		}
	}
	return n
}

// owns reports whether a tag at absolute offset p of the cue's Text belongs to the range
// [start, end): tags inside it, an opening tag at its start, a closing tag at its end.
func owns(t tagTok, p, start, end int) bool {
	switch {
	case p > start && p < end:
		return true
	case p == start:
		return t.kind != TagClose
	case p == end:
		return t.kind == TagClose
	}
	return false
}

// rawTag is the source bytes a placeholder stands for: an element's opening and closing tag,
// or one tag.
type rawTag struct{ open, close string }

// parts returns the cue Text's range [start, end) in placeholder form, with the source
// bytes of each placeholder (index id-1), and whether any tag lies inside.
func (c *Cue) parts(start, end int) ([]inline.Part, []rawTag) {
	var (
		parts []inline.Part
		raws  []rawTag
	)
	addText := func(s string) {
		if s == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Kind == inline.Text {
			parts[n-1].Text += s
			return
		}
		parts = append(parts, inline.Part{Kind: inline.Text, Text: s})
	}
	type open struct{ part, raw int }
	var stack []open
	names := map[int]string{}
	for i, o := range c.offsets() {
		if o < 0 || o+len(c.Lines[i].Text) < start || o > end {
			continue
		}
		l := c.Lines[i]
		ls, le := max(start-o, 0), min(end-o, len(l.Text))
		if o > start && len(parts) > 0 {
			addText(" ")
		}
		pos := ls
		for _, t := range l.toks {
			if t.where != inBody || !owns(t, o+t.pos, start, end) {
				continue
			}
			addText(l.Text[pos:t.pos])
			pos = t.pos
			switch t.kind {
			case TagOpen:
				raws = append(raws, rawTag{open: t.raw})
				names[len(raws)] = t.name
				parts = append(parts, inline.Part{Kind: inline.Begin, ID: len(raws)})
				stack = append(stack, open{len(parts) - 1, len(raws)})
			case TagClose:
				if k := len(stack) - 1; k >= 0 && names[stack[k].raw] == t.name {
					// An element opened and closed inside the range: <g>…</g>. Only the
					// innermost open element pairs, so pairs always nest.
					parts[stack[k].part].Kind = inline.Open
					raws[stack[k].raw-1].close = t.raw
					parts = append(parts, inline.Part{Kind: inline.Close, ID: stack[k].raw})
					stack = stack[:k]
				} else {
					raws = append(raws, rawTag{open: t.raw})
					parts = append(parts, inline.Part{Kind: inline.End, ID: len(raws)})
				}
			default:
				raws = append(raws, rawTag{open: t.raw})
				parts = append(parts, inline.Part{Kind: inline.Void, ID: len(raws)})
			}
		}
		addText(l.Text[pos:le])
	}
	// A closing tag without its opening tag inside a pair (<b></i></b>) would put an <ex>
	// inside a <g>, which inline.Check refuses: send every tag of such a range as bx/ex.
	if err := inline.Check(parts, parts); err != nil {
		for i := range parts {
			switch parts[i].Kind {
			case inline.Open:
				parts[i].Kind = inline.Begin
			case inline.Close:
				parts[i].Kind = inline.End
				raws = append(raws, rawTag{open: raws[parts[i].ID-1].close})
				parts[i].ID = len(raws)
			}
		}
	}
	return parts, raws
}

// Markup implements inline.Marked: the cue Text's range [start, end) with the tags inside
// it as placeholders, so a backend keeps them and merged output puts them back.
func (c *Cue) Markup(start, end int) (string, bool) {
	if start < 0 || end > len(c.Text()) || start >= end {
		return "", false
	}
	parts, raws := c.parts(start, end)
	if len(raws) == 0 {
		return "", false
	}
	return inline.Encode(parts), true
}

// render writes a translation of the cue Text's range [start, end) with the source's tags in
// place of its placeholders; without usable placeholders, the plain text escaped.
func (c *Cue) render(plain, markup string, start, end int) string {
	esc := c.Syntax.Escape
	if markup == "" {
		return esc(plain)
	}
	sent, raws := c.parts(start, end)
	got, err := inline.Parse(markup)
	if err != nil || len(raws) == 0 || inline.Check(sent, got) != nil {
		return esc(plain)
	}
	var sb strings.Builder
	for _, p := range got {
		switch {
		case p.Kind == inline.Text:
			sb.WriteString(esc(p.Text))
		case p.ID < 1 || p.ID > len(raws):
		case p.Kind == inline.Close:
			sb.WriteString(raws[p.ID-1].close)
		default:
			sb.WriteString(raws[p.ID-1].open)
		}
	}
	return strings.TrimSpace(sb.String())
}

// ParseError is a malformed subtitle file; the pipeline adds the file name.
type ParseError struct {
	// Line is 1-based.
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// LineOf returns the 1-based line number of byte offset off of s.
func LineOf(s string, off int) int {
	return strings.Count(s[:min(max(off, 0), len(s))], "\n") + 1
}

// Quote quotes s for an error message, cut to 40 bytes.
func Quote(s string) string {
	if len(s) > 40 {
		i := 40
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "…"
	}
	return fmt.Sprintf("%q", s)
}
