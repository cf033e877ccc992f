package pipeline

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/translate"
)

const ynet = "../testdata/ynet/ynet-hostages.txt"

var (
	sharedDet  *detect.Detector
	sharedOnce sync.Once
)

// detector is shared by every test of the package: models load once.
func detector(t testing.TB) *detect.Detector {
	sharedOnce.Do(func() {
		var err error
		sharedDet, err = detect.New(detect.Options{Languages: []language.Tag{
			language.English, language.Hebrew, language.Spanish, language.French, language.Danish,
			language.German, language.MustParse("az"), language.Arabic}})
		require.NoError(t, err)
	})
	return sharedDet
}

func readYnet(t *testing.T) *doc.Document {
	t.Helper()
	d, err := ReadFile(DefaultFormats(), ynet, "", nil)
	require.NoError(t, err)
	return d
}

// fakeTranslator answers "EN(text)" and records every request.
type fakeTranslator struct {
	mu   sync.Mutex
	reqs []*translate.Request
	err  error
}

func (f *fakeTranslator) Translate(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	if f.err != nil {
		return nil, f.err
	}
	out := make([]translate.Translation, len(req.Texts))
	for i, t := range req.Texts {
		out[i] = translate.Translation{Text: "EN(" + t + ")", Backend: "fake"}
	}
	return out, nil
}

func TestSegmentOffsetsMatchInput(t *testing.T) {
	d := readYnet(t)
	Segment(d)
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, s := range d.Segments() {
		assert.Equal(t, s.Text, string(raw[s.Start:s.End]))
		assert.Len(t, s.ID, 16)
		assert.False(t, ids[s.ID], "IDs are unique within a document")
		ids[s.ID] = true
	}
}

func TestYnetWithoutBackend(t *testing.T) {
	d := readYnet(t)
	_, err := Process(context.Background(), []*doc.Document{d}, Options{Detector: detector(t)})
	require.NoError(t, err)
	assert.Equal(t, language.English, d.Lang)
	var hebrew []*doc.Segment
	for _, s := range d.Segments() {
		switch s.Lang {
		case language.Hebrew:
			hebrew = append(hebrew, s)
		case language.English, language.Und:
			assert.Nil(t, s.Translation, "%q needs no translation", s.Text)
		default:
			t.Errorf("%q detected as %s", s.Text, s.Lang)
		}
	}
	require.Len(t, hebrew, 4)
	want := map[string]string{
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה":          "IDF strikes in Gaza City",
		"עידן אלכסנדר, עומר נאוטרה, איתי חן, גדי חגי, ג'ודי ווינשטיין חגי": "Israeli American hostages in Hamas captivity, from top left clockwise: Judi Weinstein Haggai, Gad Haggai, Edan Alexander, Itay Chen and Omer Neutra",
	}
	for _, s := range hebrew {
		require.NotNil(t, s.Counterpart, s.Text)
		assert.Equal(t, want[s.Text], s.Counterpart.Text)
		assert.Equal(t, d.Blocks[s.Counterpart.Block].Segments[0].ID, s.Counterpart.ID)
		require.NotNil(t, s.Translation)
		assert.Equal(t, doc.FromDocument, s.Translation.Origin)
		assert.Equal(t, want[s.Text], s.Translation.Text)
	}
	assert.Equal(t, doc.Stats{Segments: 42, Foreign: 4, Translated: 4}, d.Stats)
}

func TestYnetWithBackendSendsEachTextOnce(t *testing.T) {
	d := readYnet(t)
	f := &fakeTranslator{}
	st, err := Process(context.Background(), []*doc.Document{d}, Options{Detector: detector(t), Translator: f,
		Exec: ExecOptions{Backend: "fake", Limits: translate.Limits{Texts: 128}}})
	require.NoError(t, err)
	require.Len(t, f.reqs, 1, "one request")
	assert.Len(t, f.reqs[0].Texts, 2, "two distinct texts")
	assert.Equal(t, language.Hebrew, f.reqs[0].Source)
	assert.Equal(t, translate.Text, f.reqs[0].Format)
	assert.Equal(t, 1, st.Requests)
	for _, s := range d.Segments() {
		if s.Lang != language.Hebrew {
			continue
		}
		require.NotNil(t, s.Translation)
		assert.Equal(t, doc.MT, s.Translation.Origin)
		assert.Equal(t, "EN("+s.Text+")", s.Translation.Text, "paired with its own source")
		assert.NotNil(t, s.Counterpart, "a backend translation keeps the counterpart")
	}
	assert.Equal(t, 1, d.Stats.Requests)
	assert.Equal(t, 119, d.Stats.Characters, "55 + 64 code points")
}

func TestFailedRequestFallsBackPerSegment(t *testing.T) {
	d, err := Read(DefaultFormats(), "x.txt", []byte(
		"Body text in English that sets the document language for this test.\n2 View gallery\n"+
			"תקיפה ליד מסגד אל-מחטה\nIDF strikes in Gaza City\n"+
			"Another English paragraph quotes a Hebrew sentence below it.\nזה משפט בעברית שאין לו מקבילה באנגלית במסמך הזה\n"), "")
	require.NoError(t, err)
	f := &fakeTranslator{err: errors.New("backend exploded")}
	st, err := Process(context.Background(), []*doc.Document{d}, Options{Detector: detector(t), Translator: f, Exec: ExecOptions{Backend: "fake"}})
	require.NoError(t, err)
	assert.Equal(t, 2, st.Failed)
	var origins []string
	for _, s := range d.Segments() {
		if s.Lang == language.Hebrew {
			origins = append(origins, string(s.Translation.Origin)+":"+s.Translation.Reason)
			assert.NotEqual(t, s.Text, s.Translation.Text, "the source is never written as its translation")
		}
	}
	assert.Equal(t, []string{"document:backend exploded", "none:backend exploded"}, origins)
}

func TestBatchesRespectLimits(t *testing.T) {
	var items []*Item
	for i := 0; i < 10; i++ {
		items = append(items, &Item{Source: language.Hebrew, Text: strings.Repeat("א", 10)})
	}
	items = append(items, &Item{Source: language.Spanish, Text: "hola"})
	tests := []struct {
		name   string
		limits translate.Limits
		sizes  []int
	}{
		{"no limits", translate.Limits{}, []int{10, 1}},
		{"texts", translate.Limits{Texts: 4}, []int{4, 4, 2, 1}},
		{"bytes", translate.Limits{Bytes: 60}, []int{3, 3, 3, 1, 1}},
		{"code points", translate.Limits{CodePoints: 25}, []int{2, 2, 2, 2, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sizes []int
			for _, b := range batches(items, tt.limits) {
				sizes = append(sizes, len(b))
				for _, it := range b {
					assert.Equal(t, b[0].Source, it.Source, "one source language per request")
				}
			}
			assert.Equal(t, tt.sizes, sizes)
		})
	}
}

func TestDedupAcrossDocuments(t *testing.T) {
	a, err := Read(DefaultFormats(), "a.txt", []byte("English text of a reasonable length for the detector here.\nזה משפט בעברית\n"), "")
	require.NoError(t, err)
	b, err := Read(DefaultFormats(), "b.txt", []byte("More English text of a reasonable length for the detector.\nזה  משפט בעברית\n"), "")
	require.NoError(t, err)
	f := &fakeTranslator{}
	_, err = Process(context.Background(), []*doc.Document{a, b}, Options{Detector: detector(t), Translator: f, Exec: ExecOptions{Backend: "fake"}})
	require.NoError(t, err)
	require.Len(t, f.reqs, 1)
	assert.Equal(t, []string{"זה משפט בעברית"}, f.reqs[0].Texts, "whitespace variants are one text")
	assert.Equal(t, 14, a.Stats.Characters, "characters are billed to the first document")
	assert.Equal(t, 0, b.Stats.Characters)
	assert.Equal(t, 1, b.Stats.Requests)
}

func TestProcessNeedsDetector(t *testing.T) {
	_, err := Process(context.Background(), nil, Options{})
	assert.Error(t, err)
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	bin := dir + "/bin.txt"
	require.NoError(t, os.WriteFile(bin, []byte("abc\x00def"), 0o644))
	bad := dir + "/bad.txt"
	require.NoError(t, os.WriteFile(bad, []byte("abc\xffdef"), 0o644))
	tests := []struct{ path, want string }{
		{dir + "/missing.txt", "missing.txt"},
		{bin, "NUL byte at offset 3"},
		{bad, "invalid UTF-8 at byte offset 3"},
		{dir, "is a directory"},
	}
	for _, tt := range tests {
		_, err := ReadFile(DefaultFormats(), tt.path, "", nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
		assert.Contains(t, err.Error(), tt.path)
	}
}

// TestSegmentsWithTheDocumentsLanguage: Arabic rules end a sentence at a colon that opens
// a question ("سؤال وجواب: …"), which language-neutral rules cannot know before detection.
func TestSegmentsWithTheDocumentsLanguage(t *testing.T) {
	text := "سؤال وجواب: ماذا حدث بعد الانتخابات الايرانية؟ طرح الكثير من التساؤلات غداة ظهور نتائج الانتخابات.\n"
	d, err := Read(DefaultFormats(), "ar.txt", []byte(text), "")
	require.NoError(t, err)
	_, err = Process(context.Background(), []*doc.Document{d}, Options{Detector: detector(t)})
	require.NoError(t, err)
	assert.Equal(t, language.Arabic, d.Lang)
	var got []string
	for _, s := range d.Segments() {
		got = append(got, s.Text)
		assert.Equal(t, s.Text, text[s.Start:s.End])
	}
	assert.Equal(t, []string{"سؤال وجواب:", "ماذا حدث بعد الانتخابات الايرانية؟", "طرح الكثير من التساؤلات غداة ظهور نتائج الانتخابات."}, got)
}
