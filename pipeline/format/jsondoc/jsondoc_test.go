package jsondoc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
)

func sample() *doc.Document {
	d := &doc.Document{Source: "a.txt", Format: "text", Lang: language.English, Target: language.English, HasOffsets: true}
	d.Blocks = []*doc.Block{
		{Index: 0, Kind: doc.Caption, Segments: []*doc.Segment{{ID: "1111111111111111", Start: 0, End: 8, Text: "שלום <b>", Lang: language.Hebrew, Confidence: 0.99,
			Translation: &doc.Translation{Text: "Hello", Origin: doc.MT, Backend: "google", Model: "nmt"},
			Counterpart: &doc.Counterpart{Block: 1, ID: "2222222222222222", Text: "Hi"}}}},
		{Index: 1, Kind: doc.Caption, Segments: []*doc.Segment{{ID: "2222222222222222", Start: 9, End: 11, Text: "Hi", Lang: language.English, Confidence: 1}}},
		{Index: 2, Kind: doc.Boilerplate, Reason: "no words", Segments: []*doc.Segment{{ID: "3333333333333333", Start: 12, End: 14, Text: "××", Lang: language.Und,
			Translation: &doc.Translation{Origin: doc.None, Reason: "no backend configured"}}}},
	}
	return d
}

func TestWriteShape(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, sample()))
	s := buf.String()
	for _, want := range []string{
		`"schema": "bitext/v1"`, `"text": "שלום <b>"`, `"origin": "mt"`, `"reason": null`, `"qa": []`,
		`"counterpart": {`, `"translation": null`, `"reason": "no backend configured"`, `"start": 0`,
	} {
		assert.Contains(t, s, want)
	}
	assert.NotContains(t, s, `\u003c`, "no HTML escaping of text")
}

func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, sample()))
	f, err := Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, FromDocument(sample()), f)
}

func TestOffsetsOmittedWithoutThem(t *testing.T) {
	d := sample()
	d.HasOffsets = false
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	assert.NotContains(t, buf.String(), `"start"`)
}

func TestReadRejectsOtherSchemas(t *testing.T) {
	_, err := Read(strings.NewReader(`{"schema":"other/v9"}`))
	assert.ErrorContains(t, err, "schema")
	_, err = Read(strings.NewReader(`not json`))
	assert.Error(t, err)
}

func TestPartsOfCrossBlockSegments(t *testing.T) {
	d := sample()
	d.Blocks[0].Segments[0].Parts = []doc.Part{{Block: 0, Start: 0, End: 4}, {Block: 1, Start: 0, End: 2}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	f, err := Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, []Part{{0, 0, 4}, {1, 0, 2}}, f.Blocks[0].Segments[0].Parts)
	assert.Nil(t, f.Blocks[1].Segments[0].Parts, "absent for a segment inside one block")
}

// TestLinesKeepGlossaryAndParts: what JSON carries about a segment, JSONL carries too, both
// ways, so `bitext diff` gives the same causes for either form.
func TestLinesKeepGlossaryAndParts(t *testing.T) {
	d := sample()
	s := d.Blocks[0].Segments[0]
	s.Translation.Glossary = "c4f066e20db336a1"
	s.Parts = []doc.Part{{Block: 0, Start: 0, End: 4}, {Block: 1, Start: 0, End: 2}}
	var buf bytes.Buffer
	require.NoError(t, WriteLines(&buf, d))
	files, err := ReadLines(&buf)
	require.NoError(t, err)
	require.Len(t, files, 1)
	got := files[0].Blocks[0].Segments[0]
	assert.Equal(t, "c4f066e20db336a1", got.Translation.Glossary)
	assert.Equal(t, []Part{{0, 0, 4}, {1, 0, 2}}, got.Parts)
}
