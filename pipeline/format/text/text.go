// Package text reads plain text: each non-empty line is a block, except that the lines of a
// hard-wrapped paragraph (mail, Project Gutenberg, text pasted from a PDF) are one. Since plain text has no
// markup, the reader recognises a news page pasted as text by the shape of its lines: the
// title and lead at the top, a byline, gallery markers and the captions after them, photo
// and video credits, and page leftovers (player notices, app-store lines, "Comments").
package text

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Reader is the registration record for plain text.
var Reader = format.Reader{
	Name:       "text",
	Extensions: []string{".txt", ".text"},
	Read:       Read,
	Merge:      Merge,
}

// MaxCaption is the longest line, in characters, read as a caption: the design's counterpart
// rule looks for captions of at most 300 characters.
const MaxCaption = 300

// captionRun is how many lines after a gallery marker may be captions: a foreign caption,
// its repetition (galleries show it twice) and the editors' caption.
const captionRun = 4

var (
	galleryMarker = regexp.MustCompile(`(?i)^\d+\s+view\s+gallery$`)
	creditLine    = regexp.MustCompile(`(?i)^\(?(photo|photos|video|image|images|illustration|credit|צילום|וידאו)\s*:\s*[^)]{1,80}\)?$`)
	bylineLine    = regexp.MustCompile(`^(?:(?i:by)\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,3}\s*\|$|^(?i:by)\s+\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,3}$`)
	// boilerplate are lines of page chrome that survive a copy and paste, with the reason shown to reviewers.
	boilerplate = []struct {
		re     *regexp.Regexp
		reason string
	}{
		{galleryMarker, "gallery marker"},
		{regexp.MustCompile(`(?i)^getting your .{1,40} player ready`), "audio player notice"},
		{regexp.MustCompile(`(?i)^(live|quality|auto|hd|settings|comments?|share|advertisement|read more|close|menu|search|subscribe|play|pause|mute|unmute|full ?screen)$`), "player or page control"},
		{regexp.MustCompile(`(?i)^get the .{1,60}\bapp\b`), "app-store line"},
		{regexp.MustCompile(`^<<.*>>$`), "follow-us line"},
		{regexp.MustCompile(`(?i)^follow .{1,40} on (facebook|twitter|instagram|telegram|x|whatsapp)\b`), "follow-us line"},
		{regexp.MustCompile(`(?i)^the commenter agrees to the privacy policy`), "comment policy"},
	}
)

// line is one non-blank line of the input: its trimmed text and where that lies.
type line struct {
	text       string
	start, end int // byte offsets of the trimmed text in the decoded text
	blankAfter bool
}

// Read splits in into blocks and classifies them. A block is a line, or a hard-wrapped
// paragraph: lines that continue a sentence (see paragraphs) are one block, whose text is
// the input from its first line's start to its last line's end, newlines included.
func Read(name string, in format.Input) (*doc.Document, error) {
	d := &doc.Document{Source: name, Format: "text", HasOffsets: in.Base >= 0, Input: in.Raw}
	text := in.Text
	var lines []line
	for pos := 0; pos <= len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		l := text[pos:end]
		lo := len(l) - len(strings.TrimLeftFunc(l, unicode.IsSpace))
		if trimmed := strings.TrimSpace(l); trimmed != "" {
			lines = append(lines, line{text: trimmed, start: pos + lo, end: pos + lo + len(trimmed)})
		} else if len(lines) > 0 {
			lines[len(lines)-1].blankAfter = true
		}
		if end == len(text) {
			break
		}
		pos = end + 1
	}
	afterGallery := 0 // lines still allowed as captions after a gallery marker
	for _, g := range paragraphs(lines) {
		first, last := lines[g[0]], lines[g[1]-1]
		b := &doc.Block{Index: len(d.Blocks), Kind: doc.Paragraph, Text: text[first.start:last.end]}
		if d.HasOffsets {
			b.Start, b.End = in.Base+first.start, in.Base+last.end
		}
		afterGallery = classify(d, b, afterGallery)
		d.Blocks = append(d.Blocks, b)
		if last.blankAfter {
			afterGallery = 0
		}
	}
	return d, nil
}

// paragraphs groups lines into blocks, as index ranges [from, to). A line continues the one
// before it when that one does not end a sentence and neither is a line of their own kind
// (a credit, a byline, a gallery marker, page chrome), and either it starts in lower case,
// or the text is hard-wrapped (its longest line between minWrapped and maxWrapped, three lines
// or more filled to 80% of it) and the line before fills 80%
// of it. Such a run is joined only if it ends a sentence: "features / contact
// manager / events, activities" stays a list of lines, and a title without a full stop above
// its lead stays a title.
func paragraphs(lines []line) [][2]int {
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l.text))
	}
	// Wrapped text has many lines filled to near its width, not one long line among short ones.
	full := 0
	for _, l := range lines {
		if 10*utf8.RuneCountInString(l.text) >= 8*width {
			full++
		}
	}
	wrapped := width >= minWrapped && width <= maxWrapped && full >= 3
	continues := func(prev, next line) bool {
		if prev.blankAfter || endsSentence(prev.text) || ownLine(prev.text) || ownLine(next.text) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(next.text)
		if unicode.IsLower(r) {
			return true
		}
		return wrapped && 10*utf8.RuneCountInString(prev.text) >= 8*width
	}
	var out [][2]int
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && continues(lines[j-1], lines[j]) {
			j++
		}
		if j > i+1 && endsSentence(lines[j-1].text) {
			out = append(out, [2]int{i, j})
			i = j
			continue
		}
		out = append(out, [2]int{i, i + 1})
		i++
	}
	return out
}

// minWrapped and maxWrapped bound the longest line of a hard-wrapped text: mail and Project
// Gutenberg wrap at 70-80 characters, pasted PDF columns shorter; a text of short lines only
// is a list, not wrapped prose.
const minWrapped, maxWrapped = 40, 100

// ownLine reports whether a line is always a block of its own.
func ownLine(t string) bool {
	if creditLine.MatchString(t) || galleryMarker.MatchString(t) || bylineLine.MatchString(t) {
		return true
	}
	_, bp := Boilerplate(t)
	return bp
}

// classify sets b's kind from its shape and its place, and returns the new caption allowance.
func classify(d *doc.Document, b *doc.Block, afterGallery int) int {
	t := b.Text
	n := len(d.Blocks)
	for _, bp := range boilerplate {
		if bp.re.MatchString(t) {
			b.Kind, b.Reason = doc.Boilerplate, bp.reason
			if bp.re == galleryMarker {
				return captionRun
			}
			return 0
		}
	}
	if !hasWordChar(t) {
		b.Kind, b.Reason = doc.Boilerplate, "no words"
		return afterGallery
	}
	switch {
	case creditLine.MatchString(t):
		b.Kind, b.Reason = doc.Credit, "credit line"
		// A short line without a full stop just before a credit is the caption it credits.
		if n > 0 {
			prev := d.Blocks[n-1]
			if prev.Kind == doc.Paragraph && utf8.RuneCountInString(prev.Text) <= 120 && !endsSentence(prev.Text) {
				prev.Kind = doc.Caption
			}
		}
		return 0
	case afterGallery > 0 && utf8.RuneCountInString(t) <= MaxCaption:
		b.Kind = doc.Caption
		return afterGallery - 1
	case bylineLine.MatchString(t) && utf8.RuneCountInString(t) <= 60:
		b.Kind, b.Reason = doc.Byline, "byline"
	case n == 0 && utf8.RuneCountInString(t) <= 200 && !endsSentence(t):
		b.Kind = doc.Title
	case n == 1 && d.Blocks[0].Kind == doc.Title && utf8.RuneCountInString(t) <= 600:
		b.Kind = doc.Lead
	}
	return 0
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)»")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") ||
		strings.HasSuffix(s, "…") || strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？")
}

// Boilerplate reports whether line (trimmed) is a page leftover — a gallery marker, a player
// notice or control, an app-store or follow-us line, a comment policy — and why. Other readers
// (HTML) use it for the leftovers they find inside an article.
func Boilerplate(line string) (reason string, ok bool) {
	for _, bp := range boilerplate {
		if bp.re.MatchString(line) {
			return bp.reason, true
		}
	}
	return "", false
}

// IsCredit reports whether line (trimmed) is a photo or video credit such as "(Photo: Reuters)".
func IsCredit(line string) bool { return creditLine.MatchString(line) }
