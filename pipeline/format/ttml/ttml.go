package ttml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
)

// Reader is the registration record for TTML (Timed Text Markup Language 1 and 2), its
// profiles IMSC and SMPTE-TT, and DFXP, TTML's first name. Files ending .xml are TTML as
// often as not, but as often something else: those are read as TTML when named directly and
// their content says so, and a directory walk does not take them.
var Reader = format.Reader{
	Name:       "ttml",
	Extensions: []string{".ttml", ".dfxp"},
	Sniff:      sniff,
	Read:       Read,
	Merge:      subtitle.Merge,
	OutputName: subtitle.OutputName,
}

// tag is markup in a <p>: an element tag, attributes quoted (a ">" may sit in a value), or a
// comment.
var tag = regexp.MustCompile(`<!--[\s\S]*?-->|<(?:[^<>"']|"[^"]*"|'[^']*')*>`)

// element is an element tag: its closing slash, its qualified name, and a self-closing slash.
var element = regexp.MustCompile(`^<(/?)([A-Za-z_][\w.:-]*)[\s\S]*?(/?)>$`)

// agent is the ttm:agent attribute, who speaks.
var agent = regexp.MustCompile(`\bttm:agent\s*=\s*["']([^"']*)["']`)

// hidden are the elements whose content is not words shown (metadata, animation).
var hidden = map[string]bool{"metadata": true, "set": true, "animate": true}

func local(name string) string {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// Syntax is how TTML text is written: elements inside a <p> (span, and what IMSC allows) are
// paired markup; metadata inside is not words; text is XML-escaped.
var Syntax = &subtitle.Syntax{
	Tag: tag,
	Classify: func(t string) (subtitle.TagKind, string) {
		m := element.FindStringSubmatch(t)
		switch {
		case m == nil:
			return subtitle.TagVoid, "" // a comment
		case m[1] == "/":
			return subtitle.TagClose, m[2]
		case m[3] == "/":
			return subtitle.TagVoid, m[2]
		}
		return subtitle.TagOpen, m[2]
	},
	Voice: func(t string) string {
		if m := agent.FindStringSubmatch(t); m != nil {
			return m[1]
		}
		return ""
	},
	Markup: func(t string) int {
		m := element.FindStringSubmatch(t)
		if m == nil || !hidden[local(m[2])] || m[3] == "/" {
			return 0
		}
		if m[1] == "/" {
			return -1
		}
		return 1
	},
	Unescape: html.UnescapeString,
	Escape:   strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace,
}

// clock is a clock-time: hours:minutes:seconds, then a fraction or frames and sub-frames.
var clock = regexp.MustCompile(`^(\d{2,}):(\d{2}):(\d{2}(?:\.\d+)?)(?::(\d{2,})(?:\.(\d+))?)?$`)

// offset is an offset-time: a count, a fraction, and a metric.
var offset = regexp.MustCompile(`^(\d+(?:\.\d+)?)(h|ms|m|s|f|t)$`)

// timing holds the document's ttp: parameters that time expressions depend on (TTML2 §7.2).
type timing struct {
	frameRate, subFrameRate, tickRate float64
}

func (tm timing) parse(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	sec := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	if m := clock.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		se, _ := strconv.ParseFloat(m[3], 64)
		t := float64(h*3600+mi*60) + se
		if m[4] != "" {
			fr, _ := strconv.ParseFloat(m[4], 64)
			sub := 0.0
			if m[5] != "" {
				sub, _ = strconv.ParseFloat(m[5], 64)
			}
			t += (fr + sub/tm.subFrameRate) / tm.frameRate
		}
		return sec(t), nil
	}
	if m := offset.FindStringSubmatch(s); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		switch m[2] {
		case "h":
			v *= 3600
		case "m":
			v *= 60
		case "ms":
			v /= 1000
		case "f":
			v /= tm.frameRate
		case "t":
			v /= tm.tickRate
		}
		return sec(v), nil
	}
	return 0, fmt.Errorf("malformed time expression %s (want hh:mm:ss.fff, hh:mm:ss:ff or a number with h, m, s, ms, f or t)", subtitle.Quote(s))
}

// params reads the root's ttp: parameters: a frame rate (30 by default) times its
// multiplier ("1000 1001"), a sub-frame rate, a tick rate (the effective frame rate times the
// sub-frame rate when the frame rate is given, else 1).
func params(attrs []xml.Attr) timing {
	tm := timing{frameRate: 30, subFrameRate: 1, tickRate: 1}
	frameRateSet, tickSet := false, false
	mult := 1.0
	for _, a := range attrs {
		v := strings.TrimSpace(a.Value)
		switch a.Name.Local {
		case "frameRate":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
				tm.frameRate, frameRateSet = f, true
			}
		case "frameRateMultiplier":
			num, den, _ := strings.Cut(strings.ReplaceAll(v, ":", " "), " ")
			n, e1 := strconv.ParseFloat(num, 64)
			dd, e2 := strconv.ParseFloat(strings.TrimSpace(den), 64)
			if e1 == nil && e2 == nil && n > 0 && dd > 0 {
				mult = n / dd
			}
		case "subFrameRate":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
				tm.subFrameRate = f
			}
		case "tickRate":
			if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
				tm.tickRate, tickSet = f, true
			}
		}
	}
	tm.frameRate *= mult
	if !tickSet && frameRateSet {
		tm.tickRate = tm.frameRate * tm.subFrameRate
	}
	return tm
}

// frame is an element open while reading: its absolute timing and what its children inherit.
type frame struct {
	local       string
	begin, end  time.Duration
	hasEnd      bool
	region, who string
}

// para is the <p> being read.
type para struct {
	c            *subtitle.Cue
	contentStart int
	brs          [][2]int
	inBr         int // the start of the <br> element open, -1 outside one
}

// Read parses a TTML document: every <p> inside <body> with words becomes a cue block; its
// content is cut into lines at <br/> elements (at any depth); its timing is its begin, end and
// dur resolved against its ancestors' (parallel time containers, TTML's default); its
// xml:id, region and ttm:agent are the cue's ID, track and voice. name is used in errors only.
func Read(name string, in format.Input) (*doc.Document, error) {
	text := in.Text
	d := &doc.Document{Source: name, Format: "ttml", Input: in.Raw}
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = true
	// Decode made the input UTF-8 already, whatever its declaration says.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		stack []frame
		tm    timing
		p     *para
		depth format.Depth // hostile nesting is refused, as every reader does
	)
	fail := func(off int, err error) error {
		return &subtitle.ParseError{Line: subtitle.LineOf(text, off), Msg: err.Error()}
	}
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &subtitle.ParseError{Line: se.Line, Msg: "malformed XML: " + se.Msg}
			}
			return nil, fail(off, fmt.Errorf("malformed XML: %w", err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := depth.Enter(name, subtitle.LineOf(text, off), "elements"); err != nil {
				return nil, err
			}
			if len(stack) == 0 {
				if t.Name.Local != "tt" {
					return nil, fail(off, fmt.Errorf("not TTML: the root element is <%s>, not <tt>", t.Name.Local))
				}
				tm = params(t.Attr)
			}
			f, err := child(stack, t, tm)
			if err != nil {
				return nil, fail(off, err)
			}
			switch {
			case t.Name.Local == "p" && p == nil && inBody(stack):
				c := &subtitle.Cue{Syntax: Syntax, Start: f.begin, Line: subtitle.LineOf(text, off),
					Track: f.region, Settings: f.region, Voice: f.who}
				if f.hasEnd {
					c.End = f.end
				}
				for _, a := range t.Attr {
					if a.Name.Local == "id" && a.Name.Space == "http://www.w3.org/XML/1998/namespace" {
						c.ID = a.Value
					}
				}
				prefix := ""
				if m := element.FindStringSubmatch(text[off:dec.InputOffset()]); m != nil && strings.Contains(m[2], ":") {
					prefix = m[2][:strings.IndexByte(m[2], ':')+1]
				}
				c.Break = "<" + prefix + "br/>"
				p = &para{c: c, contentStart: int(dec.InputOffset()), inBr: -1}
			case t.Name.Local == "br" && p != nil:
				p.inBr = off
			}
			stack = append(stack, f)
		case xml.EndElement:
			depth.Leave()
			stack = stack[:len(stack)-1]
			switch {
			case t.Name.Local == "br" && p != nil && p.inBr >= 0:
				p.brs = append(p.brs, [2]int{p.inBr, int(dec.InputOffset())})
				p.inBr = -1
			case t.Name.Local == "p" && p != nil:
				addCue(d, text, p, off)
				p = nil
			}
		}
	}
	if len(stack) > 0 || dec.InputOffset() == 0 {
		return nil, &subtitle.ParseError{Line: subtitle.LineOf(text, len(text)), Msg: "malformed XML: the document ends inside an element, or holds none"}
	}
	return d, nil
}

func inBody(stack []frame) bool {
	for _, f := range stack {
		if f.local == "body" {
			return true
		}
	}
	return false
}

// child resolves the timing of element t under the open elements: begin is relative to the
// parent's begin, end to it too, dur to the element's own begin; without end or dur the
// element ends with its parent. Region and agent are inherited.
func child(stack []frame, t xml.StartElement, tm timing) (frame, error) {
	f := frame{local: t.Name.Local}
	if n := len(stack); n > 0 {
		par := stack[n-1]
		f.begin, f.end, f.hasEnd, f.region, f.who = par.begin, par.end, par.hasEnd, par.region, par.who
	}
	base := f.begin
	var dur *time.Duration
	for _, a := range t.Attr {
		if a.Name.Space != "" && a.Name.Local != "agent" {
			continue
		}
		switch a.Name.Local {
		case "begin", "end", "dur":
			v, err := tm.parse(a.Value)
			if err != nil {
				return f, fmt.Errorf("%s=%q: %w", a.Name.Local, a.Value, err)
			}
			switch a.Name.Local {
			case "begin":
				f.begin = base + v
			case "end":
				f.end, f.hasEnd = base+v, true
			default:
				dur = &v
			}
		case "region":
			f.region = a.Value
		case "agent":
			f.who = a.Value
		}
	}
	if dur != nil {
		if e := f.begin + *dur; !f.hasEnd || e < f.end {
			f.end, f.hasEnd = e, true
		}
	}
	return f, nil
}

// addCue cuts the content of p, text[p.contentStart:end], into lines at its <br> elements and
// adds the cue to d when it has words.
func addCue(d *doc.Document, text string, p *para, end int) {
	pos := p.contentStart
	for _, br := range p.brs {
		p.c.Lines = append(p.c.Lines, Syntax.NewLine(text, pos, br[0]))
		pos = br[1]
	}
	p.c.Lines = append(p.c.Lines, Syntax.NewLine(text, pos, end))
	p.c.InheritVoices()
	for i := range p.c.Lines {
		if p.c.Lines[i].Voice == "" {
			p.c.Lines[i].Voice = p.c.Voice
		}
	}
	if words := p.c.Text(); words != "" {
		d.Blocks = append(d.Blocks, &doc.Block{Index: len(d.Blocks), Kind: doc.Cue, Text: words, Native: p.c})
	}
}

// root is how a TTML document opens: an XML declaration, comments and a doctype, then <tt>
// with or without a prefix.
var root = regexp.MustCompile(`^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<(?:[A-Za-z_][\w.-]*:)?tt[\s>/]`)

// sniff claims data that opens with a <tt> root element.
func sniff(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if len(data) > 4096 {
		data = data[:4096]
	}
	return root.Match(data)
}
