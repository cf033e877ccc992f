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
	"github.com/seed77ff/bitext/pipeline/doc/doctest"
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

// fixture is the document with every case a renderer meets (doctest.Fixture).
func fixture() *doc.Document { return doctest.Fixture() }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	doctest.Golden(t, *update, filepath.Join("../../../testdata/tmx-xliff/golden", name), got)
}

func TestWriteGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, fixture()))
	golden(t, "fixture.xlf", buf.Bytes())
	require.NoError(t, validate(buf.Bytes()), buf.String())
	buf.Reset()
	require.NoError(t, Extra(fixture())[0].Write(&buf))
	golden(t, "fixture.ar-en.xlf", buf.Bytes())
	buf.Reset()
	require.NoError(t, Write12(&buf, fixture()))
	golden(t, "fixture.xliff12.xlf", buf.Bytes())
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
