package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/deepl/deepltest"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/googlev3/googlev3test"
	"github.com/seed77ff/bitext/translate/libre/libretest"
	"github.com/seed77ff/bitext/translate/openai/openaitest"
)

// hebrewInput is two Hebrew captions, one of them twice. It has no Latin-script text, so the
// runs below load no lingua-go model and stay fast under -race; TestYnetAgainstFakeGoogle and
// TestDeepLQuotaStops run the whole Ynetnews article.
const hebrewInput = "תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח\nעידן אלכסנדר, עומר נאוטרה\nתקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח\n"

// TestHTTPBackendsCLI drives the CLI, with its whole middleware stack, against local fakes of
// DeepL, LibreTranslate, an OpenAI-compatible server and Google v3 (gRPC): the three Hebrew
// lines are translated by the named backend in one request of the two distinct texts, each
// paired with its own source, and a second run is answered by the cache.
func TestHTTPBackendsCLI(t *testing.T) {
	tr := func(text, _, _ string) string { return "EN[" + text + "]" }
	dl := deepltest.NewServer(t, tr)
	// A server with every model: the detector may find a stray short segment in another language.
	lt := libretest.NewServer(t, libretest.Options{AnyLanguage: true}, tr)
	oa := openaitest.NewServer(t, openaitest.Options{}, tr)
	g3 := googlev3test.NewServer(t, tr)
	g2 := googletest.NewServer(t, tr)
	tests := []struct {
		backend  string
		vars     map[string]string
		args     []string
		requests func() [][]string // the texts of each translation request so far
		secret   string
	}{
		{"deepl", map[string]string{"DEEPL_AUTH_KEY": deepltest.Key, "DEEPL_URL": dl.URL}, nil,
			func() (out [][]string) {
				for _, r := range dl.Requests() {
					out = append(out, r.Texts)
				}
				return out
			}, deepltest.Key},
		{"libre", map[string]string{"LIBRETRANSLATE_URL": lt.URL}, nil,
			func() (out [][]string) {
				for _, r := range lt.Translations() {
					out = append(out, r.Texts)
				}
				return out
			}, ""},
		{"openai", map[string]string{"OPENAI_API_KEY": openaitest.Key}, []string{"--endpoint", oa.BaseURL(), "--model", openaitest.Model},
			func() (out [][]string) {
				for _, r := range oa.Requests() {
					var texts []string
					for _, seg := range r.Data.Segments {
						texts = append(texts, seg.Text)
					}
					out = append(out, texts)
				}
				return out
			}, openaitest.Key},
		{"google", map[string]string{"GOOGLE_API_KEY": googletest.Key}, []string{"--endpoint", g2.URL},
			func() (out [][]string) {
				for _, r := range g2.Requests() {
					out = append(out, r.Texts)
				}
				return out
			}, googletest.Key},
		{"google-v3", map[string]string{"GOOGLE_CLOUD_PROJECT": googlev3test.Project}, []string{"--endpoint", g3.URL},
			func() (out [][]string) {
				for _, r := range g3.Requests() {
					out = append(out, r.GetContents())
				}
				return out
			}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.backend, func(t *testing.T) {
			tt.vars["BITEXT_CACHE_DIR"] = t.TempDir()
			args := append(append([]string{"translate", "--backend", tt.backend}, tt.args...), "-")
			first := bitext(t, tt.vars, hebrewInput, args...)
			require.Equal(t, 0, first.code, first.stderr)
			sent := tt.requests()
			require.NotEmpty(t, sent)
			require.Len(t, sent, 1)
			assert.Len(t, sent[0], 2, "the two distinct texts in one request")
			f := decode(t, first.stdout)
			hebrew := 0
			for _, b := range f.Blocks {
				for _, s := range b.Segments {
					if s.Lang != "he" {
						continue
					}
					hebrew++
					require.NotNil(t, s.Translation, s.Text)
					assert.Equal(t, "EN["+s.Text+"]", s.Translation.Text, "paired with its own source")
					assert.Equal(t, "mt", string(s.Translation.Origin))
					assert.Equal(t, tt.backend, s.Translation.Backend)
				}
			}
			assert.Equal(t, 3, hebrew)

			second := bitext(t, tt.vars, hebrewInput, args...)
			require.Equal(t, 0, second.code, second.stderr)
			assert.Len(t, tt.requests(), len(sent), "the second run is answered by the cache")

			// The dry run keys the cache as the run does (backend namespace, model, context):
			// after a real run it has nothing to send.
			dry := bitext(t, tt.vars, hebrewInput, append([]string{"translate", "--dry-run", "--format", "json", "--backend", tt.backend}, append(tt.args, "-")...)...)
			require.Equal(t, 0, dry.code, dry.stderr)
			assert.Contains(t, dry.stdout, `"cache_hits":2,"to_send":{"segments":0,"characters":0,"requests":0}`)
			if tt.secret != "" {
				for _, out := range []string{first.stdout, first.stderr, second.stdout, second.stderr} {
					assert.NotContains(t, out, tt.secret)
				}
			}
		})
	}
}

// TestDeepLQuotaStops: DeepL's 456 stops the job with a clear message, and no error text is
// written as a translation.
func TestDeepLQuotaStops(t *testing.T) {
	dl := deepltest.NewServer(t, nil)
	dl.SetQuota(1)
	r := bitext(t, map[string]string{"DEEPL_AUTH_KEY": deepltest.Key, "DEEPL_URL": dl.URL}, "",
		"translate", "--backend", "deepl", ynet)
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, strings.ToLower(r.stderr+r.stdout), "quota exceeded")
	assert.NotContains(t, r.stdout, `"origin": "mt"`)
	assert.NotContains(t, r.stdout+r.stderr, deepltest.Key)
}
