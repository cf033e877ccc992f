package xliff

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"golang.org/x/text/language"
)

// validate checks an XLIFF 2.0 document against the core constraints that bitext's output
// touches: the content models and attributes of the OASIS core schema (xliff_core_2.0.xsd)
// for xliff, file, group, unit, notes, note, segment, source, target and cp, the
// language rules of the specification (srcLang required, trgLang required when a target
// exists, xml:lang on source/target equal to srcLang/trgLang, well-formed BCP 47), unique
// ids (file, group/unit within a file, note within its notes), subState only with state,
// and userDefinedValue patterns. Inline codes other than cp (ph, pc, sc, ec, mrk, sm, em)
// are accepted with their content but not checked deeply: bitext writes none. Elements and
// attributes of other namespaces are accepted where the schema has lax wildcards.
//
// It is itself tested against the OASIS XLIFF 2.0 test suite: every core/valid file passes
// and a chosen set of core/invalid files, those about the constraints above, fail.
func validate(data []byte) error {
	root, err := parseTree(data)
	if err != nil {
		return err
	}
	v := &validator{}
	return v.xliff(root)
}

const coreNS = "urn:oasis:names:tc:xliff:document:2.0"
const xmlNS = "http://www.w3.org/XML/1998/namespace"

type node struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*node
	text     bool // has non-whitespace character data
}

func parseTree(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not well-formed: %w", err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			n := &node{name: t.Name, attrs: t.Attr}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("two root elements")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && len(bytes.TrimSpace(t)) > 0 {
				stack[len(stack)-1].text = true
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

func (n *node) core(local string) bool { return n.name.Space == coreNS && n.name.Local == local }

func (n *node) get(space, local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

type validator struct {
	srcLang, trgLang string
	hasTrgLang       bool
	// inherited is the xml:lang in scope (from xliff, file, group or unit), "" when none.
	inherited string
}

var (
	nmtoken     = regexp.MustCompile(`^[\p{L}\p{N}._:\-\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}]+$`)
	userDefined = regexp.MustCompile(`^[^\s:]+:[^\s:]+$`)
)

// attrs checks n's attributes: those without namespace must be in allowed (name → check),
// xml:* must be in xmlAllowed, others are extension attributes, allowed only if ext.
func (v *validator) attrs(n *node, allowed map[string]func(string) error, xmlAllowed []string, ext bool) error {
	for _, a := range n.attrs {
		switch a.Name.Space {
		case "":
			if a.Name.Local == "xmlns" {
				continue
			}
			check, ok := allowed[a.Name.Local]
			if !ok {
				return fmt.Errorf("<%s>: attribute %s not allowed", n.name.Local, a.Name.Local)
			}
			if check != nil {
				if err := check(a.Value); err != nil {
					return fmt.Errorf("<%s> %s=%q: %w", n.name.Local, a.Name.Local, a.Value, err)
				}
			}
		case "xmlns":
		case xmlNS:
			ok := false
			for _, x := range xmlAllowed {
				ok = ok || x == a.Name.Local
			}
			if !ok {
				return fmt.Errorf("<%s>: attribute xml:%s not allowed", n.name.Local, a.Name.Local)
			}
			if a.Name.Local == "space" && a.Value != "default" && a.Value != "preserve" {
				return fmt.Errorf("<%s>: xml:space=%q", n.name.Local, a.Value)
			}
		case coreNS:
			return fmt.Errorf("<%s>: prefixed core attribute %s", n.name.Local, a.Name.Local)
		default:
			if !ext {
				return fmt.Errorf("<%s>: extension attribute %s:%s not allowed", n.name.Local, a.Name.Space, a.Name.Local)
			}
		}
	}
	return nil
}

func oneOf(vals ...string) func(string) error {
	return func(s string) error {
		for _, v := range vals {
			if s == v {
				return nil
			}
		}
		return fmt.Errorf("want one of %v", vals)
	}
}

func isNMTOKEN(s string) error {
	if !nmtoken.MatchString(s) {
		return fmt.Errorf("not an NMTOKEN")
	}
	return nil
}

func isUserDefined(s string) error {
	if !userDefined.MatchString(s) {
		return fmt.Errorf("want prefix:value")
	}
	return nil
}

func isLang(s string) error {
	if _, err := language.Parse(s); err != nil {
		return fmt.Errorf("not BCP 47: %w", err)
	}
	return nil
}

var yesNo = oneOf("yes", "no")
var dir = oneOf("ltr", "rtl", "auto")

func (v *validator) xliff(n *node) error {
	if !n.core("xliff") {
		return fmt.Errorf("root is {%s}%s, want XLIFF 2.0 xliff", n.name.Space, n.name.Local)
	}
	if err := v.attrs(n, map[string]func(string) error{"version": oneOf("2.0"), "srcLang": isLang, "trgLang": isLang},
		[]string{"space", "lang"}, true); err != nil {
		return err
	}
	var ok bool
	if v.srcLang, ok = n.get("", "srcLang"); !ok {
		return fmt.Errorf("xliff: srcLang missing")
	}
	if _, ok := n.get("", "version"); !ok {
		return fmt.Errorf("xliff: version missing")
	}
	v.trgLang, v.hasTrgLang = n.get("", "trgLang")
	if err := v.langAttr(n); err != nil {
		return fmt.Errorf("xliff xml:lang: %w", err)
	}
	if n.text {
		return fmt.Errorf("xliff: text content")
	}
	files := map[string]bool{}
	if len(n.children) == 0 {
		return fmt.Errorf("xliff: no file")
	}
	for _, c := range n.children {
		if !c.core("file") {
			return fmt.Errorf("xliff: unexpected <%s>", c.name.Local)
		}
		id, _ := c.get("", "id")
		if files[id] {
			return fmt.Errorf("file id %q not unique", id)
		}
		files[id] = true
		if err := v.file(c); err != nil {
			return fmt.Errorf("file %q: %w", id, err)
		}
	}
	return nil
}

func (v *validator) file(n *node) error {
	defer func(l string) { v.inherited = l }(v.inherited)
	if err := v.attrs(n, map[string]func(string) error{"id": isNMTOKEN, "canResegment": yesNo, "original": nil,
		"translate": yesNo, "srcDir": dir, "trgDir": dir}, []string{"space", "lang"}, true); err != nil {
		return err
	}
	if _, ok := n.get("", "id"); !ok {
		return fmt.Errorf("file without id")
	}
	if err := v.langAttr(n); err != nil {
		return err
	}
	// skeleton?, other*, notes?, (unit|group)+
	i := 0
	if i < len(n.children) && n.children[i].core("skeleton") {
		i++
	}
	for i < len(n.children) && n.children[i].name.Space != coreNS {
		i++
	}
	ids := map[string]bool{}
	rest, err := v.notesThen(n.children[i:])
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return fmt.Errorf("file without unit or group")
	}
	return v.unitsGroups(rest, ids)
}

// langAttr checks n's xml:lang and makes it the one in scope; the caller restores the
// previous value when it leaves n.
func (v *validator) langAttr(n *node) error {
	if lang, ok := n.get(xmlNS, "lang"); ok {
		v.inherited = lang
		return isLang(lang)
	}
	return nil
}

// notesThen checks an optional leading <notes> and returns the children after it.
func (v *validator) notesThen(cs []*node) ([]*node, error) {
	if len(cs) > 0 && cs[0].core("notes") {
		if err := v.notes(cs[0]); err != nil {
			return nil, err
		}
		return cs[1:], nil
	}
	return cs, nil
}

func (v *validator) notes(n *node) error {
	if len(n.children) == 0 {
		return fmt.Errorf("notes without note")
	}
	ids := map[string]bool{}
	for _, c := range n.children {
		if !c.core("note") {
			return fmt.Errorf("notes: unexpected <%s>", c.name.Local)
		}
		if err := v.attrs(c, map[string]func(string) error{"id": isNMTOKEN, "appliesTo": oneOf("source", "target"),
			"category": nil, "priority": func(s string) error {
				p, err := strconv.Atoi(s)
				if err != nil || p < 1 || p > 10 {
					return fmt.Errorf("want 1..10")
				}
				return nil
			}}, nil, true); err != nil {
			return err
		}
		if len(c.children) > 0 {
			return fmt.Errorf("note with element content")
		}
		if id, ok := c.get("", "id"); ok {
			if ids[id] {
				return fmt.Errorf("note id %q not unique", id)
			}
			ids[id] = true
		}
	}
	return nil
}

func (v *validator) unitsGroups(cs []*node, ids map[string]bool) error {
	for _, c := range cs {
		id, _ := c.get("", "id")
		switch {
		case c.core("unit"):
			if ids[id] {
				return fmt.Errorf("unit id %q not unique in file", id)
			}
			ids[id] = true
			if err := v.unit(c); err != nil {
				return fmt.Errorf("unit %q: %w", id, err)
			}
		case c.core("group"):
			if ids[id] {
				return fmt.Errorf("group id %q not unique in file", id)
			}
			ids[id] = true
			if err := v.group(c, ids); err != nil {
				return fmt.Errorf("group %q: %w", id, err)
			}
		default:
			return fmt.Errorf("unexpected <%s>, want unit or group", c.name.Local)
		}
	}
	return nil
}

var structAttrs = map[string]func(string) error{"id": isNMTOKEN, "name": nil, "canResegment": yesNo,
	"translate": yesNo, "srcDir": dir, "trgDir": dir, "type": isUserDefined}

func (v *validator) group(n *node, ids map[string]bool) error {
	defer func(l string) { v.inherited = l }(v.inherited)
	if err := v.attrs(n, structAttrs, []string{"space", "lang"}, true); err != nil {
		return err
	}
	if _, ok := n.get("", "id"); !ok {
		return fmt.Errorf("group without id")
	}
	if err := v.langAttr(n); err != nil {
		return err
	}
	i := 0
	for i < len(n.children) && n.children[i].name.Space != coreNS {
		i++
	}
	rest, err := v.notesThen(n.children[i:])
	if err != nil {
		return err
	}
	return v.unitsGroups(rest, ids)
}

func (v *validator) unit(n *node) error {
	defer func(l string) { v.inherited = l }(v.inherited)
	if err := v.attrs(n, structAttrs, []string{"space", "lang"}, true); err != nil {
		return err
	}
	if _, ok := n.get("", "id"); !ok {
		return fmt.Errorf("unit without id")
	}
	if err := v.langAttr(n); err != nil {
		return err
	}
	i := 0
	for i < len(n.children) && n.children[i].name.Space != coreNS {
		i++
	}
	rest, err := v.notesThen(n.children[i:])
	if err != nil {
		return err
	}
	if len(rest) > 0 && rest[0].core("originalData") {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return fmt.Errorf("unit without segment")
	}
	segIDs := map[string]bool{}
	segments := 0
	for _, c := range rest {
		if c.core("segment") {
			segments++
		}
		if !c.core("segment") && !c.core("ignorable") {
			return fmt.Errorf("unexpected <%s> in unit", c.name.Local)
		}
		if id, ok := c.get("", "id"); ok {
			if segIDs[id] {
				return fmt.Errorf("segment id %q not unique", id)
			}
			segIDs[id] = true
		}
		if err := v.segment(c); err != nil {
			return err
		}
	}
	if segments == 0 {
		return fmt.Errorf("unit without segment (only ignorable)")
	}
	return nil
}

func (v *validator) segment(n *node) error {
	allowed := map[string]func(string) error{"id": isNMTOKEN}
	if n.core("segment") {
		allowed["canResegment"] = yesNo
		allowed["state"] = oneOf("initial", "translated", "reviewed", "final")
		allowed["subState"] = isUserDefined
	}
	if err := v.attrs(n, allowed, nil, false); err != nil {
		return err
	}
	if _, ok := n.get("", "subState"); ok {
		if _, ok := n.get("", "state"); !ok {
			return fmt.Errorf("subState without state")
		}
	}
	cs := n.children
	if len(cs) == 0 || !cs[0].core("source") {
		return fmt.Errorf("%s without source", n.name.Local)
	}
	if err := v.content(cs[0], v.srcLang); err != nil {
		return err
	}
	cs = cs[1:]
	if len(cs) > 0 {
		if !cs[0].core("target") {
			return fmt.Errorf("unexpected <%s> after source", cs[0].name.Local)
		}
		if !v.hasTrgLang {
			return fmt.Errorf("target without trgLang on xliff")
		}
		if err := v.content(cs[0], v.trgLang); err != nil {
			return err
		}
		cs = cs[1:]
	}
	if len(cs) > 0 {
		return fmt.Errorf("unexpected <%s> in %s", cs[0].name.Local, n.name.Local)
	}
	return nil
}

var inlineCodes = map[string]bool{"cp": true, "ph": true, "pc": true, "sc": true, "ec": true, "mrk": true, "sm": true, "em": true}

func (v *validator) content(n *node, lang string) error {
	allowed := map[string]func(string) error{}
	if n.core("target") {
		allowed["order"] = func(s string) error {
			if p, err := strconv.Atoi(s); err != nil || p < 1 {
				return fmt.Errorf("want a positive integer")
			}
			return nil
		}
	}
	if err := v.attrs(n, allowed, []string{"lang", "space"}, false); err != nil {
		return err
	}
	l, ok := n.get(xmlNS, "lang")
	if !ok {
		l = v.inherited
	}
	if l != "" && l != lang {
		return fmt.Errorf("<%s> in xml:lang %q differs from %q", n.name.Local, l, lang)
	}
	return v.inlines(n)
}

func (v *validator) inlines(n *node) error {
	for _, c := range n.children {
		if c.name.Space != coreNS || !inlineCodes[c.name.Local] {
			return fmt.Errorf("<%s> not allowed in <%s>", c.name.Local, n.name.Local)
		}
		if c.name.Local == "cp" {
			if err := v.attrs(c, map[string]func(string) error{"hex": func(s string) error {
				r, err := strconv.ParseUint(s, 16, 32)
				if err != nil || len(s)%2 != 0 {
					return fmt.Errorf("not hexBinary")
				}
				if xmlChar(rune(r)) {
					return fmt.Errorf("cp for a character XML can carry")
				}
				if r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF) {
					return fmt.Errorf("not a code point")
				}
				return nil
			}}, nil, false); err != nil {
				return err
			}
			if _, ok := c.get("", "hex"); !ok {
				return fmt.Errorf("cp without hex")
			}
			continue
		}
		if id, ok := c.get("", "id"); ok {
			if err := isNMTOKEN(id); err != nil {
				return fmt.Errorf("<%s id=%q>: %w", c.name.Local, id, err)
			}
		}
		if err := v.inlines(c); err != nil {
			return err
		}
	}
	return nil
}
