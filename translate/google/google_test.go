package google_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gt "cloud.google.com/go/translate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"google.golang.org/api/option"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/google"
	"github.com/seed77ff/bitext/translate/google/googletest"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// newBackend builds the backend the way bitext does: through its registration record.
func newBackend(t *testing.T, c translate.Config) translate.Translator {
	t.Helper()
	var reg translate.Registry
	google.Register(&reg)
	b, ok := reg.Lookup(google.Name)
	require.True(t, ok)
	tr, err := b.New(context.Background(), c)
	require.NoError(t, err)
	return tr
}

// upper is a translateFn whose answers are easy to predict.
func upper(text, source, target string) string {
	return fmt.Sprintf("%s>%s:%s", source, target, strings.ToUpper(text))
}

func TestRegister(t *testing.T) {
	var reg translate.Registry
	google.Register(&reg)
	b, ok := reg.Lookup("google")
	require.True(t, ok)
	assert.Equal(t, []string{"GOOGLE_API_KEY", "GOOGLE_API_KEY_FILE", "GOOGLE_APPLICATION_CREDENTIALS"}, b.Env)
	assert.Equal(t, translate.Limits{Texts: 128, Bytes: google.MaxBytes, InFlight: 4}, b.Limits)
	assert.Equal(t, "characters", b.BillingUnit)
	assert.Equal(t, 20.0, b.Price.PerMillion)
	assert.Equal(t, "USD", b.Price.Currency)
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, b.Price.PricedOn)
	assert.NotEmpty(t, b.Price.Source)
	assert.True(t, b.Cacheable)
	assert.NotEmpty(t, b.Doc)
	assert.Panics(t, func() { google.Register(&reg) }, "a second registration is a programming error")
}

func TestConfigured(t *testing.T) {
	for _, name := range []string{"", "GOOGLE_API_KEY", "GOOGLE_API_KEY_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "DEEPL_AUTH_KEY"} {
		t.Run(name, func(t *testing.T) {
			c := translate.Config{Getenv: func(k string) string {
				if k == name {
					return "x"
				}
				return ""
			}}
			want := strings.HasPrefix(name, "GOOGLE_")
			assert.Equal(t, want, google.Configured(c))
		})
	}
}

// TestRequest drives the real client library against the fake and checks the outgoing request
// field by field, for every endpoint form and with and without a caller's HTTP client.
func TestRequest(t *testing.T) {
	srv := googletest.NewServer(t, upper)
	endpoints := map[string]string{
		"root":              srv.URL,
		"root/":             srv.URL + "/",
		"base":              srv.URL + "/language/translate",
		"base/":             srv.URL + "/language/translate/",
		"base/v2 (lenient)": srv.URL + "/language/translate/v2",
	}
	for name, ep := range endpoints {
		for _, custom := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/httpclient=%v", name, custom), func(t *testing.T) {
				srv.Reset()
				c := srv.Config()
				c.Endpoint = ep
				var seen atomic.Int32
				if custom {
					c.HTTPClient = &http.Client{
						Timeout: 10 * time.Second,
						Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
							seen.Add(1)
							return http.DefaultTransport.RoundTrip(r)
						}),
					}
				}
				tr := newBackend(t, c)
				got, err := tr.Translate(context.Background(), &translate.Request{
					Texts:  []string{"שלום", "it's", "שלום עולם"},
					Source: language.Hebrew,
					Target: language.English,
					Format: translate.Text,
					Model:  "nmt",
				})
				require.NoError(t, err)

				reqs := srv.Requests()
				require.Len(t, reqs, 1)
				r := reqs[0]
				assert.Equal(t, http.MethodPost, r.Method, "texts travel in a POST body, never in the URL")
				assert.NotContains(t, r.URI, "q=", "no text in the URL")
				assert.Positive(t, r.BodyLen)
				assert.Equal(t, "/language/translate/v2", r.Path)
				assert.Equal(t, []string{"שלום", "it's", "שלום עולם"}, r.Texts)
				assert.Equal(t, "en", r.Target)
				assert.Equal(t, "iw", r.Source, "Google's code for Hebrew")
				assert.Equal(t, "text", r.Format)
				assert.Equal(t, "nmt", r.Model)
				assert.Equal(t, googletest.Key, r.Key, "the API key reaches the server over plain HTTP")
				assert.Empty(t, r.Authorization)
				if custom {
					assert.EqualValues(t, 1, seen.Load(), "the caller's HTTP client carried the request")
				}

				want := []translate.Translation{
					{Text: "iw>en:שלום", Source: language.Hebrew, Backend: "google", Model: "nmt"},
					{Text: "iw>en:IT'S", Source: language.Hebrew, Backend: "google", Model: "nmt"},
					{Text: "iw>en:שלום עולם", Source: language.Hebrew, Backend: "google", Model: "nmt"},
				}
				assert.Equal(t, want, got)
			})
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFormat(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string { return text })
	tr := newBackend(t, srv.Config())
	tests := []struct {
		format     translate.Format
		wantParam  string
		wantAnswer string
	}{
		{translate.Text, "text", "it's <b>"},
		{"", "text", "it's <b>"}, // the zero Format is plain text
		{translate.HTML, "html", "it&#39;s <b>"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			srv.Reset()
			got, err := tr.Translate(context.Background(), &translate.Request{
				Texts: []string{"it's <b>"}, Source: language.English, Target: language.French, Format: tt.format,
			})
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, tt.wantAnswer, got[0].Text)
			assert.Equal(t, tt.wantParam, srv.Requests()[0].Format)
		})
	}
}

func TestDetectedSource(t *testing.T) {
	srv := googletest.NewServer(t, upper)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{
		Texts:  []string{"שלום", "hello"},
		Target: language.MustParse("fr"),
	})
	require.NoError(t, err)
	r := srv.Requests()[0]
	assert.Empty(t, r.Source, "no source parameter when the request has none")
	assert.Equal(t, "fr", r.Target)
	require.Len(t, got, 2)
	assert.Equal(t, "iw>fr:שלום", got[0].Text)
	assert.Equal(t, "he", got[0].Source.String(), "Google answers iw; bitext says he")
	assert.Equal(t, "en", got[1].Source.String())
	assert.Empty(t, got[0].Model, "no model asked, none answered")
}

// TestDetectedCodes feeds answers with Google's own codes through the library and the backend.
func TestDetectedCodes(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	codes := map[string]string{"iw": "he", "jw": "jv", "tl": "fil", "zh-CN": "zh-Hans", "zh-TW": "zh-Hant", "de": "de", "no": "no"}
	for code, want := range codes {
		t.Run(code, func(t *testing.T) {
			srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
				return googletest.TranslationsReply(googletest.Translation{TranslatedText: "x", DetectedSourceLanguage: code})
			})
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"x"}, Target: language.English})
			require.NoError(t, err)
			require.Len(t, got, 1)
			assert.Equal(t, want, got[0].Source.String())
		})
	}
}

func TestToGoogle(t *testing.T) {
	tests := map[string]string{
		"he":      "iw",
		"he-IL":   "iw",
		"iw":      "iw", // x/text reads iw as he
		"jv":      "jw",
		"fil":     "tl",
		"tl":      "tl",
		"nb":      "no",
		"no":      "no",
		"zh":      "zh-CN",
		"zh-Hans": "zh-CN",
		"zh-CN":   "zh-CN",
		"zh-Hant": "zh-TW",
		"zh-TW":   "zh-TW",
		"zh-HK":   "zh-TW",
		"en":      "en",
		"en-GB":   "en-GB",
		"pt-BR":   "pt-BR",
		"und":     "",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, google.ToGoogle(language.MustParse(in)))
		})
	}
}

func TestFromGoogle(t *testing.T) {
	tests := map[string]string{
		"iw":       "he",
		"he":       "he",
		"jw":       "jv",
		"tl":       "fil",
		"zh-CN":    "zh-Hans",
		"zh-TW":    "zh-Hant",
		"zh":       "zh",
		"en":       "en",
		"pt-PT":    "pt-PT",
		"mni-Mtei": "mni-Mtei",
		"":         "und",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got, err := google.FromGoogle(in)
			require.NoError(t, err)
			assert.Equal(t, want, got.String())
		})
	}
	_, err := google.FromGoogle("not a tag!")
	assert.Error(t, err)
}

func TestBaseURL(t *testing.T) {
	tests := map[string]string{
		"http://127.0.0.1:8080":                                  "http://127.0.0.1:8080/language/translate/",
		"http://127.0.0.1:8080/":                                 "http://127.0.0.1:8080/language/translate/",
		"http://127.0.0.1:8080/language/translate":               "http://127.0.0.1:8080/language/translate/",
		"http://127.0.0.1:8080/language/translate/":              "http://127.0.0.1:8080/language/translate/",
		"http://127.0.0.1:8080/language/translate/v2":            "http://127.0.0.1:8080/language/translate/",
		"https://proxy.example/google/":                          "https://proxy.example/google/language/translate/",
		"https://translation.googleapis.com/language/translate/": "https://translation.googleapis.com/language/translate/",
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got, err := google.BaseURL(in)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
	for _, bad := range []string{"127.0.0.1:8080", "ftp://host/", "http://", "http://h/?key=secret", "http://user:secret@h/", "http://h/%zz?key=secret"} {
		t.Run("bad "+bad, func(t *testing.T) {
			_, err := google.BaseURL(bad)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}

func TestCountMismatch(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	for _, n := range []int{0, 1, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
				ts := make([]googletest.Translation, n)
				for i := range ts {
					ts[i].TranslatedText = "x"
				}
				return googletest.TranslationsReply(ts...)
			})
			got, err := tr.Translate(context.Background(), &translate.Request{
				Texts: []string{"a", "b"}, Source: language.English, Target: language.French,
			})
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Contains(t, err.Error(), fmt.Sprintf("asked for 2 translations, got %d", n))
		})
	}
}

func TestErrors(t *testing.T) {
	type class int
	const (
		retryable class = iota
		rateLimited
		permanent // this request only
		fatal     // every later request too: the job stops
	)
	tests := []struct {
		name      string
		reply     *googletest.Reply
		want      class
		wantAfter time.Duration
	}{
		{"429", withHeader(googletest.ErrorReply(429, "rateLimitExceeded", "Too Many Requests"), "Retry-After", "7"), rateLimited, 7 * time.Second},
		{"429 without reason", &googletest.Reply{Status: 429, Body: "slow down"}, rateLimited, 0},
		{"403 userRateLimitExceeded", googletest.ErrorReply(403, "userRateLimitExceeded", "User Rate Limit Exceeded"), rateLimited, 0},
		{"403 rateLimitExceeded", googletest.ErrorReply(403, "rateLimitExceeded", "Rate Limit Exceeded"), rateLimited, 0},
		{"403 dailyLimitExceeded", googletest.ErrorReply(403, "dailyLimitExceeded", "Daily Limit Exceeded"), fatal, 0},
		{"403 keyInvalid", googletest.ErrorReply(403, "keyInvalid", "API key not valid. Please pass a valid API key."), fatal, 0},
		{"403 forbidden", googletest.ErrorReply(403, "forbidden", "The caller does not have permission"), fatal, 0},
		{"400 invalid", googletest.ErrorReply(400, "invalid", "Invalid Value"), permanent, 0},
		{"400 keyInvalid", googletest.ErrorReply(400, "keyInvalid", "API key not valid. Please pass a valid API key."), fatal, 0},
		{"401", googletest.ErrorReply(401, "authError", "Invalid Credentials"), fatal, 0},
		{"404 html", &googletest.Reply{Status: 404, Body: "<html>not here</html>"}, permanent, 0},
		{"408", &googletest.Reply{Status: 408, Body: "timeout"}, retryable, 0},
		{"500", googletest.ErrorReply(500, "backendError", "Backend Error"), retryable, 0},
		{"503", &googletest.Reply{Status: 503, Body: "unavailable"}, retryable, 0},
	}
	srv := googletest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.SetReplyFn(func(googletest.Request) *googletest.Reply { return tt.reply })
			got, err := tr.Translate(context.Background(), &translate.Request{
				Texts: []string{"a"}, Source: language.English, Target: language.French,
			})
			require.Error(t, err)
			assert.Nil(t, got)
			assert.NotContains(t, err.Error(), googletest.Key)
			assert.Contains(t, err.Error(), "google: translate 1 texts")

			var rl *translate.RateLimitError
			isRate := errors.As(err, &rl)
			isPerm := errors.Is(err, translate.ErrPermanent)
			switch tt.want {
			case rateLimited:
				require.True(t, isRate, "want *RateLimitError, got %v", err)
				assert.False(t, isPerm)
				assert.Equal(t, tt.wantAfter, rl.RetryAfter)
			case permanent, fatal:
				assert.True(t, isPerm, "want ErrPermanent, got %v", err)
				assert.False(t, isRate)
				assert.Equal(t, tt.want == fatal, errors.Is(err, translate.ErrFatal), "fatal? %v", err)
			case retryable:
				assert.False(t, isPerm, "want retryable, got %v", err)
				assert.False(t, isRate)
			}
		})
	}
}

func withHeader(r *googletest.Reply, k, v string) *googletest.Reply {
	r.Header.Set(k, v)
	return r
}

// TestKeyNeverInErrors makes the key show up where it can: a front end's 413 page echoing the
// request URI, a redirect to a URL carrying it, a server that hangs up.
func TestKeyNeverInErrors(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	tests := []struct {
		name  string
		setup func()
		texts []string
		perm  bool
	}{
		{
			name: "413 page echoing the URI",
			// A front end's error page quotes the whole request URI, key included.
			setup: func() {
				srv.SetReplyFn(func(r googletest.Request) *googletest.Reply {
					return &googletest.Reply{Status: 413, Header: http.Header{"Content-Type": {"text/html"}},
						Body: "<p><b>413.</b> The requested URL <code>" + r.URI + "</code> is too large to process."}
				})
			},
			texts: []string{strings.Repeat("א", 3000)},
			perm:  true,
		},
		{
			name: "server quotes the key in JSON",
			setup: func() {
				srv.SetReplyFn(func(r googletest.Request) *googletest.Reply {
					return googletest.ErrorReply(400, "badRequest", "bad request for key="+r.Key+" and "+r.Key)
				})
			},
			texts: []string{"a"},
			perm:  true,
		},
	}
	for _, tt := range tests {
		for _, custom := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/httpclient=%v", tt.name, custom), func(t *testing.T) {
				tt.setup()
				c := srv.Config()
				if custom {
					c.HTTPClient = &http.Client{}
				}
				tr := newBackend(t, c)
				_, err := tr.Translate(context.Background(), &translate.Request{
					Texts: tt.texts, Source: language.Hebrew, Target: language.English,
				})
				require.Error(t, err)
				assert.NotContains(t, err.Error(), googletest.Key)
				assert.NotContains(t, fmt.Sprintf("%+v", err), googletest.Key)
				assert.Less(t, len(err.Error()), 1200, "error text is bounded")
				assert.Equal(t, tt.perm, errors.Is(err, translate.ErrPermanent), "%v", err)
			})
		}
	}

	// A redirect to another port is another server: refused before anything is sent there,
	// named in the error without the query that carries the key.
	t.Run("redirect to a dead address with the key", func(t *testing.T) {
		dead := httptest.NewServer(http.NotFoundHandler())
		deadURL := dead.URL
		dead.Close()
		redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, deadURL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		}))
		defer redirect.Close()
		c := srv.Config()
		c.Endpoint = redirect.URL
		tr := newBackend(t, c)
		_, err := tr.Translate(context.Background(), &translate.Request{
			Texts: []string{"a"}, Source: language.English, Target: language.French,
		})
		require.Error(t, err)
		assert.NotContains(t, err.Error(), googletest.Key)
		assert.NotContains(t, err.Error(), "q=a", "queries are dropped from URLs")
		assert.Contains(t, err.Error(), "refused a redirect to "+deadURL+"/language/translate/v2")
		assert.True(t, errors.Is(err, translate.ErrFatal), "every later request would be redirected too: %v", err)
	})
}

func TestNotConfigured(t *testing.T) {
	_, err := google.New(context.Background(), translate.Config{Getenv: func(string) string { return "" }})
	require.Error(t, err)
	assert.ErrorIs(t, err, translate.ErrNotConfigured)
	for _, name := range []string{"GOOGLE_API_KEY", "GOOGLE_API_KEY_FILE", "GOOGLE_APPLICATION_CREDENTIALS"} {
		assert.Contains(t, err.Error(), strings.TrimSuffix(name, "_FILE"))
	}
}

func TestKeyFile(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	dir := t.TempDir()
	file := filepath.Join(dir, "key")
	require.NoError(t, os.WriteFile(file, []byte(googletest.Key+"\n"), 0o600))
	c := translate.Config{Endpoint: srv.URL, Getenv: func(k string) string {
		if k == "GOOGLE_API_KEY_FILE" {
			return file
		}
		return ""
	}}
	tr := newBackend(t, c)
	_, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.French})
	require.NoError(t, err)
	assert.Equal(t, googletest.Key, srv.Requests()[0].Key, "key read from the file, trimmed")

	c.Getenv = func(k string) string {
		if k == "GOOGLE_API_KEY_FILE" {
			return filepath.Join(dir, "missing")
		}
		return ""
	}
	_, err = google.New(context.Background(), c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GOOGLE_API_KEY_FILE")
	assert.NotErrorIs(t, err, translate.ErrNotConfigured)
}

// TestApplicationDefaultCredentials uses a service-account file whose token_uri is a local fake
// token server, so the library's ADC path runs without network and its bearer token reaches the
// fake over plain HTTP.
func TestApplicationDefaultCredentials(t *testing.T) {
	var tokenCalls atomic.Int32
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokenCalls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"fake-access-token","token_type":"Bearer","expires_in":3600}`))
	}))
	defer tokens.Close()

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	sa, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "bitext-test",
		"private_key_id": "0123456789abcdef",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   "bitext@bitext-test.iam.gserviceaccount.com",
		"client_id":      "1",
		"token_uri":      tokens.URL + "/token",
	})
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "sa.json")
	require.NoError(t, os.WriteFile(file, sa, 0o600))
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file) // the library reads the process environment

	srv := googletest.NewServer(t, nil)
	for _, custom := range []bool{false, true} {
		t.Run(fmt.Sprintf("httpclient=%v", custom), func(t *testing.T) {
			srv.Reset()
			tokenCalls.Store(0)
			c := translate.Config{Endpoint: srv.URL, Getenv: func(k string) string {
				if k == "GOOGLE_APPLICATION_CREDENTIALS" {
					return file
				}
				return ""
			}}
			if custom {
				c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
			}
			tr := newBackend(t, c)
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.French})
			require.NoError(t, err)
			require.Len(t, got, 1)
			r := srv.Requests()[0]
			assert.Empty(t, r.Key, "no API key on the ADC path")
			assert.Equal(t, "Bearer fake-access-token", r.Authorization, "the token from token_uri, sent over plain HTTP")
			assert.EqualValues(t, 1, tokenCalls.Load())
		})
	}
}

func TestSplit(t *testing.T) {
	srv := googletest.NewServer(t, func(text, _, _ string) string { return "T:" + text })
	tr := newBackend(t, srv.Config())
	tests := []struct {
		name      string
		texts     []string
		wantCalls int
	}{
		{"300 short texts", numbered(300, "text"), 3},
		{"128 texts of Hebrew at MaxBytes", hebrewAtLimit(), 1},
		{"129 texts of Hebrew at MaxBytes", append(hebrewAtLimit(), "א"), 2},
		{"60 long Hebrew texts", numbered(60, strings.Repeat("שלום ", 400)), 3}, // 3,600 bytes each
		{"one text of MaxBytes among others", append(append(numbered(3, "a"), strings.Repeat("ש", google.MaxBytes/2)), numbered(3, "b")...), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			got, err := tr.Translate(context.Background(), &translate.Request{
				Texts: tt.texts, Source: language.Hebrew, Target: language.English,
			})
			require.NoError(t, err)
			require.Len(t, got, len(tt.texts))
			for i, tr := range got {
				require.Equal(t, "T:"+tt.texts[i], tr.Text, "answer %d in order", i)
			}
			reqs := srv.Requests()
			var sent []string
			for _, r := range reqs {
				assert.Equal(t, http.MethodPost, r.Method)
				assert.LessOrEqual(t, len(r.Texts), google.MaxTexts)
				assert.Less(t, r.QueryLen, 200, "the URL carries no text")
				sent = append(sent, r.Texts...)
			}
			assert.Equal(t, tt.texts, sent, "every text sent once, in order")
			assert.Equal(t, tt.wantCalls, len(reqs))
		})
	}
}

// TestPOSTvsGET measures why the backend POSTs: 128 strings of the running example's Hebrew
// captions make a URL query of tens of kilobytes under the GET that cloud.google.com/go/translate
// sends (the fake, like front ends, refuses it with 413), and a JSON body of about the texts'
// own UTF-8 size under POST, with a URL of 70 bytes. The numbers are in BENCHMARKS.md and beside google.MaxBytes.
func TestPOSTvsGET(t *testing.T) {
	captions := []string{
		"תקיפה ליד מסגד אל-מחטה בשכונת אל-תופאח, מזרחית לעיר עזה",
		"עידן אלכסנדר, עומר נאוטרה, איתי חן, גדי חגי, ג'ודי ווינשטיין חגי",
	}
	texts := make([]string, google.MaxTexts)
	for i := range texts {
		texts[i] = captions[i%2]
	}
	srv := googletest.NewServer(t, nil)

	tr := newBackend(t, srv.Config())
	_, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.Hebrew, Target: language.English})
	require.NoError(t, err)
	post := srv.Requests()[0]

	srv.Reset()
	c := srv.Config()
	gc, err := gt.NewClient(context.Background(), option.WithEndpoint(c.Endpoint+"/language/translate/"), option.WithAPIKey(googletest.Key))
	require.NoError(t, err)
	defer gc.Close()
	_, err = gc.Translate(context.Background(), texts, language.English, &gt.Options{Source: language.Raw.Make("iw"), Format: gt.Text})
	require.Error(t, err, "the GET is too large for the fake's front end")
	assert.Contains(t, err.Error(), "413")
	get := srv.Requests()[0]

	t.Logf("128 captions: GET query %d bytes, POST body %d bytes (POST URL query %d bytes)", get.QueryLen, post.BodyLen, post.QueryLen)
	assert.Greater(t, get.QueryLen, googletest.MaxURILength)
	assert.Less(t, post.BodyLen, get.QueryLen/2)
	assert.Less(t, post.QueryLen, 200)
}

func numbered(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %d", s, i)
	}
	return out
}

// hebrewAtLimit returns MaxTexts texts of Hebrew letters (two UTF-8 bytes each) adding up
// to MaxBytes bytes.
func hebrewAtLimit() []string {
	per := google.MaxBytes / google.MaxTexts / 2 // letters per text
	out := make([]string, google.MaxTexts)
	for i := range out {
		out[i] = strings.Repeat("ש", per)
	}
	extra := (google.MaxBytes - per*2*google.MaxTexts) / 2
	out[0] += strings.Repeat("ש", extra)
	return out
}

func TestEmptyAndInvalid(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())

	got, err := tr.Translate(context.Background(), &translate.Request{Target: language.English})
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.NotNil(t, got)

	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}})
	assert.ErrorIs(t, err, translate.ErrPermanent, "no target")
	assert.Zero(t, srv.RequestCount())
}

func TestContextCanceled(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := tr.Translate(ctx, &translate.Request{Texts: []string{"a"}, Target: language.English})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, translate.ErrPermanent)
}

func TestConcurrent(t *testing.T) {
	srv := googletest.NewServer(t, upper)
	tr := newBackend(t, srv.Config())
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			text := fmt.Sprintf("text %d", i)
			got, err := tr.Translate(context.Background(), &translate.Request{
				Texts: []string{text}, Source: language.English, Target: language.German,
			})
			if err == nil && got[0].Text != "en>de:"+strings.ToUpper(text) {
				err = fmt.Errorf("got %q for %q", got[0].Text, text)
			}
			errs <- err
		}()
	}
	for range 8 {
		assert.NoError(t, <-errs)
	}
	assert.Equal(t, 8, srv.RequestCount())
}

// TestConforms runs the translatetest conformance suite over the backend and the fake server.
func TestConforms(t *testing.T) {
	srv := googletest.NewServer(t, nil)
	translatetest.Run(t, func(t *testing.T) translate.Translator { return newBackend(t, srv.Config()) }, translatetest.Options{})
}

// A Google-compatible server that takes fewer strings per request than Google's 128 answers
// 400 "Too many text segments" (Google's own shape): the backend halves its batch until the
// server accepts it, translates everything, and starts later requests at the lowered size.
func TestLowersBatchOnTooManySegments(t *testing.T) {
	const serverMax = 20
	srv := googletest.NewServer(t, nil)
	srv.SetReplyFn(func(r googletest.Request) *googletest.Reply {
		if len(r.Texts) > serverMax {
			return googletest.ErrorReply(http.StatusBadRequest, "invalid", "Too many text segments")
		}
		return nil
	})
	tr := newBackend(t, srv.Config())
	texts := make([]string, 100)
	for i := range texts {
		texts[i] = fmt.Sprintf("text %d", i)
	}
	req := &translate.Request{Texts: texts, Source: language.English, Target: language.French}
	res, err := tr.Translate(context.Background(), req)
	require.NoError(t, err)
	require.Len(t, res, len(texts))
	for i, r := range res {
		assert.Contains(t, r.Text, texts[i], "in order")
	}
	var sizes []int
	for _, ts := range srv.TextsPerRequest() {
		sizes = append(sizes, len(ts))
	}
	assert.Equal(t, []int{100, 50, 25, 12, 12, 12, 12, 12, 12, 12, 12, 4}, sizes)
	assert.Equal(t, 12, tr.(*google.Translator).Limits().Texts)

	srv.Reset()
	_, err = tr.Translate(context.Background(), req)
	require.NoError(t, err)
	assert.Len(t, srv.TextsPerRequest(), 9, "the next request starts at the lowered size: no refused request")

	// A single text refused so is a plain permanent error, not an endless halving.
	srv.SetReplyFn(func(googletest.Request) *googletest.Reply {
		return googletest.ErrorReply(http.StatusBadRequest, "invalid", "Too many text segments")
	})
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Source: language.English, Target: language.French})
	require.Error(t, err)
	assert.ErrorIs(t, err, translate.ErrPermanent)
}
