package ass_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/ass"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/format/subtitle/subtitletest"
)

const dataDir = "../../../testdata/subtitles"

var update = flag.Bool("update", false, "rewrite the golden files")

func read(t testing.TB, f string) (*doc.Document, []byte) {
	return subtitletest.ReadFile(t, ass.Reader, dataDir, f)
}

// TestFiles: every ASS and SSA test file read (golden), written back byte for byte, and
// written back translated in both modes (golden).
func TestFiles(t *testing.T) { subtitletest.Suite(t, *update, ass.Reader, dataDir, ".ass", ".ssa") }

// TestSpec: what the reader makes of the spec sample's events.
func TestSpec(t *testing.T) {
	d, _ := read(t, "bitext/spec.ass")
	var texts []string
	for _, b := range d.Blocks {
		texts = append(texts, b.Text)
	}
	assert.Equal(t, []string{
		"I do not think we should\ngo there tonight.", // \N, and {\i1} inside a line left out
		"Why not?",
		"Because it is late, and it is raining.", // \h a hard space
		"Exit, this way",                         // a comma in Text
		"Time flies\nlike an arrow.",             // \n, and a comment in braces
		"אני לא יודע\nמה לעשות.",
		"- Ready?\n- Yes.",
		"We leave now",
		"before the storm comes.",
	}, texts, "the Comment and Sound events and the drawing are not text")
	c := d.Blocks[0].Native.(*subtitle.Cue)
	assert.Equal(t, []any{"Dana", "Default", 19}, []any{c.Voice, c.Settings, c.Line})
	// Omer's two events are one sentence; Dana's question is not joined to Omer's answer, nor
	// the sign (style Sign) to the dialogue after it.
	var segs []string
	for _, s := range d.Segments() {
		segs = append(segs, s.Text)
	}
	assert.Contains(t, segs, "We leave now before the storm comes.")
	assert.Contains(t, segs, "Why not?")
	assert.Contains(t, segs, "Exit, this way")

	// The override inside a line travels as a placeholder, and comes back.
	b := d.Blocks[0]
	start := strings.Index(b.Text, "go there")
	m, ok := b.Native.(*subtitle.Cue).Markup(start, len(b.Text))
	require.True(t, ok)
	assert.Equal(t, `go there <x id="1"/>tonight<x id="2"/>.`, m)
}

// TestInlineMarkupThroughMerge: a translation that kept the placeholders gets the original
// override blocks back; bilingual lines take the styling that opens their group's line.
func TestInlineMarkupThroughMerge(t *testing.T) {
	d, data := read(t, "bitext/spec.ass")
	s := d.Blocks[0].Segments[0]
	s.Translation = &doc.Translation{Text: "Ich glaube nicht, dass wir heute Nacht hingehen sollten.", Origin: doc.MT,
		Markup: `Ich glaube nicht, dass wir <x id="1"/>heute Nacht<x id="2"/> hingehen sollten.`}
	q := d.Blocks[1].Segments[0]
	q.Translation = &doc.Translation{Text: "Warum nicht?", Origin: doc.MT}
	out := subtitletest.Merge(t, ass.Reader, d, format.MergeReplace)
	assert.Contains(t, out, `Default,Dana,0,0,0,,Ich glaube nicht, dass wir {\i1}heute\NNacht{\i0} hingehen sollten.`+"\r\n",
		"laid out again over the event's two lines; the overrides in place")
	assert.Contains(t, out, `Default,Omer,0,0,0,,{\i1}Warum nicht?{\i0}`+"\r\n")
	bi := subtitletest.Merge(t, ass.Reader, d, format.MergeBilingual)
	assert.Contains(t, bi, `,,{\i1}Why not?{\i0}\N{\i1}Warum nicht?`+"\r\n")
	assert.Equal(t, strings.Count(string(data), "\n"), strings.Count(bi, "\n"), "no line added to the file")
}

// TestErrors: malformed scripts are errors naming the file and the line.
func TestErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"", `a.ass: line 1: expected [Script Info], found ""`},
		{"\n\n[Events]\n", `a.ass: line 3: expected [Script Info], found "[Events]"`},
		{"[Script Info]\n[Events]\nFormat: Layer, Start, End, Style, Text\nDialogue: 0,0:00:01.00,0:00:02.00\n", "a.ass: line 4: Dialogue has 3 fields, its Format names 5"},
		{"[Script Info]\n[Events]\nFormat: Layer, Start, End, Style, Text\nDialogue: 0,0:00:01.00,1:2,Default,Hi\n", `a.ass: line 4: malformed end time "1:2" (want H:MM:SS.cc)`},
		{"[Script Info]\r\n[Events]\r\nFormat: Layer, Text, Start\r\n", `a.ass: line 3: the [Events] Format must end with Text`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := pipeline.Read(pipeline.DefaultFormats(), "a.ass", []byte(tt.data), "")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestSniff: a script on stdin is recognised by its first line.
func TestSniff(t *testing.T) {
	g := pipeline.DefaultFormats()
	for data, want := range map[string]string{
		"\xef\xbb\xbf[Script Info]\r\nTitle: x\r\n": "ass",
		"\n[script info]\n":                         "ass",
		"[Script Information]\n":                    "text",
		"Script Info\n":                             "text",
	} {
		r, err := g.Sniff("-", []byte(data))
		require.NoError(t, err)
		assert.Equal(t, want, r.Name, data)
	}
}

func FuzzASS(f *testing.F) {
	subtitletest.FuzzFiles(f, ass.Reader, dataDir, "fuzz.ass", ".ass", ".ssa")
}
