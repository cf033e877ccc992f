package markdown

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gtext "github.com/yuin/goldmark/text"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	ph "github.com/seed77ff/bitext/pipeline/format/inline"
)

// Reader is the registration record for Markdown input. It claims .md and .markdown; by
// content it claims nothing, since almost any text is valid Markdown (use --input-format
// markdown for stdin).
var Reader = format.Reader{
	Name:       "markdown",
	Extensions: []string{".md", ".markdown"},
	Read:       Read,
	Merge:      Merge,
}

// Block is what a Markdown block's Native holds: where its inline content lies in the
// input, and the inline markup (emphasis, links, inline code, inline HTML, images) that its
// text leaves out. It implements ph.Marked, so a sentence with markup travels to a
// backend with placeholders for it and Merge puts the markup back.
type Block struct {
	// Start and End are the byte range of the block's inline content in the decoded input
	// text (without a BOM).
	Start, End int
	// Level is a heading's level (1–6), 0 for other blocks.
	Level int

	text   string
	marks  []mark
	breaks []string // the raw bytes of each line break in the content, in order ("\n> ")
	prefix string   // the container prefix for a following paragraph ("> ", "  ")
	after  int      // where a following paragraph goes: the end of the block's last line
	cell   bool     // a table cell: a following paragraph cannot go there
}

// mark is one piece of inline markup: the opening or closing half of an element whose
// content is text (emphasis, a link's text), or an element whose content is not translated
// (inline code, an image, an autolink, inline HTML), at byte pos of the block text.
type mark struct {
	kind ph.Kind // ph.Open, ph.Close or ph.Void
	id   int     // from 1 in the block; a Close has its Open's id
	pos  int
	raw  string // the markup's bytes in the input
}

// parser is goldmark's CommonMark parser with GFM tables and strikethrough.
var parser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// frontMatter is YAML (---) or TOML (+++) front matter at the very start of the input.
var frontMatter = regexp.MustCompile(`\A(?:---|\+\+\+)[ \t]*\r?\n`)

// Read parses in with goldmark. Headings, paragraphs, list items, block quotes and table
// cells become blocks of their kind; code blocks, HTML blocks, front matter and link
// reference definitions are not blocks. A block's text is its words: emphasis delimiters,
// a link's brackets and destination, inline code, inline HTML, images and autolinks are left
// out and kept as marks (see Block), so no link target or code is ever translated. Offsets
// index the input when every block's text is a contiguous range of it. Containers nested
// deeper than format.MaxDepth are a *format.DepthError naming the file and line.
func Read(name string, in format.Input) (*doc.Document, error) {
	src := in.Text
	d := &doc.Document{Source: name, Format: "markdown", Input: in.Raw}
	body := skipFrontMatter(src)
	if err := checkNesting(name, src[body:], format.LineAt(src, body)); err != nil {
		return nil, err
	}
	source := []byte(src[body:])
	root := parser.Parse(gtext.NewReader(source))
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var kind doc.Kind
		level := 0
		switch n := n.(type) {
		case *ast.Heading:
			kind, level = doc.Heading, n.Level
		case *ast.Paragraph, *ast.TextBlock:
			kind = containerKind(n)
		case *extast.TableCell:
			kind = doc.Paragraph
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		default:
			return ast.WalkContinue, nil
		}
		if b := newBlock(src, body, source, n, kind, level); b != nil {
			b.Index = len(d.Blocks)
			d.Blocks = append(d.Blocks, b)
		}
		return ast.WalkSkipChildren, nil
	})
	if err != nil {
		return nil, fmt.Errorf("markdown: %w", err)
	}
	d.HasOffsets = in.Base >= 0
	for _, b := range d.Blocks {
		nb := b.Native.(*Block)
		if b.Text != src[nb.Start:nb.End] {
			d.HasOffsets = false
		}
	}
	for _, b := range d.Blocks {
		if d.HasOffsets {
			nb := b.Native.(*Block)
			b.Start, b.End = in.Base+nb.Start, in.Base+nb.End
		}
	}
	return d, nil
}

// skipFrontMatter returns where the Markdown body starts: after YAML or TOML front matter
// closed by the same fence (or "..." for YAML), else 0.
func skipFrontMatter(src string) int {
	open := frontMatter.FindString(src)
	if open == "" {
		return 0
	}
	fence := open[:3]
	pos := len(open)
	for pos < len(src) {
		end := strings.IndexByte(src[pos:], '\n')
		next := len(src)
		if end >= 0 {
			next = pos + end + 1
		}
		line := strings.TrimRight(src[pos:next], " \t\r\n")
		if line == fence || (fence == "---" && line == "...") {
			return next
		}
		pos = next
	}
	return 0 // never closed: not front matter
}

// containerKind is the kind of a paragraph: that of its nearest list item or block quote.
func containerKind(n ast.Node) doc.Kind {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.(type) {
		case *ast.ListItem:
			return doc.ListItem
		case *ast.Blockquote:
			return doc.Quote
		}
	}
	return doc.Paragraph
}

// item is a text piece (a byte range of source) or a mark event, in reading order.
type item struct {
	text       bool
	start, end int
	kind       ph.Kind
	id         int
}

// items lists the words and markup events under n, numbering elements from *next.
func items(n ast.Node, its []item, next *int) []item {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.Segment.Start < c.Segment.Stop {
				its = append(its, item{text: true, start: c.Segment.Start, end: c.Segment.Stop})
			}
		case *ast.CodeSpan, *ast.AutoLink, *ast.RawHTML, *ast.Image, *ast.String:
			*next++
			its = append(its, item{kind: ph.Void, id: *next})
		case *ast.Emphasis, *ast.Link, *extast.Strikethrough:
			*next++
			id := *next
			its = append(its, item{kind: ph.Open, id: id})
			its = items(c, its, next)
			its = append(its, item{kind: ph.Close, id: id})
		default:
			its = items(c, its, next)
		}
	}
	return its
}

// newBlock builds the block of node n, or nil when n holds no words. source is the body
// (src after the front matter at offset body); positions are turned into offsets in src.
func newBlock(src string, body int, source []byte, n ast.Node, kind doc.Kind, level int) *doc.Block {
	next := 0
	its := items(n, nil, &next)
	var first, last = -1, -1
	for i, it := range its {
		if it.text {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return nil
	}
	start, end := its[first].start, its[last].end
	if lines := n.Lines(); lines.Len() > 0 {
		start = min(start, lines.At(0).Start)
		end = max(end, lines.At(lines.Len()-1).Stop)
	}
	for end > start && strings.ContainsRune(" \t\r\n", rune(source[end-1])) {
		end--
	}
	nb := &Block{Start: body + start, End: body + end, Level: level}
	var sb strings.Builder
	broken := map[int]bool{} // elements whose halves share a gap with other markup
	// gap handles the bytes [from,to) between two text pieces and the markup events in them.
	gap := func(from, to int, events []item) {
		g := ""
		if from < to {
			g = string(source[from:to])
		}
		if len(events) == 0 {
			switch {
			case strings.TrimSpace(g) == "":
				sb.WriteString(g) // blanks and plain line breaks stay, so the text stays contiguous
			case isBreak(g):
				nb.breaks = append(nb.breaks, g) // a line break with a container marker ("\n> ")
				sb.WriteByte('\n')
			default: // markup goldmark has no node for (a backslash escape)
				next++
				nb.marks = append(nb.marks, mark{kind: ph.Void, id: next, pos: sb.Len(), raw: g})
			}
			return
		}
		// Line breaks around the markup stay text, so the words on either side stay apart.
		head, core, tail := splitBreaks(g)
		sb.WriteString(head)
		if len(events) == 1 {
			nb.marks = append(nb.marks, mark{kind: events[0].kind, id: events[0].id, pos: sb.Len(), raw: core})
		} else {
			// Several pieces of markup with no word between them ("](url) **"): one void mark.
			for _, e := range events {
				broken[e.id] = true
			}
			next++
			nb.marks = append(nb.marks, mark{kind: ph.Void, id: next, pos: sb.Len(), raw: core})
		}
		sb.WriteString(tail)
	}
	pos, hasWords := start, false
	var pending []item
	for _, it := range its {
		if !it.text {
			pending = append(pending, it)
			continue
		}
		if it.start < pos { // goldmark never overlaps text segments; be safe
			continue
		}
		gap(pos, it.start, pending)
		pending = nil
		w := string(source[it.start:it.end])
		if strings.TrimSpace(w) != "" {
			hasWords = true
		}
		sb.WriteString(w)
		pos = it.end
	}
	gap(pos, end, pending)
	if !hasWords {
		return nil
	}
	// The other half of an element merged into a void mark is a void mark of its own.
	for i := range nb.marks {
		if broken[nb.marks[i].id] {
			nb.marks[i].kind = ph.Void
			next++
			nb.marks[i].id = next
		}
	}
	nb.text = sb.String()
	_, nb.cell = n.(*extast.TableCell)
	nb.prefix, nb.after = placeFollowing(src, nb.Start, nb.End, level)
	return &doc.Block{Kind: kind, Text: nb.text, Native: nb}
}

// owns reports whether mark m belongs to the text range [start,end): an opening or void
// mark at its start, a closing one at its end, and any mark inside.
func owns(m mark, start, end int) bool {
	if m.kind == ph.Close {
		return start < m.pos && m.pos <= end
	}
	return start <= m.pos && m.pos < end
}

// parts returns the block text [start,end) with its marks as placeholders; an element with
// only one half inside becomes a Begin or End placeholder.
func (b *Block) parts(start, end int) []ph.Part {
	var ps []ph.Part
	inside := map[int]int{} // id → how many halves inside
	for _, m := range b.marks {
		if owns(m, start, end) {
			inside[m.id]++
		}
	}
	pos := start
	text := func(to int) {
		if to > pos {
			ps = append(ps, ph.Part{Kind: ph.Text, Text: b.text[pos:to]})
			pos = to
		}
	}
	for _, m := range b.marks {
		if !owns(m, start, end) {
			continue
		}
		text(m.pos)
		k := m.kind
		if k == ph.Open && inside[m.id] == 1 {
			k = ph.Begin
		} else if k == ph.Close && inside[m.id] == 1 {
			k = ph.End
		}
		ps = append(ps, ph.Part{Kind: k, ID: m.id})
	}
	text(end)
	return ps
}

// Markup implements ph.Marked: the block text [start,end) with the marks inside it as
// placeholders, and false when it has none.
func (b *Block) Markup(start, end int) (string, bool) {
	if start < 0 || end > len(b.text) || start >= end {
		return "", false
	}
	for _, m := range b.marks {
		if owns(m, start, end) {
			return ph.Encode(b.parts(start, end)), true
		}
	}
	return "", false
}

// isBreak reports whether gap is a line break with only blanks and container markers
// (">") around it: the text holds it as "\n".
func isBreak(gap string) bool {
	i := strings.IndexByte(gap, '\n')
	if i < 0 || strings.Trim(gap[:i], " \t\r") != "" {
		return false
	}
	return strings.Trim(gap[i+1:], " \t>") == "" && !strings.Contains(gap[i+1:], "\n")
}

// splitBreaks cuts the blanks and line breaks off both ends of a markup gap; the ends are
// kept as they are (without container markers they are plain whitespace).
func splitBreaks(g string) (head, core, tail string) {
	core = strings.TrimLeft(g, " \t\r\n")
	head = g[:len(g)-len(core)]
	trimmed := strings.TrimRight(core, " \t\r\n")
	tail = core[len(trimmed):]
	return head, trimmed, tail
}

// placeFollowing finds the prefix a following paragraph needs inside the same containers,
// and where it goes: the end of the block's last line, or of a setext heading's underline.
func placeFollowing(src string, start, end, level int) (string, int) {
	ls := strings.LastIndexByte(src[:start], '\n') + 1
	raw := src[ls:start]
	if level > 0 {
		raw = strings.TrimRight(strings.TrimRight(raw, " \t"), "#")
	}
	prefix := strings.Map(func(r rune) rune {
		if r == '>' || r == ' ' || r == '\t' {
			return r
		}
		return ' ' // list markers: "- ", "1. "
	}, raw)
	after := lineEnd(src, end)
	if level > 0 && after < len(src) && !strings.HasPrefix(strings.TrimLeft(src[ls:start], " \t>"), "#") {
		after = lineEnd(src, after+1) // a setext heading: its underline follows
	}
	return prefix, after
}

// lineEnd is the offset of the line terminator ("\n" or "\r\n") ending the line holding pos.
func lineEnd(src string, pos int) int {
	i := strings.IndexByte(src[pos:], '\n')
	if i < 0 {
		return len(src)
	}
	e := pos + i
	if e > pos && src[e-1] == '\r' {
		e--
	}
	return e
}
