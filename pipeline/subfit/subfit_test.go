package subfit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
	"github.com/seed77ff/bitext/pipeline/subfit"
	"github.com/seed77ff/bitext/translate/openai"
	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

func detector(t *testing.T) *detect.Detector {
	det, err := detect.New(detect.Options{Languages: []language.Tag{language.Hebrew, language.English}})
	require.NoError(t, err)
	return det
}

// TestProfiles: each profile carries its guideline's published numbers (see the comments on
// the profiles for the sources).
func TestProfiles(t *testing.T) {
	tests := []struct {
		name string
		want subfit.Limits
	}{
		{"netflix", subfit.Limits{CPS: 20, CPL: 42, Lines: 2}}, // Netflix Timed Text Style Guide
		{"ted", subfit.Limits{CPS: 21, CPL: 42, Lines: 2}},     // TED Translators' cheat sheet
		{"bbc", subfit.Limits{CPS: 17, CPL: 37, Lines: 2}},     // BBC Subtitle Guidelines
	}
	for _, tt := range tests {
		got, ok := subfit.Profile(tt.name)
		require.True(t, ok, tt.name)
		assert.Equal(t, tt.want, got, tt.name)
		got, ok = subfit.Profile(strings.ToUpper(tt.name))
		assert.True(t, ok)
		assert.Equal(t, tt.want, got)
	}
	assert.Equal(t, []string{"bbc", "netflix", "ted"}, subfit.ProfileNames())
	_, ok := subfit.Profile("hbo")
	assert.False(t, ok)
}

func TestParse(t *testing.T) {
	tests := []struct {
		spec, err string
		want      subfit.Limits
	}{
		{spec: "cps=17,cpl=42,lines=2", want: subfit.Limits{CPS: 17, CPL: 42, Lines: 2}},
		{spec: " lines=1 , cps=12.5", want: subfit.Limits{CPS: 12.5, Lines: 1}},
		{spec: "CPL=37", want: subfit.Limits{CPL: 37}},
		{spec: "cps=0", err: "cps=0: want a positive number"},
		{spec: "cpl=4.5", err: "cpl=4.5: want a positive whole number"},
		{spec: "cpl=40,cpl=42", err: "cpl given twice"},
		{spec: "wpm=180", err: `unknown key "wpm"`},
		{spec: "cps", err: `"cps": want key=value`},
		{spec: "", err: "want key=value"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := subfit.Parse(tt.spec)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// srt builds an SRT file of cues, each [duration in ms, lines...].
func srt(cues ...[]string) string {
	var sb strings.Builder
	t := 1000
	for i, c := range cues {
		ms, _ := strconv.Atoi(c[0])
		fmt.Fprintf(&sb, "%d\n%s --> %s\n%s\n\n", i+1, ts(t), ts(t+ms), strings.Join(c[1:], "\n"))
		t += ms + 500
	}
	return sb.String()
}

func ts(ms int) string {
	return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// readTranslated reads an SRT and gives each segment the translation tr[its text].
func readTranslated(t *testing.T, data string, tr map[string]string) *doc.Document {
	d, err := pipeline.Read(pipeline.DefaultFormats(), "a.srt", []byte(data), "")
	require.NoError(t, err)
	pipeline.Segment(d)
	d.Target = language.English
	for _, s := range d.Segments() {
		s.Lang = language.Hebrew
		text, ok := tr[s.Text]
		require.True(t, ok, "no translation for %q", s.Text)
		s.Translation = &doc.Translation{Text: text, Origin: doc.MT}
	}
	return d
}

func merged(t *testing.T, d *doc.Document) string {
	var buf bytes.Buffer
	require.NoError(t, pipeline.Render(&buf, pipeline.DefaultFormats(), pipeline.Merged, d, format.MergeReplace))
	return buf.String()
}

// timings returns the timing lines of an SRT.
func timings(s string) []string { return regexp.MustCompile(`(?m)^\S+ --> \S+$`).FindAllString(s, -1) }

// TestLimitsOfEachProfile: for every profile, a cue exactly at its limits is not flagged and
// one character over each is, with the flag naming the figure and the limit.
func TestLimitsOfEachProfile(t *testing.T) {
	for _, name := range subfit.ProfileNames() {
		lim, _ := subfit.Profile(name)
		t.Run(name, func(t *testing.T) {
			word := func(n int) string { return strings.Repeat("a", n) }
			// One second on screen: CPS characters fit, one more does not.
			atCPS, overCPS := word(int(lim.CPS)), word(int(lim.CPS)+1)
			// Ten seconds, so only the line length counts.
			atCPL, overCPL := word(lim.CPL), word(lim.CPL+1)
			data := srt([]string{"1000", "שלום."}, []string{"1000", "תודה."}, []string{"10000", "בוקר."}, []string{"10000", "ערב."},
				[]string{"10000", "אחת", "שתיים", "שלוש."})
			d := readTranslated(t, data, map[string]string{"שלום.": atCPS, "תודה.": overCPS, "בוקר.": atCPL, "ערב.": overCPL,
				"אחת\nשתיים\nשלוש.": "x y z"})
			before := timings(merged(t, d))
			st, err := subfit.Check(context.Background(), []*doc.Document{d}, subfit.Options{Limits: lim})
			require.NoError(t, err)
			var flags [][]string
			for _, b := range d.Blocks {
				flags = append(flags, b.QA)
			}
			cps := strconv.FormatFloat(lim.CPS, 'f', -1, 64)
			assert.Equal(t, [][]string{
				nil,
				{fmt.Sprintf("cps:%.1f>%s", lim.CPS+1, cps)},
				nil,
				{fmt.Sprintf("line:%d>%d", lim.CPL+1, lim.CPL)},
				{fmt.Sprintf("lines:3>%d", lim.Lines)},
			}, flags)
			assert.Equal(t, subfit.Stats{Cues: 5, Flagged: 3}, st)
			assert.Equal(t, before, timings(merged(t, d)), "timing is never changed")
		})
	}
}

// TestRewrap: a two-line cue whose translation, laid out like its source lines, has a line
// too long is wrapped again over its two lines, evenly; a one-line cue is not given a second
// line; a dual-language cue is left as it is.
func TestRewrap(t *testing.T) {
	data := srt(
		[]string{"6000", "אני לא חושב שאנחנו צריכים ללכת לשם", "הלילה."},
		[]string{"6000", "אני לא חושב שאנחנו צריכים ללכת לשם הלילה."},
	)
	long := "I really do not think that we should be going over there tonight"
	d := readTranslated(t, data, map[string]string{
		"אני לא חושב שאנחנו צריכים ללכת לשם\nהלילה.": long,
		"אני לא חושב שאנחנו צריכים ללכת לשם הלילה.":  long,
	})
	lim, _ := subfit.Profile("netflix")
	st, err := subfit.Check(context.Background(), []*doc.Document{d}, subfit.Options{Limits: lim})
	require.NoError(t, err)
	assert.Nil(t, d.Blocks[0].QA, "the rewrapped cue fits")
	assert.Equal(t, []string{"line:64>42"}, d.Blocks[1].QA)
	assert.Equal(t, 1, st.Rewrapped)
	assert.Equal(t, "1\n00:00:01,000 --> 00:00:07,000\nI really do not think that we\nshould be going over there tonight\n\n"+
		"2\n00:00:07,500 --> 00:00:13,500\n"+long+"\n\n", merged(t, d), "the longest line as short as it can be")

	// Without the check, the lines follow the source's: the first one too long.
	d = readTranslated(t, data, map[string]string{
		"אני לא חושב שאנחנו צריכים ללכת לשם\nהלילה.": long, "אני לא חושב שאנחנו צריכים ללכת לשם הלילה.": long})
	assert.Contains(t, merged(t, d), "\nI really do not think that we should be going over there\ntonight\n")
}

// TestCondenseWithOpenAI: with Condense, the texts of a cue that still does not fit are asked
// of the OpenAI-compatible backend once more, with the room the cue has in the prompt, under
// the same JSON contract; the shorter answer replaces the translation (flagged condensed)
// and the cue is no longer flagged. An answer that is not shorter changes nothing.
func TestCondenseWithOpenAI(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.Options{}, func(text, _, _ string) string {
		return map[string]string{
			"שלום לכולם.":               "Hello to all of you, everybody who is here tonight",
			"אנחנו הולכים הביתה עכשיו.": "We are all going back to our homes right now, friends",
		}[text]
	})
	maxRe := regexp.MustCompile(`at most (\d+) characters`)
	srv.SetContentFn(func(req openaitest.Request, out []string) string {
		if m := maxRe.FindStringSubmatch(req.System); m != nil {
			// The model condenses: a shorter wording, within the limit for the first text
			// only; the second it cannot shorten.
			for i, seg := range req.Data.Segments {
				if seg.Text == "שלום לכולם." {
					out[i] = "Hello, everyone"
				}
			}
		}
		b, _ := json.Marshal(map[string]any{"translations": out})
		return string(b)
	})
	tr, err := openai.New(context.Background(), srv.Config())
	require.NoError(t, err)
	data := srt([]string{"1500", "שלום לכולם."}, []string{"1500", "אנחנו הולכים הביתה עכשיו."})
	d, err := pipeline.Read(pipeline.DefaultFormats(), "a.srt", []byte(data), "")
	require.NoError(t, err)
	det := detector(t)
	lim, _ := subfit.Profile("netflix")
	_, err = pipeline.Process(context.Background(), []*doc.Document{d}, pipeline.Options{
		Detector: det, Translator: tr, Exec: pipeline.ExecOptions{Backend: openai.Name},
		SubtitleFit: &subfit.Options{Limits: lim, Condense: true}})
	require.NoError(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 2, "the translation, then one condensing request")
	assert.NotContains(t, reqs[0].System, "at most")
	m := maxRe.FindStringSubmatch(reqs[1].System)
	require.NotNil(t, m, reqs[1].System)
	// 1.5 s at 20 cps hold 30 characters; the cues have 50 and 53, so each text may have
	// its length times 30/50 and 30/53: 30 both, one request.
	assert.Equal(t, "30", m[1])
	assert.Len(t, reqs[1].Data.Segments, 2)

	s0, s1 := d.Blocks[0].Segments[0], d.Blocks[1].Segments[0]
	assert.Equal(t, "Hello, everyone", s0.Translation.Text)
	assert.Contains(t, s0.Translation.QA, subfit.QACondensed)
	assert.Nil(t, d.Blocks[0].QA, "the condensed cue fits")
	assert.Equal(t, "We are all going back to our homes right now, friends", s1.Translation.Text)
	assert.Equal(t, []string{"cps:35.3>20", "line:53>42"}, d.Blocks[1].QA)
	assert.Equal(t, []string{"00:00:01,000 --> 00:00:02,500", "00:00:03,000 --> 00:00:04,500"}, timings(merged(t, d)))
}
