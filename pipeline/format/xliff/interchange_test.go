package xliff

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/doc/doctest"
)

// markedBlock is a block's Native with inline markup: the whole text is "con " + <code>x</code>
// + " dentro" + <br> + " del texto", in placeholder form.
type markedBlock struct{ markup string }

func (m markedBlock) Markup(start, end int) (string, bool) { return m.markup, true }

// interchange is a document with what the interchange formats must carry beyond the
// fixture: inline markup in source and translation, a reviewer's translation, a context.
func interchange() *doc.Document {
	es, he, en := language.Spanish, language.Hebrew, language.English
	d := &doc.Document{Source: "clip & notes.md", Target: en, Blocks: []*doc.Block{
		{Kind: doc.Paragraph, Text: "con x dentro del texto", Native: markedBlock{`con <g id="1">x</g> dentro<x id="2"/> del texto`},
			Segments: []*doc.Segment{{Text: "con x dentro del texto", Lang: es, Translation: &doc.Translation{
				Text: "with x inside the text", Markup: `with <g id="1">x</g> inside<x id="2"/> the text`, Origin: doc.MT, Backend: "deepl", Context: "0123456789abcdef"}}}},
		{Kind: doc.Caption, Text: "hola & adiós", Segments: []*doc.Segment{{Text: "hola & adiós", Lang: es, Translation: &doc.Translation{
			Text: "hello & goodbye", Origin: doc.Human, Reviewer: "dana", Reviewed: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}}}},
		{Kind: doc.Caption, Text: "שלום", Segments: []*doc.Segment{{Text: "שלום", Lang: he, Translation: &doc.Translation{Text: "Hello", Origin: doc.MT, Backend: "google"}}}},
	}}
	for i, b := range d.Blocks {
		b.Index = i
	}
	d.AssignIDs()
	return d
}

// TestSchemas: every XLIFF output — 2.0 per source language, 1.2 — validates against the
// OASIS schemas with xmllint, with inline codes and no placeholder or double escape as text.
func TestSchemas(t *testing.T) {
	for name, d := range map[string]*doc.Document{"fixture": doctest.Fixture(), "interchange": interchange(), "empty": {Source: "x", Target: language.English}} {
		t.Run(name, func(t *testing.T) {
			var docs [][]byte
			var buf bytes.Buffer
			require.NoError(t, Write(&buf, d))
			docs = append(docs, bytes.Clone(buf.Bytes()))
			for _, x := range Extra(d) {
				buf.Reset()
				require.NoError(t, x.Write(&buf))
				docs = append(docs, bytes.Clone(buf.Bytes()))
			}
			for _, data := range docs {
				require.NoError(t, validate(data), "%s", data)
				clean(t, data)
				doctest.XMLLint(t, doctest.XLIFF20, data)
			}
			buf.Reset()
			require.NoError(t, Write12(&buf, d))
			clean(t, buf.Bytes())
			doctest.XMLLint(t, doctest.XLIFF12, buf.Bytes())
		})
	}
}

// clean fails when an output shows bitext's internal placeholders or a double escape as text.
func clean(t *testing.T, data []byte) {
	t.Helper()
	for _, bad := range []string{"&lt;g id=", "&lt;x id=", "&amp;amp;", "&amp;lt;"} {
		assert.NotContains(t, string(data), bad)
	}
}

// TestOneDocumentPerSourceLanguage: XLIFF 2.0 has one srcLang per document, so the Spanish
// units go in the main document and the Hebrew one in name.he-en.xlf, with <source> in its
// own language; XLIFF 1.2 holds both as two <file>s.
func TestOneDocumentPerSourceLanguage(t *testing.T) {
	d := interchange()
	assert.Equal(t, []language.Tag{language.Spanish, language.Hebrew}, Languages(d))
	var main bytes.Buffer
	require.NoError(t, Write(&main, d))
	assert.Contains(t, main.String(), `srcLang="es" trgLang="en"`)
	assert.NotContains(t, main.String(), "שלום")
	extra := Extra(d)
	require.Len(t, extra, 1)
	assert.Equal(t, ".he-en", extra[0].Suffix)
	assert.Equal(t, 1, extra[0].Units)
	var he bytes.Buffer
	require.NoError(t, extra[0].Write(&he))
	assert.Contains(t, he.String(), `srcLang="he" trgLang="en"`)
	assert.Contains(t, he.String(), "<source>שלום</source>")
	fx := Extra(doctest.Fixture())
	require.Len(t, fx, 1, "the fixture's Arabic segment gets a document of its own too")
	assert.Equal(t, ".ar-en", fx[0].Suffix)

	var v12 bytes.Buffer
	require.NoError(t, Write12(&v12, d))
	assert.Equal(t, 2, strings.Count(v12.String(), "<file "))
	assert.Contains(t, v12.String(), `source-language="he"`)
}

func TestInlineCodes(t *testing.T) {
	d := interchange()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	assert.Contains(t, buf.String(), `<source>con <pc id="1">x</pc> dentro<ph id="2"/> del texto</source>`)
	assert.Contains(t, buf.String(), `<target>with <pc id="1">x</pc> inside<ph id="2"/> the text</target>`)
	assert.Contains(t, buf.String(), `<source>hola &amp; adiós</source>`)
	buf.Reset()
	require.NoError(t, Write12(&buf, d))
	assert.Contains(t, buf.String(), `<source xml:lang="es">con <g id="1">x</g> dentro<x id="2"/> del texto</source>`)
	assert.Contains(t, buf.String(), `approved="yes" extradata="digest=`)
	assert.Contains(t, buf.String(), `state="signed-off"`)
}

// TestReadBack: what bitext writes, in both versions, reads back with the segment IDs, the
// source text (both readings of a standalone code), the digests and contexts; a target a
// reviewer changed reads as its new text, a state set to final or approved="yes" reads as
// approved, and bitext's own human translations do not.
func TestReadBack(t *testing.T) {
	d := interchange()
	ids := []string{d.Blocks[0].Segments[0].ID, d.Blocks[1].Segments[0].ID}
	var v20, v12 bytes.Buffer
	require.NoError(t, Write(&v20, d))
	require.NoError(t, Write12(&v12, d))
	for _, tc := range []struct {
		version, data string
	}{{"2.0", v20.String()}, {"1.2", v12.String()}} {
		t.Run(tc.version, func(t *testing.T) {
			files, err := Read(strings.NewReader(tc.data))
			require.NoError(t, err)
			f := files[0]
			assert.Equal(t, tc.version, f.Version)
			assert.True(t, f.Bitext)
			assert.Equal(t, "clip & notes.md", f.Original)
			assert.Equal(t, language.Spanish, f.Source)
			assert.Equal(t, language.English, f.Target)
			require.Len(t, f.Units, 2)
			u := f.Units[0]
			assert.Equal(t, ids[0], u.ID)
			assert.Equal(t, []string{"con x dentro  del texto", "con x dentro del texto"}, u.Sources)
			assert.Equal(t, "with x inside  the text", u.Target)
			assert.True(t, u.HasTarget)
			assert.Equal(t, doc.Digest("with x inside the text"), u.Digest)
			assert.Equal(t, "0123456789abcdef", u.Context)
			assert.False(t, u.Approved)
			assert.False(t, u.Human)
			h := f.Units[1]
			assert.Equal(t, ids[1], h.ID)
			assert.Equal(t, "hola & adiós", h.Source)
			assert.True(t, h.Human)
			assert.False(t, h.Approved, "bitext's own human translation is no new approval")
		})
	}

	// A reviewer edits a target and signs another off.
	edited := strings.Replace(v20.String(), "<target>with", "<target>WITH", 1)
	edited = strings.Replace(edited, `state="translated" subState="bitext:mt"`, `state="final" subState="bitext:mt"`, 1)
	files, err := Read(strings.NewReader(edited))
	require.NoError(t, err)
	assert.Equal(t, "WITH x inside  the text", files[0].Units[0].Target)
	assert.True(t, files[0].Units[0].Approved)
	edited12 := strings.Replace(v12.String(), `state="translated" state-qualifier="leveraged-mt"`, `state="final"`, 1)
	files, err = Read(strings.NewReader(edited12))
	require.NoError(t, err)
	assert.True(t, files[0].Units[0].Approved)
	require.Len(t, files, 2)
	assert.Equal(t, language.Hebrew, files[1].Source)
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"", "no <xliff>"},
		{"<tmx/>", "not <xliff>"},
		{`<xliff xmlns="urn:other"/>`, "namespace"},
		{`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"><file>`, "line 1"},
		{`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0">` + strings.Repeat("<a>", 200), "nested deeper"},
		{"<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\">\n<file><unit id=\"x\"><segment><source>&bomb;</source>", "line 2"},
	} {
		_, err := Read(strings.NewReader(tc.in))
		assert.ErrorContains(t, err, tc.err, tc.in)
	}
	// Not bitext's: read, but marked so.
	files, err := Read(strings.NewReader(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>a</source></segment></unit></file></xliff>`))
	require.NoError(t, err)
	assert.False(t, files[0].Bitext)
}

// FuzzRead: any input is read or refused with an error, never a panic, and what bitext wrote
// always reads.
func FuzzRead(f *testing.F) {
	var v20, v12 bytes.Buffer
	_ = Write(&v20, interchange())
	_ = Write12(&v12, interchange())
	f.Add(v20.String())
	f.Add(v12.String())
	for _, name := range []string{"fixture.xlf", "ynet-hostages.mt.xlf"} {
		if data, err := os.ReadFile("../../../testdata/tmx-xliff/golden/" + name); err == nil {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		files, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, fl := range files {
			for _, u := range fl.Units {
				if len(u.Sources) == 0 {
					t.Fatalf("unit %q without source candidates", u.ID)
				}
			}
		}
	})
}
