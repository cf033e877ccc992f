package tmx

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	codec "github.com/seed77ff/bitext/translate/tmx"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture is a document with every case a renderer meets: machine and memory translations,
// a counterpart used as the translation, a failed segment, a second occurrence, a
// minority foreign language, markup-like text, a bidi override and a control character.
func fixture() *doc.Document {
	he, ar, en, und := language.Hebrew, language.Arabic, language.English, language.Und
	seg := func(text string, lang language.Tag, t *doc.Translation) *doc.Segment {
		return &doc.Segment{Text: text, Lang: lang, Confidence: 0.99, Translation: t}
	}
	caption := "תקיפה ליד מסגד אל-מחטה"
	cp := &doc.Counterpart{Block: 2, Text: "IDF strikes in Gaza City"}
	d := &doc.Document{Source: "news/a&b.txt", Format: "text", Lang: en, Target: en, Blocks: []*doc.Block{
		{Kind: doc.Title, Segments: []*doc.Segment{seg("Amid renewed fighting", en, nil)}},
		{Kind: doc.Caption, Segments: []*doc.Segment{seg(caption, he,
			&doc.Translation{Text: "Strike near the al-Mahatta mosque", Origin: doc.MT, Backend: "google", Model: "nmt", QA: []string{"numbers"}})}},
		{Kind: doc.Caption, Segments: []*doc.Segment{seg("IDF strikes in Gaza City", en, nil)}},
		{Kind: doc.Caption, Segments: []*doc.Segment{seg(caption, he,
			&doc.Translation{Text: "Strike near the al-Mahatta mosque", Origin: doc.MT, Backend: "google", Model: "nmt", Cached: true})}},
		{Kind: doc.Paragraph, Segments: []*doc.Segment{
			seg("He said", en, nil),
			seg("السلام عليكم", ar, &doc.Translation{Text: "Peace be upon you", Origin: doc.TM, Backend: "tm"}),
			seg("<img src=x onerror=alert(1)><script>document.title='pwned'</script> & more", und, nil)}},
		{Kind: doc.Caption, Segments: []*doc.Segment{seg("עידן אלכסנדר, עומר נאוטרה", he,
			&doc.Translation{Text: "Israeli American hostages", Origin: doc.FromDocument, Reason: "google: quota exceeded"})}},
		{Kind: doc.Caption, Segments: []*doc.Segment{seg("Israeli American hostages", en, nil)}},
		{Kind: doc.Paragraph, Segments: []*doc.Segment{seg("שלום \u202eevil\u202c עולם\x0c", he,
			&doc.Translation{Origin: doc.None, Reason: "no backend configured"})}},
		{Kind: doc.Boilerplate, Segments: []*doc.Segment{seg("live", en, nil)}},
	}}
	for i, b := range d.Blocks {
		b.Index = i
		for _, s := range b.Segments {
			s.Block = i
			b.Text += s.Text
		}
	}
	d.AssignIDs()
	cp.ID = d.Blocks[2].Segments[0].ID
	d.Blocks[1].Segments[0].Counterpart = cp
	d.Blocks[3].Segments[0].Counterpart = cp
	d.Blocks[5].Segments[0].Counterpart = &doc.Counterpart{Block: 6, ID: d.Blocks[6].Segments[0].ID, Text: "Israeli American hostages"}
	return d
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("../../../testdata/tmx-xliff/golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update")
	assert.Equal(t, string(want), string(got))
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
