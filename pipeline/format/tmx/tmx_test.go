package tmx

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/doc/doctest"
	codec "github.com/seed77ff/bitext/translate/tmx"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture is the document with every case a renderer meets (doctest.Fixture).
func fixture() *doc.Document { return doctest.Fixture() }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	doctest.Golden(t, *update, filepath.Join("../../../testdata/tmx-xliff/golden", name), got)
}

func TestWriteGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, fixture()))
	golden(t, "fixture.tmx", buf.Bytes())

	// Idempotence through the codec: the golden file reads back and writes identically.
	f, err := codec.Read(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	var again bytes.Buffer
	require.NoError(t, codec.Write(&again, f))
	assert.Equal(t, buf.String(), again.String())
}

func TestFileChoices(t *testing.T) {
	f := File(fixture())
	// Two machine translations (one caption, twice) and one memory match; the document
	// counterpart and the failed segment give no unit.
	require.Len(t, f.Units, 3)
	assert.Equal(t, "*all*", f.Header.SrcLang, "Hebrew and Arabic units")
	u := f.Units[0]
	assert.Len(t, u.TUID, 16)
	assert.Equal(t, "he", u.SrcLang)
	origin, _ := u.Prop(PropOrigin)
	assert.Equal(t, "mt", origin)
	cp, _ := u.Prop(PropCounterpart)
	assert.Equal(t, "IDF strikes in Gaza City", cp)
	en, ok := u.Variant("en")
	require.True(t, ok)
	assert.Equal(t, "Strike near the al-Mahatta mosque", en.Seg)
	assert.NotEqual(t, f.Units[0].TUID, f.Units[1].TUID, "each occurrence has its own ID")
	ar, _ := f.Units[2].Prop(PropOrigin)
	assert.Equal(t, "tm", ar)
	_, cached := f.Units[0].Prop("x-bitext-cached")
	assert.False(t, cached, "run-dependent fields stay out")
}

// marked is a block's Native with inline markup over the whole block.
type marked struct{ markup string }

func (m marked) Markup(start, end int) (string, bool) { return m.markup, true }

// TestInlineAndSchema: inline markup is TMX inline elements in both variants, a reviewer's
// translation carries who and when as changeid/changedate, the digest and context are
// props, and the files validate against the TMX 1.4 DTD.
func TestInlineAndSchema(t *testing.T) {
	es := language.Spanish
	d := &doc.Document{Source: "notes.md", Target: language.English, Blocks: []*doc.Block{
		{Kind: doc.Paragraph, Text: "con x & y", Native: marked{`con <g id="1">x</g> &amp; y<x id="2"/>`}, Segments: []*doc.Segment{{Text: "con x & y", Lang: es,
			Translation: &doc.Translation{Text: "with x & y", Markup: `with <g id="1">x</g> &amp; y<x id="2"/>`, Origin: doc.MT, Backend: "deepl", Context: "0123456789abcdef"}}}},
		{Kind: doc.Caption, Text: "hola", Segments: []*doc.Segment{{Text: "hola", Lang: es,
			Translation: &doc.Translation{Text: "hello", Origin: doc.Human, Reviewer: "dana", Reviewed: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}}}},
	}}
	for i, b := range d.Blocks {
		b.Index = i
	}
	d.AssignIDs()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	out := buf.String()
	assert.Contains(t, out, `<seg>con <bpt i="1" x="1"/>x<ept i="1"/> &amp; y<ph x="2"/></seg>`)
	assert.Contains(t, out, `<seg>with <bpt i="1" x="1"/>x<ept i="1"/> &amp; y<ph x="2"/></seg>`)
	assert.Contains(t, out, `<tuv xml:lang="en" changedate="20260501T090000Z" changeid="dana">`)
	assert.Contains(t, out, `<prop type="x-bitext-context">0123456789abcdef</prop>`)
	assert.Contains(t, out, `<prop type="x-bitext-digest">`+doc.Digest("hello")+`</prop>`)
	assert.NotContains(t, out, "&amp;amp;")
	assert.NotContains(t, out, "&lt;g id")
	doctest.XMLLint(t, doctest.TMX14, buf.Bytes())
	buf.Reset()
	require.NoError(t, Write(&buf, fixture()))
	doctest.XMLLint(t, doctest.TMX14, buf.Bytes())
}
