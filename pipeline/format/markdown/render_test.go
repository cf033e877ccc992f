package markdown

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
)

func TestWriteBilingualTable(t *testing.T) {
	cp := &doc.Counterpart{Block: 2, ID: "x", Text: "IDF strikes"}
	d := &doc.Document{Target: language.English, Blocks: []*doc.Block{
		{Index: 0, Kind: doc.Title, Text: "A *title*", Segments: []*doc.Segment{{Text: "A *title*", Lang: language.English}}},
		{Index: 1, Kind: doc.Caption, Text: "תקיפה | ליד", Segments: []*doc.Segment{{Text: "תקיפה | ליד", Lang: language.Hebrew,
			Translation: &doc.Translation{Text: "Strike near", Origin: doc.MT, Backend: "google", Cached: true}, Counterpart: cp}}},
		{Index: 2, Kind: doc.Caption, Text: "IDF strikes", Segments: []*doc.Segment{{Text: "IDF strikes", Lang: language.English}}},
		{Index: 3, Kind: doc.Boilerplate, Text: "live", Segments: []*doc.Segment{{Text: "live", Lang: language.English}}},
		{Index: 4, Kind: doc.Paragraph, Text: "<script>x</script>", Segments: []*doc.Segment{{Text: "<script>x</script>", Lang: language.Und}}},
		{Index: 5, Kind: doc.Caption, Text: "שלום", Segments: []*doc.Segment{{Text: "שלום", Lang: language.Hebrew,
			Translation: &doc.Translation{Origin: doc.None, Reason: "no backend configured"}}}},
	}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	want := "# A \\*title\\*\n\n" +
		"| caption | en |\n|---|---|\n" +
		"| <bdi>תקיפה \\| ליד</bdi> `he` | Strike near *(mt, google, cached)*<br>document: IDF strikes *(block 2)* |\n\n" +
		"*IDF strikes*\n\n" +
		"&lt;script&gt;x&lt;/script&gt;\n\n" +
		"| caption | en |\n|---|---|\n" +
		"| <bdi>שלום</bdi> `he` | *(untranslated: no backend configured)* |\n\n"
	assert.Equal(t, want, buf.String())
}

// The reading view goes to terminals (--format md to stdout): control characters in the
// text, a translation or a reason show as visible markers, never raw.
func TestWriteShowsControls(t *testing.T) {
	d := &doc.Document{Target: language.English, Blocks: []*doc.Block{
		{Index: 0, Kind: doc.Paragraph, Text: "a\x1b[2Jb", Segments: []*doc.Segment{{Text: "a\x1b[2Jb", Lang: language.English}}},
		{Index: 1, Kind: doc.Caption, Text: "שלום\x07", Segments: []*doc.Segment{{Text: "שלום\x07", Lang: language.Hebrew,
			Translation: &doc.Translation{Text: "hi\u009b2J", Origin: doc.MT, Backend: "google"}}}},
		{Index: 2, Kind: doc.Caption, Text: "x", Segments: []*doc.Segment{{Text: "x", Lang: language.Hebrew,
			Translation: &doc.Translation{Origin: doc.None, Reason: "HTTP 500: \x1b]0;t\x07"}}}},
	}}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	out := buf.String()
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\x07")
	assert.NotContains(t, out, "\u009b")
	assert.Contains(t, out, `a⟨U+001B⟩\[2Jb`)
	assert.Contains(t, out, "hi⟨U+009B⟩2J")
}
