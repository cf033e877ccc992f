package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seed77ff/bitext/translate"
)

// DefaultTimeout bounds one request when the caller gives no HTTP client. A batch of 50 texts
// takes DeepL a few seconds; an LLM answering a long batch may take a minute.
const DefaultTimeout = 2 * time.Minute

// MaxBody is the most bytes of an answer read. Answers are a few times the request (at most
// 128 KiB for DeepL); an endless or hostile body must not exhaust memory.
const MaxBody = 16 << 20

// MaxErrorText bounds the provider text quoted in an error: error pages can be long.
const MaxErrorText = 500

// Client returns c, or a client with DefaultTimeout when c is nil.
func Client(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return &http.Client{Timeout: DefaultTimeout}
}

// Root validates a service root from --endpoint or an environment variable and returns it
// without a trailing slash. Each suffix in strip is removed from the end of the path first, so
// that a user who pastes the full method URL ("…/v2/translate") still gets the root. A user, a
// query or a fragment is rejected: credentials belong in the environment, not in a URL that
// shows in ps and in error text.
func Root(backend, endpoint string, strip ...string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return "", fmt.Errorf("%s: endpoint: not a URL", backend)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" {
		shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
		return "", fmt.Errorf("%s: endpoint %q: want http(s)://host[:port][/path] with no user, query or fragment",
			backend, shown.String())
	}
	p := strings.TrimRight(u.Path, "/")
	for _, s := range strip {
		p = strings.TrimSuffix(p, s)
	}
	u.Path, u.RawPath = strings.TrimRight(p, "/"), ""
	return u.String(), nil
}

// Response is an HTTP answer read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends one request and reads the answer. body is sent with contentType when not nil.
// Transport errors are returned scrubbed of secrets; their class (timeout, canceled) is kept
// for errors.Is and Timeout. The answer is returned whatever its status; the caller classifies.
func Do(ctx context.Context, c *http.Client, method, rawURL string, header http.Header,
	contentType string, body []byte, secrets ...string) (*Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return nil, &ScrubbedError{Msg: Scrub(err.Error(), secrets...), Cause: err}
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("User-Agent", "bitext")
	resp, err := Client(c).Do(req)
	if err != nil {
		return nil, &ScrubbedError{Msg: Scrub(err.Error(), secrets...), Cause: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, &ScrubbedError{Msg: "read answer: " + Scrub(err.Error(), secrets...), Cause: err}
	}
	if len(b) > MaxBody {
		return nil, fmt.Errorf("answer larger than %d bytes", MaxBody)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// Classify puts err, the error for an HTTP answer with the given status, into translate's
// classes: 429 is a *translate.RateLimitError carrying the Retry-After delay; 408 and 5xx may
// pass on a retry and are returned as they are; other 4xx are translate.Permanent. Backends
// handle their own special statuses (DeepL's 456) before calling it.
func Classify(status int, h http.Header, err error) error {
	switch {
	case status == http.StatusTooManyRequests:
		return &translate.RateLimitError{RetryAfter: RetryAfter(h, time.Now()), Err: err}
	case status == http.StatusRequestTimeout, status >= 500:
		return err
	case status >= 400:
		return translate.Permanent(err)
	}
	return err
}

// RetryAfter reads a Retry-After header in seconds or as an HTTP date relative to now; zero
// when absent, malformed or in the past.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s > 0 {
			return time.Duration(s) * time.Second
		}
		return 0
	}
	if at, err := http.ParseTime(v); err == nil {
		if d := at.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// Scrub removes every secret from msg and shortens it to MaxErrorText bytes (on a rune
// boundary). Secrets shorter than 4 bytes are left alone: they would match ordinary text.
func Scrub(msg string, secrets ...string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "REDACTED")
			// A key may come back escaped in a JSON error body or a URL.
			msg = strings.ReplaceAll(msg, url.QueryEscape(s), "REDACTED")
		}
	}
	if len(msg) > MaxErrorText {
		cut := MaxErrorText
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}

// ScrubbedError carries a message already scrubbed of secrets. It has no Unwrap on purpose: the
// original error's text may hold a secret. Is and Timeout consult the original, so
// errors.Is(err, context.Canceled) and net.Error-style timeout checks keep working.
type ScrubbedError struct {
	Msg   string
	Cause error
}

func (e *ScrubbedError) Error() string { return e.Msg }

// Is reports whether the original error matches target.
func (e *ScrubbedError) Is(target error) bool { return errors.Is(e.Cause, target) }

// Timeout reports whether the original error was a timeout.
func (e *ScrubbedError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.Cause, &t) && t.Timeout()
}

// Snippet returns a short, printable excerpt of an answer body for an error message.
func Snippet(body []byte) string {
	s := strings.TrimSpace(string(body))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "�")
	}
	const max = 200
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.Join(strings.Fields(s), " ")
}
