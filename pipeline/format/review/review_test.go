package review

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
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
	golden(t, "fixture.html", buf.Bytes())
}

// TestWriteStructure parses the page as a browser would and checks what the golden file
// cannot say by itself: no element came from the text, every segment is isolated with its
// language and dir="auto", and every segment has its anchor.
func TestWriteStructure(t *testing.T) {
	d := fixture()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, d))
	root, err := html.Parse(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	count := map[string]int{}
	ids := map[string]bool{}
	var segs []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			count[n.Data]++
			if id := attrOf(n, "id"); id != "" {
				assert.False(t, ids[id], "duplicate id %s", id)
				ids[id] = true
			}
			if n.Data == "bdi" && strings.Contains(attrOf(n, "class"), "seg") {
				segs = append(segs, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	assert.Zero(t, count["script"], "no script element")
	assert.Zero(t, count["img"], "no img element")
	require.Len(t, segs, len(d.Segments()))
	for i, s := range d.Segments() {
		n := segs[i]
		assert.Equal(t, "s-"+s.ID, attrOf(n, "id"))
		assert.Equal(t, s.Lang.String(), attrOf(n, "lang"))
		assert.Equal(t, "auto", attrOf(n, "dir"))
	}
	page := buf.String()
	assert.Contains(t, page, "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;")
	assert.Contains(t, page, "⟨U+202E RLO⟩")
	assert.NotContains(t, page, "\u202e")
	assert.NotContains(t, page, "\x0c")
	assert.Contains(t, page, "⟨U+000C⟩")
	assert.Contains(t, page, `content="default-src 'none'; style-src 'unsafe-inline'"`)
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestShow(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<b>&\"'", "&lt;b&gt;&amp;&#34;&#39;"},
		{"a\u202eb", `a<span class="ctl bidi" title="invisible character U+202E RLO">⟨U+202E RLO⟩</span>b`},
		{"\u2067x\u2069", `<span class="ctl bidi" title="invisible character U+2067 RLI">⟨U+2067 RLI⟩</span>x<span class="ctl bidi" title="invisible character U+2069 PDI">⟨U+2069 PDI⟩</span>`},
		{"ok\tand\nnew", "ok\tand\nnew"},
		{"\x1b[31m", `<span class="ctl" title="invisible character U+001B">⟨U+001B⟩</span>[31m`},
		{"ZWJ \u200d stays", "ZWJ \u200d stays"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(Show(tt.in)), "%q", tt.in)
	}
}

// FuzzShow checks that no text can become markup: the only elements in Show's output are
// its own control-character markers.
func FuzzShow(f *testing.F) {
	f.Add("<script>alert(1)</script>")
	f.Add("a\u202eb\u2066c\x00d")
	f.Add(`"><img src=x onerror=alert(1)>`)
	f.Fuzz(func(t *testing.T, s string) {
		nodes, err := html.ParseFragment(strings.NewReader(string(Show(s))), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data != "span" || !strings.HasPrefix(attrOf(n, "class"), "ctl")) {
				t.Fatalf("element <%s> from text %q", n.Data, s)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
	})
}
