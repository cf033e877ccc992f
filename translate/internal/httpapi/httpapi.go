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

// MaxAnswer is the most bytes of an answer ever read, whatever the request: 64 MiB.
const MaxAnswer = 64 << 20

// AnswerLimit is the most bytes of an answer read for a request of size bytes (body and URL
// query): 64 times the request plus 1 MiB, at most MaxAnswer. A translation is a few times
// its source at worst (UTF-8 Hindi for ASCII English, JSON escapes, an LLM's wrapping); an
// endless or hostile body must not exhaust memory, and a 200 MB answer was read whole at
// 1.3 GB RSS before this bound.
func AnswerLimit(size int64) int64 {
	if size < 0 {
		size = 0
	}
	if size > (MaxAnswer-1<<20)/64 {
		return MaxAnswer
	}
	return min(64*size+1<<20, MaxAnswer)
}

// MaxErrorText bounds the provider text quoted in an error: error pages can be long.
const MaxErrorText = 500

// Client returns the client every HTTP backend sends with: a copy of c (nil: a client with
// DefaultTimeout) whose redirect policy refuses, with a *RedirectError, any redirect to
// another scheme or host, and whose answers are cut at AnswerLimit with a *TooLargeError.
// c's own CheckRedirect, if any, is consulted only for redirects that stay on the host: a
// caller's policy cannot let credentials follow a redirect elsewhere. Credentials travel in
// every request (Google's client adds ?key= to each one, LibreTranslate's key is in the body,
// which 307 and 308 resend), so following a redirect to another host would hand them over.
func Client(c *http.Client) *http.Client {
	var hc http.Client
	if c != nil {
		hc = *c
	} else {
		hc.Timeout = DefaultTimeout
	}
	if _, ok := hc.Transport.(*guard); !ok {
		hc.Transport = &guard{base: hc.Transport}
	}
	hc.CheckRedirect = sameHost(hc.CheckRedirect)
	return &hc
}

// maxRedirects is net/http's own default bound on a redirect chain.
const maxRedirects = 10

// sameHost wraps next, a client's redirect policy, so that a redirect leaving the first
// request's scheme and host is refused whatever next says.
func sameHost(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	f := func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
			return &RedirectError{From: shown(first), To: shown(req.URL)}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	return f
}

// guarded returns c when Client made it, else Client(c).
func guarded(c *http.Client) *http.Client {
	if c != nil {
		if _, ok := c.Transport.(*guard); ok {
			return c
		}
	}
	return Client(c)
}

// shown is u without user, query and fragment: what a message may quote of a URL.
func shown(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// RedirectError is a redirect Client refused because it leaves the configured host. It is
// translate.ErrFatal (and so ErrPermanent): every later request would be redirected too.
type RedirectError struct {
	// From and To are the configured URL and the redirect's target, without query.
	From, To string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("refused a redirect to %s (from %s): credentials are never sent to a host other than the configured one; set the endpoint to the server that answers", e.To, e.From)
}

// Is makes errors.Is(err, translate.ErrFatal) and errors.Is(err, translate.ErrPermanent) hold.
func (e *RedirectError) Is(target error) bool {
	return target == translate.ErrFatal || target == translate.ErrPermanent
}

// TooLargeError is an answer longer than AnswerLimit of its request. It is
// translate.ErrPermanent: the same request would get the same answer, so it is not fetched again.
type TooLargeError struct {
	// Limit is the bound the answer exceeded; RequestSize the request's size it came from.
	Limit, RequestSize int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("answer larger than %d bytes, the limit for a %d-byte request (64 × the request + 1 MiB, at most 64 MiB)", e.Limit, e.RequestSize)
}

// Is makes errors.Is(err, translate.ErrPermanent) hold.
func (e *TooLargeError) Is(target error) bool { return target == translate.ErrPermanent }

// guard is the transport Client installs: it bounds each answer's body by AnswerLimit.
type guard struct{ base http.RoundTripper }

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	base := g.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || resp.Body == nil {
		return resp, err
	}
	size := max(req.ContentLength, 0) + int64(len(req.URL.RawQuery))
	limit := AnswerLimit(size)
	if resp.ContentLength > limit {
		resp.Body.Close()
		return nil, &TooLargeError{Limit: limit, RequestSize: size}
	}
	resp.Body = &cappedBody{rc: resp.Body, left: limit, limit: limit, size: size}
	return resp, nil
}

// cappedBody reads at most limit bytes, then fails with a *TooLargeError.
type cappedBody struct {
	rc          io.ReadCloser
	left        int64
	limit, size int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells an answer of exactly limit bytes from a longer one.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, &TooLargeError{Limit: b.limit, RequestSize: b.size}
		}
		return b.rc.Read(p[:0])
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

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
	resp, err := guarded(c).Do(req)
	if err != nil {
		return nil, &ScrubbedError{Msg: Scrub(err.Error(), secrets...), Cause: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &ScrubbedError{Msg: "read answer: " + Scrub(err.Error(), secrets...), Cause: err}
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
