package tmx

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

const peerDir = "../../testdata/tmx-xliff/tmx"

// invalidPeers are peer files that are not valid TMX 1.4b, with the reason Read must give.
var invalidPeers = map[string]string{
	// Its header holds <prop type2="RTFFontTable">: TMX requires the type attribute.
	"okapi_tmx_html_test.tmx": "prop without a type attribute",
}

func readFile(t *testing.T, path string) (*File, error) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	return Read(f)
}

func write(t *testing.T, f *File) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, f))
	return buf.Bytes()
}

// Every peer TMX meant to be valid is read, and write → read → write is a fixed point:
// the second read gives the same File and the second write the same bytes.
func TestPeersRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(peerDir, "*.tmx"))
	require.NoError(t, err)
	require.Len(t, files, 27)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			f, err := readFile(t, path)
			if want, bad := invalidPeers[name]; bad {
				require.ErrorIs(t, err, ErrInvalid)
				assert.Contains(t, err.Error(), want)
				return
			}
			require.NoError(t, err)
			require.NotEmpty(t, f.Units)
			for _, u := range f.Units {
				for _, v := range u.Variants {
					_, err := Text(v.Seg)
					require.NoError(t, err, "seg %q", v.Seg)
				}
			}
			w1 := write(t, f)
			g, err := Read(bytes.NewReader(w1))
			require.NoError(t, err, "re-read:\n%s", w1)
			f.Version = Version
			assert.Equal(t, f, g)
			assert.Equal(t, string(w1), string(write(t, g)))
		})
	}
}

func TestPeerContent(t *testing.T) {
	// UTF-16LE with a BOM and an encoding="UTF-16" declaration; inline bpt/ept kept as markup.
	f, err := readFile(t, filepath.Join(peerDir, "okapi_tmx_ImportTest2A.tmx"))
	require.NoError(t, err)
	v := f.Units[0].Variants[0]
	assert.Equal(t, `The big <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>black<ept i="1">&lt;/b&gt;</ept> <bpt i="2" x="2" type="ulined">&lt;u&gt;</bpt>cat<ept i="2">&lt;/u&gt;</ept> sleeps.`, v.Seg)
	txt, err := Text(v.Seg)
	require.NoError(t, err)
	assert.Equal(t, "The big black cat sleeps.", txt)

	// Several target languages in one unit, in any order.
	f, err = readFile(t, filepath.Join(peerDir, "okapi_tmx_compkit_ImportTest1C.tmx"))
	require.NoError(t, err)
	require.Len(t, f.Units, 3)
	assert.Len(t, f.Units[1].Variants, 5)
	ja, ok := f.Units[1].Variant("JA-JP")
	require.True(t, ok)
	assert.Equal(t, "Second entry in Japanese", ja.Seg)
	assert.Equal(t, "en-us", f.Header.SrcLang)

	// Header props, notes and dates.
	f, err = readFile(t, filepath.Join(peerDir, "okapi_misc_integration-tests_src_tmxtest-attributes.tmx"))
	require.NoError(t, err)
	assert.Equal(t, time.Date(2009, 9, 21, 15, 13, 56, 0, time.UTC), f.Header.CreationDate)
	assert.Equal(t, "Olifant", f.Header.CreationTool)

	// The go-tm sample declares the lisa.org namespace on TMX elements and is UTF-16.
	f, err = readFile(t, filepath.Join(peerDir, "go-tm_v1.4.tmx"))
	require.NoError(t, err)
	assert.Equal(t, "ja-JP", f.Header.SrcLang)
}

func TestReadInvalid(t *testing.T) {
	const head = `<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>`
	const tail = `</body></tmx>`
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "no root element"},
		{"not xml", `hello`, "text \"hello\" outside"},
		{"xliff", `<xliff version="2.0"/>`, "root element is <xliff>, want tmx"},
		{"no version", `<tmx><header/><body/></tmx>`, "without version"},
		{"no body", `<tmx version="1.4"><header/></tmx>`, "no body"},
		{"body first", `<tmx version="1.4"><body/><header/></tmx>`, "unexpected <body>"},
		{"truncated", head + `<tu><tuv xml:lang="en"><seg>a`, "unexpected EOF"},
		{"mismatched", head + `<tu><tuv xml:lang="en"><seg>a</tuv></tu>` + tail, "line 1"},
		{"tuv without lang", head + `<tu><tuv><seg>a</seg></tuv></tu>` + tail, "tu 1: tuv 1: invalid TMX: tuv without xml:lang"},
		{"tuv without seg", head + `<tu tuid="x7"><tuv xml:lang="en"></tuv></tu>` + tail, `tu 1 (tuid "x7"): tuv 1: invalid TMX: tuv without seg`},
		{"two segs", head + `<tu><tuv xml:lang="en"><seg>a</seg><seg>b</seg></tuv></tu>` + tail, "unexpected <seg>"},
		{"tu without tuv", head + `<tu></tu>` + tail, "tu without tuv"},
		{"bad date", head + `<tu creationdate="2020-01-01"><tuv xml:lang="en"><seg>a</seg></tuv></tu>` + tail, "creationdate \"2020-01-01\""},
		{"bad count", head + `<tu usagecount="many"><tuv xml:lang="en"><seg>a</seg></tuv></tu>` + tail, "usagecount"},
		{"html in seg", head + `<tu><tuv xml:lang="en"><seg>a <b>bold</b></seg></tuv></tu>` + tail, "<b> not allowed inside <seg>"},
		{"bad segtype", `<tmx version="1.4"><header segtype="word"/><body/></tmx>`, `header: invalid TMX: segtype "word"`},
		{"bpt without i", head + `<tu><tuv xml:lang="en"><seg><bpt>{</bpt>a</seg></tuv></tu>` + tail, "<bpt> without the i attribute"},
		{"it without pos", head + `<tu><tuv xml:lang="en"><seg><it>{</it>a</seg></tuv></tu>` + tail, `<it pos="">`},
		{"hi in code", head + `<tu><tuv xml:lang="en"><seg><ph><hi>x</hi></ph></seg></tuv></tu>` + tail, "<hi> not allowed inside <ph>"},
		{"html entity", head + `<tu><tuv xml:lang="en"><seg>a&nbsp;b</seg></tuv></tu>` + tail, "entity"},
		{"control char", head + "<tu><tuv xml:lang=\"en\"><seg>a\x01b</seg></tuv></tu>" + tail, "illegal character"},
		{"prop after tuv", head + `<tu><tuv xml:lang="en"><seg>a</seg></tuv><prop type="x">y</prop></tu>` + tail, "prop after tuv"},
		{"element in note", head + `<tu><note>a<b/></note><tuv xml:lang="en"><seg>a</seg></tuv></tu>` + tail, "element <b> inside note"},
		{"nested too deep", head + "<tu><tuv xml:lang=\"en\"><seg>\n" + strings.Repeat("<hi>\n", 3000) + "x" + strings.Repeat("</hi>", 3000) + "</seg></tuv></tu>" + tail,
			"line 1001: inline elements nested deeper than 1000 levels"},
		{"foreign namespace", `<tmx version="1.4" xmlns:o="urn:other"><header/><body><o:tu/></body></tmx>`, `element <tu> in namespace "urn:other"`},
		{"utf16 mismatch", "\xFF\xFE<\x00?\x00x\x00m\x00l\x00 \x00v\x00e\x00r\x00s\x00i\x00o\x00n\x00=\x00\"\x001\x00.\x000\x00\"\x00 \x00e\x00n\x00c\x00o\x00d\x00i\x00n\x00g\x00=\x00\"\x00l\x00a\x00t\x00i\x00n\x001\x00\"\x00?\x00>\x00<\x00t\x00m\x00x\x00/\x00>\x00", "UTF-16 byte order mark"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "read tmx: "), err.Error())
		})
	}
}

func TestReadEncodings(t *testing.T) {
	const doc = `<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="he"><seg>%s</seg></tuv></tu></body></tmx>`
	latin1 := []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>` + strings.Replace(doc, "%s", "caf\xe9", 1))
	f, err := Read(bytes.NewReader(latin1))
	require.NoError(t, err)
	assert.Equal(t, "café", f.Units[0].Variants[0].Seg)

	bom := append([]byte{0xEF, 0xBB, 0xBF}, strings.Replace(doc, "%s", "שלום", 1)...)
	f, err = Read(bytes.NewReader(bom))
	require.NoError(t, err)
	assert.Equal(t, "שלום", f.Units[0].Variants[0].Seg)

	_, err = Read(strings.NewReader(`<?xml version="1.0" encoding="x-nonsense"?><tmx version="1.4"/>`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unsupported encoding "x-nonsense"`)
}

func TestTextAndEscape(t *testing.T) {
	tests := []struct {
		seg, text string
	}{
		{`plain &amp; simple`, "plain & simple"},
		{`a <ph x="1">&lt;br/&gt;</ph>b`, "a b"},
		{`<hi type="b">bold <bpt i="1">{</bpt>x<ept i="1">}</ept></hi>!`, "bold x!"},
		{`<ph>code <sub>alt text</sub></ph>after`, "after"},
		{`line&#xD;end`, "line\rend"},
	}
	for _, tt := range tests {
		got, err := Text(tt.seg)
		require.NoError(t, err, tt.seg)
		assert.Equal(t, tt.text, got, tt.seg)
	}
	for _, bad := range []string{`<b>x</b>`, `<ph>`, `</seg><seg>`, `a<!-- c -->`, `<sub>x</sub>`} {
		_, err := Text(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
	}
	assert.Equal(t, `&lt;b&gt; &amp; "q" &#xD;`+"\n\uFFFD", Escape("<b> & \"q\" \r\n\x07"))
	txt, err := Text(Escape("a<b>&c \u202e"))
	require.NoError(t, err)
	assert.Equal(t, "a<b>&c \u202e", txt)
}

func TestWriteRejects(t *testing.T) {
	ok := Variant{Lang: "en", Seg: "x"}
	tests := []struct {
		name string
		f    File
		want string
	}{
		{"no variants", File{Units: []Unit{{TUID: "a"}}}, `tu 1 (tuid "a"): invalid TMX: no variants`},
		{"no lang", File{Units: []Unit{{Variants: []Variant{{Seg: "x"}}}}}, "tu 1, tuv 1: invalid TMX: no language"},
		{"raw markup", File{Units: []Unit{{Variants: []Variant{{Lang: "en", Seg: "<b>x</b>"}}}}}, "<b> not allowed"},
		{"unescaped", File{Units: []Unit{{Variants: []Variant{{Lang: "en", Seg: "a & b"}}}}}, "seg: invalid TMX"},
		{"control in note", File{Units: []Unit{{Notes: []Note{{Text: "a\x00"}}, Variants: []Variant{ok}}}}, "U+0000"},
		{"prop type", File{Header: Header{Props: []Prop{{Value: "v"}}}}, "header: invalid TMX: prop without a type"},
		{"segtype", File{Units: []Unit{{SegType: "word", Variants: []Variant{ok}}}}, `tu 1: invalid TMX: segtype "word"`},
		{"ept without i", File{Units: []Unit{{Variants: []Variant{{Lang: "en", Seg: "<ept>}</ept>"}}}}}, "<ept> without the i attribute"},
		{"control in seg", File{Units: []Unit{{Variants: []Variant{{Lang: "en", Seg: "a\x0cb"}}}}}, "seg: invalid TMX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, &tt.f)
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.Zero(t, buf.Len(), "nothing written on error")
		})
	}
}

func goldenFile() *File {
	day := time.Date(2025, 3, 19, 12, 30, 0, 0, time.UTC)
	return &File{
		Header: Header{CreationTool: "bitext", CreationToolVersion: "test", SegType: "sentence",
			OTMF: "bitext", AdminLang: "en", SrcLang: "*all*", DataType: "plaintext", CreationDate: day,
			Props: []Prop{{Type: "x-note", Value: `quotes " and <angles> & ampersands`}},
			Notes: []Note{{Lang: "en", Text: "golden file"}}},
		Units: []Unit{
			{TUID: "3f0c9a1e52b7d804", SrcLang: "he", Attrs: Attrs{CreationDate: day, UsageCount: 2, LastUsageDate: day},
				Props: []Prop{{Type: "x-bitext-origin", Value: "mt"}},
				Variants: []Variant{
					{Lang: "he", Seg: Escape("תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה")},
					{Lang: "en", Seg: Escape("Strike near the al-Mahatta mosque in al-Tuffah, east of Gaza City"),
						Notes: []Note{{Text: "tab\there, newline\nthere"}}},
				}},
			{TUID: "with inline", Variants: []Variant{
				{Lang: "en-US", Seg: `Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept>.`},
				{Lang: "ar", Seg: `اضغط <bpt i="1" x="1">&lt;b&gt;</bpt>موافق<ept i="1">&lt;/b&gt;</ept>.`},
			}},
		},
	}
}

func TestWriteGolden(t *testing.T) {
	got := write(t, goldenFile())
	path := "../../testdata/tmx-xliff/golden/written.tmx"
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update")
	assert.Equal(t, string(want), string(got))

	// Idempotence: the golden file reads back to the same File.
	f, err := Read(bytes.NewReader(want))
	require.NoError(t, err)
	g := goldenFile()
	g.Version = Version
	assert.Equal(t, g, f)
}

// FuzzRead checks that Read never panics, and that whatever it accepts Write can write and
// the write → read → write cycle is a fixed point.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(peerDir, "*.tmx"))
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil && len(data) < 4<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(`<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>a<hi>b<ph>c<sub>d</sub></ph></hi></seg></tuv></tu></body></tmx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var w1 bytes.Buffer
		if err := Write(&w1, file); err != nil {
			t.Fatalf("Write of a file Read accepted: %v", err)
		}
		file2, err := Read(bytes.NewReader(w1.Bytes()))
		if err != nil {
			t.Fatalf("Read of written file: %v\n%s", err, w1.Bytes())
		}
		var w2 bytes.Buffer
		if err := Write(&w2, file2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("not stable:\n%s\n---\n%s", w1.Bytes(), w2.Bytes())
		}
	})
}

// Text's fast path for markup-free segs agrees with the XML decoder.
func TestTextFastPathAgrees(t *testing.T) {
	for _, seg := range []string{"plain", "a\r\nb\rc", "שלום > world", "tab\there"} {
		fast, err := Text(seg)
		require.NoError(t, err)
		slow, err := Text(seg + "<hi></hi>")
		require.NoError(t, err)
		assert.Equal(t, slow, fast, "%q", seg)
	}
	_, err := Text("a ]]> b")
	assert.ErrorIs(t, err, ErrInvalid)
}
