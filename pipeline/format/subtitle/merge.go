package subtitle

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// MergeSRT writes d, read by ReadSRT, back with its translations; see Merge.
func MergeSRT(w io.Writer, d *doc.Document, mode format.MergeMode) error { return Merge(w, d, mode) }

// MergeVTT writes d, read by ReadVTT, back with its translations; see Merge.
func MergeVTT(w io.Writer, d *doc.Document, mode format.MergeMode) error { return Merge(w, d, mode) }

// Merge writes d back with its translations, for any format whose cue blocks hold a *Cue:
// byte for byte, except the payload lines of cues that received translations of origin mt,
// tm or human, which are rewritten (replace) or get translation lines (bilingual); see the
// package comment.
func Merge(w io.Writer, d *doc.Document, mode format.MergeMode) error {
	in, err := format.Decode(d.Input)
	if err != nil {
		return fmt.Errorf("merge %s: %w", d.Format, err)
	}
	text := in.Text
	es, err := edits(d, text, mode)
	if err != nil {
		return err
	}
	var out strings.Builder
	pos := 0
	for _, e := range es {
		if e.start < pos || e.end > len(text) {
			continue
		}
		out.WriteString(text[pos:e.start])
		out.WriteString(e.s)
		pos = e.end
	}
	out.WriteString(text[pos:])
	if _, err := w.Write(format.Encode(in, out.String())); err != nil {
		return fmt.Errorf("write merged %s: %w", d.Format, err)
	}
	return nil
}

// edit replaces text[start:end] with s.
type edit struct {
	start, end int
	s          string
}

func edits(d *doc.Document, text string, mode format.MergeMode) ([]edit, error) {
	placed, err := place(d)
	if err != nil {
		return nil, err
	}
	var es []edit
	for _, b := range d.Blocks {
		c, ok := b.Native.(*Cue)
		spans := placed[b.Index]
		if !ok || len(c.Lines) == 0 || !anyWritten(spans) {
			continue
		}
		if mode == format.MergeReplace {
			lines, from := c.replaced(spans, text)
			if lines == nil {
				continue
			}
			es = append(es, edit{c.Lines[0].Start, c.Lines[len(c.Lines)-1].End, c.join(text, lines, from)})
			continue
		}
		es = append(es, c.bilingual(spans)...)
	}
	slices.SortStableFunc(es, func(a, b edit) int { return a.start - b.start })
	return es, nil
}

// join writes lines, which stand where the lines of c numbered from stood, with the line
// breaks that followed those lines in text; a line with no such break gets c.Break.
func (c *Cue) join(text string, lines []string, from []int) string {
	var sb strings.Builder
	for i, l := range lines {
		if i > 0 {
			if k := from[i-1]; k+1 < len(c.Lines) {
				sb.WriteString(text[c.Lines[k].End:c.Lines[k+1].Start])
			} else {
				sb.WriteString(c.Break)
			}
		}
		sb.WriteString(l)
	}
	return sb.String()
}

// span is where a segment, or one part of a segment that spans cues, lies in a cue's Text.
type span struct {
	seg        *doc.Segment
	block      int
	start, end int
	// repl is the share of the segment's translation that goes in this span, written in the
	// cue's syntax; written says the segment has a translation merged output writes.
	repl    string
	written bool
}

func anyWritten(spans []*span) bool {
	for _, s := range spans {
		if s.written && s.repl != "" {
			return true
		}
	}
	return false
}

// place finds, for every cue block, where each segment lies in its Text, in order, and which
// share of a written translation goes there. A segment that spans cues lies where its Parts
// say, so a translation only ever goes into cues that hold part of its source. A segment
// without Parts is found in its own block's Text; failing that (a segment a later stage cut
// from a cue-spanning one without keeping its Parts), in the blocks' texts joined by spaces,
// the text the segment stage cut it from.
func place(d *doc.Document) (map[int][]*span, error) {
	out := map[int][]*span{}
	add := func(s *doc.Segment, ss []*span) {
		shareOut(d, s, ss)
		for _, sp := range ss {
			out[sp.block] = append(out[sp.block], sp)
		}
	}
	// Segments over several cues first: their Parts say where they lie, and the segments of
	// a cue's own are then found in what they leave (a dual-language cue's second line may
	// continue the sentence of the cue before while its first line starts one).
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			if len(s.Parts) == 0 {
				continue
			}
			var ss []*span
			for _, p := range s.Parts {
				if p.Block < 0 || p.Block >= len(d.Blocks) || p.Start < 0 || p.Start >= p.End || p.End > len(d.Blocks[p.Block].Text) {
					return nil, fmt.Errorf("merge %s: segment %q has a part outside its cue (block %d)", d.Format, s.Text, p.Block)
				}
				ss = append(ss, &span{seg: s, block: p.Block, start: p.Start, end: p.End})
			}
			add(s, ss)
		}
	}
	// taken reports the end of a span of block k overlapping [start, end), or -1.
	taken := func(k, start, end int) int {
		for _, sp := range out[k] {
			if sp.start < end && sp.end > start {
				return sp.end
			}
		}
		return -1
	}
	var offs []int // each block's offset in the joined text, computed when first needed
	joined := ""
	for _, b := range d.Blocks {
		cursor := 0
		for _, s := range b.Segments {
			if len(s.Parts) > 0 || s.Text == "" {
				continue
			}
			var ss []*span
			for from := cursor; from <= len(b.Text); {
				i := strings.Index(b.Text[from:], s.Text)
				if i < 0 {
					break
				}
				start, end := from+i, from+i+len(s.Text)
				if e := taken(b.Index, start, end); e >= 0 {
					from = max(e, start+1)
					continue
				}
				ss = []*span{{seg: s, block: b.Index, start: start, end: end}}
				break
			}
			if ss == nil {
				if offs == nil {
					offs, joined = joinBlocks(d)
				}
				if i := strings.Index(joined[offs[b.Index]+cursor:], s.Text); i >= 0 {
					start := offs[b.Index] + cursor + i
					end := start + len(s.Text)
					for k := b.Index; k < len(d.Blocks) && offs[k] < end; k++ {
						ps, pe := max(start, offs[k])-offs[k], min(end, offs[k]+len(d.Blocks[k].Text))-offs[k]
						if ps < pe {
							ss = append(ss, &span{seg: s, block: k, start: ps, end: pe})
						}
					}
				}
			}
			if len(ss) == 0 {
				return nil, fmt.Errorf("merge %s: segment %q is not in its cue (block %d)", d.Format, s.Text, b.Index)
			}
			if ss[0].block == b.Index {
				cursor = ss[0].end
			}
			add(s, ss)
		}
	}
	for _, ss := range out {
		slices.SortStableFunc(ss, func(a, b *span) int { return a.start - b.start })
	}
	return out, nil
}

// Range is where a segment, or one part of a segment that spans cues, lies in a cue block's
// text: [Start, End) of Block.Text.
type Range struct {
	Segment    *doc.Segment
	Start, End int
}

// Ranges returns, by block index, where the segments of d lie in the text of each cue block,
// in order: what merged output and the fit check place translations by.
func Ranges(d *doc.Document) (map[int][]Range, error) {
	placed, err := place(d)
	if err != nil {
		return nil, err
	}
	out := map[int][]Range{}
	for k, ss := range placed {
		for _, sp := range ss {
			out[k] = append(out[k], Range{sp.seg, sp.start, sp.end})
		}
	}
	return out, nil
}

// shareOut splits a written translation of s over its spans, in proportion to the length of
// the source in each, at word boundaries; a translation within one span keeps its inline
// markup.
func shareOut(d *doc.Document, s *doc.Segment, ss []*span) {
	t := s.Translation
	if t == nil || !t.Origin.Written() {
		return
	}
	if len(ss) == 1 {
		if c, ok := d.Blocks[ss[0].block].Native.(*Cue); ok {
			ss[0].repl, ss[0].written = c.render(t.Text, t.Markup, ss[0].start, ss[0].end), true
		}
		return
	}
	weights := make([]int, len(ss))
	for n, sp := range ss {
		weights[n] = max(1, utf8.RuneCountInString(d.Blocks[sp.block].Text[sp.start:sp.end]))
	}
	for n, share := range SplitProportional(t.Text, weights) {
		if c, ok := d.Blocks[ss[n].block].Native.(*Cue); ok {
			ss[n].repl = c.Syntax.Escape(share)
		}
		ss[n].written = true
	}
}

func joinBlocks(d *doc.Document) ([]int, string) {
	var sb strings.Builder
	offs := make([]int, len(d.Blocks))
	for i, b := range d.Blocks {
		if i > 0 {
			sb.WriteByte(' ')
		}
		offs[i] = sb.Len()
		sb.WriteString(b.Text)
	}
	return offs, sb.String()
}

// replaced returns the cue's payload lines with the translations in place, each line between
// the edge markup of the line it stands for, and the index in c.Lines of that line; nil when
// nothing changes. Lines keep their words where no translation crosses a line break;
// otherwise (or when Wrap is set) the cue's new text is laid out again over its lines. A line
// no translation touches is copied from input, the decoded file, byte for byte; with input
// "" it is rebuilt from its parts (as the fit check reads it).
func (c *Cue) replaced(spans []*span, input string) ([]string, []int) {
	ps := pieces(spans)
	if len(ps) == 0 {
		return nil, nil
	}
	bodies, crossing := c.bodies(ps)
	var (
		lines []string
		from  []int
	)
	if !crossing && c.Wrap <= 0 {
		for i, l := range c.Lines {
			body, changed := bodies[i], bodies[i] != nil
			if !changed {
				lines, from = append(lines, "" /* copied below */), append(from, i)
				continue
			}
			if strings.TrimSpace(*body) != "" {
				lines, from = append(lines, l.Prefix+*body+l.Suffix), append(from, i)
			}
		}
		for n, i := range from {
			switch {
			case bodies[i] != nil:
			case input != "":
				lines[n] = input[c.Lines[i].Start:c.Lines[i].End]
			default:
				lines[n] = c.raw(i)
			}
		}
	} else {
		lines, from = c.reflow(bodies)
	}
	if len(lines) == 0 {
		return nil, nil
	}
	if c.Syntax.balanced() {
		lines, from = c.balance(lines, from)
	}
	return lines, from
}

// raw is line i as written, edge markup included, rebuilt from its parts: its prefix, its
// words with their tags, its suffix.
func (c *Cue) raw(i int) string {
	l := c.Lines[i]
	return l.Prefix + c.region(l, 0, 0, len(l.Text), nil, nil) + l.Suffix
}

// piece is a written translation (or one share of it) and the range of the cue's Text it
// replaces.
type piece struct {
	start, end int
	repl       string
}

func pieces(spans []*span) []piece {
	var ps []piece
	for _, s := range spans {
		if s.written {
			ps = append(ps, piece{s.start, s.end, s.repl})
		}
	}
	return ps
}

// bodies returns, for each line, its words with the pieces in place (nil for a line no
// piece touches), and whether some piece crosses a line break. A piece that crosses lines is
// written where it starts; the lines it runs into lose its words.
func (c *Cue) bodies(ps []piece) ([]*string, bool) {
	offs := c.offsets()
	out := make([]*string, len(c.Lines))
	crossing := false
	for i, l := range c.Lines {
		o := offs[i]
		if o < 0 {
			continue
		}
		end := o + len(l.Text)
		var mine []piece
		for _, p := range ps {
			if p.start < end && p.end > o || p.start == p.end && p.start >= o && p.start <= end {
				mine = append(mine, p)
				if p.start < o || p.end > end {
					crossing = true
				}
			}
		}
		if len(mine) == 0 {
			continue
		}
		var sb strings.Builder
		emitted := make([]bool, len(l.toks))
		pos := o
		for _, p := range mine {
			if p.start < o { // started on an earlier line
				pos = min(p.end, end)
				continue
			}
			sb.WriteString(c.region(l, o, pos-o, p.start-o, emitted, ps))
			sb.WriteString(p.repl)
			pos = min(p.end, end)
		}
		sb.WriteString(c.region(l, o, pos-o, end-o, emitted, ps))
		s := strings.TrimSpace(sb.String())
		out[i] = &s
	}
	return out, crossing
}

// region writes the words of line l, whose Text starts at offset o of the cue's, from a to
// b (offsets in l.Text), escaped, with the line's interior tags that no piece owns; emitted
// marks tags already written.
func (c *Cue) region(l Line, o, a, b int, emitted []bool, ps []piece) string {
	var sb strings.Builder
	pos := a
	for k, t := range l.toks {
		if t.where != inBody || t.pos < a || t.pos > b || emitted != nil && emitted[k] {
			continue
		}
		owned := false
		for _, p := range ps {
			if owns(t, o+t.pos, p.start, p.end) {
				owned = true
				break
			}
		}
		if owned {
			continue
		}
		sb.WriteString(c.Syntax.Escape(l.Text[pos:t.pos]))
		sb.WriteString(t.raw)
		pos = t.pos
		if emitted != nil {
			emitted[k] = true
		}
	}
	sb.WriteString(c.Syntax.Escape(l.Text[pos:b]))
	return sb.String()
}

// reflow lays the cue's new text out over its lines with words: in proportion to their
// source lengths, or over Wrap lines of balanced length. Each line keeps the edge markup of
// the line it stands for; the last line written closes what the lines dropped closed.
func (c *Cue) reflow(bodies []*string) ([]string, []int) {
	var (
		withText []int
		parts    []string
	)
	for i, l := range c.Lines {
		if l.Text == "" {
			continue
		}
		withText = append(withText, i)
		if bodies[i] != nil {
			parts = append(parts, *bodies[i])
		} else {
			parts = append(parts, c.region(l, 0, 0, len(l.Text), nil, nil))
		}
	}
	words := c.Syntax.fields(strings.Join(parts, " "))
	if len(words) == 0 {
		return nil, nil
	}
	var shares []string
	if c.Wrap > 0 {
		shares = c.Syntax.balancedLines(words, c.Wrap)
	} else {
		weights := make([]int, len(withText))
		for n, i := range withText {
			weights[n] = max(1, utf8.RuneCountInString(c.Lines[i].Text))
		}
		shares = c.Syntax.splitWords(words, weights)
	}
	var (
		lines []string
		from  []int
	)
	last := -1
	for n := range shares {
		if shares[n] != "" {
			last = n
		}
	}
	for n, sh := range shares {
		if sh == "" {
			continue
		}
		var l Line
		idx := len(c.Lines) - 1
		if n < len(withText) {
			idx = withText[n]
			l = c.Lines[idx]
		}
		suffix := l.Suffix
		if n == last {
			for _, rest := range withText[min(n+1, len(withText)):] {
				suffix += c.Lines[rest].Suffix
			}
		}
		lines, from = append(lines, l.Prefix+sh+suffix), append(from, idx)
	}
	return lines, from
}

// bilingual returns the edits that add translation lines to the cue: after each group of
// lines (lines of one language and one speaker), the translations of its segments on a line
// of their own, with the styling in force over the group's lines (<i>…</i>, {\i1}).
func (c *Cue) bilingual(spans []*span) []edit {
	groups := c.groups(spans)
	var es []edit
	for _, g := range groups {
		var tr []string
		for _, s := range spans {
			if s.written && s.repl != "" && c.groupOf(groups, s.start) == g.id {
				tr = append(tr, s.repl)
			}
		}
		if len(tr) == 0 {
			continue
		}
		text := strings.Join(tr, " ")
		var lines []string
		if c.Wrap > 0 && len(groups) == 1 {
			lines = c.Syntax.balancedLines(c.Syntax.fields(text), c.Wrap)
		} else {
			lines = []string{text}
		}
		open, closeTags := c.style(g)
		var sb strings.Builder
		for _, l := range lines {
			if l == "" {
				continue
			}
			sb.WriteString(c.Break + open + l + closeTags)
		}
		at := c.Lines[g.last].End
		es = append(es, edit{at, at, sb.String()})
	}
	return es
}

// group is a run of a cue's lines with words that one translation line follows.
type group struct {
	id          int
	first, last int // indexes in Lines
}

// groups cuts the cue's lines with words into runs of one language and one speaker: a line
// that opens a speaker turn ("- ", ">> ", "MAN:"), names another voice, or whose segments are
// in another language starts a new group. A segment that runs over several groups joins them.
func (c *Cue) groups(spans []*span) []group {
	offs := c.offsets()
	lang := func(i int) language.Tag {
		o, n := offs[i], len(c.Lines[i].Text)
		best, bestN := language.Und, 0
		for _, s := range spans {
			if ov := min(s.end, o+n) - max(s.start, o); ov > bestN && s.seg.Lang != language.Und {
				best, bestN = s.seg.Lang, ov
			}
		}
		return best
	}
	var gs []group
	prev := -1
	for i, l := range c.Lines {
		if l.Text == "" {
			continue
		}
		if prev < 0 || Boundary(c.Lines[prev], l) || differ(lang(prev), lang(i)) {
			gs = append(gs, group{id: len(gs), first: i, last: i})
		} else {
			gs[len(gs)-1].last = i
		}
		prev = i
	}
	// A segment over a group boundary (read without detection, or cut there by nothing)
	// makes one group of the groups it covers.
	for _, s := range spans {
		a, b := c.LineAt(s.start), c.LineAt(max(s.start, s.end-1))
		ga, gb := -1, -1
		for k, g := range gs {
			if a >= g.first && a <= g.last {
				ga = k
			}
			if b >= g.first && b <= g.last {
				gb = k
			}
		}
		if ga >= 0 && gb > ga {
			gs[ga].last = gs[gb].last
			gs = append(gs[:ga+1], gs[gb+1:]...)
		}
	}
	for k := range gs {
		gs[k].id = k
	}
	return gs
}

func differ(a, b language.Tag) bool {
	return a != language.Und && b != language.Und && !doc.SameLanguage(a, b)
}

func (c *Cue) groupOf(gs []group, pos int) int {
	l := c.LineAt(pos)
	for _, g := range gs {
		if l >= g.first && l <= g.last {
			return g.id
		}
	}
	return -1
}

// style returns the markup that opens and closes a translation line after group g: the
// elements open, exactly as written, at the start of every line of the group (paired
// syntaxes), except those that mark the source's language (WebVTT <lang>, xml:lang), and the
// styling overrides that open the group's first line (ASS, SRT's {\an8}).
func (c *Cue) style(g group) (string, string) {
	var open, closeTags strings.Builder
	if c.Syntax.balanced() {
		common := slices.DeleteFunc(c.openAt(g.first), func(t tagTok) bool {
			return t.name == "lang" || strings.Contains(t.raw, "xml:lang")
		})
		for i := g.first + 1; i <= g.last; i++ {
			if c.Lines[i].Text == "" {
				continue
			}
			at := c.openAt(i)
			common = slices.DeleteFunc(common, func(t tagTok) bool {
				return !slices.ContainsFunc(at, func(u tagTok) bool { return u.raw == t.raw })
			})
		}
		for _, t := range common {
			open.WriteString(t.raw)
		}
		for i := len(common) - 1; i >= 0; i-- {
			closeTags.WriteString("</" + common[i].name + ">")
		}
	}
	for _, t := range c.Lines[g.first].toks {
		if t.where == inPrefix && t.kind == TagVoid && t.name != "" && t.name != "markup" {
			open.WriteString(t.raw)
		}
	}
	return open.String(), closeTags.String()
}

// openAt returns the elements open where line i's words start: opened by the lines before it
// or by its prefix, and not closed since.
func (c *Cue) openAt(i int) []tagTok {
	var stack []tagTok
	for k := 0; k <= i && k < len(c.Lines); k++ {
		for _, t := range c.Lines[k].toks {
			if k == i && t.where != inPrefix {
				break
			}
			switch t.kind {
			case TagOpen:
				stack = append(stack, t)
			case TagClose:
				stack, _ = closeOpen(stack, t.name)
			}
		}
	}
	return stack
}

// balanced reports whether the syntax's tags open and close (HTML-like), so rewritten cues
// must keep them paired.
func (syn *Syntax) balanced() bool {
	k, _ := syn.Classify("</i>")
	return k == TagClose
}

// tagsOf returns the tags in s, classified.
func (syn *Syntax) tagsOf(s string) []tagTok {
	var out []tagTok
	for _, m := range syn.tagIndexes(s) {
		k, name := syn.Classify(s[m[0]:m[1]])
		out = append(out, tagTok{raw: s[m[0]:m[1]], kind: k, name: name, pos: m[0]})
	}
	return out
}

// balance makes a rewritten cue's tags pair up as well as the original's did: closing tags
// whose opening tag went with the replaced words are dropped, and elements left open that
// the original closed are closed at the end of the last line. Lines left blank are dropped:
// a blank line would end an SRT or WebVTT cue.
func (c *Cue) balance(lines []string, from []int) ([]string, []int) {
	var orig []tagTok
	for _, l := range c.Lines {
		orig = append(orig, l.toks...)
	}
	wasOpen, stray := pairing(orig)
	var (
		open []tagTok
		keep = append([]string(nil), stray...)
		out  = make([]string, len(lines))
	)
	for n, l := range lines {
		var sb strings.Builder
		pos := 0
		for _, t := range c.Syntax.tagsOf(l) {
			drop := false
			switch t.kind {
			case TagOpen:
				open = append(open, t)
			case TagClose:
				var closed bool
				switch open, closed = closeOpen(open, t.name); {
				case closed:
				case slices.Contains(keep, t.name):
					keep = slices.Delete(keep, slices.Index(keep, t.name), slices.Index(keep, t.name)+1)
				default:
					drop = true // its opening tag was inside words a translation replaced
				}
			}
			sb.WriteString(l[pos:t.pos])
			if !drop {
				sb.WriteString(t.raw)
			}
			pos = t.pos + len(t.raw)
		}
		sb.WriteString(l[pos:])
		out[n] = sb.String()
	}
	var closers strings.Builder
	for i := len(open) - 1; i >= 0; i-- {
		if k := slices.IndexFunc(wasOpen, func(t tagTok) bool { return t.name == open[i].name }); k >= 0 {
			wasOpen = slices.Delete(wasOpen, k, k+1)
			continue
		}
		closers.WriteString("</" + open[i].name + ">")
	}
	if len(out) > 0 {
		out[len(out)-1] += closers.String()
	}
	var (
		kept     []string
		keptFrom []int
	)
	for n, l := range out {
		if strings.TrimSpace(c.Syntax.stripTags(l)) != "" {
			kept, keptFrom = append(kept, l), append(keptFrom, from[n])
		}
	}
	return kept, keptFrom
}

// closeOpen removes from open the innermost element named name, which a closing tag closes,
// and reports whether there was one.
func closeOpen(open []tagTok, name string) ([]tagTok, bool) {
	for j := len(open) - 1; j >= 0; j-- {
		if open[j].name == name {
			return append(open[:j], open[j+1:]...), true
		}
	}
	return open, false
}

// pairing returns the elements tags leave open and the names of closing tags that close
// nothing.
func pairing(tags []tagTok) ([]tagTok, []string) {
	var open []tagTok
	var stray []string
	for _, t := range tags {
		switch t.kind {
		case TagOpen:
			open = append(open, t)
		case TagClose:
			var closed bool
			if open, closed = closeOpen(open, t.name); !closed {
				stray = append(stray, t.name)
			}
		}
	}
	return open, stray
}

// fields splits s at blanks outside tags: the words of a line, each with the tags that
// touch it.
func (syn *Syntax) fields(s string) []string {
	tags := syn.tagIndexes(s)
	var out []string
	start := -1
	k := 0
	for i := 0; i < len(s); {
		for k < len(tags) && tags[k][1] <= i {
			k++
		}
		if k < len(tags) && i >= tags[k][0] {
			if start < 0 {
				start = i
			}
			i = tags[k][1]
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// width is how many characters a viewer sees of s: its runes outside tags, entities decoded.
func (syn *Syntax) width(s string) int {
	s = syn.stripTags(s)
	if !strings.ContainsAny(s, `&\`) { // nothing to decode (entities, ASS's \h)
		return utf8.RuneCountInString(s)
	}
	return utf8.RuneCountInString(syn.Unescape(s))
}

// splitWords cuts words into len(weights) lines whose widths follow the weights, as
// SplitProportional does for plain text.
func (syn *Syntax) splitWords(words []string, weights []int) []string {
	n := len(weights)
	if len(words) < n {
		out := make([]string, n)
		copy(out, words)
		return out
	}
	cum := make([]int, len(words)+1)
	for k, w := range words {
		cum[k+1] = cum[k] + syn.width(w) + 1
	}
	cuts := proportionalCuts(cum, weights)
	out := make([]string, n)
	prev := 0
	for i, cut := range append(cuts, len(words)) {
		out[i] = strings.Join(words[prev:cut], " ")
		prev = cut
	}
	return out
}

// balancedLines cuts words into at most n lines that make the longest line as short as
// possible; among cuts as good, the one whose lines are most even. Fewer words than lines
// give fewer lines.
func (syn *Syntax) balancedLines(words []string, n int) []string {
	n = min(n, len(words))
	if n <= 1 {
		return []string{strings.Join(words, " ")}
	}
	ws := make([]int, len(words))
	for i, w := range words {
		ws[i] = syn.width(w)
	}
	widthOf := func(a, b int) int { // words[a:b] on one line
		s := b - a - 1
		for _, w := range ws[a:b] {
			s += w
		}
		return s
	}
	best, bestSpread := []int(nil), 0
	bestMax := -1
	cuts := make([]int, n-1)
	var try func(k, from int)
	try = func(k, from int) {
		if k == n-1 {
			hi, lo := 0, 1<<30
			prev := 0
			for _, c := range append(cuts, len(words)) {
				w := widthOf(prev, c)
				hi, lo = max(hi, w), min(lo, w)
				prev = c
			}
			if bestMax < 0 || hi < bestMax || hi == bestMax && hi-lo < bestSpread {
				bestMax, bestSpread, best = hi, hi-lo, slices.Clone(cuts)
			}
			return
		}
		for c := from + 1; c <= len(words)-(n-1-k); c++ {
			cuts[k] = c
			try(k+1, c)
		}
	}
	if len(words) > 64 && n > 2 {
		// Long texts on many lines: proportional cuts are close enough and cost nothing.
		weights := make([]int, n)
		for i := range weights {
			weights[i] = 1
		}
		return syn.splitWords(words, weights)
	}
	try(0, 0)
	out := make([]string, 0, n)
	prev := 0
	for _, c := range append(best, len(words)) {
		out = append(out, strings.Join(words[prev:c], " "))
		prev = c
	}
	return out
}

// proportionalCuts returns len(weights)-1 cut points into units whose cumulative widths are
// cum (cum[k] is the width of units[:k]), each share getting at least one unit.
func proportionalCuts(cum []int, weights []int) []int {
	n, units := len(weights), len(cum)-1
	total, wsum := cum[units], 0
	for _, w := range weights {
		wsum += max(w, 0)
	}
	if wsum == 0 {
		wsum = 1
	}
	var cuts []int
	prev, acc := 0, 0
	for i := 0; i < n-1; i++ {
		acc += max(weights[i], 0)
		target := float64(acc) / float64(wsum) * float64(total)
		lo, hi := prev+1, units-(n-1-i) // every share gets a unit
		best := lo
		for k := lo; k <= hi; k++ {
			if abs(float64(cum[k])-target) < abs(float64(cum[best])-target) {
				best = k
			}
		}
		cuts = append(cuts, best)
		prev = best
	}
	return cuts
}

// SplitProportional cuts s into len(weights) consecutive shares whose lengths follow the
// weights, at word boundaries; when s has fewer words than shares (a language written
// without spaces) it cuts between characters instead. Every share is non-empty when s has
// units enough. Joined with spaces (or nothing, for characters) the shares give back s
// with its whitespace collapsed.
func SplitProportional(s string, weights []int) []string {
	n := len(weights)
	if n == 0 {
		return nil
	}
	units, sep := strings.Fields(s), " "
	if len(units) < n {
		joined := strings.Join(units, "")
		units, sep = nil, ""
		for _, r := range joined {
			units = append(units, string(r))
		}
	}
	if len(units) < n {
		// Too short to share out: one unit per share, the last shares empty.
		out := make([]string, n)
		copy(out, units)
		return out
	}
	cum := make([]int, len(units)+1) // cum[k]: length of units[:k]
	for k, u := range units {
		cum[k+1] = cum[k] + utf8.RuneCountInString(u) + utf8.RuneCountInString(sep)
	}
	out := make([]string, 0, n)
	prev := 0
	for _, cut := range append(proportionalCuts(cum, weights), len(units)) {
		out = append(out, strings.Join(units[prev:cut], sep))
		prev = cut
	}
	return out
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// Layout is what replace-mode merged output writes for one cue that received translations.
type Layout struct {
	Block int
	Cue   *Cue
	// Lines are the words of each payload line as written: tags removed, entities decoded.
	Lines []string
	// Groups counts the cue's runs of lines of one language and one speaker; a cue of several
	// (a dual-language cue, a dialogue) is never laid out again as one text.
	Groups int
}

// Layouter lays out the translated cues of one document as replace-mode merged output
// does, placing its segments once: a cue laid out again after its Wrap changes costs only
// that cue. A translation that changes needs a new Layouter.
type Layouter struct {
	d      *doc.Document
	placed map[int][]*span
}

// NewLayouter places the segments of d.
func NewLayouter(d *doc.Document) (*Layouter, error) {
	placed, err := place(d)
	if err != nil {
		return nil, err
	}
	return &Layouter{d: d, placed: placed}, nil
}

// Layout lays out cue block i; ok is false when the block is not a cue or received no
// written translation.
func (lo *Layouter) Layout(i int) (Layout, bool) {
	b := lo.d.Blocks[i]
	c, ok := b.Native.(*Cue)
	spans := lo.placed[i]
	if !ok || len(c.Lines) == 0 || !anyWritten(spans) {
		return Layout{}, false
	}
	lines, _ := c.replaced(spans, "")
	l := Layout{Block: i, Cue: c, Groups: len(c.groups(spans))}
	for _, s := range lines {
		l.Lines = append(l.Lines, c.Syntax.plain(s))
	}
	return l, true
}

// Segments returns the segments that put words into cue block i, each once, in order.
func (lo *Layouter) Segments(i int) []*doc.Segment {
	var out []*doc.Segment
	for _, sp := range lo.placed[i] {
		if !slices.Contains(out, sp.seg) {
			out = append(out, sp.seg)
		}
	}
	return out
}

// Layouts returns the Layout of every cue block of d that has a written translation, in
// block order: what the fit check measures, laid out exactly as merged output lays it out.
func Layouts(d *doc.Document) ([]Layout, error) {
	lo, err := NewLayouter(d)
	if err != nil {
		return nil, err
	}
	var out []Layout
	for i := range d.Blocks {
		if l, ok := lo.Layout(i); ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// TextLines counts the cue's lines with words.
func (c *Cue) TextLines() int {
	n := 0
	for _, l := range c.Lines {
		if l.Text != "" {
			n++
		}
	}
	return n
}

// plain is the words of a written line: its tags removed, entities decoded, blanks collapsed.
func (syn *Syntax) plain(s string) string {
	return strings.Join(strings.FieldsFunc(syn.Unescape(syn.stripTags(s)), unicode.IsSpace), " ")
}

// tagStarts are the bytes every subtitle syntax's tags start with: text without them has
// none, and the regular expression need not run (the fit check measures every word).
const tagStarts = "<{"

// stripTags returns s without its tags.
func (syn *Syntax) stripTags(s string) string {
	if !strings.ContainsAny(s, tagStarts) {
		return s
	}
	return syn.Tag.ReplaceAllString(s, "")
}

// tagIndexes returns the byte ranges of the tags in s.
func (syn *Syntax) tagIndexes(s string) [][]int {
	if !strings.ContainsAny(s, tagStarts) {
		return nil
	}
	return syn.Tag.FindAllStringIndex(s, -1)
}
