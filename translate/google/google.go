package google

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	raw "google.golang.org/api/translate/v2"
	htransport "google.golang.org/api/transport/http"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// Name is the backend's registered name, what --backend takes.
const Name = "google"

// The environment variables the backend reads.
const (
	// EnvAPIKey holds an API key; EnvAPIKey+"_FILE" may name a file holding it instead.
	EnvAPIKey = "GOOGLE_API_KEY"
	// EnvCredentials names a credentials file for Application Default Credentials. The client
	// library reads it from the process environment itself.
	EnvCredentials = "GOOGLE_APPLICATION_CREDENTIALS"
)

const (
	// MaxTexts is the most strings one request carries: Google v2 accepts at most 128 q
	// values per request ("The maximum number of strings is 128", the v2 translate
	// reference; more get 400 "Too many text segments").
	MaxTexts = 128

	// MaxBytes is the most UTF-8 bytes of text one request carries: Google v2 rejects
	// requests of more than about 100K bytes of text (design §4; Google's quotas page, read
	// 2026-11-26, adds that it recommends at most 5K code points per request for latency,
	// which is advice, not a limit).
	//
	// Requests go out as POST with a JSON body (Translations.Translate of the generated
	// google.golang.org/api/translate/v2 client), so this is the only size that matters.
	// cloud.google.com/go/translate's Client.Translate instead calls Translations.List, a GET
	// with every string in the URL query, and large batches fail with 413 long before this
	// limit (https://github.com/googleapis/google-cloud-go/issues/3464). Measured with the
	// running example's two Hebrew captions repeated to 128 strings (TestPOSTvsGET,
	// BENCHMARKS.md): 38,630 bytes of URL query under GET (every byte of Hebrew becomes %XX)
	// against a 14,014-byte JSON body and a 70-byte URL under POST. The former GET budget of
	// 8 KiB held 2,400 bytes of text, 22 of those captions per request: six requests where
	// POST needs one.
	MaxBytes = 100_000

	// inFlight is the default number of concurrent requests, as for every cloud backend.
	inFlight = 4
)

// Register adds the "google" backend record to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name:     Name,
		AutoRank: 1,
		Doc:      "Google Cloud Translation v2 (Basic), POST requests through google.golang.org/api/translate/v2",
		Env:      []string{EnvAPIKey, EnvAPIKey + "_FILE", EnvCredentials},
		Limits: translate.Limits{
			Texts:    MaxTexts,
			Bytes:    MaxBytes,
			InFlight: inFlight,
		},
		// Google bills every character sent, whitespace included, whatever its UTF-8 length.
		BillingUnit: "characters",
		// Cloud Translation - Basic (v2), NMT: 20 USD per million characters from 500,000 to one
		// billion characters a month (the first 500,000 are covered by a monthly credit).
		// Source: https://cloud.google.com/translate/pricing
		Price: translate.Price{
			PerMillion: 20,
			Currency:   "USD",
			PricedOn:   "2026-11-26",
			Source:     "https://cloud.google.com/translate/pricing",
		},
		Cacheable:  true,
		Configured: Configured,
		New: func(ctx context.Context, c translate.Config) (translate.Translator, error) {
			t, err := New(ctx, c)
			if err != nil {
				return nil, err // not a typed nil *Translator inside the interface
			}
			return t, nil
		},
	})
}

// Configured reports whether c's environment names an API key, a key file or Application
// Default Credentials.
func Configured(c translate.Config) bool {
	return c.AnySet(EnvAPIKey, EnvAPIKey+"_FILE", EnvCredentials)
}

// Translator is the Google v2 backend. It is safe for concurrent use.
type Translator struct {
	svc   *raw.Service
	model string
	// maxTexts is the most texts one request carries: MaxTexts, lowered when a
	// Google-compatible server answers "Too many text segments" to fewer.
	maxTexts atomic.Int64
	// key is kept only to scrub it from error text.
	key string
}

// New returns a Translator for c.
//
// Credentials: an API key from GOOGLE_API_KEY (or the file named by GOOGLE_API_KEY_FILE); else,
// when GOOGLE_APPLICATION_CREDENTIALS is set, Application Default Credentials found by the client
// library; else an error wrapping translate.ErrNotConfigured.
//
// c.Endpoint may name the service root (http://host:port/) or the client library's base
// (http://host:port/language/translate/), with or without the trailing slash; requests go to
// …/language/translate/v2 either way. Empty means Google's production service. c.HTTPClient, if
// set, carries the requests, with the credentials added to it; whatever its redirect policy, a
// redirect to another host is refused (the key would follow it) and answers are bounded
// (httpapi.Client).
func New(ctx context.Context, c translate.Config) (*Translator, error) {
	key, err := c.Secret(EnvAPIKey)
	if err != nil {
		return nil, fmt.Errorf("google: %w", err)
	}
	var auth []option.ClientOption
	switch {
	case key != "":
		auth = append(auth, option.WithAPIKey(key))
	case c.Lookup(EnvCredentials) != "":
		// Application Default Credentials: the library reads GOOGLE_APPLICATION_CREDENTIALS itself.
	default:
		return nil, fmt.Errorf("google: set %s (or %s_FILE) or %s: %w",
			EnvAPIKey, EnvAPIKey, EnvCredentials, translate.ErrNotConfigured)
	}

	var opts []option.ClientOption
	if c.Endpoint != "" {
		base, err := BaseURL(c.Endpoint)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option.WithEndpoint(base))
	}
	// The library's credentials (the API key as ?key= on every request, or ADC tokens) go in a
	// transport of its own, under bitext's HTTP client: httpapi.Client refuses redirects to
	// another host, which would carry the key there, and bounds every answer. WithHTTPClient
	// makes the library skip every credential option, hence NewTransport here.
	var hc http.Client
	if c.HTTPClient != nil {
		hc = *c.HTTPClient
	} else {
		hc.Timeout = httpapi.DefaultTimeout
	}
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	rt, err := htransport.NewTransport(ctx, base, append(auth, option.WithScopes(raw.CloudPlatformScope))...)
	if err != nil {
		return nil, fmt.Errorf("google: credentials: %s", scrub(err.Error(), key))
	}
	hc.Transport = rt
	opts = append(opts, option.WithHTTPClient(httpapi.Client(&hc)))
	svc, err := raw.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("google: new client: %s", scrub(err.Error(), key))
	}
	t := &Translator{svc: svc, model: c.Model, key: key}
	t.maxTexts.Store(MaxTexts)
	return t, nil
}

// BaseURL returns the client library's base path for a --endpoint value: the service root
// "http://host:port" or the base "http://host:port/language/translate", each with or without a
// trailing slash, become "http://host:port/language/translate/", to which the library appends
// "v2". A path before /language/translate is kept (a proxy's prefix); "…/language/translate/v2"
// is accepted too.
func BaseURL(endpoint string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		// The text quotes the endpoint, which might carry a secret someone put there.
		return "", fmt.Errorf("google: endpoint: %s", scrub(err.Error(), ""))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" {
		shown := *u
		shown.RawQuery, shown.Fragment = "", ""
		return "", fmt.Errorf("google: endpoint %q: want http(s)://host[:port]/ or http(s)://host[:port]/language/translate/ (no query, no user)",
			shown.Redacted())
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/language/translate/v2") // keep the base, drop the method
	p = strings.TrimSuffix(p, "/language/translate")
	u.Path = p + "/language/translate/"
	u.RawPath = ""
	return u.String(), nil
}

// Close releases nothing: the generated service holds no resources beyond its HTTP
// client's idle connections. It is kept so that callers written for the former client work.
func (t *Translator) Close() error { return nil }

// Translate implements translate.Translator. Every text shares req.Source (one source per
// request, as v2 takes); language.Und lets Google detect it, and each Translation then
// carries the detected language in BCP 47. A request over MaxTexts or MaxBytes (from a caller
// that ignores the registered limits) is sent in several POSTs, one after another, and the
// answers joined in order. A server that refuses a batch as "Too many text segments" (a
// Google-compatible server with a lower limit) gets it again in halves, and every later
// request is no larger (Limits), as the LibreTranslate backend does with its server's limits.
func (t *Translator) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	n := len(req.Texts)
	if n == 0 {
		return []translate.Translation{}, nil
	}
	if req.Target == language.Und {
		return nil, translate.Permanent(fmt.Errorf("google: translate %d texts: no target language", n))
	}
	body := raw.TranslateTextRequest{Target: ToGoogle(req.Target), Format: "text", Model: req.Model}
	if req.Format == translate.HTML {
		body.Format = "html"
	}
	if body.Model == "" {
		body.Model = t.model
	}
	if req.Source != language.Und {
		body.Source = ToGoogle(req.Source)
	}

	out := make([]translate.Translation, 0, n)
	for lo := 0; lo < n; {
		hi := chunkEnd(req.Texts, lo, int(t.maxTexts.Load()))
		b := body
		b.Q = req.Texts[lo:hi]
		res, err := t.svc.Translations.Translate(&b).Context(ctx).Do()
		if err != nil {
			if tooManySegments(err) && hi-lo > 1 {
				// A Google-compatible server with a lower limit than Google's 128: it does not
				// say its limit, so halve the batch, for this and every later request.
				t.lower((hi - lo) / 2)
				continue
			}
			return nil, t.classify(n, err)
		}
		lo = hi
		// Google has answered fewer translations than texts (0 for 128) with a 200.
		if err := translate.CheckCount(Name, len(b.Q), len(res.Translations)); err != nil {
			return nil, err
		}
		for _, r := range res.Translations {
			if r == nil {
				return nil, fmt.Errorf("google: translate %d texts: null translation in the answer", n)
			}
			src := req.Source
			if src == language.Und && r.DetectedSourceLanguage != "" {
				if s, err := FromGoogle(r.DetectedSourceLanguage); err == nil {
					src = s
				}
			}
			model := r.Model
			if model == "" {
				model = body.Model
			}
			out = append(out, translate.Translation{Text: r.TranslatedText, Source: src, Backend: Name, Model: model})
		}
	}
	return out, nil
}

// chunkEnd returns the end of the run of texts starting at lo: at most maxTexts texts and
// MaxBytes bytes. A text over MaxBytes on its own goes alone, and Google answers it with a 400.
func chunkEnd(texts []string, lo, maxTexts int) int {
	size := 0
	for i := lo; i < len(texts); i++ {
		if i > lo && (i-lo == maxTexts || size+len(texts[i]) > MaxBytes) {
			return i
		}
		size += len(texts[i])
	}
	return len(texts)
}

// lower lowers the most texts per request to n, never raising it.
func (t *Translator) lower(n int) {
	for {
		cur := t.maxTexts.Load()
		if int64(n) >= cur || t.maxTexts.CompareAndSwap(cur, int64(max(n, 1))) {
			return
		}
	}
}

// Limits returns the limits in force: the registered ones, with Texts lowered to what a
// Google-compatible server accepted (see Translate).
func (t *Translator) Limits() translate.Limits {
	return translate.Limits{Texts: int(t.maxTexts.Load()), Bytes: MaxBytes, InFlight: inFlight}
}

// tooManySegments reports whether err is v2's answer to a request of more strings than the
// server takes: 400 {"error": {"code": 400, "message": "Too many text segments", "errors":
// [{"reason": "invalid", "domain": "global", …}]}} (Google's shape; compatible servers say
// "Too many segments" too).
func tooManySegments(err error) bool {
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) || gerr.Code != http.StatusBadRequest {
		return false
	}
	msgs := []string{gerr.Message}
	for _, it := range gerr.Errors {
		msgs = append(msgs, it.Message)
	}
	for _, m := range msgs {
		m = strings.ToLower(m)
		if strings.Contains(m, "too many text segments") || strings.Contains(m, "too many segments") {
			return true
		}
	}
	return false
}

// Rate-limit reasons Google v2 answers with HTTP 403 (usageLimits domain). Other 403 reasons
// (keyInvalid, dailyLimitExceeded, forbidden, accessNotConfigured…) will not pass on a retry.
var rateLimitReasons = map[string]bool{
	"userRateLimitExceeded": true,
	"rateLimitExceeded":     true,
}

// fatalReasons are error reasons every later request would meet too: a bad key (Google answers
// 400 or 403 with keyInvalid), the daily quota gone, the API not enabled for the project.
var fatalReasons = map[string]bool{
	"keyInvalid":          true,
	"keyExpired":          true,
	"dailyLimitExceeded":  true,
	"accessNotConfigured": true,
	"ipRefererBlocked":    true,
}

// classify turns the library's error into bitext's classes: 429 and 403 rate-limit reasons are
// *translate.RateLimitError; 401, other 403s and the fatalReasons are translate.Fatal (the job
// stops); other 4xx but 408 are permanent for this request only; 5xx, 408 and transport errors
// are plain (retryable). The text is scrubbed of the API key and of request queries.
func (t *Translator) classify(n int, err error) error {
	e := &scrubbedError{
		msg:   fmt.Sprintf("google: translate %d texts: %s", n, scrub(err.Error(), t.key)),
		cause: err,
	}
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		return e
	}
	rate := gerr.Code == http.StatusTooManyRequests
	if gerr.Code == http.StatusForbidden {
		for _, it := range gerr.Errors {
			rate = rate || rateLimitReasons[it.Reason]
		}
	}
	fatal := gerr.Code == http.StatusUnauthorized || gerr.Code == http.StatusForbidden
	for _, it := range gerr.Errors {
		fatal = fatal || fatalReasons[it.Reason]
	}
	switch {
	case rate:
		return &translate.RateLimitError{RetryAfter: retryAfter(gerr.Header), Err: e}
	case fatal:
		return translate.Fatal(e)
	case gerr.Code == http.StatusRequestTimeout:
		return e
	case gerr.Code >= 400 && gerr.Code < 500:
		return translate.Permanent(e)
	}
	return e
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date; zero if absent.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil {
		if d := time.Until(at); d > 0 {
			return d
		}
	}
	return 0
}

// scrubbedError carries a scrubbed message. It has no Unwrap, on purpose: the original error's
// text may hold the API key (a URL with key=…, or a proxy's page echoing it). Is still consults
// the original, so errors.Is(err, context.Canceled) and the like keep working.
type scrubbedError struct {
	msg   string
	cause error
}

func (e *scrubbedError) Error() string { return e.msg }

// Is reports whether the original error matches target.
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.cause, target) }

// Timeout reports whether the original error was a timeout, like net.Error.
func (e *scrubbedError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.cause, &t) && t.Timeout()
}

var (
	// urlQuery matches the query of an absolute URL: the strings sent and the key.
	urlQuery = regexp.MustCompile(`(?i)(https?://[^\s"'<>?]+)\?[^\s"'<>]*`)
	// keyParam matches key=… anywhere else (relative URLs in error pages), also percent-encoded.
	keyParam = regexp.MustCompile(`(?i)(key(?:=|%3D))[^&\s"'<>]*`)
	// sentQuery matches what is left of a query carrying texts or a key (a relative URL in an
	// error page, say): the texts are the caller's data and only make the message long.
	sentQuery = regexp.MustCompile(`\?[^\s"'<>]*\b(?:q|key)=[^\s"'<>]*`)
)

// maxErrorText bounds an error message: Google's error pages and echoed queries can be long.
const maxErrorText = 1000

// scrub removes URL queries, key=… values and the key itself from msg, and shortens it.
func scrub(msg, key string) string {
	msg = urlQuery.ReplaceAllString(msg, "${1}?…")
	msg = sentQuery.ReplaceAllString(msg, "?…")
	msg = keyParam.ReplaceAllString(msg, "${1}REDACTED")
	if len(key) >= 8 { // a real key is 39 characters; a short one would match ordinary text
		msg = strings.ReplaceAll(msg, key, "REDACTED")
	}
	if len(msg) > maxErrorText {
		cut := maxErrorText
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	return msg
}
