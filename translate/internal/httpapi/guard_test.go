package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// otherHost starts a server on 127.0.0.2, another host than httptest's 127.0.0.1 (both are
// loopback on Linux), counting the requests it gets.
func otherHost(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("127.0.0.2 is not reachable here: %v", err)
	}
	var n atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.WriteString(w, "{}")
	}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &n
}

// Every redirect status to another host is refused, with the target named without its query,
// whatever the caller's own redirect policy says; a redirect on the same host is followed.
func TestClientRefusesRedirectsToAnotherHost(t *testing.T) {
	other, hits := otherHost(t)
	var same atomic.Int64
	var code atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/here" {
			same.Add(1)
			_, _ = io.WriteString(w, "followed")
			return
		}
		target := other.URL + "/translate?key=s3cret-key-value"
		if r.URL.Path == "/local" {
			target = "/here"
		}
		http.Redirect(w, r, target, int(code.Load()))
	}))
	defer srv.Close()

	allowAll := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, c := range []*http.Client{nil, allowAll} {
			t.Run(fmt.Sprintf("%d/own-policy=%v", status, c != nil), func(t *testing.T) {
				code.Store(int64(status))
				_, err := httpapi.Do(context.Background(), c, http.MethodPost, srv.URL+"/translate",
					nil, "application/json", []byte(`{"api_key":"s3cret-key-value"}`), "s3cret-key-value")
				require.Error(t, err)
				assert.Contains(t, err.Error(), "refused a redirect to "+other.URL+"/translate")
				assert.NotContains(t, err.Error(), "s3cret-key-value")
				assert.ErrorIs(t, err, translate.ErrFatal)
				var re *httpapi.RedirectError
				assert.False(t, errors.As(err, &re), "ScrubbedError hides the cause; Is still works")

				resp, err := httpapi.Do(context.Background(), c, http.MethodPost, srv.URL+"/local", nil, "text/plain", []byte("x"))
				require.NoError(t, err)
				assert.Equal(t, "followed", string(resp.Body))
			})
		}
	}
	assert.Zero(t, hits.Load(), "no request reached the other host")
	assert.Equal(t, int64(10), same.Load())
}

// An answer over AnswerLimit fails with a permanent error at the limit, whether the server
// announces its length or streams without one; an answer of exactly the limit is read.
func TestAnswerLimit(t *testing.T) {
	assert.Equal(t, int64(1<<20), httpapi.AnswerLimit(0))
	assert.Equal(t, int64(64*1000+1<<20), httpapi.AnswerLimit(1000))
	assert.Equal(t, int64(httpapi.MaxAnswer), httpapi.AnswerLimit(10<<20))
	assert.Equal(t, int64(httpapi.MaxAnswer), httpapi.AnswerLimit(1<<62))

	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		chunk := strings.Repeat("x", 64<<10)
		for left := n; left > 0; left -= len(chunk) {
			m, err := io.WriteString(w, chunk[:min(left, len(chunk))])
			served.Add(int64(m))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	body := []byte(strings.Repeat("a", 100)) // plus the query: the limit is 64 × size + 1 MiB
	for _, chunked := range []string{"", "1"} {
		q := func(n int64) string { return fmt.Sprintf("%s/?chunked=%s&n=%d", srv.URL, chunked, n) }
		// The request's size counts its query, which holds n: find the n that is its own limit.
		var limit int64
		for range 3 {
			limit = httpapi.AnswerLimit(int64(len(body)) + int64(len(strings.TrimPrefix(q(limit), srv.URL+"/?"))))
		}
		resp, err := httpapi.Do(context.Background(), nil, http.MethodPost, q(limit), nil, "text/plain", body)
		require.NoError(t, err, "an answer of exactly the limit is read")
		assert.Len(t, resp.Body, int(limit))
		_, err = httpapi.Do(context.Background(), nil, http.MethodPost, q(limit+1), nil, "text/plain", body)
		require.Error(t, err, "one byte more is refused (the query's one more digit aside, the limit is the same)")

		served.Store(0)
		_, err = httpapi.Do(context.Background(), nil, http.MethodPost, q(200<<20), nil, "text/plain", body)
		require.Error(t, err, "chunked=%q", chunked)
		assert.ErrorIs(t, err, translate.ErrPermanent, "not fetched again by the retry middleware")
		assert.Contains(t, err.Error(), "answer larger than")
		assert.Less(t, served.Load(), int64(8<<20), "the client stopped reading near the limit")
	}
}
