package ttml_test

import (
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/format/subtitle/subtitletest"
	"github.com/seed77ff/bitext/pipeline/format/ttml"
)

const dataDir = "../../../testdata/subtitles"

var update = flag.Bool("update", false, "rewrite the golden files")

func read(t testing.TB, f string) (*doc.Document, []byte) {
	return subtitletest.ReadFile(t, ttml.Reader, dataDir, f)
}

// TestFiles: every TTML and DFXP test file read (golden), written back byte for byte, and
// written back translated in both modes (golden).
func TestFiles(t *testing.T) { subtitletest.Suite(t, *update, ttml.Reader, dataDir, ".ttml", ".dfxp") }

// TestSpec: the IMSC sample's cues: timing resolved against the div (clock times, frames at
// 24000/1001 fps, ticks at 10 MHz, dur), IDs, regions, agents, lines at <br/>, metadata left out.
func TestSpec(t *testing.T) {
	d, _ := read(t, "bitext/imsc.ttml")
	type cue struct {
		id         string
		start, end time.Duration
		track, who string
		text       string
	}
	var got []cue
	for _, b := range d.Blocks {
		c := b.Native.(*subtitle.Cue)
		got = append(got, cue{c.ID, c.Start, c.End, c.Track, c.Voice, b.Text})
	}
	frame := func(n int) time.Duration { return time.Duration(float64(n) * 1001 / 24000 * float64(time.Second)) }
	assert.Equal(t, []cue{
		{"c1", time.Second, 3500 * time.Millisecond, "bottom", "dana", "I do not think we should\ngo there tonight."},
		{"c2", 3600 * time.Millisecond, 5 * time.Second, "bottom", "omer", "Why not?"},
		{"c3", 5*time.Second + frame(2), 7 * time.Second, "bottom", "dana", "Because it is late & it is raining."},
		{"c4", 7100 * time.Millisecond, 9 * time.Second, "top", "", "EXIT THIS WAY"},
		{"c5", 9100 * time.Millisecond, 11 * time.Second, "bottom", "", "Time flies\nlike an arrow."},
		{"c6", 11100 * time.Millisecond, 13 * time.Second, "bottom", "", "אני לא יודע\nI do not know."},
		{"c7", 13100 * time.Millisecond, 15 * time.Second, "bottom", "", "- Ready?\n- Yes."},
		{"c8", 15100 * time.Millisecond, 17 * time.Second, "bottom", "omer", "We leave now"},
		{"c9", 17100 * time.Millisecond, 19 * time.Second, "bottom", "omer", "before the storm comes."},
	}, got)
	var segs []string
	for _, s := range d.Segments() {
		segs = append(segs, s.Text)
	}
	assert.Contains(t, segs, "We leave now before the storm comes.", "one speaker, one region: the sentence runs on")
	assert.Contains(t, segs, "EXIT THIS WAY", "another region: a sign of its own")
	c7 := d.Blocks[6].Native.(*subtitle.Cue)
	assert.Equal(t, []string{"dana", "omer"}, []string{c7.Lines[0].Voice, c7.Lines[1].Voice}, "span agents")

	b := d.Blocks[0]
	m, ok := b.Native.(*subtitle.Cue).Markup(0, len(b.Text))
	require.True(t, ok)
	assert.Equal(t, `I do not think we should go there <g id="1">tonight</g>.`, m)
}

// TestInlineMarkupThroughMerge: a translation that kept its placeholders gets the span back
// with its attributes; a bilingual line sits after a <br/> inside the <p>, wrapped in the
// span its source line is in.
func TestInlineMarkupThroughMerge(t *testing.T) {
	d, _ := read(t, "bitext/imsc.ttml")
	s := d.Blocks[0].Segments[0]
	s.Translation = &doc.Translation{Text: "Je ne pense pas que nous devions y aller ce soir.", Origin: doc.MT,
		Markup: `Je ne pense pas que nous devions y aller <g id="1">ce soir</g>.`}
	d.Blocks[1].Segments[0].Translation = &doc.Translation{Text: "Pourquoi pas ?", Origin: doc.MT}
	out := subtitletest.Merge(t, ttml.Reader, d, format.MergeReplace)
	assert.Contains(t, out, `ttm:agent="dana">Je ne pense pas que nous devions<br/>y aller <span style="italic">ce soir</span>.</p>`)
	assert.Contains(t, out, `ttm:agent="omer"><span style="italic">Pourquoi pas ?</span></p>`)
	bi := subtitletest.Merge(t, ttml.Reader, d, format.MergeBilingual)
	assert.Contains(t, bi, `<span style="italic">Why not?</span><br/><span style="italic">Pourquoi pas ?</span></p>`)
	_, err := subtitletest.Read(ttml.Reader, "x.ttml", []byte(bi))
	require.NoError(t, err)

	d, _ = read(t, "bitext/legacy.dfxp")
	d.Blocks[0].Segments[0].Translation = &doc.Translation{Text: "Hello everyone, and welcome to Paris.", Origin: doc.MT}
	bi = subtitletest.Merge(t, ttml.Reader, d, format.MergeBilingual)
	assert.Regexp(t, `>et bienvenue<tt:br/>à Paris\.<tt:br/>[^<]+ to Paris\.</tt:p>\r\n`, bi, "the document's own prefix")
}

// TestErrors: malformed documents are errors naming the file and the line.
func TestErrors(t *testing.T) {
	const head = `<tt xmlns="http://www.w3.org/ns/ttml">` + "\n<body><div>\n"
	tests := []struct{ data, want string }{
		{head + "<p begin=\"1s\" end=\"2s\">Hello</div>\n", "a.ttml: line 3: malformed XML: element <p> closed by </div>"},
		{head + "<p begin=\"1s\" end=\"two\">Hello</p>\n</div></body></tt>", `a.ttml: line 3: end="two": malformed time expression "two"`},
		{head + "<p begin=\"00:00:01\">x</p>\n", "a.ttml: line 4: malformed XML"},
		{`<?xml version="1.0"?>` + "\n<html><body/></html>", "a.ttml: line 2: not TTML: the root element is <html>"},
		{"", "a.ttml: line 1: malformed XML"},
		{head + "<p>" + strings.Repeat("<span>", 1000) + "x" + strings.Repeat("</span>", 1000) + "</p></div></body></tt>",
			"a.ttml: line 3: elements nested deeper than 1000 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := pipeline.Read(pipeline.DefaultFormats(), "a.ttml", []byte(tt.data), "")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestSniff: TTML on stdin, or in a .xml file, is recognised by its root element.
func TestSniff(t *testing.T) {
	g := pipeline.DefaultFormats()
	for data, want := range map[string]string{
		`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!-- c -->\n<tt xmlns=\"http://www.w3.org/ns/ttml\">": "ttml",
		"\xef\xbb\xbf<tt:tt xmlns:tt=\"http://www.w3.org/2006/10/ttaf1\">":                                  "ttml",
		`<?xml version="1.0"?><html><body>tt</body></html>`:                                                 "text",
		"<ttx>": "text",
	} {
		r, err := g.Sniff("subs.xml", []byte(data))
		require.NoError(t, err)
		assert.Equal(t, want, r.Name, data)
	}
	assert.False(t, g.Claims("subs.xml"), "a directory walk does not take every .xml file")
	assert.True(t, g.Claims("subs.dfxp"))
}

// TestEncodings: a UTF-16 document that declares it is read, and written back in UTF-16.
func TestEncodings(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-16"?><tt xmlns="http://www.w3.org/ns/ttml"><body><p begin="1s" end="2s">שלום</p></body></tt>`
	data := []byte{0xFF, 0xFE}
	for _, r := range src {
		data = append(data, byte(r), byte(r>>8))
	}
	d, err := subtitletest.Read(ttml.Reader, "a.ttml", data)
	require.NoError(t, err)
	require.Len(t, d.Blocks, 1)
	assert.Equal(t, "שלום", d.Blocks[0].Text)
	assert.Equal(t, string(data), subtitletest.Merge(t, ttml.Reader, d, format.MergeBilingual))
	assert.True(t, strings.HasPrefix(string(data), "\xff\xfe"))
}

func FuzzTTML(f *testing.F) {
	subtitletest.FuzzFiles(f, ttml.Reader, dataDir, "fuzz.ttml", ".ttml", ".dfxp")
}
