package libre_test

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
	"github.com/seed77ff/bitext/translate/libre"
	"github.com/seed77ff/bitext/translate/libre/libretest"
)

func newBackend(t *testing.T, c translate.Config) *libre.Translator {
	t.Helper()
	var reg translate.Registry
	libre.Register(&reg)
	b, ok := reg.Lookup(libre.Name)
	require.True(t, ok)
	tr, err := b.New(context.Background(), c)
	require.NoError(t, err)
	return tr.(*libre.Translator)
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func upper(text, source, target string) string {
	return fmt.Sprintf("%s>%s:%s", source, target, strings.ToUpper(text))
}

func TestRegister(t *testing.T) {
	var reg translate.Registry
	libre.Register(&reg)
	b, ok := reg.Lookup("libre")
	require.True(t, ok)
	assert.Equal(t, []string{"LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY", "LIBRETRANSLATE_API_KEY_FILE"}, b.Env)
	assert.Equal(t, translate.Limits{Texts: libre.MaxTexts, CodePoints: libre.MaxCodePoints, InFlight: 4}, b.Limits)
	assert.Equal(t, "characters", b.BillingUnit)
	assert.Zero(t, b.Price.PerMillion, "self-hosted")
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, b.Price.PricedOn)
	assert.True(t, b.Cacheable)
	assert.Panics(t, func() { libre.Register(&reg) })
}

func TestConfigured(t *testing.T) {
	tests := map[string]bool{"": false, "LIBRETRANSLATE_URL": true, "LIBRETRANSLATE_API_KEY": true, "LIBRETRANSLATE_API_KEY_FILE": true, "DEEPL_AUTH_KEY": false}
	for name, want := range tests {
		assert.Equal(t, want, libre.Configured(translate.Config{Getenv: env(map[string]string{name: "x"})}), name)
	}
}

func TestEndpoint(t *testing.T) {
	// No network: a transport that refuses everything stands in for libretranslate.com.
	refuse := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("no network in tests")
	})}
	tests := []struct {
		name     string
		vars     map[string]string
		endpoint string
		want     string
	}{
		{"url", map[string]string{"LIBRETRANSLATE_URL": "http://127.0.0.1:5000/"}, "", "http://127.0.0.1:5000"},
		{"key only", map[string]string{"LIBRETRANSLATE_API_KEY": "k"}, "", libre.PublicURL},
		{"flag wins", map[string]string{"LIBRETRANSLATE_URL": "http://a/"}, "http://b/lt/translate", "http://b/lt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := libre.New(context.Background(), translate.Config{Endpoint: tt.endpoint, Getenv: env(tt.vars), HTTPClient: refuse})
			require.NoError(t, err, "an unreachable server is not an error at construction")
			assert.Equal(t, tt.want, tr.Root())
			assert.Equal(t, translate.Limits{Texts: libre.MaxTexts, CodePoints: libre.MaxCodePoints, InFlight: 4}, tr.Limits())
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRequest(t *testing.T) {
	for _, withKey := range []bool{false, true} {
		t.Run(fmt.Sprintf("key=%v", withKey), func(t *testing.T) {
			srv := libretest.NewServer(t, libretest.Options{RequireKey: withKey}, upper)
			tr := newBackend(t, srv.Config())
			got, err := tr.Translate(context.Background(), &translate.Request{
				Texts: []string{"שלום", "עולם"}, Source: language.Hebrew, Target: language.English, Format: translate.Text,
			})
			require.NoError(t, err)
			reqs := srv.Translations()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, http.MethodPost, r.Method)
			assert.Equal(t, "/translate", r.Path)
			assert.Equal(t, "application/json", r.ContentType)
			assert.True(t, r.Batch, "q is an array")
			assert.Equal(t, []string{"שלום", "עולם"}, r.Texts)
			assert.Equal(t, "he", r.Source)
			assert.Equal(t, "en", r.Target)
			assert.Equal(t, "text", r.Format)
			if withKey {
				assert.Equal(t, libretest.Key, r.APIKey)
			} else {
				assert.Empty(t, r.APIKey, "no api_key when none is set")
			}
			assert.Equal(t, []translate.Translation{
				{Text: "he>en:שלום", Source: language.Hebrew, Backend: "libre"},
				{Text: "he>en:עולם", Source: language.Hebrew, Backend: "libre"},
			}, got)
		})
	}
}

func TestSingleText(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{}, nil)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"hallo"}, Source: language.German, Target: language.English, Format: translate.HTML})
	require.NoError(t, err)
	r := srv.Translations()[0]
	assert.True(t, r.Batch, "one text still goes as an array, so the answer is an array")
	assert.Equal(t, "html", r.Format)
	assert.Equal(t, "[en] hallo", got[0].Text)
}

func TestDetectedSource(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{}, upper)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"שלום", "hello"}, Target: language.German})
	require.NoError(t, err)
	assert.Equal(t, "auto", srv.Translations()[0].Source)
	assert.Equal(t, "he", got[0].Source.String())
	assert.Equal(t, "en", got[1].Source.String())
}

func TestLanguageCodes(t *testing.T) {
	old := map[string]bool{"zh": true, "zt": true, "pt": true, "en": true, "nb": true}
	modern := map[string]bool{"zh-Hans": true, "zh-Hant": true, "pt": true, "pt-BR": true, "en": true}
	tests := []struct {
		tag       string
		supported map[string]bool
		want      string
	}{
		{"und", nil, "auto"},
		{"he", nil, "he"},
		{"he-IL", nil, "he"},
		{"zh-Hant", old, "zt"},
		{"zh-TW", nil, "zt"},
		{"zh-Hant", modern, "zh-Hant"},
		{"zh", old, "zh"},
		{"zh", modern, "zh-Hans"},
		{"pt-BR", old, "pt"},
		{"pt-BR", map[string]bool{"pb": true, "pt": true}, "pb"},
		{"pt-BR", modern, "pt-BR"},
		{"pt-BR", nil, "pt"},
		{"no", old, "nb"},
		{"en-GB", nil, "en"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, libre.Code(language.MustParse(tt.tag), tt.supported), tt.tag)
	}
	from := map[string]string{"zt": "zh-Hant", "pb": "pt-BR", "iw": "he", "he": "he", "auto": "und", "": "und", "zh-Hans": "zh-Hans"}
	for in, want := range from {
		got, err := libre.FromLibre(in)
		require.NoError(t, err)
		assert.Equal(t, want, got.String(), in)
	}
	_, err := libre.FromLibre("!!")
	assert.Error(t, err)
}

// TestLimitsFromSettings: New reads the server's flags and lowers the limits.
func TestLimitsFromSettings(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{CharLimit: 100, BatchLimit: 5, ReportBatchLimit: true}, nil)
	tr := newBackend(t, srv.Config())
	assert.Equal(t, translate.Limits{Texts: 5, CodePoints: 100, InFlight: 4}, tr.Limits())
	paths := []string{}
	for _, r := range srv.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.ElementsMatch(t, []string{"GET /frontend/settings", "GET /languages"}, paths)

	texts := make([]string, 12)
	for i := range texts {
		texts[i] = fmt.Sprintf("t%d", i)
	}
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.German, Target: language.English})
	require.NoError(t, err)
	var sizes []int
	for _, r := range srv.Translations() {
		sizes = append(sizes, len(r.Texts))
	}
	assert.Equal(t, []int{5, 5, 2}, sizes)
	for i := range texts {
		assert.Equal(t, "[en] "+texts[i], got[i].Text)
	}

	// Larger limits on the server do not raise the registered ones.
	srv2 := libretest.NewServer(t, libretest.Options{CharLimit: 1_000_000}, nil)
	assert.Equal(t, translate.Limits{Texts: libre.MaxTexts, CodePoints: libre.MaxCodePoints, InFlight: 4}, newBackend(t, srv2.Config()).Limits())
}

// TestLimitsLearned: a server that does not report its limits refuses an oversized request with
// 400; the backend learns the limit, splits and sends again.
func TestLimitsLearned(t *testing.T) {
	t.Run("batch", func(t *testing.T) {
		srv := libretest.NewServer(t, libretest.Options{BatchLimit: 3}, nil)
		tr := newBackend(t, srv.Config())
		texts := []string{"a", "bb", "c", "d", "e", "f", "g"}
		got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.German, Target: language.English})
		require.NoError(t, err)
		require.Len(t, got, 7)
		for i := range texts {
			assert.Equal(t, "[en] "+texts[i], got[i].Text)
		}
		var sizes []int
		for _, r := range srv.Translations() {
			sizes = append(sizes, len(r.Texts))
		}
		assert.Equal(t, []int{7, 3, 3, 1}, sizes, "one refused request, then requests within the limit")
		assert.Equal(t, 3, tr.Limits().Texts)
		assert.Equal(t, libre.MaxCodePoints, tr.Limits().CodePoints)
	})
	t.Run("chars", func(t *testing.T) {
		srv := libretest.NewServer(t, libretest.Options{CharLimit: 20, NoSettings: true}, nil)
		tr := newBackend(t, srv.Config())
		texts := []string{"שלום עול", "12345678", "abcdefgh", "x"}
		got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English})
		require.NoError(t, err)
		require.Len(t, got, 4)
		assert.Equal(t, 20, tr.Limits().CodePoints)
		var sizes []int
		for _, r := range srv.Translations() {
			sizes = append(sizes, len(r.Texts))
		}
		assert.Equal(t, []int{4, 2, 2}, sizes)
	})
	t.Run("one text over the limit", func(t *testing.T) {
		srv := libretest.NewServer(t, libretest.Options{CharLimit: 5}, nil)
		tr := newBackend(t, srv.Config())
		_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"abcdef"}, Source: language.German, Target: language.English})
		require.Error(t, err)
		assert.ErrorIs(t, err, translate.ErrPermanent)
		assert.Empty(t, srv.Translations(), "nothing sent that the server must refuse")
	})
}

func TestErrors(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{}, nil)
	tr := newBackend(t, srv.Config())
	tests := []struct {
		name      string
		reply     *libretest.Reply
		rate      time.Duration
		limited   bool
		permanent bool
		fatal     bool
		contains  string
	}{
		{name: "429", reply: withHeader(libretest.ErrorReply(429, "Slowdown: 30 per 1 minute"), "Retry-After", "7"), rate: 7 * time.Second, limited: true, contains: "Slowdown"},
		{name: "429 without Retry-After", reply: libretest.ErrorReply(429, "Slowdown: 30 per 1 minute"), limited: true},
		{name: "403 invalid key", reply: libretest.ErrorReply(403, "Invalid API key"), permanent: true, fatal: true, contains: "Invalid API key"},
		{name: "403 banned", reply: libretest.ErrorReply(403, "Too many request limits violations"), permanent: true, fatal: true},
		{name: "400 key needed", reply: libretest.ErrorReply(400, "Please contact the server operator to get an API key"), permanent: true, fatal: true},
		{name: "400 unsupported", reply: libretest.ErrorReply(400, "xx is not supported"), permanent: true, contains: "not supported"},
		{name: "500", reply: libretest.ErrorReply(500, "Cannot translate text: boom")},
		{name: "502 page", reply: &libretest.Reply{Status: 502, Body: "<html>Bad Gateway</html>"}, contains: "Bad Gateway"},
		{name: "malformed JSON", reply: &libretest.Reply{Status: 200, Body: `{"translatedText": [`}, contains: "malformed"},
		{name: "string instead of array", reply: &libretest.Reply{Status: 200, Body: `{"translatedText": "a"}`}, contains: "malformed"},
		{name: "wrong count", reply: &libretest.Reply{Status: 200, Body: `{"translatedText": ["a"]}`}, contains: "asked for 2 translations, got 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.SetReplyFn(func(libretest.Request) *libretest.Reply { return tt.reply })
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Source: language.German, Target: language.English})
			require.Error(t, err)
			assert.Nil(t, got)
			var rl *translate.RateLimitError
			assert.Equal(t, tt.limited, errors.As(err, &rl), "rate limit: %v", err)
			if tt.limited {
				assert.Equal(t, tt.rate, rl.RetryAfter)
			}
			assert.Equal(t, tt.permanent, errors.Is(err, translate.ErrPermanent), "permanent: %v", err)
			assert.Equal(t, tt.fatal, errors.Is(err, translate.ErrFatal), "fatal: %v", err)
			assert.Contains(t, err.Error(), tt.contains)
		})
	}
}

func withHeader(r *libretest.Reply, k, v string) *libretest.Reply {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set(k, v)
	return r
}

func TestKeyNeverInErrors(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{RequireKey: true}, nil)
	tr := newBackend(t, srv.Config())
	for _, status := range []int{400, 403, 429, 500} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv.SetReplyFn(func(r libretest.Request) *libretest.Reply {
				return libretest.ErrorReply(status, "key "+r.APIKey+" refused")
			})
			_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Source: language.German, Target: language.English})
			require.Error(t, err)
			assert.NotContains(t, err.Error(), libretest.Key)
		})
	}
	srv.SetReplyFn(nil)
	t.Run("real 403", func(t *testing.T) {
		c := srv.Config()
		c.Getenv = env(map[string]string{"LIBRETRANSLATE_API_KEY": "wrong-key-12345"})
		_, err := newBackend(t, c).Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Source: language.German, Target: language.English})
		require.Error(t, err)
		assert.ErrorIs(t, err, translate.ErrFatal)
		assert.Contains(t, err.Error(), "Invalid API key")
	})
}

func TestNotConfigured(t *testing.T) {
	_, err := libre.New(context.Background(), translate.Config{Getenv: env(nil)})
	require.Error(t, err)
	assert.ErrorIs(t, err, translate.ErrNotConfigured)
	assert.Contains(t, err.Error(), "LIBRETRANSLATE_URL")
}

func TestKeyFile(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{RequireKey: true}, nil)
	path := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(path, []byte(libretest.Key+"\n"), 0o600))
	c := srv.Config()
	c.Getenv = env(map[string]string{"LIBRETRANSLATE_API_KEY_FILE": path})
	_, err := newBackend(t, c).Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Source: language.German, Target: language.English})
	require.NoError(t, err)
	assert.Equal(t, libretest.Key, srv.Translations()[0].APIKey)
}

func TestEmptyAndCanceled(t *testing.T) {
	srv := libretest.NewServer(t, libretest.Options{}, nil)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{Target: language.English})
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}})
	assert.ErrorIs(t, err, translate.ErrPermanent)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = tr.Translate(ctx, &translate.Request{Texts: []string{"a"}, Target: language.English})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, srv.Translations())
}
