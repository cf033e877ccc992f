package format

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxDepth is the deepest nesting any reader accepts: list items in list items, quotes in
// quotes, elements in elements. Real documents stay within a few dozen levels; hostile ones
// go deeper to make parsers slow or their recursion deep (a Markdown list nested 3,000 levels
// took 42 CPU seconds and 837 MB in goldmark). Readers return a *DepthError beyond it.
const MaxDepth = 1000

// DepthError is an input nested deeper than MaxDepth. Its message gives the line, as other
// reader errors do; the pipeline puts the file's name before it.
type DepthError struct {
	// File is the input's name; Line (from 1) is where the nesting passed MaxDepth.
	File string
	Line int
	// What says what is nested ("list items and block quotes", "elements").
	What string
}

func (e *DepthError) Error() string {
	what := e.What
	if what == "" {
		what = "elements"
	}
	return fmt.Sprintf("line %d: %s nested deeper than %d levels", e.Line, what, MaxDepth)
}

// LineAt returns the line (from 1) of byte offset off in src.
func LineAt(src string, off int) int {
	off = min(max(off, 0), len(src))
	return strings.Count(src[:off], "\n") + 1
}

// Depth counts nesting for a reader that builds a tree as it reads: Enter when an element
// opens (it fails past MaxDepth), Leave when it closes. The zero value is ready to use.
type Depth struct{ n int }

// Enter records one more level opened at line of file; it returns a *DepthError when that
// passes MaxDepth.
func (d *Depth) Enter(file string, line int, what string) error {
	d.n++
	if d.n > MaxDepth {
		return &DepthError{File: file, Line: line, What: what}
	}
	return nil
}

// Leave records one level closed.
func (d *Depth) Leave() {
	if d.n > 0 {
		d.n--
	}
}

// CheckXMLDepth reads the XML document r (encoding/xml's tokens, without namespace
// processing) and returns a *DepthError naming file and the line where elements nest deeper
// than MaxDepth; nil when they never do or the document ends (syntax errors are left to the
// reader's own parse). It costs one pass over the input: XML-based readers (TTML, XLIFF) run
// it before building their tree.
func CheckXMLDepth(file string, r io.Reader) error {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	var d Depth
	for {
		t, err := dec.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return nil // a syntax error: the reader reports it, with its own context
		}
		switch t.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			if err := d.Enter(file, line, "elements"); err != nil {
				return err
			}
		case xml.EndElement:
			d.Leave()
		}
	}
}

// CheckJSONDepth scans the JSON (or JSON Lines) text data once and returns a *DepthError
// naming file and the line where arrays and objects nest deeper than MaxDepth; nil when they
// never do. Syntax is left to the decoder. encoding/json's own limit is 10,000 levels, ten
// times what any reader of bitext takes.
func CheckJSONDepth(file string, data []byte) error {
	depth, line, inString, escaped := 0, 1, false, false
	for _, c := range data {
		switch {
		case c == '\n':
			line++
			escaped = false
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			if depth++; depth > MaxDepth {
				return &DepthError{File: file, Line: line, What: "arrays and objects"}
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}
