package markdown_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/inline"
	"github.com/seed77ff/bitext/pipeline/format/markdown"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const dataDir = "../../../testdata/markdown"

// inputs are this package's own Markdown files and the project's README.
var inputs = []string{dataDir + "/sample.md", dataDir + "/crlf.md", "../../../README.md"}

func read(t testing.TB, data []byte) *doc.Document {
	in, err := format.Decode(data)
	require.NoError(t, err)
	d, err := markdown.Read("t.md", in)
	require.NoError(t, err)
	pipeline.Segment(d)
	return d
}

func dump(d *doc.Document) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "offsets %v\n", d.HasOffsets)
	for _, b := range d.Blocks {
		nb := b.Native.(*markdown.Block)
		fmt.Fprintf(&sb, "block %d %s [%d,%d) level=%d\n  text %q\n", b.Index, b.Kind, nb.Start, nb.End, nb.Level, b.Text)
		if m, ok := nb.Markup(0, len(b.Text)); ok {
			fmt.Fprintf(&sb, "  markup %q\n", m)
		}
		for _, s := range b.Segments {
			fmt.Fprintf(&sb, "  segment %q", s.Text)
			if d.HasOffsets {
				fmt.Fprintf(&sb, " [%d,%d)", s.Start, s.End)
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join(dataDir, "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(got), 0o644))
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "run go test -update to create %s", p)
	assert.Equal(t, string(want), got)
}

func merge(t testing.TB, d *doc.Document, mode format.MergeMode) string {
	var buf bytes.Buffer
	require.NoError(t, markdown.Merge(&buf, d, mode))
	return buf.String()
}

// fakeTranslate upper-cases a text but keeps its placeholders, as a backend should.
func fakeTranslate(s string) string { return "T: " + strings.ToUpper(doc.NormalizeText(s)) }

// translateAll translates every segment with fakeTranslate, as the pipeline would: a
// segment with markup gets Markup, its placeholders kept where they were.
func translateAll(d *doc.Document, o doc.Origin) {
	for _, b := range d.Blocks {
		texts := make([]string, len(b.Segments))
		for i, s := range b.Segments {
			texts[i] = s.Text
		}
		locs := inline.Locate(b.Text, texts)
		for i, s := range b.Segments {
			s.Translation = &doc.Translation{Text: fakeTranslate(s.Text), Origin: o}
			m, ok := b.Native.(*markdown.Block).Markup(locs[i][0], locs[i][1])
			if !ok {
				continue
			}
			parts, err := inline.Parse(m)
			if err != nil {
				panic(err)
			}
			for k := range parts {
				if parts[k].Kind == inline.Text {
					parts[k].Text = strings.ToUpper(parts[k].Text)
				}
			}
			s.Translation.Markup = "T: " + inline.Encode(parts)
		}
	}
}

// TestReadGolden pins blocks, kinds, placeholders and segments of the test files.
func TestReadGolden(t *testing.T) {
	for _, f := range inputs[:2] {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			golden(t, filepath.Base(f)+".golden", dump(read(t, data)))
		})
	}
}

// TestNeverTranslated: code, link targets, HTML and front matter are in no segment.
func TestNeverTranslated(t *testing.T) {
	data, err := os.ReadFile(dataDir + "/sample.md")
	require.NoError(t, err)
	d := read(t, data)
	var all strings.Builder
	for _, s := range d.Segments() {
		all.WriteString(s.Text + "\n")
	}
	for _, never := range []string{"inline code", "https://example.com", "Titel", "nicht übersetzen", "HTML-Block", "title:", "Ein Beispiel", "bild.png", "kbd", "example.org"} {
		assert.NotContains(t, all.String(), never)
	}
	kinds := map[doc.Kind]int{}
	for _, b := range d.Blocks {
		kinds[b.Kind]++
	}
	assert.Equal(t, map[doc.Kind]int{doc.Heading: 2, doc.Paragraph: 6, doc.ListItem: 3, doc.Quote: 1}, kinds)
}

// TestOffsets: when a document has offsets, every segment's text is its input range.
func TestOffsets(t *testing.T) {
	for _, f := range []string{dataDir + "/crlf.md"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, bom := range []string{"", "\xef\xbb\xbf"} {
			d := read(t, append([]byte(bom), data...))
			require.True(t, d.HasOffsets)
			require.NotEmpty(t, d.Segments())
			full := bom + string(data)
			for _, s := range d.Segments() {
				assert.Equal(t, s.Text, full[s.Start:s.End])
			}
		}
	}
	d := read(t, []byte("Some *emphasis* here.\n"))
	assert.False(t, d.HasOffsets, "placeholders make the text non-contiguous")
}

// TestRoundTrip: merged output with nothing translated is the input, with or without a BOM.
func TestRoundTrip(t *testing.T) {
	for _, f := range inputs {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, data := range [][]byte{raw, append([]byte("\xef\xbb\xbf"), raw...)} {
				d := read(t, data)
				for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
					assert.Equal(t, string(data), merge(t, d, mode))
				}
				translateAll(d, doc.FromDocument)
				assert.Equal(t, string(data), merge(t, d, format.MergeReplace))
			}
		})
	}
}

// TestMergeGolden writes the test files back with every segment translated.
func TestMergeGolden(t *testing.T) {
	for _, f := range inputs[:2] {
		for _, mode := range []format.MergeMode{format.MergeReplace, format.MergeBilingual} {
			t.Run(filepath.Base(f)+"/"+string(mode), func(t *testing.T) {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				d := read(t, data)
				translateAll(d, doc.MT)
				golden(t, filepath.Base(f)+"."+string(mode)+".md", merge(t, d, mode))
			})
		}
	}
}

// TestPlaceholdersComeBack: a sentence with markup is offered with placeholders, and a
// translation that moves them gets the markup back where they went; a translation without
// them (a translation memory) keeps the markup after its text.
func TestPlaceholdersComeBack(t *testing.T) {
	d := read(t, []byte("Run `go build` and see [the docs](https://go.dev/doc).\n"))
	require.Len(t, d.Segments(), 1)
	s := d.Segments()[0]
	assert.Equal(t, "Run and see the docs.", doc.NormalizeText(s.Text))
	m, ok := d.Blocks[0].Native.(*markdown.Block).Markup(0, len(d.Blocks[0].Text))
	require.True(t, ok)
	assert.Equal(t, `Run <x id="1"/> and see <g id="2">the docs</g>.`, m)

	s.Translation = &doc.Translation{Text: "Lies die Doku und führe aus.", Origin: doc.MT,
		Markup: `Lies <g id="2">die Doku</g> und führe <x id="1"/> aus.`}
	assert.Equal(t, "Lies [die Doku](https://go.dev/doc) und führe `go build` aus.\n", merge(t, d, format.MergeReplace))
	assert.Equal(t, "Run `go build` and see [the docs](https://go.dev/doc).\n\nLies [die Doku](https://go.dev/doc) und führe `go build` aus.\n",
		merge(t, d, format.MergeBilingual))

	s.Translation = &doc.Translation{Text: "Lies die Doku.", Origin: doc.TM}
	assert.Equal(t, "Lies die Doku.`go build`[](https://go.dev/doc)\n", merge(t, d, format.MergeReplace))
}

func FuzzRead(f *testing.F) {
	for _, p := range inputs {
		data, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(data)
	}
	for _, s := range []string{"", "---\n---\n", "> - a\n>   b\n", "# {1} *x*\n", "a\\\nb", "| a |\n|---|\n| `b` |\n", "x\n===\n", "[a]: <b>\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := format.Decode(data)
		if err != nil {
			return
		}
		d, err := markdown.Read("fuzz.md", in)
		require.NoError(t, err)
		pipeline.Segment(d)
		for _, b := range d.Blocks {
			require.True(t, utf8.ValidString(b.Text))
		}
		for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
			require.Equal(t, string(data), merge(t, d, mode), "round trip")
		}
		translateAll(d, doc.MT)
		for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
			out := merge(t, d, mode)
			if in.Base >= 0 {
				require.True(t, utf8.ValidString(out))
			}
		}
	})
}
