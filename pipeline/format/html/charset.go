package html

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// Decode decodes a page the way browsers do, and says how in Input.Encoding:
//   - a byte order mark decides first (from "bom");
//   - then a charset declared in a <meta> (from "declared"): in the first 1024 bytes as the
//     HTML standard's prescan reads them, or later in the page, where browsers see it while
//     parsing and decode again;
//   - but the bytes win (from "bytes") when they are valid UTF-8 holding multibyte sequences
//     and the declaration is of another encoding, or when they are not valid under it: a page
//     saved as UTF-8 keeps the <meta> of its old encoding more often than the reverse;
//   - with nothing declared, valid UTF-8 is UTF-8, and other bytes are windows-1252 (the
//     standard's default) unless most of their non-ASCII bytes form UTF-8 sequences.
//
// A page read as UTF-8 with a few bytes that are not (stray bytes, a NUL) is decoded with
// U+FFFD in their place, as browsers do, and a warning names the offset of the first; plain
// text formats refuse such input instead (format.Decode).
func Decode(raw []byte) (format.Input, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return lenientUTF8(raw, 3, "bom"), nil
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return format.DecodeUTF16(raw)
	}
	valid := utf8.Valid(raw)
	enc, name := declared(raw)
	switch {
	case name == "utf-8":
		return lenientUTF8(raw, 0, "declared"), nil
	case enc == nil && valid:
		return lenientUTF8(raw, 0, "bytes"), nil
	case enc == nil:
		if mostlyUTF8(raw) {
			return lenientUTF8(raw, 0, "bytes"), nil
		}
		enc, _ = charset.Lookup("windows-1252")
		return transcode(raw, enc, "windows-1252", "bytes")
	case valid && hasNonASCII(raw):
		return lenientUTF8(raw, 0, "bytes"), nil
	}
	in, err := transcode(raw, enc, name, "declared")
	if err == nil && len(in.Warnings) > 0 && mostlyUTF8(raw) {
		// Not valid under the declaration, and UTF-8 fits better: the bytes win.
		return lenientUTF8(raw, 0, "bytes"), nil
	}
	return in, err
}

// lenientUTF8 decodes raw[base:] as UTF-8, replacing each byte that is not part of a valid
// sequence, and each NUL, by U+FFFD, with one warning naming the first offset.
func lenientUTF8(raw []byte, base int, from string) format.Input {
	body := raw[base:]
	in := format.Input{Raw: raw, Base: base, Encoding: doc.Encoding{Name: "utf-8", From: from}}
	if utf8.Valid(body) && bytes.IndexByte(body, 0) < 0 {
		in.Text = string(body)
		return in
	}
	var sb strings.Builder
	sb.Grow(len(body) + 16)
	bad, nuls, first := 0, 0, -1
	for i := 0; i < len(body); {
		r, n := utf8.DecodeRune(body[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			bad++
		case r == 0:
			nuls++
		default:
			sb.Write(body[i : i+n])
			i += n
			continue
		}
		if first < 0 {
			first = base + i
		}
		sb.WriteRune(utf8.RuneError)
		i += n
	}
	in.Text, in.Base = sb.String(), -1
	in.Warnings = []string{replaced(bad, nuls, "UTF-8", first)}
	return in
}

// replaced words the warning for bad bytes and NULs replaced by U+FFFD.
func replaced(bad, nuls int, enc string, first int) string {
	var what []string
	if bad > 0 {
		what = append(what, plural(bad, "byte")+" not valid "+enc)
	}
	if nuls > 0 {
		what = append(what, plural(nuls, "NUL byte"))
	}
	return fmt.Sprintf("%s replaced by U+FFFD (first at byte offset %d)", strings.Join(what, " and "), first)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// transcode decodes raw from enc, replacing NULs and undecodable sequences by U+FFFD with a
// warning. The decoders of x/text already write U+FFFD for bytes they cannot map; where the
// input held no U+FFFD of its own, each one is such a byte.
func transcode(raw []byte, enc encoding.Encoding, name, from string) (format.Input, error) {
	text, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return format.Input{}, fmt.Errorf("%w: decode %s: %v", format.ErrNotText, name, err)
	}
	in := format.Input{Raw: raw, Base: -1, Encoding: doc.Encoding{Name: name, From: from}}
	nuls := bytes.Count(text, []byte{0})
	bad := 0
	if !bytes.Contains(raw, []byte("\uFFFD")) {
		bad = bytes.Count(text, []byte("\uFFFD"))
	}
	if nuls > 0 {
		text = bytes.ReplaceAll(text, []byte{0}, []byte("\uFFFD"))
	}
	if bad+nuls > 0 {
		// Offsets of decoded text do not index raw; for the ASCII-compatible encodings a
		// page can declare, a NUL byte is the NUL character, so its offset is found in raw.
		first := bytes.IndexByte(raw, 0)
		if bad > 0 {
			first = firstUndecodable(raw, enc)
		}
		in.Warnings = []string{replaced(bad, nuls, name, first)}
	}
	in.Text = string(text)
	return in, nil
}

// firstUndecodable returns the byte offset of the first byte of raw that enc maps to U+FFFD,
// found by halving: decoding stops at no error, so the prefix that first holds one is sought.
func firstUndecodable(raw []byte, enc encoding.Encoding) int {
	holds := func(n int) bool {
		t, _ := enc.NewDecoder().Bytes(raw[:n])
		return bytes.Contains(t, []byte("\uFFFD"))
	}
	lo, hi := 0, len(raw) // holds(hi) is true
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if holds(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// mostlyUTF8 reports whether raw holds more valid UTF-8 multibyte sequences than bytes that
// are not valid UTF-8: a UTF-8 page with a few stray bytes, not a legacy-encoded one (whose
// accented letters are almost never valid UTF-8 sequences).
func mostlyUTF8(raw []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(raw); {
		if raw[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
		} else {
			multi++
		}
		i += n
	}
	return multi > bad
}

// declared returns the encoding a page declares and its WHATWG name: "utf-8" (with a nil
// encoding) for UTF-8, nil and "" for no usable declaration. As WHATWG says, a declared
// UTF-16 means UTF-8: the page could not have declared it in ASCII otherwise.
func declared(raw []byte) (encoding.Encoding, string) {
	label := prescan(raw[:min(len(raw), 1024)])
	if label == "" {
		// Past the prescan's 1024 bytes, a <meta charset> seen while parsing makes browsers
		// decode the page again with it.
		label = prescan(raw)
	}
	if label == "" {
		return nil, ""
	}
	enc, name := charset.Lookup(label)
	switch {
	case enc == nil || name == "replacement":
		return nil, ""
	case name == "utf-8" || strings.HasPrefix(name, "utf-16"):
		return nil, "utf-8"
	}
	return enc, name
}

// prescan finds the charset label of the first <meta charset> or <meta http-equiv=
// "Content-Type"> in head, stopping at <body> (a label in the body is too late to trust).
func prescan(head []byte) string {
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" {
				continue
			}
			var httpEquiv, content string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "charset":
					if l := strings.TrimSpace(string(v)); l != "" {
						return l
					}
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
			}
			if httpEquiv == "content-type" {
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					cs := strings.Trim(content[i+len("charset="):], ` "';`)
					if j := strings.IndexAny(cs, " ;\"'"); j >= 0 {
						cs = cs[:j]
					}
					return cs
				}
			}
		}
	}
}
