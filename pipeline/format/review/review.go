package review

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/bidi"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

//go:embed review.html.tmpl
var pageTemplate string

// script is the page's own script: highlighting, editing and the export of edits. It is the
// only script the page's Content-Security-Policy lets run (by its hash).
//
//go:embed review.js
var script string

// style is the page's style sheet, allowed by its hash too.
//
//go:embed review.css
var style string

// csp is the page's Content-Security-Policy: nothing may load, connect or run but the
// page's own script and style, named by their SHA-256; a script or style that text smuggled
// into the page would not match. Downloads of the export are navigations, which it does not
// govern.
var csp = fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; img-src 'none'; form-action 'none'; base-uri 'none'",
	cspHash(script), cspHash(style))

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

var page = template.Must(template.New("review").Funcs(template.FuncMap{
	"show": Show,
}).Parse(pageTemplate))

//go:embed index.html.tmpl
var indexTemplate string

var index = template.Must(template.New("index").Parse(indexTemplate))

// PageOf is what a batch's index shows of d (format.Renderer.Page).
func PageOf(d *doc.Document) format.Page {
	p := format.Page{Source: d.Source, Summary: Summary(d), Stats: d.Stats}
	for _, s := range d.Segments() {
		t := s.Translation
		if !s.Foreign(d.Target) || t == nil {
			continue
		}
		if t.Origin == doc.None && t.Reason != "boilerplate" {
			p.Untranslated++
		}
		if len(t.QA) > 0 {
			p.Flagged++
		}
	}
	return p
}

// WriteIndex writes the index page of a batch's review pages (format.Renderer.Index): one
// row per document, linking its page, saying what was translated and how many segments are
// left untranslated or flagged, under the same Content-Security-Policy as the pages (it has
// no script).
func WriteIndex(w io.Writer, pages []format.Page) error {
	v := struct {
		Pages                                                []format.Page
		Segments, Foreign, Translated, Untranslated, Flagged int
		CSP                                                  string
		Style                                                template.CSS
	}{Pages: pages, CSP: csp, Style: template.CSS(style)}
	for _, p := range pages {
		v.Segments += p.Stats.Segments
		v.Foreign += p.Stats.Foreign
		v.Translated += p.Stats.Translated
		v.Untranslated += p.Untranslated
		v.Flagged += p.Flagged
	}
	if err := index.Execute(w, v); err != nil {
		return fmt.Errorf("render index: %w", err)
	}
	return nil
}

// Write renders d's review page.
func Write(w io.Writer, d *doc.Document) error {
	if err := page.Execute(w, build(d)); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}

type view struct {
	Source, Name, Target string
	Summary              string
	Stats                doc.Stats
	Blocks               []blockView
	CSP                  string
	Script               template.JS
	Style                template.CSS
}

type blockView struct {
	Index       int
	Kind        string
	Reason      string
	Time        string   // a cue's timecode
	QA          []string // the block's failed checks (subtitle fit)
	Lang        string   // the block's language when all its segments share one, else ""
	Dir         string   // the source cell's direction: rtl, ltr or auto
	Boilerplate bool
	Segments    []segView
	Entries     []entryView // the right column: one per foreign segment
}

type segView struct {
	ID, Text, Lang string
	Foreign        bool
}

type entryView struct {
	SegID    string
	Text     string // translation text, "" when none
	Lang     string
	Origin   string
	Badges   []badge
	Reason   string
	CP       *doc.Counterpart
	CPIsText bool // the counterpart is what Text shows (origin document)
	// Edit is the entry's editor: a <textarea> holding the translation, with what the
	// page's export needs to write it as bitext apply reads it (the segment as a JSONL line
	// has it, the translation's context and digest).
	Edit template.HTML
}

// editor writes an entry's <textarea>. Attribute values and the text are escaped here, with
// every invisible control or format character as a character reference, so that the page's
// source holds none raw (the browser decodes them into the values the export reads).
func editor(b *doc.Block, s *doc.Segment, e entryView) template.HTML {
	context := ""
	if s.Translation != nil {
		context = s.Translation.Context
	}
	attrs := [][2]string{
		{"lang", e.Lang}, {"aria-label", "Translation of segment " + s.ID}, {"data-id", s.ID},
		{"data-block", strconv.Itoa(b.Index)}, {"data-kind", string(b.Kind)}, {"data-source", s.Text},
		{"data-lang", s.Lang.String()}, {"data-confidence", strconv.FormatFloat(s.Confidence, 'f', -1, 64)},
		{"data-origin", e.Origin}, {"data-context", context}, {"data-digest", doc.Digest(e.Text)},
	}
	var sb strings.Builder
	sb.WriteString(`<textarea class="edit-text" dir="auto"`)
	for _, a := range attrs {
		sb.WriteString(" " + a[0] + `="` + escape(a[1]) + `"`)
	}
	sb.WriteString(">" + escape(e.Text) + "</textarea>")
	return template.HTML(sb.String())
}

// escape escapes text for HTML text or a quoted attribute, writing invisible control and
// format characters (Show's) as character references.
func escape(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case invisible(r):
			fmt.Fprintf(&b, "&#x%X;", r)
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

type badge struct{ Class, Text string }

func build(d *doc.Document) view {
	v := view{Source: d.Source, Name: path.Base(filepath.ToSlash(d.Source)), Target: d.Target.String(), Summary: Summary(d),
		Stats: d.Stats, CSP: csp, Script: template.JS(script), Style: template.CSS(style)}
	for _, b := range d.Blocks {
		bv := blockView{Index: b.Index, Kind: string(b.Kind), Reason: b.Reason, Boilerplate: b.Kind == doc.Boilerplate,
			Time: format.Timecode(b), QA: b.QA}
		for i, s := range b.Segments {
			foreign := s.Foreign(d.Target)
			bv.Segments = append(bv.Segments, segView{ID: s.ID, Text: s.Text, Lang: s.Lang.String(), Foreign: foreign})
			if i == 0 {
				bv.Lang = s.Lang.String()
			} else if bv.Lang != s.Lang.String() {
				bv.Lang = ""
			}
			if foreign {
				e := entry(s, d)
				e.Edit = editor(b, s, e)
				bv.Entries = append(bv.Entries, e)
			}
		}
		bv.Dir = direction(b.Segments)
		v.Blocks = append(v.Blocks, bv)
	}
	return v
}

func entry(s *doc.Segment, d *doc.Document) entryView {
	e := entryView{SegID: s.ID, Lang: d.Target.String(), CP: s.Counterpart, Origin: "none"}
	t := s.Translation
	if t == nil {
		e.Badges = []badge{{"none", "not translated"}}
		return e
	}
	e.Origin = string(t.Origin)
	e.Reason = t.Reason
	e.Badges = append(e.Badges, badge{"origin " + string(t.Origin), string(t.Origin)})
	if t.Origin != doc.None {
		e.Text = t.Text
	}
	e.CPIsText = t.Origin == doc.FromDocument
	if t.Backend != "" {
		e.Badges = append(e.Badges, badge{"backend", t.Backend})
	}
	if t.Model != "" {
		e.Badges = append(e.Badges, badge{"model", t.Model})
	}
	for _, q := range t.QA {
		e.Badges = append(e.Badges, badge{"qa", "QA: " + q})
	}
	return e
}

// Summary says what a document's run translated: from which languages (with their segment
// counts) into which, how many segments that is of all, and how many got a translation, by
// origin — "From Hebrew (4 segments) into English: 4 of 42 segments to translate, 4
// translated (the document's own 4)." A document with nothing foreign says so.
func Summary(d *doc.Document) string {
	langs, count := d.ForeignLanguages()
	origins := map[doc.Origin]int{}
	for _, s := range d.Segments() {
		if t := s.Translation; s.Foreign(d.Target) && t != nil && t.Origin != doc.None {
			origins[t.Origin]++
		}
	}
	target := languageName(d.Target)
	n := len(d.Segments())
	if len(langs) == 0 {
		return fmt.Sprintf("Nothing to translate into %s: none of the %d segments is in another language.", target, n)
	}
	var from []string
	foreign := 0
	for i, l := range langs {
		unit := ""
		if i == 0 {
			unit = " segment"
			if count[l] != 1 {
				unit += "s"
			}
		}
		from = append(from, fmt.Sprintf("%s (%d%s)", languageName(l), count[l], unit))
		foreign += count[l]
	}
	var by []string
	translated := 0
	for _, o := range []struct {
		origin doc.Origin
		name   string
	}{{doc.Human, "a reviewer's"}, {doc.MT, "machine"}, {doc.TM, "memory"}, {doc.FromDocument, "the document's own"}} {
		if k := origins[o.origin]; k > 0 {
			by = append(by, fmt.Sprintf("%s %d", o.name, k))
			translated += k
		}
	}
	list := from[0]
	if len(from) > 1 {
		list = strings.Join(from[:len(from)-1], ", ") + " and " + from[len(from)-1]
	}
	out := fmt.Sprintf("From %s into %s: %d of %d segments to translate, %d translated", list, target, foreign, n, translated)
	if len(by) > 0 {
		out += " (" + strings.Join(by, ", ") + ")"
	}
	return out + "."
}

// languageName is a tag's English name ("Hebrew"), the tag itself when x/text has none.
func languageName(t language.Tag) string {
	if name := display.English.Tags().Name(t); name != "" {
		return name
	}
	return t.String()
}

// direction is what dir="auto" would compute for the source cell if it could: the
// direction of the first strong character. The browser cannot do it itself, because the
// HTML dir=auto algorithm skips <bdi> children, and every segment is a <bdi>.
func direction(segs []*doc.Segment) string {
	for _, s := range segs {
		for _, r := range s.Text {
			p, _ := bidi.LookupRune(r)
			switch p.Class() {
			case bidi.L:
				return "ltr"
			case bidi.R, bidi.AL:
				return "rtl"
			}
		}
	}
	return "auto"
}

// controlNames are the short names of the bidi formatting characters (Unicode UAX #9).
var controlNames = map[rune]string{
	0x061C: "ALM", 0x200E: "LRM", 0x200F: "RLM",
	0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
	0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
}

// invisible reports whether r is a character Show marks: a bidi formatting character, or
// another control (but tab and newline) or format character (but ZWJ and ZWNJ).
func invisible(r rune) bool {
	_, bidi := controlNames[r]
	return bidi || unicode.Is(unicode.Cc, r) && r != '\t' && r != '\n' || unicode.Is(unicode.Cf, r) && r != 0x200D && r != 0x200C
}

// Show escapes text for HTML and replaces every bidi formatting character and every other
// invisible control or format character (except tab and newline) with a visible marker
// such as ⟨U+202E RLO⟩, so what the reviewer sees is what the text contains.
func Show(text string) template.HTML {
	var b strings.Builder
	start := 0
	flush := func(end int) {
		b.WriteString(template.HTMLEscapeString(text[start:end]))
	}
	for i, r := range text {
		if !invisible(r) {
			continue
		}
		name, bidi := controlNames[r]
		flush(i)
		start = i + utf8.RuneLen(r)
		label := fmt.Sprintf("U+%04X", r)
		if name != "" {
			label += " " + name
		}
		class := "ctl"
		if bidi {
			class = "ctl bidi"
		}
		fmt.Fprintf(&b, `<span class="%s" title="invisible character %s">⟨%s⟩</span>`, class, label, label)
	}
	flush(len(text))
	return template.HTML(b.String())
}
