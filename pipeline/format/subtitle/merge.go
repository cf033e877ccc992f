package subtitle

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// MergeSRT writes d, read by ReadSRT, back with its translations; see the package comment.
func MergeSRT(w io.Writer, d *doc.Document, mode format.MergeMode) error {
	return merge(w, d, mode, escapeSRT)
}

// escapeSRT keeps "-->" out of cue text, where a reader would take the line for a timing.
func escapeSRT(s string) string { return strings.ReplaceAll(s, "-->", "->") }

// MergeVTT writes d, read by ReadVTT, back with its translations; see the package comment.
func MergeVTT(w io.Writer, d *doc.Document, mode format.MergeMode) error {
	return merge(w, d, mode, escapeVTT)
}

// escapeVTT escapes what WebVTT cue text cannot hold as it is; it also keeps "-->" out.
var escapeVTT = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// piece is a range of a cue block's text and the translation that goes in its place.
type piece struct {
	start, end int
	repl       string
}

func merge(w io.Writer, d *doc.Document, mode format.MergeMode, escape func(string) string) error {
	in, err := format.Decode(d.Input)
	if err != nil {
		return fmt.Errorf("merge %s: %w", d.Format, err)
	}
	text := in.Text
	pieces, err := translatedPieces(d)
	if err != nil {
		return err
	}
	var out strings.Builder
	pos := 0
	for _, b := range d.Blocks {
		ps := pieces[b.Index]
		c, ok := b.Native.(*Cue)
		if len(ps) == 0 || !ok || len(c.lines) == 0 {
			continue
		}
		first, last := c.lines[0], c.lines[len(c.lines)-1]
		eol := first.eol
		if eol == "" {
			eol = "\n"
		}
		switch mode {
		case format.MergeReplace:
			lines := replacedLines(text, b, c, ps, escape)
			if lines == nil {
				continue
			}
			lines = balanceTags(lines, text[first.start:last.end])
			out.WriteString(text[pos:first.start])
			out.WriteString(strings.Join(lines, eol))
			pos = last.end
		default:
			var tr []string
			for _, p := range ps {
				if p.repl != "" {
					tr = append(tr, p.repl)
				}
			}
			if len(tr) == 0 {
				continue
			}
			out.WriteString(text[pos:last.end])
			out.WriteString(eol + escape(strings.Join(tr, " ")))
			pos = last.end
		}
	}
	out.WriteString(text[pos:])
	if _, err := w.Write(format.Encode(in, out.String())); err != nil {
		return fmt.Errorf("write merged %s: %w", d.Format, err)
	}
	return nil
}

// translatedPieces finds, for every cue block, the ranges of its text that have an mt or
// tm translation, in order, splitting the translation of a segment that spans cues
// across its parts. Segments are found in the cues' texts joined by spaces, the text the
// segment stage cut them from, so a segment that a later stage split into runs (and that
// lost its Parts) is still placed right.
func translatedPieces(d *doc.Document) (map[int][]piece, error) {
	var sb strings.Builder
	offs := make([]int, len(d.Blocks))
	for i, b := range d.Blocks {
		if i > 0 {
			sb.WriteByte(' ')
		}
		offs[i] = sb.Len()
		sb.WriteString(b.Text)
	}
	joined := sb.String()
	pieces := map[int][]piece{}
	cursor := 0
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			i := strings.Index(joined[max(cursor, offs[b.Index]):], s.Text)
			if i < 0 || s.Text == "" {
				return nil, fmt.Errorf("merge %s: segment %q is not in its cue (block %d)", d.Format, s.Text, b.Index)
			}
			start := max(cursor, offs[b.Index]) + i
			end := start + len(s.Text)
			cursor = end
			t := s.Translation
			if t == nil || !t.Origin.Written() {
				continue
			}
			var (
				blocks  []int
				ranges  []piece
				weights []int
			)
			for k := b.Index; k < len(d.Blocks) && offs[k] < end; k++ {
				ps, pe := max(start, offs[k])-offs[k], min(end, offs[k]+len(d.Blocks[k].Text))-offs[k]
				if ps >= pe {
					continue
				}
				blocks = append(blocks, k)
				ranges = append(ranges, piece{start: ps, end: pe})
				weights = append(weights, max(1, utf8.RuneCountInString(d.Blocks[k].Text[ps:pe])))
			}
			for n, share := range SplitProportional(t.Text, weights) {
				r := ranges[n]
				pieces[blocks[n]] = append(pieces[blocks[n]], piece{r.start, r.end, share})
			}
		}
	}
	for _, ps := range pieces {
		slices.SortFunc(ps, func(a, b piece) int { return a.start - b.start })
	}
	return pieces, nil
}

// replacedLines returns the cue's payload lines with the pieces in place, each line wrapped
// in the tags that opened and closed the original line; nil when nothing changes.
func replacedLines(text string, b *doc.Block, c *Cue, ps []piece, escape func(string) string) []string {
	offs := cueLines(c)
	lineOf := func(pos int) int {
		n := -1
		for i, o := range offs {
			if o >= 0 && o <= pos {
				n = i
			}
		}
		return n
	}
	crossing := false
	for _, p := range ps {
		if lineOf(p.start) != lineOf(max(p.start, p.end-1)) {
			crossing = true
		}
	}
	lines := make([]string, 0, len(c.lines))
	if !crossing {
		// Each piece lies within one line: rewrite only the lines that hold one, copy the rest.
		changed := false
		for i, l := range c.lines {
			var mine []piece
			for _, p := range ps {
				if offs[i] >= 0 && lineOf(p.start) == i {
					mine = append(mine, piece{p.start - offs[i], p.end - offs[i], p.repl})
				}
			}
			if len(mine) == 0 {
				lines = append(lines, text[l.start:l.end])
				continue
			}
			changed = true
			if t := substitute(l.text, mine); t != "" {
				lines = append(lines, l.prefix+escape(t)+l.suffix)
			}
		}
		if !changed {
			return nil
		}
		return lines
	}
	// A piece crosses a line break: reflow the cue's new text over as many lines as it had.
	full := strings.Join(strings.Fields(substitute(b.Text, ps)), " ")
	if full == "" {
		return nil
	}
	var withText []cueLine
	for _, l := range c.lines {
		if l.text != "" {
			withText = append(withText, l)
		}
	}
	weights := make([]int, len(withText))
	for i, l := range withText {
		weights[i] = max(1, utf8.RuneCountInString(l.text))
	}
	shares := SplitProportional(full, weights)
	for i, sh := range shares {
		if sh == "" {
			continue
		}
		l := withText[i]
		suffix := l.suffix
		if i == len(shares)-1 || allEmpty(shares[i+1:]) {
			// The last written line closes every tag the dropped lines closed.
			for _, rest := range withText[i+1:] {
				suffix += rest.suffix
			}
		}
		lines = append(lines, l.prefix+escape(sh)+suffix)
	}
	return lines
}

func allEmpty(ss []string) bool {
	for _, s := range ss {
		if s != "" {
			return false
		}
	}
	return true
}

// substitute returns s with each piece's range replaced by its text; pieces are sorted and
// do not overlap. A piece without a translation keeps its own text.
func substitute(s string, ps []piece) string {
	var sb strings.Builder
	pos := 0
	for _, p := range ps {
		if p.start < pos || p.end > len(s) {
			continue
		}
		sb.WriteString(s[pos:p.start])
		if p.repl != "" {
			sb.WriteString(p.repl)
		} else {
			sb.WriteString(s[p.start:p.end])
		}
		pos = p.end
	}
	sb.WriteString(s[pos:])
	return strings.TrimSpace(sb.String())
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
	total, wsum := cum[len(units)], 0
	for _, w := range weights {
		wsum += max(w, 0)
	}
	if wsum == 0 {
		wsum = 1
	}
	out := make([]string, 0, n)
	prev, acc := 0, 0
	for i := 0; i < n-1; i++ {
		acc += max(weights[i], 0)
		target := float64(acc) / float64(wsum) * float64(total)
		lo, hi := prev+1, len(units)-(n-1-i) // every share gets a unit
		best := lo
		for k := lo; k <= hi; k++ {
			if abs(float64(cum[k])-target) < abs(float64(cum[best])-target) {
				best = k
			}
		}
		out = append(out, strings.Join(units[prev:best], sep))
		prev = best
	}
	return append(out, strings.Join(units[prev:], sep))
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// htmlTag is an HTML-like tag in cue text, with its closing slash and name.
var htmlTag = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)[^<>\n]*>`)

// openTags returns the names of the tags s leaves open, in order, the names of closing tags
// that close nothing, and s without those of them that keep does not allow (one keep entry
// per tag kept; nil keeps all).
func openTags(s string, keep []string) (string, []string, []string) {
	var open, stray []string
	out := htmlTag.ReplaceAllStringFunc(s, func(t string) string {
		m := htmlTag.FindStringSubmatch(t)
		name := strings.ToLower(m[2])
		if m[1] == "" {
			open = append(open, name)
			return t
		}
		for i := len(open) - 1; i >= 0; i-- {
			if open[i] == name {
				open = append(open[:i], open[i+1:]...)
				return t
			}
		}
		stray = append(stray, name)
		if keep == nil {
			return t
		}
		if k := slices.Index(keep, name); k >= 0 {
			keep = slices.Delete(keep, k, k+1)
			return t
		}
		return "" // its opening tag was inside words a translation replaced
	})
	return out, open, stray
}

// balanceTags makes a rewritten cue's tags pair up as well as the original's did: closing
// tags whose opening tag went with the replaced words are dropped, and tags left open that
// the original closed are closed at the end of the last line. Lines left empty are dropped:
// an empty line would end the cue.
func balanceTags(lines []string, original string) []string {
	_, wasOpen, stray := openTags(original, nil)
	joined, open, _ := openTags(strings.Join(lines, "\n"), append([]string{}, stray...))
	var closers strings.Builder
	for i := len(open) - 1; i >= 0; i-- {
		if k := slices.Index(wasOpen, open[i]); k >= 0 {
			wasOpen = slices.Delete(wasOpen, k, k+1)
			continue
		}
		closers.WriteString("</" + open[i] + ">")
	}
	var out []string
	for _, l := range strings.Split(joined+closers.String(), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
