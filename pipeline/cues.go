package pipeline

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/segment"
)

// maxCueRun bounds how many cues one sentence may span, so captions written without
// punctuation (automatic captions) do not become one endless segment.
const maxCueRun = 4

// cueLine is one line of a cue block with words: its text's range in Block.Text, and what
// decides whether a sentence may run on across it.
type cueLine struct {
	line       subtitle.Line
	start, end int
}

// linesOf returns the lines with words of cue block b: from its *subtitle.Cue, or, for a
// block built without one, from its text.
func linesOf(b *doc.Block) []cueLine {
	var out []cueLine
	if c, ok := b.Native.(*subtitle.Cue); ok {
		pos := 0
		for _, l := range c.Lines {
			if l.Text == "" {
				continue
			}
			out = append(out, cueLine{line: l, start: pos, end: pos + len(l.Text)})
			pos += len(l.Text) + 1
		}
		if pos-1 == len(b.Text) {
			return out
		}
		out = out[:0] // the block's text is not the cue's: go by the text
	}
	pos := 0
	for _, t := range strings.Split(b.Text, "\n") {
		if t != "" {
			out = append(out, cueLine{line: subtitle.Line{Text: t}, start: pos, end: pos + len(t)})
		}
		pos += len(t) + 1
	}
	return out
}

// cueVoice is who speaks the whole of cue block b, where its format says (an ASS actor), and
// the track it is on (an ASS style).
func cueVoice(b *doc.Block) [2]string {
	if c, ok := b.Native.(*subtitle.Cue); ok {
		return [2]string{c.Voice, c.Track}
	}
	return [2]string{}
}

// unit is a run of lines of one cue that one sentence may cover: a cue is cut at speaker
// turns, sound descriptions and, once its lines are detected, changes of language.
type unit struct {
	block       *doc.Block
	start, end  int // the range of block.Text
	first, last subtitle.Line
	lang        language.Tag
	// next is the unit of the next cue a sentence may run on into; prev says some unit runs
	// on into this one; chained, that a chain holds it already.
	next          *unit
	prev, chained bool
}

// cueUnits cuts the cue block b into units; langs, if not nil, holds the detected language
// of each of its lines with words.
func cueUnits(b *doc.Block, langs []language.Tag) []unit {
	lines := linesOf(b)
	lang := func(i int) language.Tag {
		if i < len(langs) {
			return langs[i]
		}
		return language.Und
	}
	var us []unit
	for i, l := range lines {
		if i > 0 && !subtitle.Boundary(lines[i-1].line, l.line) && !langsDiffer(us[len(us)-1].lang, lang(i)) {
			u := &us[len(us)-1]
			u.end, u.last = l.end, l.line
			if u.lang == language.Und {
				u.lang = lang(i)
			}
			continue
		}
		us = append(us, unit{block: b, start: l.start, end: l.end, first: l.line, last: l.line, lang: lang(i)})
	}
	return us
}

func langsDiffer(a, b language.Tag) bool {
	return a != language.Und && b != language.Und && !doc.SameLanguage(a, b)
}

// segmentCues splits runs of consecutive cue blocks into sentences as one text, so a sentence
// spread over several cues becomes one segment whose Parts list its piece of each cue. The
// segment is held by the block of its first part. A sentence never crosses a speaker turn, a
// change of voice or, where lineLangs gives the language of each cue's lines, a change of
// language, inside a cue or between cues. In a cue of several languages a sentence runs on
// into the next cue's lines of its own language (the French line of one cue into the French
// line of the next), not into whatever line comes next. It returns the language of the lines
// each segment was cut from (und where lineLangs does not say).
func segmentCues(d *doc.Document, lineLangs map[*doc.Block][]language.Tag) map[*doc.Segment]language.Tag {
	langs := map[*doc.Segment]language.Tag{}
	starts := map[*doc.Segment]int{}
	var cues [][]*unit // the units of each cue of a run of consecutive cue blocks
	flush := func() {
		segmentChains(cues, langs, starts)
		cues = cues[:0]
	}
	for _, b := range d.Blocks {
		if b.Kind != doc.Cue {
			flush()
			continue
		}
		b.Segments = b.Segments[:0]
		var us []*unit
		for _, u := range cueUnits(b, lineLangs[b]) {
			us = append(us, &u)
		}
		cues = append(cues, us)
	}
	flush()
	for _, b := range d.Blocks {
		if b.Kind == doc.Cue {
			slices.SortStableFunc(b.Segments, func(x, y *doc.Segment) int { return starts[x] - starts[y] })
		}
	}
	return langs
}

// segmentChains links the units of consecutive cues into chains a sentence may run along,
// at most maxCueRun cues long, and segments each chain.
func segmentChains(cues [][]*unit, langs map[*doc.Segment]language.Tag, starts map[*doc.Segment]int) {
	for i := 1; i < len(cues); i++ {
		prev, cur := cues[i-1], cues[i]
		if len(prev) == 0 || len(cur) == 0 {
			continue
		}
		// The last line of a cue runs on into the first of the next,
		link(prev[len(prev)-1], cur[0])
		// and a language's last lines in a cue into its first lines in the next.
		for k, u := range prev {
			if u.lang == language.Und || u.next != nil || slices.ContainsFunc(prev[k+1:], func(x *unit) bool { return sameLang(x, u) }) {
				continue
			}
			if v := slices.IndexFunc(cur, func(x *unit) bool { return sameLang(x, u) }); v >= 0 {
				link(u, cur[v])
			}
		}
	}
	for _, us := range cues {
		for _, u := range us {
			if u.chained {
				continue
			}
			chain := []*unit{u}
			u.chained = true
			for c := u.next; c != nil && !c.chained && len(chain) < maxCueRun; c = c.next {
				c.chained = true
				chain = append(chain, c)
			}
			segmentUnits(chain, langs, starts)
		}
	}
}

func sameLang(a, b *unit) bool { return a.lang != language.Und && doc.SameLanguage(a.lang, b.lang) }

// link makes next the unit a sentence of prev runs on into, when the two allow it and neither
// is linked that way already.
func link(prev, next *unit) {
	if prev.next != nil || next.prev || !joins(prev, next) {
		return
	}
	prev.next, next.prev = next, true
}

// joins reports whether a sentence may run on from unit prev into unit next, of the next cue:
// the same speaker and track, no change of language, no boundary between their lines.
func joins(prev, next *unit) bool {
	if cueVoice(prev.block) != cueVoice(next.block) || langsDiffer(prev.lang, next.lang) {
		return false
	}
	return !subtitle.Boundary(prev.last, next.first)
}

// cuesJoin reports whether a sentence may run on from cue text prev into cue text next: the
// rule segmentCues applies between the last line of a cue and the first of the next.
func cuesJoin(prev, next string) bool {
	lp, ln := strings.Split(strings.TrimSpace(prev), "\n"), strings.Split(strings.TrimSpace(next), "\n")
	return !subtitle.Boundary(subtitle.Line{Text: lp[len(lp)-1]}, subtitle.Line{Text: ln[0]})
}

// segmentUnits splits the joined text of us, a run of units a sentence may cross, into
// segments, recording in langs the language of the units each comes from and in starts where
// it starts in its block's text.
func segmentUnits(us []*unit, langs map[*doc.Segment]language.Tag, starts map[*doc.Segment]int) {
	if len(us) == 0 {
		return
	}
	var sb strings.Builder
	offs := make([]int, len(us))
	for k, u := range us {
		if k > 0 {
			sb.WriteByte(' ')
		}
		offs[k] = sb.Len()
		sb.WriteString(u.block.Text[u.start:u.end])
	}
	joined := sb.String()
	for _, sp := range segment.Sentences(joined) {
		var (
			parts []doc.Part
			owner *doc.Block
			lang  = language.Und
		)
		for k, u := range us {
			n := u.end - u.start
			start, end := max(sp.Start, offs[k]), min(sp.End, offs[k]+n)
			if start >= end {
				continue
			}
			start, end = trimSpan(u.block.Text, start-offs[k]+u.start, end-offs[k]+u.start)
			if start < end {
				if owner == nil {
					owner = u.block
				}
				if lang == language.Und {
					lang = u.lang
				}
				parts = append(parts, doc.Part{Block: u.block.Index, Start: start, End: end})
			}
		}
		if len(parts) == 0 {
			continue
		}
		s := &doc.Segment{Block: owner.Index, Text: owner.Text[parts[0].Start:parts[0].End]}
		if len(parts) > 1 {
			s.Text, s.Parts = partsText(us, parts), parts
		}
		owner.Segments = append(owner.Segments, s)
		langs[s], starts[s] = lang, parts[0].Start
	}
}

// partsText is the text of a segment over parts: the parts' texts joined by spaces.
func partsText(us []*unit, parts []doc.Part) string {
	texts := make([]string, len(parts))
	for n, p := range parts {
		for _, u := range us {
			if u.block.Index == p.Block {
				texts[n] = u.block.Text[p.Start:p.End]
				break
			}
		}
	}
	return strings.Join(texts, " ")
}

// trimSpan narrows [start,end) of s to leave out surrounding whitespace.
func trimSpan(s string, start, end int) (int, int) {
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return start, end
}

// subParts returns the parts of the range [a, b) of segment s's text, which spans cues: s.Text
// is its parts' texts joined by single spaces. One part means the range lies in one cue.
func subParts(d *doc.Document, s *doc.Segment, a, b int) []doc.Part {
	var out []doc.Part
	o := 0
	for _, p := range s.Parts {
		n := p.End - p.Start
		start, end := max(a, o), min(b, o+n)
		if start < end {
			bt := d.Blocks[p.Block].Text
			ps, pe := trimSpan(bt, p.Start+start-o, p.Start+end-o)
			if ps < pe {
				out = append(out, doc.Part{Block: p.Block, Start: ps, End: pe})
			}
		}
		o += n + 1
	}
	return out
}

// setParts gives s the parts of a range of a cue-spanning segment: several stay Parts, one
// makes s a segment of that cue alone.
func setParts(d *doc.Document, s *doc.Segment, parts []doc.Part) {
	switch len(parts) {
	case 0:
	case 1:
		p := parts[0]
		s.Block, s.Text, s.Parts = p.Block, d.Blocks[p.Block].Text[p.Start:p.End], nil
	default:
		texts := make([]string, len(parts))
		for n, p := range parts {
			texts[n] = d.Blocks[p.Block].Text[p.Start:p.End]
		}
		s.Block, s.Text, s.Parts = parts[0].Block, strings.Join(texts, " "), parts
	}
}
