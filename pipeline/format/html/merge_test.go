package html

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format"
)

// mergePage is a minimal copy of the shapes of real pages that bilingual merging got wrong:
// a script inside a paragraph (BBC), ids, an ordered list, a heading group, ruby readings
// (a Japanese news page), and a paragraph whose second sentence fails to translate.
const mergePage = `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>صفحة</title></head><body><article>
<h1 id="headline">عنوان المقال الرئيسي</h1>
<p id="p1" onclick="track()">الجملة الأولى هنا. <script>window.runs=(window.runs||0)+1</script>الجملة الثانية هنا.</p>
<ol id="steps"><li id="s1">الخطوة الأولى</li><li>الخطوة الثانية</li><li>الخطوة الثالثة</li></ol>
<hgroup><h2>عنوان فرعي للمقال</h2><p>سطر تحت العنوان</p></hgroup>
<p lang="ja"><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>が増えた。</p>
<form action="/s"><input name="q"></form>
</article></body></html>
`

// translateAll gives every segment with letters a translation of the given origin, except
// texts listed in fail, which get a failed one (origin none).
func translateAll(d *doc.Document, origin doc.Origin, fail ...string) {
	d.Target = language.English
	for _, s := range d.Segments() {
		s.Lang = language.Arabic
		s.Translation = &doc.Translation{Origin: origin, Text: "EN[" + s.Text + "]"}
		for _, f := range fail {
			if s.Text == f {
				s.Translation = &doc.Translation{Origin: doc.None, Reason: "backend error"}
			}
		}
	}
}

func splitSentences(d *doc.Document) {
	for _, b := range d.Blocks {
		b.Segments = nil
		for _, t := range regexp.MustCompile(`[^.。]+[.。]?\s*`).FindAllString(b.Text, -1) {
			if t = strings.TrimSpace(t); t != "" {
				b.Segments = append(b.Segments, &doc.Segment{Block: b.Index, Text: t})
			}
		}
	}
	d.AssignIDs()
}

func mergeString(t *testing.T, raw string, origin doc.Origin, fail ...string) (*doc.Document, string) {
	t.Helper()
	in, err := Decode([]byte(raw))
	require.NoError(t, err)
	d, err := Read("merge.html", in)
	require.NoError(t, err)
	splitSentences(d)
	translateAll(d, origin, fail...)
	var buf bytes.Buffer
	require.NoError(t, Merge(&buf, d, format.MergeBilingual))
	return d, buf.String()
}

func TestRubyIsNotText(t *testing.T) {
	d, out := mergeString(t, mergePage, doc.MT)
	var texts []string
	for _, b := range d.Blocks {
		texts = append(texts, b.Text)
	}
	assert.Contains(t, texts, "子どもへの虐待が増えた。", "readings are not pasted into the text")
	for _, tx := range texts {
		assert.NotContains(t, tx, "ぎゃくたい")
	}
	// The original keeps its ruby byte for byte; the copy carries none.
	assert.Equal(t, 1, strings.Count(out, `<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>`))
	assert.Equal(t, 2, strings.Count(out, "<rt>"))
}

func TestBilingualCopiesAddOnlyTheTranslation(t *testing.T) {
	_, out := mergeString(t, mergePage, doc.MT, "الجملة الثانية هنا.")
	assert.Equal(t, 1, strings.Count(out, "<script"), "a script inside a block is not copied")
	assert.Equal(t, 1, strings.Count(out, "<form"), "nor a form")
	assert.Equal(t, 1, strings.Count(out, "onclick"), "nor an event handler")
	for _, id := range regexp.MustCompile(`\sid="([^"]*)"`).FindAllStringSubmatch(out, -1) {
		assert.Equal(t, 1, strings.Count(out, `id="`+id[1]+`"`), "id %s is unique", id[1])
	}
	ol := out[strings.Index(out, "<ol"):strings.Index(out, "</ol>")]
	assert.Equal(t, 3, strings.Count(ol, "<li"), "translations stay inside their list items: %s", ol)
	assert.Contains(t, ol, `<li id="s1">الخطوة الأولى<br><span class="bitext-translation" lang="en" dir="ltr">EN[الخطوة الأولى]</span></li>`)
	hg := out[strings.Index(out, "<hgroup"):strings.Index(out, "</hgroup>")]
	assert.Equal(t, 1, len(regexp.MustCompile(`<h[1-6]`).FindAllString(hg, -1)), "a heading group keeps one heading: %s", hg)
	assert.Contains(t, out, `<h1 class="bitext-translation" lang="en" dir="ltr">EN[عنوان المقال الرئيسي]</h1>`)
	// The failed sentence is not shown under lang="en": the copy holds the translated one only.
	assert.Equal(t, 1, strings.Count(out, "الجملة الثانية هنا."))
	assert.Contains(t, out, `<p class="bitext-translation" lang="en" dir="ltr">EN[الجملة الأولى هنا.] </p>`)
}

func TestBilingualFailedBlockHasNoCopy(t *testing.T) {
	_, out := mergeString(t, mergePage, doc.MT, "عنوان المقال الرئيسي")
	assert.NotContains(t, out, `<h1 class="bitext-translation"`)
	assert.Equal(t, 1, strings.Count(out, "عنوان المقال الرئيسي</h1>"))
}

func TestBilingualMergesReviewerEdits(t *testing.T) {
	_, out := mergeString(t, mergePage, doc.Human)
	assert.Contains(t, out, `EN[عنوان المقال الرئيسي]`)
}

// TestBilingualScriptsRunOnce: on a real page (BBC) with every segment translated, the
// output has exactly the input's scripts, iframes and forms, and no id twice.
func TestBilingualScriptsRunOnce(t *testing.T) {
	for _, path := range pages {
		t.Run(base(path), func(t *testing.T) {
			d, raw := readPage(t, path)
			oneSegment(d)
			translateAll(d, doc.MT)
			var buf bytes.Buffer
			require.NoError(t, Merge(&buf, d, format.MergeBilingual))
			in, out := strings.ToLower(string(raw)), strings.ToLower(buf.String())
			for _, tag := range []string{"<script", "<iframe", "<form", "<style", " id="} {
				assert.Equal(t, strings.Count(in, tag), strings.Count(out, tag), tag)
			}
		})
	}
}

// vnuJar finds the Nu HTML Checker: $VNU_JAR, or the vnu-jar npm package installed globally.
func vnuJar(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("java"); err == nil {
		if p := os.Getenv("VNU_JAR"); p != "" {
			return p
		}
		if root, err := exec.Command("npm", "root", "-g").Output(); err == nil {
			p := filepath.Join(strings.TrimSpace(string(root)), "vnu-jar", "build", "dist", "vnu.jar")
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("java and the vnu-jar npm package are required under CI (see .ci/run)")
	}
	t.Skip("SKIP: java or vnu.jar not found (npm install -g vnu-jar, or set VNU_JAR)")
	return ""
}

// TestMergedPagesValidate runs the Nu HTML Checker on each test page and on its bilingual
// merge with every segment translated: the merge adds no error the page did not have.
func TestMergedPagesValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a JVM")
	}
	jar := vnuJar(t)
	dir := t.TempDir()
	var files []string
	all := append(append([]string{}, pages...), "merge.html")
	for _, path := range all {
		var raw []byte
		var d *doc.Document
		if path == "merge.html" {
			raw = []byte(mergePage)
			in, err := Decode(raw)
			require.NoError(t, err)
			d, err = Read(path, in)
			require.NoError(t, err)
		} else {
			d, raw = readPage(t, path)
		}
		splitSentences(d)
		translateAll(d, doc.MT)
		var buf bytes.Buffer
		require.NoError(t, Merge(&buf, d, format.MergeBilingual))
		orig, merged := filepath.Join(dir, "in", base(path)+".html"), filepath.Join(dir, "out", base(path)+".html")
		require.NoError(t, os.MkdirAll(filepath.Dir(orig), 0o755))
		require.NoError(t, os.MkdirAll(filepath.Dir(merged), 0o755))
		require.NoError(t, os.WriteFile(orig, raw, 0o644))
		require.NoError(t, os.WriteFile(merged, buf.Bytes(), 0o644))
		files = append(files, orig, merged)
	}
	cmd := exec.Command("java", append([]string{"-jar", jar, "--format", "json", "--errors-only", "--exit-zero-always"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	var report struct {
		Messages []struct {
			URL, Type, Message string
		}
	}
	require.NoError(t, json.Unmarshal(stderr.Bytes(), &report), stderr.String())
	errs := map[string]map[string]int{} // file → message → count
	for _, m := range report.Messages {
		if m.Type != "error" {
			continue
		}
		f := filepath.Base(filepath.Dir(strings.TrimPrefix(m.URL, "file:"))) + "/" + filepath.Base(m.URL)
		if errs[f] == nil {
			errs[f] = map[string]int{}
		}
		errs[f][m.Message]++
	}
	for _, path := range all {
		name := base(path) + ".html"
		for msg, n := range errs["out/"+name] {
			assert.LessOrEqual(t, n, errs["in/"+name][msg], "%s: the merge adds %q", name, msg)
		}
	}
}
