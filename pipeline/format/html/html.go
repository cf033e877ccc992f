package html

import (
	"bytes"
	"errors"
	"fmt"
	stdhtml "html"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Reader is the registration record for HTML.
var Reader = format.Reader{
	Name:       "html",
	Extensions: []string{".html", ".htm"},
	Sniff:      Sniff,
	Decode:     Decode,
	Read:       Read,
	Merge:      Merge,
}

// Sniff reports whether data starts (after a BOM, whitespace and comments) like an HTML page.
func Sniff(data []byte) bool {
	data = data[:min(len(data), 1024)]
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	for {
		data = bytes.TrimLeft(data, " \t\r\n\f")
		if !bytes.HasPrefix(data, []byte("<!--")) {
			break
		}
		end := bytes.Index(data, []byte("-->"))
		if end < 0 {
			return false
		}
		data = data[end+3:]
	}
	l := bytes.ToLower(data[:min(len(data), 14)])
	return bytes.HasPrefix(l, []byte("<!doctype html")) || bytes.HasPrefix(l, []byte("<html"))
}

// page is a Document's Native value: the decoded source and how to encode it back.
type page struct {
	// src is the decoded page; every offset of this package indexes it.
	src string
	// prefix is written before the encoded source (a UTF-8 BOM).
	prefix []byte
	// enc encodes merged output back to the input's encoding; nil for UTF-8.
	enc encoding.Encoding
}

// Read parses a page and extracts its article's blocks.
func Read(name string, in format.Input) (*doc.Document, error) {
	p := &page{src: in.Text}
	switch name := in.Encoding.Name; {
	case name == "utf-16le":
		p.enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case name == "utf-16be":
		p.enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case name == "utf-8" || name == "" && in.Base >= 0:
		if in.Encoding.From == "bom" || in.Base > 0 {
			p.prefix = []byte{0xEF, 0xBB, 0xBF}
		}
	default:
		p.enc, _ = charset.Lookup(name)
		if p.enc == nil {
			return nil, fmt.Errorf("html: input was decoded from an unknown encoding %q", name)
		}
	}
	root, err := parse(p.src)
	if err != nil {
		var de *format.DepthError
		if errors.As(err, &de) {
			de.File = name
		}
		return nil, err
	}
	d := &doc.Document{Source: name, Format: "html", Input: in.Raw, Native: p}
	x := &extractor{page: p, d: d}
	x.extract(root)
	x.finish()
	// As readability does: when the rules leave little text, they were wrong about this
	// page; read it again without the class-name and pruning rules and keep the richer.
	if n := articleText(d); n < minArticle {
		d2 := &doc.Document{Source: name, Format: "html", Input: in.Raw, Native: p}
		x2 := &extractor{page: p, d: d2, lenient: true}
		x2.extract(root)
		x2.finish()
		if articleText(d2) > n {
			d = d2
		}
	}
	if articleText(d) == 0 {
		return nil, ErrNoArticle
	}
	return d, nil
}

// ErrNoArticle is the error for a page in which no article text was found: a failed input,
// not an empty document.
var ErrNoArticle = errors.New("no article text found")

// minArticle is the article length, in characters, under which a page is read again with
// fewer rules (readability's charThreshold).
const minArticle = 500

// articleText counts the characters of d's blocks that are not boilerplate.
func articleText(d *doc.Document) int {
	n := 0
	for _, b := range d.Blocks {
		if b.Kind != doc.Boilerplate {
			n += utf8.RuneCountInString(b.Text)
		}
	}
	return n
}

// attr is one attribute of a start tag, with where its parts lie in the source.
type attr struct {
	key, val string
	// start, end span the whole attribute (key=value); vs, ve its raw value (inside quotes).
	start, end, vs, ve int
	quoted             bool
}

// node is an element or a text run of the page, with its byte ranges in the source.
type node struct {
	name     string // lower-case tag name; "" for text
	attrs    []attr
	parent   *node
	children []*node
	// start..tagEnd is the start tag (or the text); closeStart..end the end tag, which is
	// closeStart == end when the end tag was implied.
	start, tagEnd, closeStart, end int
}

func (n *node) attr(key string) (*attr, bool) {
	for i := range n.attrs {
		if n.attrs[i].key == key {
			return &n.attrs[i], true
		}
	}
	return nil, false
}

func (n *node) val(key string) string {
	if a, ok := n.attr(key); ok {
		return a.val
	}
	return ""
}

var voidElements = set("area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
	"meta", "param", "source", "track", "wbr")

// closesP are the start tags that end an open <p> (HTML's "close a p element").
var closesP = set("address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
	"figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
	"hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// parse builds a tree with byte offsets from the tokenizer's raw tokens, applying the few
// implied end tags news pages rely on (p, li, dt/dd, table cells, option). Like a browser, it
// makes a tree of anything, except elements nested deeper than format.MaxDepth (after the
// implied end tags): a *format.DepthError at the line of the element one level too deep, so
// that hostile input can neither recurse without end nor be silently flattened.
func parse(src string) (*node, error) {
	root := &node{name: "#root", end: len(src), closeStart: len(src)}
	stack := []*node{root}
	top := func() *node { return stack[len(stack)-1] }
	closeAt := func(i, pos int) { // pop stack[i:], implied end at pos
		for j := len(stack) - 1; j >= i; j-- {
			stack[j].closeStart, stack[j].end = pos, pos
		}
		stack = stack[:i]
	}
	find := func(name string, stops map[string]bool) int {
		for i := len(stack) - 1; i > 0; i-- {
			if stack[i].name == name {
				return i
			}
			if stops[stack[i].name] {
				return -1
			}
		}
		return -1
	}
	z := html.NewTokenizer(strings.NewReader(src))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		start := pos
		pos += len(raw)
		switch tt {
		case html.TextToken:
			top().children = append(top().children, &node{parent: top(), start: start, tagEnd: pos, closeStart: pos, end: pos})
		case html.CommentToken:
			top().children = append(top().children, &node{name: "#comment", parent: top(), start: start, tagEnd: pos, closeStart: pos, end: pos})
		case html.StartTagToken, html.SelfClosingTagToken:
			nameB, _ := z.TagName()
			name := string(nameB)
			switch {
			case closesP[name]:
				if i := find("p", set("button", "table", "td", "th")); i > 0 {
					closeAt(i, start)
				}
			case name == "li":
				if i := find("li", set("ul", "ol")); i > 0 {
					closeAt(i, start)
				}
			case name == "dt" || name == "dd":
				if i := find("dt", set("dl")); i > 0 {
					closeAt(i, start)
				} else if i := find("dd", set("dl")); i > 0 {
					closeAt(i, start)
				}
			case name == "td" || name == "th" || name == "tr":
				for _, c := range []string{"td", "th"} {
					if i := find(c, set("table", "tr")); i > 0 {
						closeAt(i, start)
					}
				}
				if name == "tr" {
					if i := find("tr", set("table")); i > 0 {
						closeAt(i, start)
					}
				}
			case name == "option":
				if i := find("option", set("select")); i > 0 {
					closeAt(i, start)
				}
			}
			n := &node{name: name, parent: top(), start: start, tagEnd: pos, closeStart: pos, end: pos}
			n.attrs = scanAttrs(src, start, pos)
			top().children = append(top().children, n)
			if tt == html.StartTagToken && !voidElements[name] {
				// The root is not a level: the stack holds it and the open elements.
				if len(stack) > format.MaxDepth {
					return nil, &format.DepthError{Line: format.LineAt(src, start), What: "elements"}
				}
				stack = append(stack, n)
			}
		case html.EndTagToken:
			nameB, _ := z.TagName()
			if i := find(string(nameB), nil); i > 0 {
				closeAt(i+1, start)
				n := stack[i]
				n.closeStart, n.end = start, pos
				stack = stack[:i]
			}
		}
	}
	closeAt(1, len(src))
	return root, nil
}

// scanAttrs reads the attributes of the start tag src[start:end] with their offsets. It
// follows the tokenizer's attribute syntax; values are unescaped as the tokenizer does.
func scanAttrs(src string, start, end int) []attr {
	i := start + 1
	for i < end && !isSpace(src[i]) && src[i] != '/' && src[i] != '>' {
		i++
	}
	var out []attr
	for i < end {
		for i < end && (isSpace(src[i]) || src[i] == '/') {
			i++
		}
		if i >= end || src[i] == '>' {
			break
		}
		a := attr{start: i}
		ks := i
		i++ // the first character may be '='
		for i < end && !isSpace(src[i]) && src[i] != '/' && src[i] != '>' && src[i] != '=' {
			i++
		}
		a.key = strings.ToLower(src[ks:i])
		j := i
		for j < end && isSpace(src[j]) {
			j++
		}
		if j < end && src[j] == '=' {
			j++
			for j < end && isSpace(src[j]) {
				j++
			}
			i = j
			switch {
			case i < end && (src[i] == '"' || src[i] == '\''):
				q := src[i]
				a.quoted = true
				a.vs = i + 1
				k := strings.IndexByte(src[a.vs:end], q)
				if k < 0 {
					a.ve = end
					i = end
				} else {
					a.ve = a.vs + k
					i = a.ve + 1
				}
			default:
				a.vs = i
				for i < end && !isSpace(src[i]) && src[i] != '>' {
					i++
				}
				a.ve = i
			}
			a.val = stdhtml.UnescapeString(src[a.vs:a.ve])
		} else {
			a.vs, a.ve = i, i
		}
		a.end = i
		out = append(out, a)
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
