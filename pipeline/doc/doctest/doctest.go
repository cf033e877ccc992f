// Package doctest holds what renderer tests share: a document with every case a renderer
// meets, and golden-file comparison. It depends on pipeline/doc only, so the renderers'
// own (internal) tests can use it.
package doctest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
)

// Fixture is a document with every case a renderer meets: machine and memory translations,
// a counterpart used as the translation, a failed segment, a second occurrence, a
// minority foreign language, markup-like text, a bidi override and a control character.
func Fixture() *doc.Document {
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

// Golden compares got with the file at path, first rewriting the file when update is set.
func Golden(t testing.TB, update bool, path string, got []byte) {
	t.Helper()
	if update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update")
	assert.Equal(t, string(want), string(got))
}
