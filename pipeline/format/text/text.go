// Package text reads plain text: each non-empty line is a block. Since plain text has no
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

// Read splits in into line blocks and classifies them.
func Read(name string, in format.Input) (*doc.Document, error) {
	d := &doc.Document{Source: name, Format: "text", HasOffsets: in.Base >= 0, Input: in.Raw}
	text := in.Text
	afterGallery := 0 // lines still allowed as captions after a gallery marker
	for pos := 0; pos <= len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		line := text[pos:end]
		lo := len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			afterGallery = 0
		} else {
			b := &doc.Block{Index: len(d.Blocks), Kind: doc.Paragraph, Text: trimmed}
			if d.HasOffsets {
				b.Start = in.Base + pos + lo
				b.End = b.Start + len(trimmed)
			}
			afterGallery = classify(d, b, afterGallery)
			d.Blocks = append(d.Blocks, b)
		}
		if end == len(text) {
			break
		}
		pos = end + 1
	}
	return d, nil
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
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
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
