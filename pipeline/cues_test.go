package pipeline

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/translate"
)

func TestCuesJoin(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"We don't belong", "in this shithole.", true},
		{"I was going to...", "...go home.", true},
		{"אני לא חושב שאנחנו", "צריכים ללכת.", true},
		{"(deep rumbling)", "How did we end up here?", false},
		{"[music]", "Hello.", false},
		{"Hello", "- Hi.", false},
		{"Hello", "MAN: Hi.", false},
		{"♪ la la ♪", "Hello.", false},
		{"♪ la la", "la ♪", true}, // a song line may run over cues too
		{"", "Hello.", false},
	}
	for _, tt := range tests {
		t.Run(tt.prev+"|"+tt.next, func(t *testing.T) {
			assert.Equal(t, tt.want, cuesJoin(tt.prev, tt.next))
		})
	}
}

func cues(texts ...string) *doc.Document {
	d := &doc.Document{}
	for i, s := range texts {
		d.Blocks = append(d.Blocks, &doc.Block{Index: i, Kind: doc.Cue, Text: s})
	}
	return d
}

// TestSegmentCues: sentences are cut from consecutive cues as one text; a sentence over
// several cues is held by its first cue and lists its parts in order.
func TestSegmentCues(t *testing.T) {
	d := cues("First sentence. And a second", "that goes on\nhere. Third.", "(door slams)", "Fourth")
	Segment(d)
	var got [][]any
	for _, b := range d.Blocks {
		for _, s := range b.Segments {
			got = append(got, []any{b.Index, s.Text, s.Parts})
		}
	}
	assert.Equal(t, [][]any{
		{0, "First sentence.", []doc.Part(nil)},
		{0, "And a second that goes on\nhere.", []doc.Part{{Block: 0, Start: 16, End: 28}, {Block: 1, Start: 0, End: 18}}},
		{1, "Third.", []doc.Part(nil)},
		{2, "(door slams)", []doc.Part(nil)},
		{3, "Fourth", []doc.Part(nil)},
	}, got)
	for _, s := range d.Segments() {
		assert.NotEmpty(t, s.ID)
	}

	// A run without punctuation is cut after maxCueRun cues.
	d = cues("one", "two", "three", "four", "five", "six")
	Segment(d)
	segs := d.Segments()
	if assert.Len(t, segs, 2) {
		assert.Equal(t, "one two three four", segs[0].Text)
		assert.Len(t, segs[0].Parts, maxCueRun)
		assert.Equal(t, "five six", segs[1].Text)
	}
}

// TestCrossLanguageCues reproduces the cross-language join: news sentences one per cue, every
// fifth cue in Hebrew, an English cue ending "…of the letter u." before a Hebrew one. No
// sentence crosses from an English cue into a Hebrew one, so merged bilingual output leaves
// every English cue byte for byte as it was and gives every Hebrew cue its translation, and
// its translation only, on a line of its own.
func TestCrossLanguageCues(t *testing.T) {
	refs := map[string]string{} // the NTREX English of each Hebrew line: the fake backend's answers
	data, err := os.ReadFile("../testdata/subtitles/ntrex/news-he.tsv")
	require.NoError(t, err)
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		he, en, _ := strings.Cut(l, "\t")
		refs[doc.NormalizeText(he)] = en
	}
	tr := newRecorder(func(_ *translate.Request, s string) string {
		if en, ok := refs[s]; ok {
			return en
		}
		return "UNKNOWN(" + s + ")"
	})
	for _, name := range []string{"news-he.srt", "news-he.vtt"} {
		t.Run(name, func(t *testing.T) {
			path := "../testdata/subtitles/ntrex/" + name
			in, err := os.ReadFile(path)
			require.NoError(t, err)
			out := mergedJob(t, tr, format.MergeBilingual, Input{Path: path, Rel: name})

			asked := tr.texts()
			assert.Len(t, asked, 8, "one request text per Hebrew cue: %q", asked)
			inCues, outCues := cueTexts(string(in)), cueTexts(out)
			require.Len(t, outCues, len(inCues))
			for i, c := range inCues {
				if (i+1)%5 != 0 {
					assert.Equal(t, c, outCues[i], "English cue %d untouched", i+1)
					continue
				}
				he := c[strings.LastIndexByte(c, '\n')+1:]
				assert.Equal(t, c+"\n"+refs[doc.NormalizeText(he)], outCues[i], "Hebrew cue %d bilingual", i+1)
			}
			assert.Contains(t, inCues[8], "of the letter u.")
		})
	}
}

// cueTexts splits a subtitle file into its blank-line separated blocks.
func cueTexts(s string) []string {
	var out []string
	for _, c := range strings.Split(strings.TrimSpace(s), "\n\n") {
		if !strings.HasPrefix(c, "WEBVTT") {
			out = append(out, c)
		}
	}
	return out
}

// TestSegmentCuesBoundaries: a sentence does not run on across a speaker turn, a sound
// description, another voice, or, once lines are detected, another language; inside a cue
// those cut it into units too.
func TestSegmentCuesBoundaries(t *testing.T) {
	segs := func(d *doc.Document) []string {
		var out []string
		for _, s := range d.Segments() {
			out = append(out, s.Text)
		}
		return out
	}
	d := cues("- Where are you going", "- Home", ">> Not today\nbecause", "it rains", "[thunder]\nSo what")
	Segment(d)
	assert.Equal(t, []string{"- Where are you going", "- Home", ">> Not today\nbecause it rains", "[thunder]", "So what"}, segs(d))

	// A WebVTT voice of its own: Dana's sentence does not run on into Omer's cue.
	v, err := Read(DefaultFormats(), "a.vtt", []byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Dana>I am going\n\n"+
		"00:02.000 --> 00:03.000\n<v Omer>to bed\n\n00:03.000 --> 00:04.000\n<v Omer>right now\n"), "")
	require.NoError(t, err)
	Segment(v)
	assert.Equal(t, []string{"I am going", "to bed right now"}, segs(v))

	d = cues("I do not think\nje ne pense pas", "that we should go", "qu'il faut partir")
	en, fr := language.English, language.French
	langs := map[*doc.Block][]language.Tag{d.Blocks[0]: {en, fr}, d.Blocks[1]: {en}, d.Blocks[2]: {fr}}
	got := segmentCues(d, langs)
	d.AssignIDs()
	assert.Equal(t, []string{"I do not think that we should go", "je ne pense pas", "qu'il faut partir"}, segs(d),
		"the English sentence runs on over its own lines, past the French line; the French line does not join the English cue after it")
	for _, s := range d.Segments() {
		if strings.HasPrefix(s.Text, "I do") {
			assert.Equal(t, en, got[s])
		} else {
			assert.Equal(t, fr, got[s])
		}
	}

	// Without the French line in between, the English sentence runs on over the cues.
	d = cues("I do not think", "that we should go.")
	segmentCues(d, map[*doc.Block][]language.Tag{d.Blocks[0]: {en}, d.Blocks[1]: {en}})
	assert.Equal(t, []string{"I do not think that we should go."}, segs(d))
}

// TestSplitKeepsParts: a segment over two cues that detection splits by language keeps, for
// each run, the parts of the cues it covers; a run wholly inside the second cue moves to that
// cue, so its translation can never land in the first.
func TestSplitKeepsParts(t *testing.T) {
	split := func(cut int) []*doc.Segment {
		d := cues("pronounced like the letter u.", "בית המחוקקים אמר")
		Segment(d)
		require.Len(t, d.Segments(), 1, "without languages the two cues run on")
		s := d.Segments()[0]
		applySpans(d, []*doc.Segment{s}, [][]detect.Span{{
			{Start: 0, End: cut, Lang: language.English, Confidence: 0.9},
			{Start: cut + 1, End: len(s.Text), Lang: language.Hebrew, Confidence: 0.9},
		}})
		return append(append([]*doc.Segment{}, d.Blocks[0].Segments...), d.Blocks[1].Segments...)
	}
	en := "pronounced like the letter u."
	got := split(len(en))
	require.Len(t, got, 2)
	assert.Equal(t, []any{0, en, []doc.Part(nil)}, []any{got[0].Block, got[0].Text, got[0].Parts})
	assert.Equal(t, []any{1, "בית המחוקקים אמר", []doc.Part(nil)}, []any{got[1].Block, got[1].Text, got[1].Parts},
		"the Hebrew run is the second cue's alone")

	cut := strings.Index(en, " u.")
	got = split(cut)
	require.Len(t, got, 2)
	assert.Equal(t, "pronounced like the letter", got[0].Text)
	assert.Equal(t, "u. בית המחוקקים אמר", got[1].Text)
	assert.Equal(t, []doc.Part{{Block: 0, Start: cut + 1, End: len(en)}, {Block: 1, Start: 0, End: len("בית המחוקקים אמר")}}, got[1].Parts)
}

// TestDualLanguageCueLineByLine: in an English-over-French file each line is its own segment,
// only the French lines are planned, and merged output puts each translation beside its own
// line (bilingual) or in its place (replace), the English lines untouched.
func TestDualLanguageCueLineByLine(t *testing.T) {
	const srt = "1\n00:00:01,000 --> 00:00:03,000\nWhere are you going tonight?\nOù vas-tu ce soir ?\n\n" +
		"2\n00:00:03,500 --> 00:00:05,000\nI am going to the station\nJe vais à la gare\n\n" +
		"3\n00:00:05,500 --> 00:00:07,000\nto meet my brother.\npour retrouver mon frère.\n\n" +
		"4\n00:00:07,500 --> 00:00:09,000\n<i>He arrives from Paris.</i>\n<i>Il arrive de Paris.</i>\n"
	tr := newRecorder(func(req *translate.Request, s string) string { return "EN[" + s + "]" })
	run := func(mode format.MergeMode) string {
		return mergedJob(t, tr, mode, Input{Path: "dual.srt", Rel: "dual.srt", Reader: strings.NewReader(srt)})
	}
	got := run(format.MergeBilingual)
	assert.ElementsMatch(t, []string{"fr:Où vas-tu ce soir ?", "fr:Je vais à la gare pour retrouver mon frère.", "fr:Il arrive de Paris."}, tr.texts(),
		"the French lines are planned alone, the sentence over cues 2 and 3 as one")
	assert.Equal(t, "1\n00:00:01,000 --> 00:00:03,000\nWhere are you going tonight?\nOù vas-tu ce soir ?\nEN[Où vas-tu ce soir ?]\n\n"+
		"2\n00:00:03,500 --> 00:00:05,000\nI am going to the station\nJe vais à la gare\nEN[Je vais à la gare\n\n"+
		"3\n00:00:05,500 --> 00:00:07,000\nto meet my brother.\npour retrouver mon frère.\npour retrouver mon frère.]\n\n"+
		"4\n00:00:07,500 --> 00:00:09,000\n<i>He arrives from Paris.</i>\n<i>Il arrive de Paris.</i>\n<i>EN[Il arrive de Paris.]</i>\n", got)
	got = run(format.MergeReplace)
	assert.Equal(t, "1\n00:00:01,000 --> 00:00:03,000\nWhere are you going tonight?\nEN[Où vas-tu ce soir ?]\n\n"+
		"2\n00:00:03,500 --> 00:00:05,000\nI am going to the station\nEN[Je vais à la gare\n\n"+
		"3\n00:00:05,500 --> 00:00:07,000\nto meet my brother.\npour retrouver mon frère.]\n\n"+
		"4\n00:00:07,500 --> 00:00:09,000\n<i>He arrives from Paris.</i>\n<i>EN[Il arrive de Paris.]</i>\n", got)
}

// recorder is a fake backend that answers each text with fn and records "source:text" for
// every text it was sent, since the last call of texts.
type recorder struct {
	fn   func(*translate.Request, string) string
	mu   sync.Mutex // requests come from several goroutines
	sent []string
}

func newRecorder(fn func(*translate.Request, string) string) *recorder { return &recorder{fn: fn} }

func (r *recorder) Translate(_ context.Context, req *translate.Request) ([]translate.Translation, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]translate.Translation, len(req.Texts))
	for i, s := range req.Texts {
		r.sent = append(r.sent, req.Source.String()+":"+s)
		out[i] = translate.Translation{Text: r.fn(req, s)}
	}
	return out, nil
}

// texts returns what was sent since the last call and forgets it.
func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.sent
	r.sent = nil
	return out
}

// mergedJob runs a job over in with the shared detector and tr, and returns its merged output.
func mergedJob(t *testing.T, tr translate.Translator, mode format.MergeMode, in Input) string {
	t.Helper()
	var out bytes.Buffer
	job, err := NewJob(JobOptions{Options: Options{Detector: detector(t), Translator: tr, Jobs: 1},
		Output: Merged, Merge: mode, Stdout: &out})
	require.NoError(t, err)
	_, err = job.Run(context.Background(), []Input{in}, nil)
	require.NoError(t, err)
	return out.String()
}
