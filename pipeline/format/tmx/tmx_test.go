package tmx

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
