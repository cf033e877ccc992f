package tmx

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// placeholderRE matches one of bitext's inline placeholders: <g id="N">, </g>, <x id="N"/>,
// <bx id="N"/> and <ex id="N"/>, the form texts with inline markup are sent to backends in
// (see pipeline/format/inline) and cached in.
var placeholderRE = regexp.MustCompile(`<(/?)(g|x|bx|ex)(?:\s+id="(\d+)")?\s*(/?)>`)

// Placeholders turns text in bitext's placeholder form (HTML-escaped text with <g id="N">…</g>,
// <x id="N"/>, <bx id="N"/>, <ex id="N"/>) into seg content: the text escaped once, a paired
// element as <bpt i="N" x="N"/>…<ept i="N"/>, a standalone one as <ph x="N"/>, and an
// element opened or closed outside the text as <it pos="begin|end" x="N"/>. The native
// codes are not known here, so the inline elements are empty: they mark where the original
// markup goes, and a CAT tool keeps them in place. Text that is not well-formed
// placeholder markup (an unknown tag, an unbalanced </g>) is an error.
func Placeholders(s string) (string, error) {
	var (
		b     strings.Builder
		stack []string
	)
	text := func(t string) { escapeText(&b, Clean(html.UnescapeString(t))) }
	for {
		loc := placeholderRE.FindStringSubmatchIndex(s)
		if loc == nil {
			if strings.ContainsRune(s, '<') {
				return "", fmt.Errorf("%w: a tag that is not a bitext placeholder in %q", ErrInvalid, truncate(s))
			}
			text(s)
			break
		}
		if strings.ContainsRune(s[:loc[0]], '<') {
			return "", fmt.Errorf("%w: a tag that is not a bitext placeholder in %q", ErrInvalid, truncate(s))
		}
		text(s[:loc[0]])
		closing, name, id, void := s[loc[2]:loc[3]] == "/", s[loc[4]:loc[5]], "", s[loc[8]:loc[9]] == "/"
		if loc[6] >= 0 {
			id = s[loc[6]:loc[7]]
		}
		switch {
		case name == "g" && closing:
			if len(stack) == 0 {
				return "", fmt.Errorf("%w: </g> without <g>", ErrInvalid)
			}
			fmt.Fprintf(&b, `<ept i="%s"/>`, stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		case id == "":
			return "", fmt.Errorf("%w: <%s> without an id", ErrInvalid, name)
		case name == "g" && !void:
			fmt.Fprintf(&b, `<bpt i="%s" x="%s"/>`, id, id)
			stack = append(stack, id)
		case name == "x":
			fmt.Fprintf(&b, `<ph x="%s"/>`, id)
		case name == "bx":
			fmt.Fprintf(&b, `<it pos="begin" x="%s"/>`, id)
		case name == "ex":
			fmt.Fprintf(&b, `<it pos="end" x="%s"/>`, id)
		}
		s = s[loc[1]:]
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("%w: <g id=%q> not closed", ErrInvalid, stack[len(stack)-1])
	}
	return b.String(), nil
}
