package segment

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// bullet reports whether r marks a list item.
func bullet(r rune) bool {
	switch r {
	case '•', '⁃', '‣', '◦', '▪', '●', '■', '□', '➢', '►':
		return true
	}
	return false
}

type marker struct {
	pos, dot, val int
	key           string // "1." "1)" "1.)" "a." …: items of one list share it
	open          bool   // may start or continue a list
}

// findLists finds list items: a bullet after whitespace starts one, and so does a number
// or a lower-case letter followed by ".", ")" or ".)" and a space when it continues a list
// ("1) … 2) …", "a. … b. …") begun at the start of the text, of a line, after a bullet or
// after a sentence. Their dots end no sentence.
func (s *scanner) findLists() {
	text := s.text
	last := map[string]marker{}
	prev := rune(-1)
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && prev >= 0 && prev < utf8.RuneSelf && prev != ' ' && (prev < '\t' || prev > '\r') {
			prev = rune(c) // only positions after whitespace or a bullet can start an item
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if prev == -1 || unicode.IsSpace(prev) || bullet(prev) {
			if bullet(r) && prev != -1 && unicode.IsSpace(prev) {
				s.breaks = append(s.breaks, i)
			}
			if m, ok := s.marker(i); ok {
				m.open = s.listStart(i)
				if l, ok := last[m.key]; ok && l.open && l.val == m.val-1 {
					if !s.afterBullet(i) { // the bullet already broke the sentence
						s.breaks = append(s.breaks, i)
					}
					if l.dot >= 0 {
						s.markerDots = append(s.markerDots, l.dot)
					}
					if m.dot >= 0 {
						s.markerDots = append(s.markerDots, m.dot)
					}
					m.open = true
				}
				last[m.key] = m
			}
		}
		prev = r
		i += n
	}
	sort.Ints(s.breaks)
	sort.Ints(s.markerDots)
}

// marker parses a list marker at i: 1-3 digits or one ASCII lower-case letter, then ".",
// ")" or ".)", then whitespace.
func (s *scanner) marker(i int) (marker, bool) {
	text := s.text
	j := i
	val := 0
	kind := "1"
	for j < len(text) && j-i < 3 && text[j] >= '0' && text[j] <= '9' {
		val = val*10 + int(text[j]-'0')
		j++
	}
	if j == i {
		if j >= len(text) || text[j] < 'a' || text[j] > 'z' {
			return marker{}, false
		}
		val, kind = int(text[j]-'a'), "a"
		j++
	}
	m := marker{pos: i, dot: -1, val: val}
	switch {
	case j+1 < len(text) && text[j] == '.' && text[j+1] == ')':
		m.dot, m.key = j, kind+".)"
		j += 2
	case j < len(text) && text[j] == '.':
		m.dot, m.key = j, kind+"."
		j++
	case j < len(text) && text[j] == ')':
		m.key = kind + ")"
		j++
	default:
		return marker{}, false
	}
	if j >= len(text) || (text[j] != ' ' && text[j] != '\t' && text[j] != '\n') {
		return marker{}, false
	}
	return m, true
}

// listStart reports whether a list may begin at i: at the start of the text or of a line,
// after a bullet, or after a sentence terminal.
func (s *scanner) listStart(i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s.text[:j])
		if isNewline(r) || bullet(r) {
			return true
		}
		if !unicode.IsSpace(r) {
			return r == '.' || r == '!' || r == '?' || strongTerminal(r) || closer(r) && j-n > 0 && s.text[j-n-1] == '.'
		}
		j -= n
	}
	return true
}

// afterBullet reports whether a bullet, and maybe spaces, come right before i.
func (s *scanner) afterBullet(i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s.text[:i])
		if !unicode.IsSpace(r) || isNewline(r) {
			return bullet(r)
		}
		i -= n
	}
	return false
}
