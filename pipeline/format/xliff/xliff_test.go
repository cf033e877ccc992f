package xliff

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
)

var update = flag.Bool("update", false, "rewrite golden files")

const suite = "../../../testdata/tmx-xliff/xliff20"

// The validator accepts every valid file of the OASIS XLIFF 2.0 core suite and rejects the
// invalid ones about the constraints it checks; only then does it mean something below.
func TestValidatorAgainstOASISSuite(t *testing.T) {
	valid, err := filepath.Glob(filepath.Join(suite, "valid", "*.xlf"))
	require.NoError(t, err)
	require.Len(t, valid, 24)
	for _, f := range valid {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NoError(t, validate(data), filepath.Base(f))
	}
	invalid, err := filepath.Glob(filepath.Join(suite, "invalid", "*.xlf"))
	require.NoError(t, err)
	require.Len(t, invalid, 31)
	for _, f := range invalid {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Error(t, validate(data), filepath.Base(f))
	}
}

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
	golden(t, "fixture.xlf", buf.Bytes())
	require.NoError(t, validate(buf.Bytes()), buf.String())
}

func TestWriteCases(t *testing.T) {
	d := fixture()
	assert.Equal(t, language.Hebrew, SourceLang(d), "three Hebrew occurrences outnumber one Arabic")

	// No foreign segment: still a valid file (XLIFF needs a unit or group in every file).
	en := &doc.Document{Source: "x", Target: language.English, Blocks: []*doc.Block{{Segments: []*doc.Segment{
		{ID: "0123456789abcdef", Text: "Hello", Lang: language.English}}}}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, en))
	require.NoError(t, validate(buf.Bytes()), buf.String())
	assert.Contains(t, buf.String(), `srcLang="und"`)
	assert.Contains(t, buf.String(), `<group id="empty">`)

	// Translating into Hebrew: the English segments become the units.
	d.Target = language.Hebrew
	buf.Reset()
	require.NoError(t, Write(&buf, d))
	require.NoError(t, validate(buf.Bytes()), buf.String())
	assert.Contains(t, buf.String(), `srcLang="en" trgLang="he"`)
}

// FuzzWrite checks that any source and translation text gives a valid XLIFF 2.0 file whose
// source reads back as the text (with <cp/> for what XML cannot carry).
func FuzzWrite(f *testing.F) {
	f.Add("תקיפה ליד מסגד", "Strike near the mosque", "google")
	f.Add("a\x0cb\x00<&>\"'\r\n", "]]> & <cp hex=\"0C\"/>", "x\"y")
	f.Add("\xff\xfe", "\ufffe\uffff", "")
	f.Fuzz(func(t *testing.T, src, trg, backend string) {
		d := &doc.Document{Source: backend, Target: language.English, Blocks: []*doc.Block{{Kind: doc.Caption, Segments: []*doc.Segment{
			{Text: src, Lang: language.Hebrew, Translation: &doc.Translation{Text: trg, Origin: doc.MT, Backend: backend, QA: []string{backend}},
				Counterpart: &doc.Counterpart{Text: trg}}}}}}
		d.AssignIDs()
		var buf bytes.Buffer
		if err := Write(&buf, d); err != nil {
			t.Fatal(err)
		}
		if err := validate(buf.Bytes()); err != nil {
			t.Fatalf("%v\n%s", err, buf.Bytes())
		}
	})
}
