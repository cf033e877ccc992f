package deepl_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/deepl"
	"github.com/seed77ff/bitext/translate/deepl/deepltest"
)

// newBackend builds the backend the way bitext does: through its registration record.
func newBackend(t *testing.T, c translate.Config) translate.Translator {
	t.Helper()
	var reg translate.Registry
	deepl.Register(&reg)
	b, ok := reg.Lookup(deepl.Name)
	require.True(t, ok)
	tr, err := b.New(context.Background(), c)
	require.NoError(t, err)
	return tr
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func upper(text, source, target string) string {
	return fmt.Sprintf("%s>%s:%s", source, target, strings.ToUpper(text))
}

func TestRegister(t *testing.T) {
	var reg translate.Registry
	deepl.Register(&reg)
	b, ok := reg.Lookup("deepl")
	require.True(t, ok)
	assert.Equal(t, []string{"DEEPL_AUTH_KEY", "DEEPL_AUTH_KEY_FILE", "DEEPL_URL"}, b.Env)
	assert.Equal(t, translate.Limits{Texts: 50, Bytes: deepl.MaxBytes, InFlight: 4}, b.Limits)
	assert.Less(t, b.Limits.Bytes, 128<<10)
	assert.Equal(t, "characters", b.BillingUnit)
	assert.Equal(t, 20.0, b.Price.PerMillion)
	assert.Equal(t, "EUR", b.Price.Currency)
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, b.Price.PricedOn)
	assert.NotEmpty(t, b.Price.Source)
	assert.True(t, b.Cacheable)
	assert.NotEmpty(t, b.Doc)
	assert.Panics(t, func() { deepl.Register(&reg) })
}

func TestConfigured(t *testing.T) {
	tests := map[string]bool{"": false, "DEEPL_AUTH_KEY": true, "DEEPL_AUTH_KEY_FILE": true, "DEEPL_URL": false, "GOOGLE_API_KEY": false}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, want, deepl.Configured(translate.Config{Getenv: env(map[string]string{name: "x"})}))
		})
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		name     string
		vars     map[string]string
		endpoint string
		want     string
	}{
		{"free key", map[string]string{"DEEPL_AUTH_KEY": "abc:fx"}, "", deepl.FreeURL},
		{"pro key", map[string]string{"DEEPL_AUTH_KEY": "abc"}, "", deepl.ProURL},
		{"DEEPL_URL", map[string]string{"DEEPL_AUTH_KEY": "abc:fx", "DEEPL_URL": "http://127.0.0.1:9/"}, "", "http://127.0.0.1:9"},
		{"flag wins", map[string]string{"DEEPL_AUTH_KEY": "abc", "DEEPL_URL": "http://a/"}, "http://b/v2/translate", "http://b"},
		{"v2 base", map[string]string{"DEEPL_AUTH_KEY": "abc"}, "https://proxy.example/deepl/v2/", "https://proxy.example/deepl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := deepl.New(context.Background(), translate.Config{Endpoint: tt.endpoint, Getenv: env(tt.vars)})
			require.NoError(t, err)
			assert.Equal(t, tt.want, tr.Root())
		})
	}
	_, err := deepl.New(context.Background(), translate.Config{Endpoint: "http://u:p@h/", Getenv: env(map[string]string{"DEEPL_AUTH_KEY": "abc"})})
	require.Error(t, err)
}

// TestRequest checks the outgoing request field by field.
func TestRequest(t *testing.T) {
	srv := deepltest.NewServer(t, upper)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{
		Texts:   []string{"שלום", "it's <b>", "שלום עולם"},
		Source:  language.Hebrew,
		Target:  language.English,
		Format:  translate.Text,
		Model:   "quality_optimized",
		Context: "Amid renewed fighting, Hamas holds firm",
	})
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/translate", r.Path)
	assert.Equal(t, "application/json", r.ContentType)
	assert.Equal(t, "DeepL-Auth-Key "+deepltest.Key, r.Authorization)
	assert.Equal(t, []string{"שלום", "it's <b>", "שלום עולם"}, r.Texts)
	assert.Equal(t, "HE", r.SourceLang)
	assert.Equal(t, "EN-US", r.TargetLang, "plain EN is deprecated as a target")
	assert.Equal(t, "Amid renewed fighting, Hamas holds firm", r.Context)
	assert.Equal(t, "0", r.SplitSentences, "bitext sends one sentence per text")
	assert.Empty(t, r.TagHandling)
	assert.Empty(t, r.GlossaryID)
	assert.Equal(t, "quality_optimized", r.ModelType)

	want := []translate.Translation{
		{Text: "HE>EN-US:שלום", Source: language.Hebrew, Backend: "deepl", Model: "quality_optimized"},
		{Text: "HE>EN-US:IT'S <B>", Source: language.Hebrew, Backend: "deepl", Model: "quality_optimized"},
		{Text: "HE>EN-US:שלום עולם", Source: language.Hebrew, Backend: "deepl", Model: "quality_optimized"},
	}
	assert.Equal(t, want, got)
}

func TestHTML(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	_, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"<p>Hallo <b>Welt</b></p>"}, Source: language.German, Target: language.MustParse("en-GB"), Format: translate.HTML,
	})
	require.NoError(t, err)
	r := srv.Requests()[0]
	assert.Equal(t, "html", r.TagHandling)
	assert.Equal(t, "nonewlines", r.SplitSentences)
	assert.Equal(t, "EN-GB", r.TargetLang)
	assert.Empty(t, r.Context, "no context, no parameter")
	assert.Empty(t, r.ModelType)
}

func TestDetectedSource(t *testing.T) {
	srv := deepltest.NewServer(t, upper)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"שלום", "hello"}, Target: language.French})
	require.NoError(t, err)
	assert.Empty(t, srv.Requests()[0].SourceLang, "no source_lang when the request has none")
	require.Len(t, got, 2)
	assert.Equal(t, "he", got[0].Source.String(), "DeepL answers HE; bitext says he")
	assert.Equal(t, "en", got[1].Source.String())
	assert.Equal(t, "HE>FR:שלום", got[0].Text)
}

func TestLanguageCodes(t *testing.T) {
	targets := map[string]string{
		"en": "EN-US", "en-US": "EN-US", "en-GB": "EN-GB", "en-AU": "EN-GB", "pt": "PT-BR", "pt-BR": "PT-BR",
		"pt-PT": "PT-PT", "zh": "ZH-HANS", "zh-Hant": "ZH-HANT", "zh-TW": "ZH-HANT", "he": "HE", "de-AT": "DE",
		"nb": "NB", "no": "NB", "und": "",
	}
	for in, want := range targets {
		assert.Equal(t, want, deepl.Target(language.MustParse(in)), "target %s", in)
	}
	sources := map[string]string{"en-GB": "EN", "pt-PT": "PT", "zh-Hant": "ZH", "he": "HE", "iw": "HE", "nn": "NB", "und": ""}
	for in, want := range sources {
		assert.Equal(t, want, deepl.Source(language.MustParse(in)), "source %s", in)
	}
	from := map[string]string{"HE": "he", "EN": "en", "EN-GB": "en-GB", "PT-BR": "pt-BR", "ZH-HANS": "zh-Hans", "NB": "nb", "": "und"}
	for in, want := range from {
		got, err := deepl.FromDeepL(in)
		require.NoError(t, err)
		assert.Equal(t, want, got.String(), "from %s", in)
	}
	_, err := deepl.FromDeepL("not a tag!")
	assert.Error(t, err)
}

// TestSplit sends more than DeepL takes in one request; the fake enforces the limits, so a
// request over them would fail the test.
func TestSplit(t *testing.T) {
	srv := deepltest.NewServer(t, func(text, _, _ string) string { return text })
	tr := newBackend(t, srv.Config())

	t.Run("count", func(t *testing.T) {
		srv.Reset()
		texts := make([]string, 120)
		for i := range texts {
			texts[i] = fmt.Sprintf("text %d", i)
		}
		got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.German, Target: language.English})
		require.NoError(t, err)
		var sizes []int
		for _, r := range srv.Requests() {
			sizes = append(sizes, len(r.Texts))
		}
		assert.Equal(t, []int{50, 50, 20}, sizes)
		for i := range texts {
			assert.Equal(t, texts[i], got[i].Text, "answers joined in order")
		}
	})
	t.Run("bytes", func(t *testing.T) {
		srv.Reset()
		big := strings.Repeat("ש", 20_000) // 40,000 bytes
		texts := []string{big, big, big, big, "short"}
		got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English})
		require.NoError(t, err)
		require.Len(t, got, 5)
		reqs := srv.Requests()
		assert.Len(t, reqs, 2)
		for _, r := range reqs {
			assert.LessOrEqual(t, r.BodyLen, deepltest.MaxBodyBytes)
		}
		assert.Equal(t, "short", got[4].Text)
	})
	t.Run("one text too long", func(t *testing.T) {
		srv.Reset()
		_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{strings.Repeat("x", 130<<10)}, Target: language.English})
		require.Error(t, err)
		assert.ErrorIs(t, err, translate.ErrPermanent)
		assert.Empty(t, srv.Requests(), "nothing sent that DeepL must refuse")
	})
}

// TestFakeLimits checks that the fake refuses what DeepL refuses, so that TestSplit means something.
func TestFakeLimits(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	post := func(body string) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v2/translate", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "DeepL-Auth-Key "+deepltest.Key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	texts := make([]string, 51)
	for i := range texts {
		texts[i] = `"x"`
	}
	assert.Equal(t, 413, post(`{"target_lang":"DE","text":[`+strings.Join(texts, ",")+`]}`))
	assert.Equal(t, 413, post(`{"target_lang":"DE","text":["`+strings.Repeat("x", 128<<10)+`"]}`))
	assert.Equal(t, 400, post(`{"target_lang":"EN","text":["x"]}`), "EN is deprecated as a target")
	assert.Equal(t, 200, post(`{"target_lang":"DE","text":["x"]}`))
}

func TestGlossary(t *testing.T) {
	srv := deepltest.NewServer(t, func(text, _, _ string) string { return text })
	id := "def3a26b-3e84-45b3-84ae-0c0aaf3525f7"
	srv.AddGlossary(id, "HE", "EN", map[string]string{"עזה": "Gaza"})
	tr := newBackend(t, srv.Config())
	for _, gid := range []string{id, "deepl:" + id} {
		srv.Reset()
		got, err := tr.Translate(context.Background(), &translate.Request{
			Texts: []string{"מזרחית לעיר עזה"}, Source: language.Hebrew, Target: language.English, GlossaryID: gid,
		})
		require.NoError(t, err)
		assert.Equal(t, id, srv.Requests()[0].GlossaryID)
		assert.Equal(t, "מזרחית לעיר Gaza", got[0].Text)
	}

	srv.Reset()
	_, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"x"}, Source: language.Hebrew, Target: language.English, GlossaryID: "9f86d081884c7d65",
	})
	require.NoError(t, err)
	assert.Empty(t, srv.Requests()[0].GlossaryID, "bitext's own glossary digest is not a DeepL glossary")

	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"x"}, Target: language.English, GlossaryID: id})
	require.Error(t, err)
	assert.ErrorIs(t, err, translate.ErrPermanent, "DeepL needs a source language with a glossary")

	assert.Equal(t, "", deepl.GlossaryID(""))
	assert.Equal(t, "abc", deepl.GlossaryID("deepl:abc"))
}

func TestErrors(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	tests := []struct {
		name      string
		reply     *deepltest.Reply
		rate      time.Duration // > 0: a *RateLimitError with this RetryAfter
		permanent bool
		fatal     bool
		is        error
		contains  string
	}{
		{name: "429 with Retry-After", reply: withHeader(deepltest.ErrorReply(429, "Too many requests"), "Retry-After", "3"), rate: 3 * time.Second, contains: "Too many requests"},
		{name: "529", reply: withHeader(deepltest.ErrorReply(529, "Too many requests"), "Retry-After", "1"), rate: time.Second},
		{name: "456 quota", reply: deepltest.ErrorReply(456, "Quota Exceeded"), permanent: true, fatal: true, is: deepl.ErrQuotaExceeded, contains: "quota exceeded"},
		{name: "403 bad key", reply: deepltest.ErrorReply(403, "Authorization failure, check auth_key"), permanent: true, fatal: true, is: deepl.ErrAuth, contains: "DEEPL_AUTH_KEY"},
		{name: "400", reply: deepltest.ErrorReply(400, "Value for 'target_lang' not supported."), permanent: true, contains: "target_lang"},
		{name: "413", reply: deepltest.ErrorReply(413, "Request Entity Too Large"), permanent: true},
		{name: "500", reply: deepltest.ErrorReply(500, "Internal error")},
		{name: "503 html page", reply: &deepltest.Reply{Status: 503, Body: "<html>Service Unavailable</html>"}, contains: "Service Unavailable"},
		{name: "malformed JSON", reply: &deepltest.Reply{Status: 200, Body: `{"translations": [`}, contains: "malformed"},
		{name: "wrong count", reply: deepltest.TranslationsReply(deepltest.Translation{Text: "a"}), contains: "asked for 2 translations, got 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.SetReplyFn(func(deepltest.Request) *deepltest.Reply { return tt.reply })
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Target: language.German})
			require.Error(t, err)
			assert.Nil(t, got)
			var rl *translate.RateLimitError
			assert.Equal(t, tt.rate > 0, errors.As(err, &rl), "rate limit: %v", err)
			if tt.rate > 0 {
				assert.Equal(t, tt.rate, rl.RetryAfter)
			}
			assert.Equal(t, tt.permanent, errors.Is(err, translate.ErrPermanent), "permanent: %v", err)
			assert.Equal(t, tt.fatal, errors.Is(err, translate.ErrFatal), "fatal: %v", err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Contains(t, err.Error(), tt.contains)
		})
	}
}

func withHeader(r *deepltest.Reply, k, v string) *deepltest.Reply {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set(k, v)
	return r
}

func TestQuota(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	srv.SetQuota(10)
	tr := newBackend(t, srv.Config())
	_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"12345"}, Target: language.German})
	require.NoError(t, err)
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"123456"}, Target: language.German})
	require.Error(t, err)
	assert.ErrorIs(t, err, deepl.ErrQuotaExceeded)
	assert.ErrorIs(t, err, translate.ErrFatal, "the job stops: every later request would fail too")
	assert.Contains(t, err.Error(), "quota exceeded")
}

func TestKeyNeverInErrors(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	for _, status := range []int{400, 403, 429, 456, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv.SetReplyFn(func(r deepltest.Request) *deepltest.Reply {
				// A hostile or careless server echoes the Authorization header.
				return deepltest.ErrorReply(status, "bad header "+r.Authorization)
			})
			_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.German})
			require.Error(t, err)
			assert.NotContains(t, err.Error(), deepltest.Key)
			assert.NotContains(t, err.Error(), strings.TrimSuffix(deepltest.Key, ":fx"))
		})
	}
	t.Run("transport", func(t *testing.T) {
		c := srv.Config()
		c.Endpoint = "http://127.0.0.1:1/"
		tr := newBackend(t, c)
		_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.German})
		require.Error(t, err)
		assert.False(t, errors.Is(err, translate.ErrPermanent), "a refused connection may pass")
		assert.NotContains(t, err.Error(), deepltest.Key)
	})
}

func TestNotConfigured(t *testing.T) {
	_, err := deepl.New(context.Background(), translate.Config{Getenv: env(nil)})
	require.Error(t, err)
	assert.ErrorIs(t, err, translate.ErrNotConfigured)
	assert.Contains(t, err.Error(), "DEEPL_AUTH_KEY")
}

func TestKeyFile(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	path := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(path, []byte(deepltest.Key+"\n"), 0o600))
	c := srv.Config()
	c.Getenv = env(map[string]string{"DEEPL_AUTH_KEY_FILE": path})
	tr := newBackend(t, c)
	_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.German})
	require.NoError(t, err)
	assert.Equal(t, "DeepL-Auth-Key "+deepltest.Key, srv.Requests()[0].Authorization, "the file's contents, trimmed")

	c.Getenv = env(map[string]string{"DEEPL_AUTH_KEY_FILE": filepath.Join(t.TempDir(), "missing")})
	_, err = deepl.New(context.Background(), c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "DEEPL_AUTH_KEY_FILE")
}

func TestEmptyAndInvalid(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{Target: language.German})
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}})
	assert.ErrorIs(t, err, translate.ErrPermanent)
	assert.Empty(t, srv.Requests(), "nothing sent for an empty or invalid request")
}

func TestContextCanceled(t *testing.T) {
	srv := deepltest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := tr.Translate(ctx, &translate.Request{Texts: []string{"a"}, Target: language.German})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
}
