package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc/doctest"
	"github.com/seed77ff/bitext/translate/google/googletest"
)

// interchangePage is an English article with a Hebrew sentence holding inline tags and an
// ampersand, and an Arabic sentence, which the fake backend echoes (QA rejects the echo).
const interchangePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Budget vote</title></head>
<body><article>
<h1>The budget passes its first reading in the parliament</h1>
<p>This is an ordinary English paragraph that sets the language of the whole document firmly.</p>
<p lang="he">הממשלה <b>אישרה</b> את התקציב &amp; התוכנית<br>בקריאה <a href="/he/budget">ראשונה</a>.</p>
<p>Another English paragraph closes the article properly and makes it long enough to read.</p>
<p lang="ar">وافقت الحكومة على الميزانية في القراءة الأولى اليوم.</p>
<p>A last English paragraph ends the page for the reader who came this far.</p>
</article></body></html>
`

// TestInterchangeIsClean: every XLIFF and TMX output and the cache export validate against
// the OASIS and LISA schemas with xmllint; inline tags travel as the formats' own inline
// elements, never as bitext's placeholders or double escapes as text; the mixed document
// gets one XLIFF 2.0 file per source language (name.ar-en.xlf beside name.xlf, and a warning
// on stdout); and the answer QA rejected is exported nowhere.
func TestInterchangeIsClean(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "budget.html")
	require.NoError(t, os.WriteFile(page, []byte(interchangePage), 0o644))
	srv := googletest.NewServer(t, func(text, _, _ string) string {
		if strings.Contains(text, "الميزانية") {
			return text // an echo: QA refuses it
		}
		return fakeEN(text)
	})
	vars := map[string]string{"GOOGLE_API_KEY": googletest.Key, "BITEXT_CACHE_DIR": filepath.Join(dir, "cache")}
	translate := func(args ...string) result {
		t.Helper()
		r := bitext(t, vars, "", append(append([]string{"translate", "--backend", "google", "--endpoint", srv.URL}, args...), page)...)
		require.Contains(t, []int{0, 1}, r.code, r.stderr) // 1: the echoed text failed
		return r
	}
	clean := func(name string, data []byte) {
		t.Helper()
		for _, bad := range []string{"&lt;g id=", "&lt;x id=", "&lt;/g&gt;", "&amp;amp;", "&amp;lt;", "وافقت الحكومة على الميزانية في القراءة الأولى اليوم.</seg>\n      </tuv>\n      <tuv xml:lang=\"en\""} {
			assert.NotContains(t, string(data), bad, name)
		}
	}

	out := filepath.Join(dir, "out")
	translate("--format", "xliff", "--out-dir", out)
	main, err := os.ReadFile(filepath.Join(out, "budget.html.xlf"))
	require.NoError(t, err)
	ar, err := os.ReadFile(filepath.Join(out, "budget.html.ar-en.xlf"))
	require.NoError(t, err, "the Arabic sentence gets an XLIFF document of its own")
	assert.Contains(t, string(main), `srcLang="he"`)
	assert.Contains(t, string(main), `<pc id="1">אישרה</pc>`)
	assert.Contains(t, string(main), `&amp; התוכנית<ph id="2"/>`)
	assert.Contains(t, string(ar), `srcLang="ar"`)
	assert.NotContains(t, string(ar), "<target>", "the echo is no target")
	for name, data := range map[string][]byte{"xlf": main, "ar-en.xlf": ar} {
		clean(name, data)
		doctest.XMLLint(t, doctest.XLIFF20, data)
	}

	r := translate("--format", "xliff")
	assert.Contains(t, r.stderr, "1 segment(s) left out of the xliff on stdout")
	assert.Contains(t, r.stderr, "FILE.ar-en.xlf")

	x12 := filepath.Join(dir, "budget.xliff12.xlf")
	translate("--format", "xliff12", "-o", x12)
	data, err := os.ReadFile(x12)
	require.NoError(t, err)
	assert.Contains(t, string(data), `<g id="1">אישרה</g>`)
	assert.Equal(t, 2, strings.Count(string(data), "<file "), "one <file> per source language")
	clean("xliff12", data)
	doctest.XMLLint(t, doctest.XLIFF12, data)

	r = translate("--format", "tmx")
	assert.Contains(t, r.stdout, `<bpt i="1" x="1"/>`)
	assert.NotContains(t, r.stdout, "الميزانية في القراءة الأولى اليوم.</seg>", "no unit for the rejected echo")
	clean("tmx", []byte(r.stdout))
	doctest.XMLLint(t, doctest.TMX14, []byte(r.stdout))

	r = bitext(t, vars, "", "cache", "export", "--format", "tmx")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "1 answer(s) QA rejects left out")
	assert.Contains(t, r.stdout, `<bpt i="1" x="1"/>אישרה<ept i="1"/>`, "the cache's placeholders as TMX inline elements")
	assert.NotContains(t, r.stdout, "الميزانية", "the echo is not exported")
	clean("cache export", []byte(r.stdout))
	doctest.XMLLint(t, doctest.TMX14, []byte(r.stdout))
}
