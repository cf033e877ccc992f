package review

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

//go:embed review.html.tmpl
var pageTemplate string

var page = template.Must(template.New("review").Funcs(template.FuncMap{
	"show": Show,
}).Parse(pageTemplate))

// Write renders d's review page.
func Write(w io.Writer, d *doc.Document) error {
	if err := page.Execute(w, build(d)); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	return nil
}

type view struct {
	Source, Lang, Target string
	Stats                doc.Stats
	Blocks               []blockView
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
}

type badge struct{ Class, Text string }

func build(d *doc.Document) view {
	v := view{Source: d.Source, Lang: d.Lang.String(), Target: d.Target.String(), Stats: d.Stats}
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
				bv.Entries = append(bv.Entries, entry(s, d))
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
		name, bidi := controlNames[r]
		if !bidi && !(unicode.Is(unicode.Cc, r) && r != '\t' && r != '\n') && !(unicode.Is(unicode.Cf, r) && r != 0x200D && r != 0x200C) {
			continue
		}
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
