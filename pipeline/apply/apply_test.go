package apply

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/pipeline/format/tmx"
	"github.com/seed77ff/bitext/pipeline/format/xliff"
)

// reviewed is a document as a run left it: two Hebrew captions, one machine-translated,
// one left to the counterpart, and one failed.
func reviewed() *doc.Document {
	he := language.Hebrew
	d := &doc.Document{Source: "news.txt", Format: "text", Lang: language.English, Target: language.English, Blocks: []*doc.Block{
		{Kind: doc.Caption, Segments: []*doc.Segment{{Text: "תקיפה ליד מסגד", Lang: he,
			Translation: &doc.Translation{Text: "Strike near a mosque", Origin: doc.MT, Backend: "google", Context: "0123456789abcdef"}}}},
		{Kind: doc.Caption, Segments: []*doc.Segment{{Text: "עידן אלכסנדר", Lang: he,
			Translation: &doc.Translation{Text: "Edan Alexander", Origin: doc.FromDocument}}}},
		{Kind: doc.Paragraph, Segments: []*doc.Segment{{Text: "שלום לכולם", Lang: he,
			Translation: &doc.Translation{Origin: doc.None, Reason: "backend failed"}}}},
	}}
	for i, b := range d.Blocks {
		b.Index = i
		b.Text = b.Segments[0].Text
	}
	d.AssignIDs()
	return d
}

// TestReadEveryFormat: the same review — the first caption edited, the failed one filled
// in, the counterpart left — read from JSON, JSONL, XLIFF 2.0, XLIFF 1.2 and TMX gives the
// same two applied entries, keyed by text, languages and context.
func TestReadEveryFormat(t *testing.T) {
	d := reviewed()
	edit := func(s string) string {
		s = strings.Replace(s, "Strike near a mosque", "A strike near the mosque", 1)
		return s
	}
	var js, jl, x20, x12, tx bytes.Buffer
	require.NoError(t, jsondoc.Write(&js, d))
	require.NoError(t, jsondoc.WriteLines(&jl, d))
	require.NoError(t, xliff.Write(&x20, d))
	require.NoError(t, xliff.Write12(&x12, d))
	require.NoError(t, tmx.Write(&tx, d))
	fill := map[string]func(string) string{
		"json": func(s string) string { return strings.Replace(s, `"text": "",`, `"text": "Hello everyone",`, 1) },
		"jsonl": func(s string) string {
			return strings.Replace(s, `"translation":{"text":""`, `"translation":{"text":"Hello everyone"`, 1)
		},
		"xliff": func(s string) string {
			return strings.Replace(s, "<source>שלום לכולם</source>", "<source>שלום לכולם</source>\n        <target>Hello everyone</target>", 1)
		},
		"xliff12": func(s string) string {
			return strings.Replace(s, `<source xml:lang="he">שלום לכולם</source>`, `<source xml:lang="he">שלום לכולם</source><target>Hello everyone</target>`, 1)
		},
		"tmx": func(s string) string { return s }, // TMX has no unit for a failed segment
	}
	for name, data := range map[string]string{"json": js.String(), "jsonl": jl.String(), "xliff": x20.String(), "xliff12": x12.String(), "tmx": tx.String()} {
		t.Run(name, func(t *testing.T) {
			entries, err := Read("reviewed."+name, []byte(fill[name](edit(data))))
			require.NoError(t, err)
			Check(entries, Options{By: "noa"})
			byText := map[string]Entry{}
			for _, e := range entries {
				byText[e.Text] = e
			}
			e := byText["תקיפה ליד מסגד"]
			assert.Equal(t, Applied, e.Status, e.Reason)
			assert.Equal(t, "A strike near the mosque", e.Translation)
			assert.Equal(t, "0123456789abcdef", e.Context)
			assert.Equal(t, language.Hebrew, e.Source)
			assert.Equal(t, language.English, e.Target)
			assert.Equal(t, "noa", e.By, "the file says no reviewer: Options.By does")
			if name != "tmx" {
				assert.Equal(t, Unchanged, byText["עידן אלכסנדר"].Status, "the counterpart, left as it was")
				f := byText["שלום לכולם"]
				assert.Equal(t, Applied, f.Status, f.Reason)
				assert.Equal(t, "Hello everyone", f.Translation)
			}
			as := Approvals(entries, time.Now())
			require.NotEmpty(t, as)
			assert.Equal(t, "A strike near the mosque", as[0].Translation)
		})
	}
}

func TestCheckRefusesAndSkips(t *testing.T) {
	d := reviewed()
	id := d.Blocks[0].Segments[0].ID
	base := Entry{File: "f", Document: "news.txt", ID: id, Source: language.Hebrew, Target: language.English,
		Sources: []string{"תקיפה ליד מסגד"}, Translation: "A strike", Digest: doc.Digest("Strike near a mosque")}
	with := func(f func(*Entry)) Entry { e := base; f(&e); return e }
	entries := []Entry{
		base,
		with(func(e *Entry) { e.ID = "0000000000000000" }),
		with(func(e *Entry) { e.Translation = "Strike near a mosque" }),
		with(func(e *Entry) { e.Translation = "Strike near a mosque"; e.Approved = true }),
		with(func(e *Entry) { e.Translation = " " }),
		with(func(e *Entry) { e.Translation = "x\u202ey" }),
		with(func(e *Entry) { e.Translation = strings.Repeat("x", MaxTranslation+1) }),
		with(func(e *Entry) { e.Digest = "" }),
		with(func(e *Entry) { e.Target = language.Hebrew }),
		with(func(e *Entry) { e.Document = "changed.txt" }),
	}
	sources := func(path string) (string, error) {
		if path == "changed.txt" {
			return "תקיפה ליד המסגד הגדול", nil
		}
		return "כותרת\nתקיפה  ליד מסגד\n", nil
	}
	Check(entries, Options{Source: sources})
	var got []Status
	for _, e := range entries {
		got = append(got, e.Status)
	}
	assert.Equal(t, []Status{Applied, Refused, Unchanged, Applied, Refused, Refused, Refused, Refused, Refused, Skipped}, got)
	assert.Contains(t, entries[1].Reason, "unknown segment")
	assert.Contains(t, entries[5].Reason, "bidi control")
	assert.Contains(t, entries[9].Reason, "the source changed since")
	assert.Equal(t, map[Status]int{Applied: 2, Refused: 6, Unchanged: 1, Skipped: 1}, Counts(entries))
}

func TestReadRefusesOtherTools(t *testing.T) {
	_, err := Read("x.txt", []byte("just text"))
	assert.ErrorContains(t, err, "not a bitext output")
	tmxOther := `<?xml version="1.0"?><tmx version="1.4"><header creationtool="Trados" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="he" datatype="plaintext"/><body><tu><tuv xml:lang="he"><seg>א</seg></tuv><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>`
	entries, err := Read("other.tmx", []byte(tmxOther))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, Refused, entries[0].Status)
	assert.Contains(t, entries[0].Reason, "another tool")
	cacheExport := strings.Replace(strings.Replace(tmxOther, `creationtool="Trados"`, `creationtool="bitext"`, 1), `o-tmf="x"`, `o-tmf="bitext-cache"`, 1)
	entries, err = Read("cache.tmx", []byte(cacheExport))
	require.NoError(t, err)
	assert.Contains(t, entries[0].Reason, "cache export")
	_, err = Read("bad.xlf", []byte(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"><file>`))
	assert.ErrorContains(t, err, "bad.xlf")
}

// FuzzRead: a reviewed file is untrusted; whatever it holds is read or refused with an
// error, and Check decides every entry, never a panic.
func FuzzRead(f *testing.F) {
	d := reviewed()
	var js, jl, x20, x12, tx bytes.Buffer
	_ = jsondoc.Write(&js, d)
	_ = jsondoc.WriteLines(&jl, d)
	_ = xliff.Write(&x20, d)
	_ = xliff.Write12(&x12, d)
	_ = tmx.Write(&tx, d)
	for _, s := range []string{js.String(), jl.String(), x20.String(), x12.String(), tx.String(), "{", "<", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Read("fuzz", data)
		if err != nil {
			return
		}
		Check(entries, Options{})
		for _, e := range entries {
			if e.Status == "" {
				t.Fatalf("entry %+v without a status", e)
			}
		}
	})
}
