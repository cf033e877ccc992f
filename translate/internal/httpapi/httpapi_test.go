package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

func TestRoot(t *testing.T) {
	tests := []struct {
		in, want string
		strip    []string
		bad      bool
	}{
		{in: "http://127.0.0.1:5000", want: "http://127.0.0.1:5000"},
		{in: "http://127.0.0.1:5000/", want: "http://127.0.0.1:5000"},
		{in: "https://api.deepl.com/v2/translate", want: "https://api.deepl.com", strip: []string{"/v2/translate", "/v2"}},
		{in: "https://api.deepl.com/v2/", want: "https://api.deepl.com", strip: []string{"/v2/translate", "/v2"}},
		{in: "https://proxy.example/deepl/", want: "https://proxy.example/deepl"},
		{in: "http://host/v1/chat/completions", want: "http://host/v1", strip: []string{"/chat/completions"}},
		{in: "ftp://host/", bad: true},
		{in: "http://user:secret@host/", bad: true},
		{in: "http://host/?key=secret", bad: true},
		{in: "http://host/#x", bad: true},
		{in: "host:80", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := httpapi.Root("x", tt.in, tt.strip...)
			if tt.bad {
				require.Error(t, err)
				assert.NotContains(t, err.Error(), "secret")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"0":                             0,
		"-1":                            0,
		"soon":                          0,
		"Thu, 26 Nov 2026 10:00:07 GMT": 7 * time.Second,
		"Thu, 26 Nov 2026 09:59:00 GMT": 0,
	}
	for v, want := range tests {
		t.Run(v, func(t *testing.T) {
			h := http.Header{}
			if v != "" {
				h.Set("Retry-After", v)
			}
			assert.Equal(t, want, httpapi.RetryAfter(h, now))
		})
	}
}

func TestClassify(t *testing.T) {
	base := errors.New("boom")
	h := http.Header{"Retry-After": {"2"}}
	tests := []struct {
		status    int
		rate      bool
		permanent bool
	}{
		{429, true, false},
		{400, false, true},
		{401, false, true},
		{403, false, true},
		{404, false, true},
		{408, false, false},
		{500, false, false},
		{503, false, false},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			err := httpapi.Classify(tt.status, h, base)
			var rl *translate.RateLimitError
			assert.Equal(t, tt.rate, errors.As(err, &rl))
			if tt.rate {
				assert.Equal(t, 2*time.Second, rl.RetryAfter)
			}
			assert.Equal(t, tt.permanent, errors.Is(err, translate.ErrPermanent))
			assert.ErrorIs(t, err, base)
		})
	}
}

func TestScrub(t *testing.T) {
	key := "sk-secret-key/with+chars"
	msg := "bad key " + key + " in url ?k=sk-secret-key%2Fwith%2Bchars"
	got := httpapi.Scrub(msg, key, "")
	assert.NotContains(t, got, "secret")
	assert.Equal(t, "ab", httpapi.Scrub("ab", "abc"), "short secrets are left alone")
	long := httpapi.Scrub(strings.Repeat("ש", 400))
	assert.LessOrEqual(t, len(long), httpapi.MaxErrorText+len("…"))
	assert.True(t, strings.HasSuffix(long, "…"))
}

func TestDo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, "Bearer k", r.Header.Get("Authorization"))
		assert.Equal(t, "bitext", r.Header.Get("User-Agent"))
		w.Header().Set("X-Test", "1")
		w.WriteHeader(418)
		_, _ = w.Write([]byte("teapot"))
	}))
	defer srv.Close()
	resp, err := httpapi.Do(context.Background(), nil, http.MethodPost, srv.URL,
		http.Header{"Authorization": {"Bearer k"}}, "application/json", []byte("{}"))
	require.NoError(t, err)
	assert.Equal(t, 418, resp.Status)
	assert.Equal(t, "teapot", string(resp.Body))
	assert.Equal(t, "1", resp.Header.Get("X-Test"))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = httpapi.Do(ctx, nil, http.MethodGet, srv.URL+"/secret-path", nil, "", nil, "secret-path")
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, err.Error(), "secret-path")
}

func TestSnippet(t *testing.T) {
	assert.Equal(t, "a b", httpapi.Snippet([]byte("  a\n\n b ")))
	assert.Equal(t, "�", httpapi.Snippet([]byte{0xff}))
	assert.LessOrEqual(t, len(httpapi.Snippet([]byte(strings.Repeat("x", 1000)))), 204)
}
