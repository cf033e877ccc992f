package diff

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
)

// seg is a compact segment for test fixtures: id, text and translation (nil when tr is "").
type seg struct {
	id, text, tr, backend, model string
	glossary                     string
	cached                       bool
}

func file(name string, segs ...seg) *jsondoc.File {
	f := &jsondoc.File{Schema: jsondoc.Schema, Source: name}
	for i, s := range segs {
		js := jsondoc.Segment{ID: s.id, Text: s.text, Lang: "he"}
		if s.tr != "" {
			js.Translation = &jsondoc.Translation{Text: s.tr, Origin: "mt", Backend: s.backend, Model: s.model, Glossary: s.glossary, Cached: s.cached, QA: []string{}}
		}
		f.Blocks = append(f.Blocks, jsondoc.Block{Index: i, Kind: "paragraph", Segments: []jsondoc.Segment{js}})
	}
	return f
}

func TestCompare(t *testing.T) {
	a := seg{id: "a", text: "א", tr: "A", backend: "google", model: "nmt"}
	b := seg{id: "b", text: "ב", tr: "B", backend: "google", model: "nmt"}
	c := seg{id: "c", text: "ג", tr: "C", backend: "google", model: "nmt"}
	with := func(s seg, f func(*seg)) seg { f(&s); return s }
	type want struct {
		id     string
		status Status
		causes []Cause
	}
	for _, tc := range []struct {
		name     string
		old, new []seg
		want     []want
	}{
		{"same", []seg{a, b}, []seg{a, b}, nil},
		{"cached does not count", []seg{a, b}, []seg{a, with(b, func(s *seg) { s.cached = true })}, nil},
		{"translation", []seg{a, b}, []seg{a, with(b, func(s *seg) { s.tr = "BB" })},
			[]want{{"b", Changed, []Cause{Translation}}}},
		{"model", []seg{a, b}, []seg{a, with(b, func(s *seg) { s.tr = "BB"; s.model = "base" })},
			[]want{{"b", Changed, []Cause{Model}}}},
		{"model only, same text", []seg{a}, []seg{with(a, func(s *seg) { s.model = "base" })},
			[]want{{"a", Changed, []Cause{Model}}}},
		{"backend and model", []seg{a}, []seg{with(a, func(s *seg) { s.backend = "deepl"; s.model = "" })},
			[]want{{"a", Changed, []Cause{Backend, Model}}}},
		{"source: removed and added at one place pair", []seg{a, b, c}, []seg{a, {id: "b2", text: "בב", tr: "BB", backend: "google", model: "nmt"}, c},
			[]want{{"b2", Changed, []Cause{Source}}}},
		{"source at the start", []seg{b, c}, []seg{{id: "x", text: "x", tr: "X", backend: "google", model: "base"}, c},
			[]want{{"x", Changed, []Cause{Source, Model}}}},
		{"added", []seg{a, c}, []seg{a, b, c}, []want{{"b", Added, []Cause{}}}},
		{"removed", []seg{a, b, c}, []seg{a, c}, []want{{"b", Removed, []Cause{}}}},
		{"removed at the end", []seg{a, b}, []seg{a}, []want{{"b", Removed, []Cause{}}}},
		{"two removed one added", []seg{a, b, c}, []seg{{id: "x", text: "x"}},
			[]want{{"x", Changed, []Cause{Source, Backend, Model}}, {"b", Removed, []Cause{}}, {"c", Removed, []Cause{}}}},
		{"moved segment is no change", []seg{a, b}, []seg{b, a}, nil},
		{"glossary added", []seg{a}, []seg{with(a, func(s *seg) { s.tr = "AA"; s.glossary = "0123456789abcdef" })},
			[]want{{"a", Changed, []Cause{Glossary}}}},
		{"glossary changed, same text", []seg{with(a, func(s *seg) { s.glossary = "0123456789abcdef" })},
			[]seg{with(a, func(s *seg) { s.glossary = "fedcba9876543210" })}, []want{{"a", Changed, []Cause{Glossary}}}},
		{"glossary and model", []seg{a}, []seg{with(a, func(s *seg) { s.model = "base"; s.glossary = "fedcba9876543210" })},
			[]want{{"a", Changed, []Cause{Model, Glossary}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Compare([]*jsondoc.File{file("x.txt", tc.old...)}, []*jsondoc.File{file("x.txt", tc.new...)})
			var g []want
			for _, c := range got {
				g = append(g, want{c.ID, c.Status, c.Causes})
				assert.Equal(t, "x.txt", c.File)
			}
			assert.Equal(t, tc.want, g)
		})
	}
}

func TestCompareMatchesDocumentsByName(t *testing.T) {
	a := seg{id: "a", text: "א", tr: "A"}
	old := []*jsondoc.File{file("one.txt", a), file("gone.txt", a)}
	latest := []*jsondoc.File{file("new.txt", a), file("one.txt", a)}
	got := Compare(old, latest)
	require.Len(t, got, 2)
	assert.Equal(t, Change{File: "new.txt", ID: "a", Status: Added, New: got[0].New, Causes: []Cause{}}, got[0])
	assert.Equal(t, "gone.txt", got[1].File)
	assert.Equal(t, Removed, got[1].Status)
	// One document on each side: compared whatever the names.
	assert.Empty(t, Compare([]*jsondoc.File{file("a.txt", a)}, []*jsondoc.File{file("b.txt", a)}))
}

func TestWriteJSONShape(t *testing.T) {
	a := seg{id: "a", text: "א", tr: "A", backend: "google", model: "nmt"}
	changes := Compare([]*jsondoc.File{file("x.txt", a)}, []*jsondoc.File{file("x.txt", with2(a))})
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, changes))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 1)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &m))
	assert.Equal(t, "x.txt", m["file"])
	assert.Equal(t, "a", m["id"])
	assert.Equal(t, "changed", m["status"])
	assert.Equal(t, []any{"model"}, m["causes"])
	assert.Equal(t, "A", m["old"].(map[string]any)["translation"].(map[string]any)["text"])
	assert.Equal(t, "A2", m["new"].(map[string]any)["translation"].(map[string]any)["text"])
	assert.True(t, strings.HasPrefix(lines[0], `{"file":"x.txt","id":"a","status":"changed","old":{`), lines[0])
}

func with2(s seg) seg { s.tr, s.model = "A2", "base"; return s }

func TestWriteText(t *testing.T) {
	a := seg{id: "a", text: "א", tr: "IDF strikes in Gaza City", backend: "google", model: "nmt"}
	b := seg{id: "b", text: "ב", tr: "B", backend: "google", model: "nmt"}
	latest := a
	latest.tr, latest.model = "IDF strike near Gaza City", "base"
	changes := Compare([]*jsondoc.File{file("x.txt", a, b)}, []*jsondoc.File{file("x.txt", latest)})
	var buf bytes.Buffer
	require.NoError(t, WriteText(&buf, changes, TextOptions{}))
	assert.Equal(t, "x.txt\n"+
		"~ a block 0 (model nmt → base)\n"+
		"    he    א\n"+
		"    →     IDF [-strikes in-]{+strike near+} Gaza City\n"+
		"- b block 1 removed\n"+
		"    he    [-ב-]\n"+
		"    →     [-B-]\n"+
		"1 changed, 0 added, 1 removed\n", buf.String())
	buf.Reset()
	require.NoError(t, WriteText(&buf, changes, TextOptions{Color: true}))
	assert.Contains(t, buf.String(), "\x1b[31mstrikes in\x1b[0m\x1b[32mstrike near\x1b[0m")
	buf.Reset()
	require.NoError(t, WriteText(&buf, nil, TextOptions{}))
	assert.Equal(t, "no changes\n", buf.String())
}

// The files compared are untrusted: an escape sequence in a file name, an ID, a model name, a
// text or a translation reaches the terminal as a visible marker, never raw. Only the
// colours WriteText itself writes are escape sequences.
func TestWriteTextEscapesControls(t *testing.T) {
	const esc = "\x1b]0;pwned\x07\x1b[2J"
	a := seg{id: "a" + esc, text: "א" + esc, tr: "one" + esc, backend: "google", model: "nmt" + esc}
	latest := a
	latest.tr, latest.model = "two\u202e"+esc, "base"
	added := seg{id: "n", text: "ב\x00", tr: "B\x9b"}
	changes := Compare([]*jsondoc.File{file("x"+esc+".txt", a)}, []*jsondoc.File{file("x"+esc+".txt", latest, added)})
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		require.NoError(t, WriteText(&buf, changes, TextOptions{Color: color}))
		out := buf.String()
		for _, code := range []string{ansiRed, ansiGreen, ansiBold, ansiReset} {
			out = strings.ReplaceAll(out, code, "")
		}
		for _, r := range out {
			assert.False(t, r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || r == 0x202e, "raw %U in %q", r, out)
		}
		assert.Contains(t, buf.String(), "x⟨U+001B⟩]0;pwned⟨U+0007⟩⟨U+001B⟩[2J.txt")
		assert.Contains(t, buf.String(), "⟨U+202E RLO⟩")
		assert.Contains(t, buf.String(), "⟨U+0000⟩")
	}
}
