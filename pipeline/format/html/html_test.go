package html

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/inline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/html/golden")

// pages are the test pages: our own renderings and real pages copied from ../shared/peers
// (testdata/html/README.md says where each comes from).
var pages = []string{
	"../../../testdata/ynet/ynet-hostages.html",
	"../../../testdata/html/inline.html",
	"../../../testdata/html/cnn-arabic.html",
	"../../../testdata/html/assabah-arabic.html",
	"../../../testdata/html/bbc-1.html",
	"../../../testdata/html/nytimes-5.html",
	"../../../testdata/html/spanish-article.html",
	"../../../testdata/html/heise.html",
	"../../../testdata/html/rtl-1.html",
}

func readPage(t testing.TB, path string) (*doc.Document, []byte) {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	in, err := Decode(raw)
	require.NoError(t, err)
	d, err := Read(path, in)
	require.NoError(t, err)
	return d, raw
}

// oneSegment gives every block one segment holding its whole text, as the pipeline does for
// one-sentence blocks.
func oneSegment(d *doc.Document) {
	for _, b := range d.Blocks {
		b.Segments = []*doc.Segment{{Block: b.Index, Text: b.Text}}
	}
	d.AssignIDs()
}

var hebrew = regexp.MustCompile(`\p{Hebrew}`)

// fakeTranslate translates every segment with Hebrew in it, as a backend that keeps
// placeholders would: each text run becomes "EN[…]", tags stay where they were.
func fakeTranslate(t testing.TB, d *doc.Document) {
	t.Helper()
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			if !hebrew.MatchString(s.Text) {
				continue
			}
			tr := &doc.Translation{Origin: doc.MT, Backend: "fake", Text: "EN[" + s.Text + "]"}
			if m, ok := b.Native.(inline.Marked); ok {
				loc := inline.Locate(b.Text, []string{s.Text})[0]
				if markup, ok := m.Markup(loc[0], loc[1]); ok {
					parts, err := inline.Parse(markup)
					require.NoError(t, err)
					for i, p := range parts {
						if p.Kind == inline.Text {
							parts[i].Text = "EN[" + p.Text + "]"
						}
					}
					tr.Markup = inline.Encode(parts)
					tr.Text = inline.Plain(parts)
				}
			}
			s.Translation = tr
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("../../../testdata/html/golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./pipeline/format/html -update")
	assert.Equal(t, string(want), got)
}

func base(path string) string { return strings.TrimSuffix(filepath.Base(path), ".html") }

// TestReadGolden pins each page's blocks: index, kind, reason and text.
func TestReadGolden(t *testing.T) {
	for _, path := range pages {
		t.Run(base(path), func(t *testing.T) {
			d, _ := readPage(t, path)
			var sb strings.Builder
			for _, b := range d.Blocks {
				fmt.Fprintf(&sb, "%d\t%s\t%s\t%s\n", b.Index, b.Kind, b.Reason, b.Text)
				assert.True(t, utf8.ValidString(b.Text))
				assert.Equal(t, strings.TrimSpace(b.Text), b.Text)
			}
			golden(t, base(path)+".blocks.tsv", sb.String())
		})
	}
}

// TestRoundTrip: with nothing translated, merged output is the input, byte for byte, in
// both modes; with every block translated it is still well-formed enough to read back.
func TestRoundTrip(t *testing.T) {
	for _, path := range pages {
		t.Run(base(path), func(t *testing.T) {
			d, raw := readPage(t, path)
			oneSegment(d)
			for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
				var buf bytes.Buffer
				require.NoError(t, Merge(&buf, d, mode))
				assert.True(t, bytes.Equal(raw, buf.Bytes()), "merged output differs from input (%s)", mode)
			}
			// Document counterparts are never written: they are in the page already.
			for _, s := range d.Segments() {
				s.Translation = &doc.Translation{Origin: doc.FromDocument, Text: "x"}
			}
			var buf bytes.Buffer
			require.NoError(t, Merge(&buf, d, format.MergeBilingual))
			assert.True(t, bytes.Equal(raw, buf.Bytes()))
		})
	}
}

// TestTokenOffsets checks the premise of splicing: the tokenizer's raw tokens cover the input.
func TestTokenOffsets(t *testing.T) {
	for _, path := range pages {
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		root, err := parse(string(raw))
		require.NoError(t, err)
		assert.Equal(t, len(raw), root.end, path)
	}
}

func TestMergeGolden(t *testing.T) {
	for _, path := range pages[:2] {
		for _, mode := range []format.MergeMode{format.MergeBilingual, format.MergeReplace} {
			t.Run(base(path)+"/"+string(mode), func(t *testing.T) {
				d, _ := readPage(t, path)
				d.Target = language.English
				oneSegment(d)
				fakeTranslate(t, d)
				var buf bytes.Buffer
				require.NoError(t, Merge(&buf, d, mode))
				out := buf.String()
				golden(t, base(path)+"."+string(mode)+".html", out)
				// The output reads back: every translated text is a block of its own
				// (bilingual) or in place of the original (replace).
				in, err := Decode(buf.Bytes())
				require.NoError(t, err)
				d2, err := Read("merged", in)
				require.NoError(t, err)
				var texts []string
				for _, b := range d2.Blocks {
					texts = append(texts, b.Text)
				}
				all := strings.Join(texts, "\n")
				for _, s := range d.Segments() {
					if s.Translation != nil {
						assert.Contains(t, all, s.Translation.Text)
					}
				}
			})
		}
	}
}

func TestInlinePlaceholders(t *testing.T) {
	d, _ := readPage(t, "../../../testdata/html/inline.html")
	want := map[string]string{
		"An English paragraph with a link, emphasis, and an entity: café — all kept.": `An English paragraph with <g id="1">a link</g>, <g id="2">emphasis</g>, and an entity: café — all kept.`,
		"הממשלה אישרה את התקציב בקריאה ראשונה.":                                       `הממשלה <g id="1">אישרה</g> את התקציב<x id="2"/> בקריאה <g id="3">ראשונה</g>.`,
		"שלום עולם ולהתראות":                                                          `<g id="1">שלום</g> עולם ו<g id="2">להתראות</g>`,
	}
	found := 0
	for _, b := range d.Blocks {
		w, ok := want[b.Text]
		if !ok {
			continue
		}
		found++
		m, ok := b.Native.(inline.Marked).Markup(0, len(b.Text))
		require.True(t, ok)
		assert.Equal(t, w, m)
		// A sub-range holds only the tags inside it.
		if strings.HasPrefix(b.Text, "הממשלה") {
			end := strings.Index(b.Text, " את")
			m, ok := b.Native.(inline.Marked).Markup(0, end)
			require.True(t, ok)
			assert.Equal(t, `הממשלה <g id="1">אישרה</g>`, m)
		}
	}
	assert.Equal(t, len(want), found)
}

func TestMergeDropsNoTag(t *testing.T) {
	// A translation that lost its placeholders (a translation memory hit) keeps the tags after it.
	d, _ := readPage(t, "../../../testdata/html/inline.html")
	d.Target = language.English
	oneSegment(d)
	for _, s := range d.Segments() {
		if strings.HasPrefix(s.Text, "הממשלה") {
			s.Translation = &doc.Translation{Origin: doc.TM, Text: "The government approved the budget."}
		}
	}
	var buf bytes.Buffer
	require.NoError(t, Merge(&buf, d, format.MergeReplace))
	assert.Contains(t, buf.String(), `<p lang="he" dir="rtl">The government approved the budget.<b></b><br><a href=/he/budget></a></p>`)
}

func TestCharset(t *testing.T) {
	page := "<!doctype html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1255\"></head>" +
		"<body><article><p>English text here, long enough to be the article body, and more words.</p>" +
		"<figure><img src=a.jpg alt=\"שלום עולם\"><figcaption>Hello world &amp; more</figcaption></figure></article></body></html>"
	raw, err := charmap.Windows1255.NewEncoder().String(page)
	require.NoError(t, err)
	_, err = format.Decode([]byte(raw))
	require.Error(t, err, "not UTF-8: only the declared charset makes it readable")
	in, err := Decode([]byte(raw))
	require.NoError(t, err)
	d, err := Read("he.html", in)
	require.NoError(t, err)
	var texts []string
	for _, b := range d.Blocks {
		texts = append(texts, b.Text)
	}
	assert.Contains(t, texts, "שלום עולם")
	oneSegment(d)
	var buf bytes.Buffer
	require.NoError(t, Merge(&buf, d, format.MergeBilingual))
	assert.Equal(t, raw, buf.String())
	for _, s := range d.Segments() {
		if s.Text == "שלום עולם" {
			s.Translation = &doc.Translation{Origin: doc.MT, Text: "Hello world ✓"}
		}
	}
	buf.Reset()
	require.NoError(t, Merge(&buf, d, format.MergeReplace))
	back, err := charmap.Windows1255.NewDecoder().String(buf.String())
	require.NoError(t, err)
	// ✓ is not in windows-1255: it is written as a character reference.
	assert.Contains(t, back, `alt="Hello world &#10003;"`)
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]bool{
		"<!DOCTYPE html><html>":                true,
		"\ufeff\n  <html lang=en>":             true,
		"<!-- saved page -->\n<!doctype HTML>": true,
		"Hello <b>world</b>":                   false,
		"<?xml version=\"1.0\"?><tmx>":         false,
	} {
		assert.Equal(t, want, Sniff([]byte(in)), in)
	}
}

// TestDecodeEncodings: the BOM, then the declaration (also past byte 1024), but the bytes win
// when they are UTF-8 with multibyte sequences or not valid under the declaration; stray bytes
// and NULs of a UTF-8 page become U+FFFD with a warning naming the offset.
func TestDecodeEncodings(t *testing.T) {
	latin1 := func(s string) string {
		b, err := charmap.Windows1252.NewEncoder().String(s)
		require.NoError(t, err)
		return b
	}
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		require.NoError(t, err)
		return b
	}
	pad := "<script>" + strings.Repeat("var x = 1;\n", 120) + "</script>" // > 1024 bytes
	for _, c := range []struct {
		name, raw, want, enc, from, warn string
	}{
		{"utf-8 BOM beats a declaration", "\xEF\xBB\xBF<meta charset=windows-1252><p>café</p>", "café", "utf-8", "bom", ""},
		{"declared latin-1", latin1("<meta charset=iso-8859-1><p>café</p>"), "café", "windows-1252", "declared", ""},
		{"declared after byte 1024", latin1("<head>" + pad + "<meta charset=iso-8859-1></head><p>café</p>"), "café", "windows-1252", "declared", ""},
		{"valid UTF-8 declared gb2312: bytes win", "<meta charset=gb2312><p>中文新闻</p>", "中文新闻", "utf-8", "bytes", ""},
		{"real gb2312", gbk("<meta charset=gb2312><p>中文新闻</p>"), "中文新闻", "gbk", "declared", ""},
		{"ASCII declared latin-1", "<meta charset=iso-8859-1><p>cafe</p>", "cafe", "windows-1252", "declared", ""},
		{"nothing declared, UTF-8", "<p>café</p>", "café", "utf-8", "bytes", ""},
		{"nothing declared, legacy bytes", latin1("<p>café über</p>"), "café über", "windows-1252", "bytes", ""},
		{"declared UTF-8 with a stray byte", "<meta charset=utf-8><p>café \xe9t\xe9 déjà</p>", "café \uFFFDt\uFFFD déjà", "utf-8", "declared",
			"2 bytes not valid UTF-8 replaced by U+FFFD (first at byte offset 29)"},
		{"a NUL", "<meta charset=utf-8><p>a\x00b</p>", "a\uFFFDb", "utf-8", "declared", "1 NUL byte replaced by U+FFFD (first at byte offset 24)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, err := Decode([]byte(c.raw))
			require.NoError(t, err)
			assert.Contains(t, in.Text, c.want)
			assert.Equal(t, doc.Encoding{Name: c.enc, From: c.from}, in.Encoding)
			if c.warn == "" {
				assert.Empty(t, in.Warnings)
			} else {
				assert.Equal(t, []string{c.warn}, in.Warnings)
			}
		})
	}
	// Plain-text decoding keeps refusing what HTML replaces.
	_, err := format.Decode([]byte("a\x00b"))
	require.ErrorIs(t, err, format.ErrNotText)
	_, err = format.Decode([]byte("caf\xe9"))
	require.ErrorIs(t, err, format.ErrNotText)
}

func BenchmarkRead(b *testing.B) {
	raw, err := os.ReadFile("../../../testdata/html/bbc-1.html")
	require.NoError(b, err)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		in, _ := Decode(raw)
		if _, err := Read("bbc-1.html", in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEveryFigcaptionIsABlock: each figcaption with words inside the article gives at least one
// block of its own (caption or credit), never merged into a paragraph.
func TestEveryFigcaptionIsABlock(t *testing.T) {
	for path, min := range map[string]int{
		"../../../testdata/ynet/ynet-hostages.html":   2,
		"../../../testdata/html/bbc-1.html":           3,
		"../../../testdata/html/spanish-article.html": 1,
		"../../../testdata/html/nytimes-5.html":       9, // a section front: its highlights collection
	} {
		t.Run(base(path), func(t *testing.T) {
			d, _ := readPage(t, path)
			figs := map[int]bool{} // figcaption start offsets that own a block
			for _, b := range d.Blocks {
				nb := b.Native.(*block)
				for n := nb.container; n != nil; n = n.parent {
					if n.name == "figcaption" {
						figs[n.start] = true
						assert.Contains(t, []doc.Kind{doc.Caption, doc.Credit, doc.Boilerplate}, b.Kind, b.Text)
						break
					}
				}
			}
			assert.GreaterOrEqual(t, len(figs), min)
		})
	}
}

// Elements nested deeper than format.MaxDepth, after the implied end tags, are refused with
// the line where the nesting went too deep; as deep as the limit is read; implied end tags
// (a thousand unclosed <p> or <li>) do not count as nesting.
func TestNestingDepth(t *testing.T) {
	read := func(src string) error {
		_, err := Read("deep.html", format.Input{Raw: []byte(src), Text: src, Base: 0})
		return err
	}
	page := func(body string) string { return "<!doctype html>\n<html><body>\n" + body + "\n</body></html>" }
	// html and body are two levels already.
	require.NoError(t, read(page(strings.Repeat("<div>", format.MaxDepth-2)+"text")))
	require.NoError(t, read(page(strings.Repeat("<p>para\n", 5000))), "an unclosed p closes at the next")
	require.NoError(t, read(page("<ul>"+strings.Repeat("<li>item\n", 5000)+"</ul>")))
	require.NoError(t, read(page(strings.Repeat("<div>x</div>\n", 5000))), "siblings")

	err := read(page(strings.Repeat("<div>\n", 100_000)))
	var de *format.DepthError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "deep.html", de.File)
	assert.Equal(t, 2+format.MaxDepth-1, de.Line, "the div one level too deep")
	assert.Contains(t, err.Error(), "elements nested deeper than 1000 levels")
	err = read(page(strings.Repeat("<div><span><b>", 100_000)))
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 3, de.Line)
}
