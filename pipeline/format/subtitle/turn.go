package subtitle

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// speakerLabel matches text that opens with who speaks ("MAN:", "JOHN SMITH:").
var speakerLabel = regexp.MustCompile(`^\p{Lu}[\p{Lu}\d .'’-]*:`)

// Opens reports whether a line of cue text starts a unit of its own: a speaker turn (a
// dialogue dash, "- Why?" or Netflix's "-Why?"; the ">>" of closed captions; a speaker label
// "MAN:"), a sound description ("(door slams)", "[music]") or a song line ("♪").
func Opens(text string) bool {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, ">>") {
		return true
	}
	r, n := utf8.DecodeRuneInString(text)
	switch r {
	case '(', '[', '♪', '♫':
		return true
	case '-', '–', '—':
		// A dash before a number is a minus sign ("-5 degrees"), not a turn.
		next, _ := utf8.DecodeRuneInString(text[n:])
		return next < '0' || next > '9'
	}
	return speakerLabel.MatchString(text)
}

// Closes reports whether a line of cue text ends its unit: a sound description, a song line,
// a speaker label on a line of its own ("MAN:").
func Closes(text string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(text))
	switch r {
	case ')', ']', '♪', '♫', ':':
		return true
	}
	return false
}

// Boundary reports whether a sentence may not run on from line prev into line next (of the
// same cue, or the last line of a cue and the first of the next): prev ends a unit, next
// opens one, or the two name different voices.
func Boundary(prev, next Line) bool {
	if prev.Text == "" || next.Text == "" {
		return true
	}
	return Closes(prev.Text) || Opens(next.Text) || prev.Voice != next.Voice
}
