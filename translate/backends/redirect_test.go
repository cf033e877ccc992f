package backends_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
)

// listen starts handler on addr ("127.0.0.1:0", "127.0.0.2:0"), speaking HTTP/1.1 and
// HTTP/2 without TLS (gRPC's plaintext), and returns its base URL.
func listen(t *testing.T, addr string, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("%s is not reachable here: %v", addr, err)
	}
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv := &http.Server{Handler: h, Protocols: &p}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + l.Addr().String()
}

// seen is what the other host received.
type seen struct {
	mu   sync.Mutex
	reqs []string // method, URL, headers and body of each request
}

func (s *seen) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, fmt.Sprintf("%s %s %v %s", r.Method, r.URL, r.Header, body))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{}`)
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// TestNoCredentialFollowsARedirect points every backend that holds a credential at a server
// on 127.0.0.1 that answers each request with a redirect to the same path on 127.0.0.2, for
// each redirect status and with the caller's own HTTP client allowing every redirect: no
// request at all reaches 127.0.0.2 (so neither Google's ?key=, DeepL's and OpenAI's
// Authorization header nor LibreTranslate's api_key in a 307-resent body), and the error names
// the redirect's target without the key. Google v3 speaks gRPC, which follows no redirect:
// its call fails on the 307 status and sends nothing elsewhere either.
func TestNoCredentialFollowsARedirect(t *testing.T) {
	other := &seen{}
	otherURL := listen(t, "127.0.0.2:0", other)
	var status sync.Map // the redirect status, per backend (subtests run one at a time)
	var current string
	var mu sync.Mutex
	from := listen(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		code, _ := status.Load(current)
		mu.Unlock()
		w.Header().Set("Location", otherURL+r.URL.RequestURI())
		w.WriteHeader(code.(int))
	}))

	const (
		googleKey = "AIzaSyREDIRECT-bitext-test-key-01234567"
		deeplKey  = "0c0ffee0-1111-2222-3333-444455556666:fx"
		libreKey  = "libre-REDIRECT-key-0123456789"
		openaiKey = "sk-proj-REDIRECTkey0123456789abcdefghijklmnop"
	)
	cases := []struct {
		backend, endpoint, model, key string
		env                           map[string]string
	}{
		{"google", from, "", googleKey, map[string]string{"GOOGLE_API_KEY": googleKey}},
		{"deepl", from, "", deeplKey, map[string]string{"DEEPL_AUTH_KEY": deeplKey}},
		{"libre", from, "", libreKey, map[string]string{"LIBRETRANSLATE_API_KEY": libreKey}},
		{"openai", from + "/v1", "m", openaiKey, map[string]string{"OPENAI_API_KEY": openaiKey}},
		{"google-v3", from, "", "", map[string]string{"GOOGLE_CLOUD_PROJECT": "p"}},
	}
	permissive := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	reg := backends.Default()
	for _, tc := range cases {
		for _, code := range []int{301, 302, 303, 307, 308} {
			for _, hc := range []*http.Client{nil, permissive} {
				t.Run(fmt.Sprintf("%s/%d/own-client=%v", tc.backend, code, hc != nil), func(t *testing.T) {
					mu.Lock()
					current = tc.backend
					status.Store(tc.backend, code)
					mu.Unlock()
					b, ok := reg.Lookup(tc.backend)
					require.True(t, ok)
					cfg := translate.Config{Endpoint: tc.endpoint, Model: tc.model, HTTPClient: hc,
						Getenv: func(k string) string { return tc.env[k] }}
					tr, err := b.New(context.Background(), cfg)
					require.NoError(t, err)
					if c, ok := tr.(io.Closer); ok {
						defer c.Close()
					}
					_, err = tr.Translate(context.Background(), &translate.Request{
						Texts: []string{"שלום לכולם"}, Source: language.Hebrew, Target: language.English,
						Glossary: []translate.Term{{Source: "שלום", Target: "hello"}}, GlossaryID: "abc",
					})
					require.Error(t, err)
					if tc.backend != "google-v3" {
						assert.Contains(t, err.Error(), "refused a redirect to "+otherURL+"/")
						assert.ErrorIs(t, err, translate.ErrFatal, "the job stops: every request would be redirected")
					}
					if tc.key != "" {
						assert.NotContains(t, err.Error(), tc.key)
					}
				})
			}
		}
	}
	got := other.all()
	assert.Empty(t, got, "requests reached 127.0.0.2")
	for _, r := range got {
		for _, tc := range cases {
			if tc.key != "" {
				assert.False(t, strings.Contains(r, tc.key), "%s's credential reached 127.0.0.2: %s", tc.backend, r)
			}
		}
	}
}
