package markdown

import (
	"strings"

	"github.com/seed77ff/bitext/pipeline/format"
)

// checkNesting returns a *format.DepthError when the Markdown body nests containers — list
// items and block quotes — deeper than format.MaxDepth, before goldmark parses it: goldmark
// spends time quadratic in the depth (a list nested 3,000 levels took 42 CPU seconds and
// 837 MB). firstLine is the line of src the body starts on (after front matter).
//
// It follows CommonMark's container rules closely enough to bound the depth, in one pass:
// each open list item is known by the column its content starts at, and a line indented
// less than that column is no longer inside it; each ">" and each list marker opening a line
// (after the containers it continues) opens one more level.
func checkNesting(name, body string, firstLine int) error {
	var items []int // content columns of the open list items, increasing
	line := firstLine
	for rest := body; rest != ""; line++ {
		l := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		i, col := indent(l, 0, 0)
		if i == len(l) || l[i] == '\r' {
			continue // blank lines close nothing
		}
		for len(items) > 0 && items[len(items)-1] > col {
			items = items[:len(items)-1]
		}
		depth := len(items)
		for i < len(l) {
			if l[i] == '>' {
				depth++
				i, col = indent(l, i+1, col+1)
			} else if w := listMarker(l[i:]); w > 0 {
				depth++
				j, c := indent(l, i+w, col+w)
				if c-(col+w) > 4 || j == len(l) {
					c = col + w + 1 // content is an indented code block, or empty: one column after the marker
				}
				items = append(items, c)
				i, col = j, c
			} else {
				break
			}
			if depth > format.MaxDepth {
				return &format.DepthError{File: name, Line: line, What: "list items and block quotes"}
			}
		}
	}
	return nil
}

// indent skips spaces and tabs of l from byte i at column col (tabs to the next multiple of
// four) and returns where it stopped and at which column.
func indent(l string, i, col int) (int, int) {
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		if l[i] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		i++
	}
	return i, col
}

// listMarker returns the width of the list marker that s starts with ("-", "*", "+", or up
// to nine digits and "." or ")"), followed by a space, a tab or the end of the line; 0 when
// s starts with none.
func listMarker(s string) int {
	if s == "" {
		return 0
	}
	w := 0
	switch c := s[0]; {
	case c == '-' || c == '*' || c == '+':
		w = 1
	case c >= '0' && c <= '9':
		for w < len(s) && w < 9 && s[w] >= '0' && s[w] <= '9' {
			w++
		}
		if w == len(s) || (s[w] != '.' && s[w] != ')') {
			return 0
		}
		w++
	default:
		return 0
	}
	if w < len(s) && s[w] != ' ' && s[w] != '\t' && s[w] != '\r' {
		return 0
	}
	return w
}
