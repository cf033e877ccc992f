package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc/doctest"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

// The example's two Hebrew captions, each printed twice.
const (
	strikeHe   = "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה"
	hostagesHe = "עידן אלכסנדר, עומר נאוטרה, איתי חן, גדי חגי, ג'ודי ווינשטיין חגי"
)

// reviewLoop is a working directory with a copy of the example article, a fake Google
// server and a cache of its own, as a reviewer's machine.
type reviewLoop struct {
	t       *testing.T
	dir     string
	article string
	srv     *googletest.Server
	vars    map[string]string
}

func newReviewLoop(t *testing.T) *reviewLoop {
	dir := t.TempDir()
	raw, err := os.ReadFile(ynet)
	require.NoError(t, err)
	article := filepath.Join(dir, "ynet-hostages.txt")
	require.NoError(t, os.WriteFile(article, raw, 0o644))
	srv := googletest.NewServer(t, func(text, _, _ string) string { return fakeEN(text) })
	return &reviewLoop{t: t, dir: dir, article: article, srv: srv,
		vars: map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": filepath.Join(dir, "cache")}}
}

func (l *reviewLoop) path(name string) string { return filepath.Join(l.dir, name) }

// translate runs bitext translate on the article into out; no-cache runs leave the cache
// to the approvals, so a rerun that sends nothing proves the approvals answered.
func (l *reviewLoop) translate(format, out string, extra ...string) result {
	l.t.Helper()
	args := append([]string{"translate", "--backend", "google", "--endpoint", l.srv.URL, "--format", format, "-o", l.path(out)}, extra...)
	r := bitext(l.t, l.vars, "", append(args, l.article)...)
	require.Equal(l.t, 0, r.code, r.stderr)
	return r
}

func (l *reviewLoop) read(name string) string {
	l.t.Helper()
	data, err := os.ReadFile(l.path(name))
	require.NoError(l.t, err)
	return string(data)
}

func (l *reviewLoop) write(name, data string) {
	l.t.Helper()
	require.NoError(l.t, os.WriteFile(l.path(name), []byte(data), 0o644))
}

// lines decodes a JSONL output.
func lines(t *testing.T, data string) []jsondoc.Line {
	t.Helper()
	files, err := jsondoc.ReadLines(strings.NewReader(data))
	require.NoError(t, err)
	var out []jsondoc.Line
	for _, f := range files {
		for _, b := range f.Blocks {
			for _, s := range b.Segments {
				out = append(out, jsondoc.Line{File: f.Source, Block: b.Index, ID: s.ID, Text: s.Text, Lang: s.Lang, Translation: s.Translation.Line()})
			}
		}
	}
	return out
}

// TestApplyReviewLoop is the review loop end to end: a reviewer edits a JSONL output, an
// XLIFF 2.0 output and an XLIFF 1.2 output; bitext apply takes the three edits back; the
// rerun writes them as the translations (origin human, with the reviewer) without sending
// a request for them, whatever the backend's model; bitext diff names the cause human; and
// once the source changes, the old edit comes back as a fuzzy match flagged for review.
func TestApplyReviewLoop(t *testing.T) {
	l := newReviewLoop(t)
	l.translate("jsonl", "run1.jsonl", "--no-cache")
	l.translate("xliff", "run1.xlf", "--no-cache")
	l.translate("xliff12", "run1.xliff12.xlf", "--no-cache")
	require.Equal(t, 3, l.srv.RequestCount(), "one request per run: two distinct captions")
	original := l.read("run1.jsonl")

	// JSONL: the first occurrence of the strike caption.
	jsonl := strings.Replace(original, `"translation":{"text":"`+fakeEN(strikeHe)+`"`, `"translation":{"text":"A strike near the al-Mahatta mosque, east of Gaza City","reviewer":"dana"`, 1)
	require.NotEqual(t, original, jsonl)
	l.write("reviewed.jsonl", jsonl)
	// XLIFF 2.0: the hostages caption, first occurrence.
	x20 := strings.Replace(l.read("run1.xlf"), "<target>"+fakeEN(hostagesHe)+"</target>", "<target>Hostages, from top left: Edan Alexander, Omer Neutra, Itay Chen, Gadi Haggai, Judi Weinstein Haggai</target>", 1)
	l.write("reviewed.xlf", x20)
	// XLIFF 1.2: the second occurrence of the strike caption, approved as it reads in the
	// JSONL edit (the same text: one approval).
	x12 := l.read("run1.xliff12.xlf")
	i := strings.LastIndex(x12, ">"+fakeEN(strikeHe)+"</target>")
	require.Positive(t, i)
	x12 = x12[:i] + ">A strike near the al-Mahatta mosque, east of Gaza City</target>" + x12[i+len(">"+fakeEN(strikeHe)+"</target>"):]
	l.write("reviewed.xliff12.xlf", x12)

	r := bitext(t, l.vars, "", "apply", "--reviewer", "noa", l.path("reviewed.jsonl"), l.path("reviewed.xlf"), l.path("reviewed.xliff12.xlf"))
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "3 applied, 9 unchanged, 0 skipped (the source changed since), 0 refused")
	assert.Equal(t, 3, strings.Count(r.stdout, "applied   "))

	// The rerun: every Hebrew caption is approved, so nothing is sent, whatever the model.
	l.translate("jsonl", "run2.jsonl", "--model", "base")
	assert.Equal(t, 3, l.srv.RequestCount(), "no request for approved texts")
	var human int
	for _, ln := range lines(t, l.read("run2.jsonl")) {
		tr := ln.Translation
		if ln.Lang != "he" {
			continue
		}
		require.NotNil(t, tr)
		assert.Equal(t, "human", string(tr.Origin), ln.Text)
		switch ln.Text {
		case strikeHe:
			assert.Equal(t, "A strike near the al-Mahatta mosque, east of Gaza City", tr.Text)
			assert.Contains(t, []string{"dana", "noa"}, tr.Reviewer)
		case hostagesHe:
			assert.Equal(t, "Hostages, from top left: Edan Alexander, Omer Neutra, Itay Chen, Gadi Haggai, Judi Weinstein Haggai", tr.Text)
			assert.Equal(t, "noa", tr.Reviewer, "the XLIFF does not say who: --reviewer does")
		}
		assert.NotEmpty(t, tr.Reviewed)
		human++
	}
	assert.Equal(t, 4, human)

	l.translate("merged", "run2.merged.txt")
	assert.Contains(t, l.read("run2.merged.txt"), "A strike near the al-Mahatta mosque, east of Gaza City", "merged output writes the reviewer's translation")
	doctest.JSONSchema(t, []byte(l.read("run1.jsonl")), true)
	doctest.JSONSchema(t, []byte(l.read("run2.jsonl")), true)
	l.translate("json", "run2.json")
	doctest.JSONSchema(t, []byte(l.read("run2.json")), false)

	r = bitext(t, l.vars, "", "diff", l.path("run1.jsonl"), l.path("run2.jsonl"))
	require.Equal(t, 1, r.code, r.stderr)
	assert.Equal(t, 4, strings.Count(r.stdout, "(human"), r.stdout)
	assert.Contains(t, r.stdout, "4 changed, 0 added, 0 removed")

	// Applying the same files again changes nothing more, and says so.
	r = bitext(t, l.vars, "", "apply", l.path("reviewed.xlf"))
	require.Equal(t, 0, r.code, r.stdout)
	assert.Contains(t, r.stdout, "1 applied")
	r = bitext(t, l.vars, "", "apply", l.path("run2.jsonl"))
	require.Equal(t, 0, r.code, r.stdout)
	assert.Contains(t, r.stdout, "0 applied, 4 unchanged", "the rerun's own output holds nothing new")

	// The source changes: the caption's next version gets the old edit as a fuzzy match.
	article, err := os.ReadFile(l.article)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(l.article, bytes.ReplaceAll(article, []byte("מזרחית לעיר עזה"), []byte("ממזרח לעיר עזה")), 0o644))
	l.translate("jsonl", "run3.jsonl")
	for _, ln := range lines(t, l.read("run3.jsonl")) {
		if ln.Lang == "he" && strings.Contains(ln.Text, "ממזרח") {
			tr := ln.Translation
			assert.Equal(t, "tm", string(tr.Origin))
			assert.Equal(t, "approved", tr.Model)
			assert.Equal(t, "A strike near the al-Mahatta mosque, east of Gaza City", tr.Text)
			require.Len(t, tr.QA, 1)
			assert.Regexp(t, `^fuzzy-match:0\.9\d$`, tr.QA[0])
		}
	}
	assert.Equal(t, 3, l.srv.RequestCount(), "the fuzzy match answers it too")

	// The reviewed JSONL, applied now, concerns a text the article no longer has.
	r = bitext(t, l.vars, "", "apply", l.path("reviewed.jsonl"))
	assert.Equal(t, 1, r.code, r.stdout)
	assert.Contains(t, r.stdout, "skipped   "+l.path("reviewed.jsonl"))
	assert.Contains(t, r.stdout, "the source changed since")
}

// TestApplyRefuses: files and entries not written by bitext, or tampered with, are refused
// with the reason; unreadable files exit 2; the rest of the files still apply.
func TestApplyRefuses(t *testing.T) {
	l := newReviewLoop(t)
	l.translate("jsonl", "run.jsonl", "--no-cache")
	l.translate("tmx", "run.tmx", "--no-cache")
	run := l.read("run.jsonl")

	// A segment ID that does not belong to its text, a control character, an empty answer.
	bad := regexp.MustCompile(`"id":"[0-9a-f]{16}","start":(\d+),"end":(\d+),"text":"`+regexp.QuoteMeta(strikeHe)).
		ReplaceAllString(run, `"id":"0000000000000000","start":$1,"end":$2,"text":"`+strikeHe)
	bad = strings.Replace(bad, `"text":"`+fakeEN(hostagesHe)+`"`, `"text":"Hostages\u001b[31m"`, 1)
	l.write("bad.jsonl", bad)
	// An XLIFF of another tool.
	l.write("other.xlf", `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="he" trgLang="en"><file id="f"><unit id="u1"><segment><source>שלום</source><target>Hello</target></segment></unit></file></xliff>`)
	// TMX: an edit that applies, next to the refusals.
	l.write("reviewed.tmx", strings.Replace(l.read("run.tmx"), "<seg>"+fakeEN(hostagesHe)+"</seg>", "<seg>The hostages</seg>", 1))
	l.write("garbage.json", "{not json")

	r := bitext(t, l.vars, "", "apply", l.path("bad.jsonl"), l.path("other.xlf"), l.path("reviewed.tmx"), l.path("garbage.json"))
	assert.Equal(t, 2, r.code, "an unreadable file: exit 2")
	assert.Contains(t, r.stderr, "garbage.json")
	assert.Contains(t, r.stdout, "unknown segment")
	assert.Contains(t, r.stdout, "control character U+001B")
	assert.Contains(t, r.stdout, "not a bitext output: an XLIFF 2.0 file of another tool")
	assert.Contains(t, r.stdout, "1 applied, ")
	assert.Contains(t, r.stdout, ", 4 refused", "both occurrences of the caption whose id was replaced")

	r = bitext(t, l.vars, "", "apply", l.path("bad.jsonl"))
	assert.Equal(t, 1, r.code, "refused entries: exit 1")
	r = bitext(t, l.vars, "", "translate", "--backend", "tm", "--format", "jsonl", l.article)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"text":"The hostages","origin":"human"`, "the TMX edit applied")
	assert.NotContains(t, r.stdout, "\x1b", "nothing refused was stored")

	other := t.TempDir()
	r = bitext(t, map[string]string{}, "", "apply", "--cache-dir", other, l.path("reviewed.tmx"))
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	r = bitext(t, map[string]string{"BITEXT_CACHE_DIR": other}, "", "translate", "--backend", "tm", "--format", "jsonl", l.article)
	assert.Contains(t, r.stdout, `"text":"The hostages","origin":"human"`, "--cache-dir names the store a run with BITEXT_CACHE_DIR reads")

	r = bitext(t, map[string]string{}, "", "apply", "--cache-dir", "/dev/null/cache", l.path("reviewed.tmx"))
	assert.Equal(t, 2, r.code, "no cache to store in")
	assert.Contains(t, r.stderr, "no cache")
}

// TestImportLikeTM is the measurement through the CLI: the captions memory, whose
// strike caption is into en-US, answered 2 of the 4 caption occurrences once imported (main
// before this change), all 4 through --tm; imported, it now answers all 4 too.
func TestImportLikeTM(t *testing.T) {
	vars := map[string]string{"BITEXT_CACHE_DIR": t.TempDir()}
	r := bitext(t, vars, "", "cache", "import", "testdata/tm/captions.tmx")
	require.Equal(t, 0, r.code, r.stderr)
	r = bitext(t, vars, "", "translate", "--backend", "tm", "--format", "md", ynet)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "4 translated (tm 4;")
	r = bitext(t, nil, "", "translate", "--backend", "tm", "--tm", "testdata/tm/captions.tmx", "--format", "md", ynet)
	assert.Contains(t, r.stderr, "4 translated (tm 4;")
}
