package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

const (
	ynetHTML   = "testdata/ynet/ynet-hostages.html"
	inlineHTML = "testdata/html/inline.html"
)

// TestHTMLMergedWithoutBackend: with no backend nothing is translated (the Hebrew captions
// fall back to their counterparts, which the page already shows), so merged output is the
// page, byte for byte, in both modes.
func TestHTMLMergedWithoutBackend(t *testing.T) {
	raw, err := os.ReadFile(ynetHTML)
	require.NoError(t, err)
	for _, mode := range []string{"bilingual", "replace"} {
		r := bitext(t, nil, "", "translate", "--backend", "none", "--format", "merged", "--merge", mode, ynetHTML)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, string(raw), r.stdout, mode)
	}
	// The page as JSON: HTML format, the Hebrew captions paired with the editors' captions.
	r := bitext(t, nil, "", "translate", "--backend", "none", ynetHTML)
	require.Equal(t, 0, r.code, r.stderr)
	f := decode(t, r.stdout)
	assert.Equal(t, "html", f.Format)
	pairs := 0
	for _, b := range f.Blocks {
		for _, s := range b.Segments {
			if s.Lang == "he" {
				require.NotNil(t, s.Counterpart, s.Text)
				pairs++
			}
		}
	}
	assert.Equal(t, 4, pairs)
}

// TestHTMLMergedAgainstFakeGoogle: a Hebrew sentence with inline tags goes to Google as HTML
// with placeholders, and merged output puts each original tag back inside the translation,
// beside the original (bilingual) or in its place (replace); image alt text is translated in
// the attribute.
func TestHTMLMergedAgainstFakeGoogle(t *testing.T) {
	srv := googletest.NewServer(t, func(text, source, target string) string { return "EN[" + text + "]" })
	vars := map[string]string{"GOOGLE_API_KEY": "sekret-test-key-123"}
	tests := []struct {
		mode string
		want []string
	}{
		{"bilingual", []string{
			`<p lang="he" dir="rtl">הממשלה <b>אישרה</b> את התקציב<br>בקריאה <a href=/he/budget>ראשונה</a>.</p>` +
				`<p class="bitext-translation" lang="en" dir="ltr">EN[הממשלה <b>אישרה</b> את התקציב<br> בקריאה <a href=/he/budget>ראשונה</a>.]</p>`,
			`alt="תקיפה&#32;בעזה / EN[תקיפה בעזה]"`,
		}},
		{"replace", []string{
			`<p lang="he" dir="rtl">EN[הממשלה <b>אישרה</b> את התקציב<br> בקריאה <a href=/he/budget>ראשונה</a>.]</p>`,
			`alt="EN[תקיפה בעזה]"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			srv.Reset()
			r := bitext(t, vars, "", "translate", "--backend", "google", "--endpoint", srv.URL,
				"--format", "merged", "--merge", tt.mode, inlineHTML)
			require.Equal(t, 0, r.code, r.stderr)
			for _, w := range tt.want {
				assert.Contains(t, r.stdout, w)
			}
			var html []string
			for _, req := range srv.Requests() {
				if req.Format == "html" {
					html = append(html, req.Texts...)
				}
			}
			assert.Contains(t, html, `הממשלה <g id="1">אישרה</g> את התקציב<x id="2"/> בקריאה <g id="3">ראשונה</g>.`)
			assert.True(t, strings.HasPrefix(r.stdout, "<!DOCTYPE html>"))
		})
	}
}
