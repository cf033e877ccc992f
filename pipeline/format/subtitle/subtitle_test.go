package subtitle_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/pipeline/format/subtitle/subtitletest"
)

const dataDir = "../../../testdata/subtitles"

var update = flag.Bool("update", false, "rewrite the golden files")

func inputs(t testing.TB) []string { return subtitletest.Files(t, dataDir, ".srt", ".vtt") }

func reader(name string) format.Reader {
	if strings.HasSuffix(name, ".vtt") {
		return subtitle.VTT
	}
	return subtitle.SRT
}

func read(name string, data []byte) (*doc.Document, error) {
	return subtitletest.Read(reader(name), name, data)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	subtitletest.Golden(t, *update, filepath.Join(dataDir, "golden", name), got)
}

var (
	goldenName    = subtitletest.GoldenName
	dump          = subtitletest.Dump
	translateAll  = subtitletest.TranslateAll
	fakeTranslate = subtitletest.Fake
)

func merge(t testing.TB, name string, d *doc.Document, mode format.MergeMode) string {
	return subtitletest.Merge(t, reader(name), d, mode)
}

// TestReadGolden reads every test file: blocks, kinds, timings, cue joining, or the error.
func TestReadGolden(t *testing.T) {
	for _, f := range inputs(t) {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dataDir, f))
			require.NoError(t, err)
			d, err := read(f, data)
			got := ""
			if err != nil {
				got = "error: " + err.Error() + "\n"
			} else {
				got = dump(d)
			}
			golden(t, goldenName(f, ".golden"), got)
		})
	}
}

// TestRoundTrip: with nothing translated, or only document counterparts, merged output is
// the input byte for byte.
func TestRoundTrip(t *testing.T) {
	n := 0
	for _, f := range inputs(t) {
		data, err := os.ReadFile(filepath.Join(dataDir, f))
		require.NoError(t, err)
		d, err := read(f, data)
		if err != nil {
			continue // malformed on purpose; TestReadGolden pins the error
		}
		n++
		t.Run(f, func(t *testing.T) { subtitletest.RoundTrip(t, reader(f), d, data) })
	}
	assert.Greater(t, n, 30, "most peer files read")
}

// TestMergeGolden writes files back with every segment translated, in both modes.
func TestMergeGolden(t *testing.T) {
	files := []string{
		"go-astisub/example-in.srt", "go-astisub/example-in.vtt", "go-astisub/example-in-styled.srt",
		"go-astisub/example-in-carriage-return.srt", "okapi/srttest.srt", "webvtt-py/comments.vtt",
		"webvtt-py/cue_tags.vtt", "pysubs2/test_read_bad_tags_1_text.srt", "bitext/cross-cue.srt", "bitext/cross-cue.vtt",
	}
	for _, f := range files {
		for _, mode := range []format.MergeMode{format.MergeReplace, format.MergeBilingual} {
			t.Run(f+"/"+string(mode), func(t *testing.T) {
				data, err := os.ReadFile(filepath.Join(dataDir, f))
				require.NoError(t, err)
				d, err := read(f, data)
				require.NoError(t, err)
				translateAll(d, doc.MT, fakeTranslate)
				golden(t, goldenName(f, "."+string(mode)+filepath.Ext(f)), merge(t, f, d, mode))
			})
		}
	}
}

// TestSentenceAcrossCues: a Hebrew sentence over two cues is one segment, and its
// translation goes back split across those two cues in proportion to their parts (30 and 10
// characters), each cue keeping its line count and its tags.
func TestSentenceAcrossCues(t *testing.T) {
	const f = "bitext/cross-cue.srt"
	data, err := os.ReadFile(filepath.Join(dataDir, f))
	require.NoError(t, err)
	d, err := read(f, data)
	require.NoError(t, err)
	segs := d.Segments()
	require.Len(t, segs, 3)
	s := segs[0]
	assert.Equal(t, "אני לא חושב שאנחנו\nצריכים ללכת לשם הלילה.", s.Text)
	assert.Equal(t, []doc.Part{{Block: 0, Start: 0, End: len("אני לא חושב שאנחנו\nצריכים ללכת")}, {Block: 1, Start: 0, End: len("לשם הלילה.")}}, s.Parts)
	assert.Empty(t, d.Blocks[1].Segments, "the segment is held by its first cue")
	assert.Equal(t, "- Why not?", segs[1].Text)

	s.Translation = &doc.Translation{Text: "I do not think we should go there tonight.", Origin: doc.MT}
	want := "1\n00:00:01,000 --> 00:00:03,000\nI do not think we\nshould go there\n\n" +
		"2\n00:00:03,100 --> 00:00:05,000\n<i>tonight.</i>\n\n" +
		"3\n00:00:05,500 --> 00:00:07,000\n- Why not?\n- It is late.\n"
	assert.Equal(t, want, merge(t, f, d, format.MergeReplace))
	wantBi := "1\n00:00:01,000 --> 00:00:03,000\nאני לא חושב שאנחנו\nצריכים ללכת\nI do not think we should go there\n\n" +
		"2\n00:00:03,100 --> 00:00:05,000\n<i>לשם הלילה.</i>\n<i>tonight.</i>\n\n" +
		"3\n00:00:05,500 --> 00:00:07,000\n- Why not?\n- It is late.\n"
	assert.Equal(t, wantBi, merge(t, f, d, format.MergeBilingual))
}

func TestSplitProportional(t *testing.T) {
	tests := []struct {
		s       string
		weights []int
		want    []string
	}{
		{"one two three four", []int{1}, []string{"one two three four"}},
		{"one two three four", []int{1, 1}, []string{"one two", "three four"}},
		{"one two three four", []int{3, 1}, []string{"one two three", "four"}},
		{"one two three four", []int{1, 100}, []string{"one", "two three four"}},
		{"a b", []int{1, 1, 1}, []string{"a", "b", ""}},
		{"我们不属于这里", []int{1, 1}, []string{"我们不", "属于这里"}},
		{"", []int{1, 1}, []string{"", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			assert.Equal(t, tt.want, subtitle.SplitProportional(tt.s, tt.weights))
		})
	}
}

// TestErrors: malformed files name the line, and the pipeline adds the file name.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"a.srt", "1\n", "a.srt: line 1: cue 1 has no timing line"},
		{"a.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\nsome text\n", "a.srt: line 5: expected a cue number or a timing line"},
		{"a.srt", "1\n00:00:01,000 --> 00:0x:02,000\nhi\n", `a.srt: line 2: malformed timing "00:00:01,000 --> 00:0x:02,000"`},
		{"a.vtt", "", `a.vtt: line 1: missing WEBVTT header, found ""`},
		{"a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\njust text\n", `a.vtt: line 6: expected a cue timing`},
		{"a.vtt", "WEBVTT\r\n\r\n00:01.000 --> 00:0z.000\r\n", `a.vtt: line 3: malformed timing`},
		{"a.srt", "1\n00:00:01,000 --> 00:00:02,000\n\xff\n", "a.srt: not text: invalid UTF-8 at byte offset 32"},
	}
	for _, tt := range tests {
		t.Run(tt.data, func(t *testing.T) {
			_, err := pipeline.Read(pipeline.DefaultFormats(), tt.name, []byte(tt.data), "")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestSniff: stdin is recognised by content.
func TestSniff(t *testing.T) {
	tests := []struct{ data, want string }{
		{"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "vtt"},
		{"\xef\xbb\xbfWEBVTT - a title\n", "vtt"},
		{"1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"},
		{"\r\n1\r\n00:00:01,000 --> 00:00:02,000\r\nhi\r\n", "srt"},
		{"00:00:01,000 --> 00:00:02,000\nhi\n", "srt"},
		{"WEBVTTX\n", "text"},
		{"1\nsome text\n", "text"},
		{"Hello world.\n", "text"},
	}
	g := pipeline.DefaultFormats()
	for _, tt := range tests {
		t.Run(tt.data, func(t *testing.T) {
			r, err := g.Sniff("-", []byte(tt.data))
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Name)
		})
	}
}

// TestEncodings: BOM and UTF-16 input come back in their own encoding.
func TestEncodings(t *testing.T) {
	src := "1\r\n00:00:01,000 --> 00:00:02,000\r\nשלום\r\n"
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range src {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	for name, data := range map[string][]byte{"bom": append([]byte{0xEF, 0xBB, 0xBF}, src...), "utf16": utf16le} {
		t.Run(name, func(t *testing.T) {
			d, err := read("a.srt", data)
			require.NoError(t, err)
			require.Len(t, d.Blocks, 1)
			assert.Equal(t, "שלום", d.Blocks[0].Text)
			assert.Equal(t, string(data), merge(t, "a.srt", d, format.MergeBilingual))
		})
	}
}

func fuzz(f *testing.F, ext string) {
	var seeds [][]byte
	for _, p := range inputs(f) {
		if filepath.Ext(p) == ext {
			data, err := os.ReadFile(filepath.Join(dataDir, p))
			require.NoError(f, err)
			seeds = append(seeds, data)
		}
	}
	subtitletest.Fuzz(f, reader("fuzz"+ext), "fuzz"+ext, seeds)
}

func FuzzSRT(f *testing.F) { fuzz(f, ".srt") }

func FuzzVTT(f *testing.F) { fuzz(f, ".vtt") }

// TestSplitSegmentMerges: a later stage may split a cue-spanning segment into language runs
// (losing Parts); merged output still puts each run's translation in the right cues.
func TestSplitSegmentMerges(t *testing.T) {
	const f = "bitext/cross-cue.srt"
	data, err := os.ReadFile(filepath.Join(dataDir, f))
	require.NoError(t, err)
	d, err := read(f, data)
	require.NoError(t, err)
	b := d.Blocks[0]
	whole := b.Segments[0].Text
	cut := strings.Index(whole, "ללכת")
	b.Segments = []*doc.Segment{
		{Block: 0, Text: strings.TrimSpace(whole[:cut]), Translation: &doc.Translation{Text: "I do not think we need", Origin: doc.MT}},
		{Block: 0, Text: whole[cut:], Translation: &doc.Translation{Text: "to go there tonight.", Origin: doc.MT}},
	}
	// The second run is 4 characters in cue 1 and 10 in cue 2: "to go" and "there tonight.".
	want := "1\n00:00:01,000 --> 00:00:03,000\nI do not think we\nneed to go\n\n" +
		"2\n00:00:03,100 --> 00:00:05,000\n<i>there tonight.</i>\n\n" +
		"3\n00:00:05,500 --> 00:00:07,000\n- Why not?\n- It is late.\n"
	assert.Equal(t, want, merge(t, f, d, format.MergeReplace))
}

// TestUntouchedLineKeepsBytes: in replace mode, a line of a rewritten cue that no translation
// touches is copied as it was, entities and inner tags included.
func TestUntouchedLineKeepsBytes(t *testing.T) {
	const f = "a.srt"
	data := "1\n00:00:01,000 --> 00:00:02,000\n- Tom &amp; <b>Jerry</b>&nbsp;run.\n- Pourquoi ?\n"
	d, err := read(f, []byte(data))
	require.NoError(t, err)
	segs := d.Segments()
	require.Len(t, segs, 2)
	segs[1].Translation = &doc.Translation{Text: "- Why?", Origin: doc.MT}
	assert.Equal(t, "1\n00:00:01,000 --> 00:00:02,000\n- Tom &amp; <b>Jerry</b>&nbsp;run.\n- Why?\n", merge(t, f, d, format.MergeReplace))
}
