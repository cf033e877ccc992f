package text

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

func read(t *testing.T, s string) *doc.Document {
	t.Helper()
	in, err := format.Decode([]byte(s))
	require.NoError(t, err)
	d, err := Read("t.txt", in)
	require.NoError(t, err)
	return d
}

func TestReadOffsets(t *testing.T) {
	raw := "\xEF\xBB\xBFTitle here\r\n\n  indented line  \nlast"
	d := read(t, raw)
	require.Len(t, d.Blocks, 3)
	for i, b := range d.Blocks {
		assert.Equal(t, i, b.Index)
		assert.Equal(t, b.Text, raw[b.Start:b.End], "block %d", i)
	}
	assert.Equal(t, "indented line", d.Blocks[1].Text)
	assert.True(t, d.HasOffsets)
}

func TestReadUTF16HasNoOffsets(t *testing.T) {
	d := read(t, string([]byte{0xFF, 0xFE, 'h', 0, 'i', 0}))
	require.Len(t, d.Blocks, 1)
	assert.False(t, d.HasOffsets)
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		lines string
		kinds []doc.Kind
	}{
		{"title lead byline", "A headline for the day\nThe lead says more\nMoran Azulay|\nBody text.",
			[]doc.Kind{doc.Title, doc.Lead, doc.Byline, doc.Paragraph}},
		{"gallery captions", "Body.\n2 View gallery\nכיתוב\nכיתוב\nAn English caption\n" + longLine(),
			[]doc.Kind{doc.Paragraph, doc.Boilerplate, doc.Caption, doc.Caption, doc.Caption, doc.Paragraph}},
		{"video credit", "Body.\nIDF ground forces resume Gaza operations\n(Video: IDF)",
			[]doc.Kind{doc.Paragraph, doc.Caption, doc.Credit}},
		{"leftovers", "Body.\nlive\nQuality\n×\nComments\n\"\"\nGet the Ynetnews app on your smartphone: x",
			[]doc.Kind{doc.Paragraph, doc.Boilerplate, doc.Boilerplate, doc.Boilerplate, doc.Boilerplate, doc.Boilerplate, doc.Boilerplate}},
		{"sentence is not a title", "This is a sentence.\nAnother.", []doc.Kind{doc.Paragraph, doc.Paragraph}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := read(t, tt.lines)
			var got []doc.Kind
			for _, b := range d.Blocks {
				got = append(got, b.Kind)
			}
			assert.Equal(t, tt.kinds, got)
		})
	}
}

func longLine() string {
	s := "While negotiations remain deadlocked"
	for len(s) < 320 {
		s += " and so on"
	}
	return s + "."
}

func TestYnetKinds(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/ynet/ynet-hostages.txt")
	require.NoError(t, err)
	in, err := format.Decode(raw)
	require.NoError(t, err)
	d, err := Read("ynet", in)
	require.NoError(t, err)
	count := map[doc.Kind]int{}
	for _, b := range d.Blocks {
		count[b.Kind]++
		assert.Equal(t, b.Text, string(raw[b.Start:b.End]))
	}
	assert.Equal(t, doc.Title, d.Blocks[0].Kind)
	assert.Equal(t, doc.Lead, d.Blocks[1].Kind)
	assert.Equal(t, doc.Byline, d.Blocks[2].Kind)
	// Two Hebrew captions shown twice, two English captions, and the video title.
	assert.Equal(t, 7, count[doc.Caption])
	assert.Equal(t, 1, count[doc.Credit])
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("Title\n\nBody.\n2 View gallery\nכיתוב\n(Photo: x)\n"))
	f.Add([]byte("\xEF\xBB\xBF\r\n\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		in, err := format.Decode(raw)
		if err != nil {
			return
		}
		d, err := Read("fuzz", in)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range d.Blocks {
			if b.Index != i || b.Text == "" {
				t.Fatalf("block %d: %+v", i, b)
			}
			if d.HasOffsets && string(raw[b.Start:b.End]) != b.Text {
				t.Fatalf("block %d offsets [%d,%d) do not match %q", i, b.Start, b.End, b.Text)
			}
		}
	})
}

// TestHardWrappedParagraphs: lines that continue a sentence are one block (mail, Project
// Gutenberg, PDF text); titles above leads, lists of lines and credit lines stay lines.
func TestHardWrappedParagraphs(t *testing.T) {
	gutenberg := "It is a truth universally acknowledged, that a single man in possession\n" +
		"of a good fortune, must be in want of a wife.\n\n" +
		"However little known the feelings or views of such a man may be on his\n" +
		"first entering a neighbourhood, this truth is so well fixed in the minds\n" +
		"of the surrounding families, that he is considered the rightful property\n" +
		"of some one or other of their daughters.\n"
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"gutenberg", gutenberg, []string{
			"It is a truth universally acknowledged, that a single man in possession\nof a good fortune, must be in want of a wife.",
			"However little known the feelings or views of such a man may be on his\nfirst entering a neighbourhood, this truth is so well fixed in the minds\nof the surrounding families, that he is considered the rightful property\nof some one or other of their daughters."}},
		{"pdf break", "This is a sentence\ncut off in the middle because pdf.", []string{"This is a sentence\ncut off in the middle because pdf."}},
		{"list of lines", "features\ncontact manager\nevents, activities\n", []string{"features", "contact manager", "events, activities"}},
		{"title above lead", "Hamas holds firm in negotiations\nTerror group remains defiant as Israel escalates.\n",
			[]string{"Hamas holds firm in negotiations", "Terror group remains defiant as Israel escalates."}},
		{"caption before credit", "Strike in Gaza\n(Photo: AP)\n", []string{"Strike in Gaza", "(Photo: AP)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, err := format.Decode([]byte(c.in))
			require.NoError(t, err)
			d, err := Read("t.txt", in)
			require.NoError(t, err)
			var got []string
			for _, b := range d.Blocks {
				got = append(got, b.Text)
				assert.Equal(t, b.Text, string(in.Raw[b.Start:b.End]), "offsets index the input")
			}
			assert.Equal(t, c.want, got)
		})
	}
}
