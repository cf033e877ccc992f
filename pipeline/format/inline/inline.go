package inline

import (
	"errors"
	"fmt"
	stdhtml "html"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// Kind is what a Part is.
type Kind int

// Part kinds.
const (
	// Text is translatable text (unescaped).
	Text Kind = iota
	// Open is <g id="N">, the start of a paired element.
	Open
	// Close is </g>, the end of the paired element opened last.
	Close
	// Void is <x id="N"/>.
	Void
	// Begin is <bx id="N"/>, an element whose end lies outside the segment.
	Begin
	// End is <ex id="N"/>, an element whose start lies outside the segment.
	End
)

// Part is a piece of a segment in placeholder form: text, or one placeholder.
type Part struct {
	Kind Kind
	// ID numbers the placeholder (Close carries its Open's ID); 0 for Text.
	ID int
	// Text is the unescaped text of a Text part.
	Text string
}

// Marked is implemented by a block's Native value when the block's text carries inline
// markup. Markup returns the block text's byte range [start, end) in placeholder form, and
// false when no inline tag lies inside the range (the text is then sent as plain text).
type Marked interface {
	Markup(start, end int) (string, bool)
}

// Encode writes parts in placeholder form, escaping text.
func Encode(parts []Part) string {
	var sb strings.Builder
	for _, p := range parts {
		switch p.Kind {
		case Text:
			sb.WriteString(EscapeText(p.Text))
		case Open:
			fmt.Fprintf(&sb, `<g id="%d">`, p.ID)
		case Close:
			sb.WriteString(`</g>`)
		case Void:
			fmt.Fprintf(&sb, `<x id="%d"/>`, p.ID)
		case Begin:
			fmt.Fprintf(&sb, `<bx id="%d"/>`, p.ID)
		case End:
			fmt.Fprintf(&sb, `<ex id="%d"/>`, p.ID)
		}
	}
	return sb.String()
}

var textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// EscapeText escapes s for use as HTML text content: only &, < and >, so that quotes and
// non-ASCII text stay as they are.
func EscapeText(s string) string { return textEscaper.Replace(s) }

// ErrMarkup is returned (wrapped) for an answer whose placeholders are not those sent.
var ErrMarkup = errors.New("inline markup")

// tagRe matches a placeholder tag, leniently: services answer <x id="1"></x>, id=1, id='1'
// or add spaces.
var tagRe = regexp.MustCompile(`^<\s*(/?)\s*(g|x|bx|ex)\b(?:\s+id\s*=\s*["']?(\d+)["']?)?\s*(/?)\s*>`)

// looksLikeTag matches the start of anything that an HTML parser would read as a tag.
var looksLikeTag = regexp.MustCompile(`^<[/!?]?[A-Za-z]`)

// Parse reads text in placeholder form (as sent, or as a backend answered it). Closing
// tags of x, bx and ex are ignored; any other tag, an unbalanced </g> or an unclosed <g> is
// an error.
func Parse(s string) ([]Part, error) {
	var (
		parts []Part
		stack []int
		text  strings.Builder
	)
	flush := func() {
		if text.Len() > 0 {
			parts = append(parts, Part{Kind: Text, Text: stdhtml.UnescapeString(text.String())})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			text.WriteString(s[i : i+j])
			i += j
			continue
		}
		m := tagRe.FindStringSubmatch(strings.ToLower(s[i:min(len(s), i+64)]))
		if m == nil {
			if looksLikeTag.MatchString(s[i:]) {
				end := strings.IndexByte(s[i:], '>')
				if end < 0 {
					end = len(s) - i - 1
				}
				return nil, fmt.Errorf("%w: unexpected tag %q", ErrMarkup, s[i:i+end+1])
			}
			text.WriteByte('<')
			i++
			continue
		}
		flush()
		i += len(m[0])
		closing, name := m[1] == "/", m[2]
		id, _ := strconv.Atoi(m[3])
		switch {
		case closing && name == "g":
			if len(stack) == 0 {
				return nil, fmt.Errorf("%w: </g> without <g>", ErrMarkup)
			}
			parts = append(parts, Part{Kind: Close, ID: stack[len(stack)-1]})
			stack = stack[:len(stack)-1]
		case closing:
			// </x>, </bx>, </ex>: the closing half of a void placeholder written as a pair.
		case m[3] == "":
			return nil, fmt.Errorf("%w: <%s> without an id", ErrMarkup, name)
		case name == "g" && m[4] == "/":
			// <g id="1"/>: an empty pair.
			parts = append(parts, Part{Kind: Open, ID: id}, Part{Kind: Close, ID: id})
		case name == "g":
			parts = append(parts, Part{Kind: Open, ID: id})
			stack = append(stack, id)
		case name == "x":
			parts = append(parts, Part{Kind: Void, ID: id})
		case name == "bx":
			parts = append(parts, Part{Kind: Begin, ID: id})
		default:
			parts = append(parts, Part{Kind: End, ID: id})
		}
	}
	flush()
	if len(stack) > 0 {
		return nil, fmt.Errorf("%w: <g id=\"%d\"> not closed", ErrMarkup, stack[len(stack)-1])
	}
	return parts, nil
}

// Check reports whether got (a backend's answer) carries exactly the placeholders of sent:
// each once, of the same kind, pairs still paired, and the placeholders of elements that
// open or close outside the segment (bx, ex) outside every pair and in their original order,
// so that putting the original tags back yields well-nested HTML.
func Check(sent, got []Part) error {
	want := map[int]Kind{}
	var sentEdges []int
	for _, p := range sent {
		if p.Kind == Text || p.Kind == Close {
			continue
		}
		want[p.ID] = p.Kind
		if p.Kind == Begin || p.Kind == End {
			sentEdges = append(sentEdges, p.ID)
		}
	}
	seen := map[int]bool{}
	var gotEdges []int
	depth := 0
	for _, p := range got {
		switch p.Kind {
		case Text:
			continue
		case Close:
			depth--
			continue
		}
		k, ok := want[p.ID]
		if !ok || k != p.Kind {
			return fmt.Errorf("%w: placeholder %d was not sent", ErrMarkup, p.ID)
		}
		if seen[p.ID] {
			return fmt.Errorf("%w: placeholder %d came back twice", ErrMarkup, p.ID)
		}
		seen[p.ID] = true
		switch p.Kind {
		case Open:
			depth++
		case Begin, End:
			if depth > 0 {
				return fmt.Errorf("%w: placeholder %d moved inside an element", ErrMarkup, p.ID)
			}
			gotEdges = append(gotEdges, p.ID)
		}
	}
	// In id order, so the same answer always gets the same reason.
	for _, id := range slices.Sorted(maps.Keys(want)) {
		if !seen[id] {
			return fmt.Errorf("%w: placeholder %d is missing", ErrMarkup, id)
		}
	}
	for i := range sentEdges {
		if gotEdges[i] != sentEdges[i] {
			return fmt.Errorf("%w: placeholders %d and %d changed order", ErrMarkup, sentEdges[i], gotEdges[i])
		}
	}
	return nil
}

// Plain returns the text of parts without placeholders, whitespace collapsed and trimmed; a
// void placeholder (a line break) counts as a space.
func Plain(parts []Part) string {
	var sb strings.Builder
	for _, p := range parts {
		switch p.Kind {
		case Text:
			sb.WriteString(p.Text)
		case Void:
			sb.WriteByte(' ')
		}
	}
	return strings.Join(strings.FieldsFunc(sb.String(), unicode.IsSpace), " ")
}

// Answer checks a backend's answer against what was sent and returns its plain text and its
// canonical placeholder form.
func Answer(sent, got string) (plain, markup string, err error) {
	sp, err := Parse(sent)
	if err != nil {
		return "", "", fmt.Errorf("sent text: %w", err)
	}
	gp, err := Parse(got)
	if err != nil {
		return "", "", err
	}
	if err := Check(sp, gp); err != nil {
		return "", "", err
	}
	return Plain(gp), Encode(gp), nil
}

// Locate finds each of pieces in text, in order, each at or after the end of the previous
// one found, and returns their byte ranges; a piece not found gets {-1, -1}. Segments of a
// block are substrings of its text in reading order, so this maps them back to it.
func Locate(text string, pieces []string) [][2]int {
	out := make([][2]int, len(pieces))
	pos := 0
	for i, p := range pieces {
		j := strings.Index(text[pos:], p)
		if j < 0 || p == "" {
			out[i] = [2]int{-1, -1}
			continue
		}
		out[i] = [2]int{pos + j, pos + j + len(p)}
		pos += j + len(p)
	}
	return out
}

// Segments returns the placeholder form of each of b's segments, in order: "" for a segment
// without an inline tag inside it (or a block without markup), which is sent and written as
// plain text.
func Segments(b *doc.Block) []string {
	out := make([]string, len(b.Segments))
	marked, ok := b.Native.(Marked)
	if !ok {
		return out
	}
	texts := make([]string, len(b.Segments))
	for i, s := range b.Segments {
		texts[i] = s.Text
	}
	for i, loc := range Locate(b.Text, texts) {
		if loc[0] < 0 {
			continue
		}
		if m, ok := marked.Markup(loc[0], loc[1]); ok {
			out[i] = m
		}
	}
	return out
}
