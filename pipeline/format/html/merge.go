package html

import (
	"errors"
	"fmt"
	stdhtml "html"
	"io"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/inline"
)

// siblingElements are the block elements after which bilingual output repeats the element
// with the translation; other blocks get it inside, after a line break. A list item is not
// one (a copy would renumber an ordered list), nor a <summary> (a <details> has one).
var siblingElements = set("p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote",
	"pre", "div", "section", "address")

// droppedAttrs are not copied to a bilingual sibling: they must stay unique, or they state
// the original's language and direction, or they are the original's class (the copy's is
// written with bitext-translation added).
var droppedAttrs = set("id", "name", "lang", "xml:lang", "dir", "itemprop", "itemscope", "itemid", "itemtype", "class")

// TranslationClass is the class of every element merged bilingual output adds, so a page's
// stylesheet (or a reader's) can style or hide the translations.
const TranslationClass = "bitext-translation"

// edit replaces source bytes [rs, re) with s; rs == re inserts.
type edit struct {
	rs, re int
	s      string
}

// Merge writes the page back with the translations of origin mt and tm: in place of their
// segments (replace), or beside the original (bilingual): a block element is followed by a
// copy of itself (same classes, no id) holding the translation with lang and dir set; other
// blocks get the translation after a <br> in a <span lang dir>; an attribute (img alt) gets
// "original / translation". Inline tags are put back where the translation's placeholders
// say. Every other byte is copied from the input, so with nothing translated the output is
// the input.
func Merge(w io.Writer, d *doc.Document, mode format.MergeMode) error {
	p, ok := d.Native.(*page)
	if !ok {
		return errors.New("merged html output needs a document read by the html reader")
	}
	lang := d.Target.String()
	var edits []edit
	for _, blk := range d.Blocks {
		b, ok := blk.Native.(*block)
		if !ok {
			continue
		}
		segs := b.segmentEdits(blk)
		if len(segs) == 0 {
			continue
		}
		switch {
		case b.attr != nil:
			edits = append(edits, b.attrEdit(blk, mode))
		case mode == format.MergeReplace:
			edits = append(edits, segs...)
		default:
			// The copy holds the translations and the text that needs none; a foreign
			// sentence whose translation failed is left out, never shown as the target
			// language. Scripts, forms, embeds and ruby are not copied, nor ids.
			content := copyable(splice(p.src[b.rs:b.re], b.copyEdits(blk, d.Target), b.rs))
			attrs := fmt.Sprintf(` class="%s" lang="%s" dir="%s"`, b.copyClass(), lang, direction(d.Target))
			if e := b.elem; e != nil && siblingElements[e.name] {
				name := e.name
				if e.parent != nil && e.parent.name == "hgroup" && name[0] == 'h' {
					name = "p" // a heading group holds one heading; its other lines are <p>
				}
				var sb strings.Builder
				sb.WriteString("<" + name)
				for _, a := range e.attrs {
					if !droppedAttrs[a.key] && !strings.HasPrefix(a.key, "on") && !strings.HasPrefix(a.key, "aria-") {
						sb.WriteString(" " + p.src[a.start:a.end])
					}
				}
				sb.WriteString(attrs + ">")
				edits = append(edits, edit{e.end, e.end, sb.String() + content + "</" + name + ">"})
			} else {
				edits = append(edits, edit{b.re, b.re, "<br><span" + attrs + ">" + content + "</span>"})
			}
		}
	}
	if len(edits) == 0 {
		if _, err := w.Write(d.Input); err != nil {
			return fmt.Errorf("write merged html: %w", err)
		}
		return nil
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].rs < edits[j].rs })
	out := splice(p.src, edits, 0)
	var data []byte
	if p.enc != nil {
		s, err := p.enc.NewEncoder().String(out)
		if err != nil {
			return fmt.Errorf("encode merged html: %w", err)
		}
		data = []byte(s)
	} else {
		data = append(append([]byte{}, p.prefix...), out...)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write merged html: %w", err)
	}
	return nil
}

// copyClass is the class attribute of a block's bilingual copy: the original element's
// classes, so it looks the same, and TranslationClass.
func (b *block) copyClass() string {
	if b.elem != nil {
		if c := strings.TrimSpace(b.elem.val("class")); c != "" {
			return stdhtml.EscapeString(c) + " " + TranslationClass
		}
	}
	return TranslationClass
}

// direction is the dir attribute for text in lang.
func direction(lang language.Tag) string {
	switch base, _ := lang.Base(); base.String() {
	case "ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb":
		return "rtl"
	}
	return "ltr"
}

// copyEdits returns the edits that turn a block's source into its bilingual copy: each
// written translation in place of its segment, and each foreign segment without one removed.
func (b *block) copyEdits(blk *doc.Block, target language.Tag) []edit {
	edits := b.segmentEdits(blk)
	texts := make([]string, len(blk.Segments))
	for i, s := range blk.Segments {
		texts[i] = s.Text
	}
	for i, loc := range inline.Locate(b.text, texts) {
		s := blk.Segments[i]
		if loc[0] < 0 || written(s.Translation) || !s.Foreign(target) {
			continue
		}
		rs, re := b.segRange(loc[0], loc[1])
		edits = append(edits, edit{rs, re, ""})
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].rs < edits[j].rs })
	return edits
}

// notCopied are the elements a bilingual copy leaves out with their content: they would run,
// submit or play twice, show the same picture twice, or annotate the original's text (ruby
// readings).
var notCopied = set("script", "style", "noscript", "template", "iframe", "object", "embed", "form",
	"button", "input", "select", "textarea", "video", "audio", "canvas", "dialog", "rt", "rp", "link",
	"meta", "img", "picture", "source", "svg", "math", "map")

// unwrapped are the elements whose tags a copy leaves out and whose content it keeps: a
// ruby without its readings is not valid ruby.
var unwrapped = set("ruby", "rb", "rtc")

// notCopiedAttrs are the attributes a copy's tags leave out: unique ones, event handlers
// (by prefix "on"), and microdata, which would state the item's properties twice.
var notCopiedAttrs = set("id", "name", "itemprop", "itemscope", "itemtype", "itemid", "itemref")

// copyable rewrites an HTML fragment for a copy: notCopied elements removed with their
// content; id, name and event-handler attributes removed from every tag.
func copyable(frag string) string {
	if !strings.Contains(frag, "<") {
		return frag
	}
	var sb strings.Builder
	z := html.NewTokenizer(strings.NewReader(frag))
	drop := 0 // depth inside a dropped element
	var dropping string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := string(z.Raw())
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			nameB, _ := z.TagName()
			name := string(nameB)
			if drop > 0 {
				if name == dropping && tt == html.StartTagToken {
					drop++
				}
				continue
			}
			if notCopied[name] {
				if tt == html.StartTagToken && !voidElements[name] {
					drop, dropping = 1, name
				}
				continue
			}
			if unwrapped[name] {
				continue
			}
			sb.WriteString(stripAttrs(raw))
		case html.EndTagToken:
			nameB, _ := z.TagName()
			if drop > 0 {
				if string(nameB) == dropping {
					drop--
				}
				continue
			}
			if notCopied[string(nameB)] || unwrapped[string(nameB)] {
				continue
			}
			sb.WriteString(raw)
		default:
			if drop == 0 {
				sb.WriteString(raw)
			}
		}
	}
	return sb.String()
}

// stripAttrs removes the notCopiedAttrs and on* attributes of a start tag.
func stripAttrs(tag string) string {
	attrs := scanAttrs(tag, 0, len(tag))
	var sb strings.Builder
	pos := 0
	for _, a := range attrs {
		if notCopiedAttrs[a.key] || strings.HasPrefix(a.key, "on") {
			start := a.start
			for start > pos && isSpace(tag[start-1]) {
				start--
			}
			sb.WriteString(tag[pos:start])
			pos = a.end
		}
	}
	sb.WriteString(tag[pos:])
	return sb.String()
}

// splice applies edits (sorted, offsets relative to base) to s; an edit overlapping the one
// before it is dropped.
func splice(s string, edits []edit, base int) string {
	var sb strings.Builder
	pos := 0
	for _, e := range edits {
		rs, re := e.rs-base, e.re-base
		if rs < pos || re > len(s) {
			continue
		}
		sb.WriteString(s[pos:rs])
		sb.WriteString(e.s)
		pos = re
	}
	sb.WriteString(s[pos:])
	return sb.String()
}

// written reports whether merged output writes t: origin mt or tm only; a document
// counterpart is already in the page.
func written(t *doc.Translation) bool {
	return t != nil && t.Origin.Written()
}

// segmentEdits returns, for each written translation of blk's segments, the edit that
// replaces the segment's source bytes with it.
func (b *block) segmentEdits(blk *doc.Block) []edit {
	texts := make([]string, len(blk.Segments))
	for i, s := range blk.Segments {
		texts[i] = s.Text
	}
	locs := inline.Locate(b.text, texts)
	var edits []edit
	for i, s := range blk.Segments {
		if !written(s.Translation) || locs[i][0] < 0 {
			continue
		}
		start, end := locs[i][0], locs[i][1]
		rs, re := b.segRange(start, end)
		if b.attr != nil {
			edits = append(edits, edit{rs, re, stdhtml.EscapeString(s.Translation.Text)})
			continue
		}
		parts, ids := b.parts(start, end)
		edits = append(edits, edit{rs, re, b.render(s.Translation, parts, ids)})
	}
	return edits
}

// render writes a translation with the segment's original tags in place of its placeholders.
// A translation without placeholders (from a translation memory, or a backend that lost
// them) gets the segment's tags after its text, so no tag is ever dropped.
func (b *block) render(t *doc.Translation, sent []inline.Part, ids []int) string {
	src := b.page.src
	if len(ids) == 0 {
		return inline.EscapeText(t.Text)
	}
	tagSrc := func(p inline.Part) string {
		if p.ID < 1 || p.ID > len(ids) {
			return ""
		}
		tg := b.tags[ids[p.ID-1]]
		if p.Kind == inline.Close {
			tg = b.tags[tg.partner]
		}
		return src[tg.rs:tg.re]
	}
	var sb strings.Builder
	if got, err := inline.Parse(t.Markup); t.Markup != "" && err == nil && inline.Check(sent, got) == nil {
		for _, p := range got {
			if p.Kind == inline.Text {
				sb.WriteString(inline.EscapeText(p.Text))
			} else {
				sb.WriteString(tagSrc(p))
			}
		}
		return sb.String()
	}
	sb.WriteString(inline.EscapeText(t.Text))
	for _, p := range sent {
		if p.Kind != inline.Text {
			sb.WriteString(tagSrc(p))
		}
	}
	return sb.String()
}

// attrEdit rewrites an attribute value: the translation alone (replace) or after the
// original (bilingual).
func (b *block) attrEdit(blk *doc.Block, mode format.MergeMode) edit {
	a := b.attr
	src := b.page.src
	// The translated value: the block text with each written segment translated.
	texts := make([]string, len(blk.Segments))
	for i, s := range blk.Segments {
		texts[i] = s.Text
	}
	var sb strings.Builder
	pos := 0
	for i, loc := range inline.Locate(b.text, texts) {
		s := blk.Segments[i]
		if loc[0] < 0 || !written(s.Translation) {
			continue
		}
		sb.WriteString(b.text[pos:loc[0]])
		sb.WriteString(s.Translation.Text)
		pos = loc[1]
	}
	sb.WriteString(b.text[pos:])
	val := stdhtml.EscapeString(sb.String())
	if mode != format.MergeReplace {
		val = src[a.vs:a.ve] + " / " + val
	}
	if !a.quoted {
		val = `"` + val + `"`
	}
	return edit{a.vs, a.ve, val}
}
