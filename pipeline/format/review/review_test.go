package review

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/doc/doctest"
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
	var scripts []string
	var findScripts func(*html.Node)
	findScripts = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" && n.FirstChild != nil {
			scripts = append(scripts, n.FirstChild.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			findScripts(c)
		}
	}
	walk(root)
	findScripts(root)
	assert.Equal(t, []string{script}, scripts, "the page's own script, nothing else")
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
	sum := sha256.Sum256([]byte(script))
	hash := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	meta := findMeta(root)
	assert.Contains(t, meta, "default-src 'none'; script-src '"+hash+"'", "only the page's own script may run")
	assert.NotContains(t, meta, "unsafe-inline")
}

// findMeta returns the page's Content-Security-Policy, as the browser reads the attribute.
func findMeta(n *html.Node) string {
	if n.Type == html.ElementNode && n.Data == "meta" && attrOf(n, "http-equiv") == "Content-Security-Policy" {
		return attrOf(n, "content")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := findMeta(c); m != "" {
			return m
		}
	}
	return ""
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
