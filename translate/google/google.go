package google

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	gt "cloud.google.com/go/translate"
	"golang.org/x/text/language"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	htransport "google.golang.org/api/transport/http"

	"github.com/seed77ff/bitext/translate"
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
	// MaxTexts is the most strings one call carries: Google v2 accepts at most 128 q
	// parameters per request (https://cloud.google.com/translate/quotas).
	MaxTexts = 128

	// MaxQueryBytes is the budget for the URL-encoded query string of one GET.
	//
	// cloud.google.com/go/translate's Client.Translate calls the generated Translations.List,
	// which sends every string in the query of a GET; large batches fail with 413 (Request Entity
	// Too Large) long before Google's documented 100K-byte request limit
	// (https://github.com/googleapis/google-cloud-go/issues/3464). 8 KiB keeps well below what
	// Google's front end and common proxies accept for a request line.
	MaxQueryBytes = 8 << 10

	// MaxBytes is the Limits.Bytes the backend registers: the most UTF-8 bytes of text a request
	// may carry so that it always fits one GET. URL encoding at worst triples a byte (every byte
	// of Hebrew, Arabic or CJK text becomes %XX), each of the 128 texts adds "&q=", and the other
	// parameters (key, target, source, format, model, alt, prettyPrint) stay under 512 bytes:
	// (8192 - 512 - 128*3) / 3 = 2432, rounded down. Google's own 100K-byte limit would let one
	// request need dozens of GETs, so the batching middleware could not count requests or keep
	// them in flight as it means to. A request over the limits (from a caller that ignores them)
	// is still split here, by measured query length, into as many calls as it needs.
	MaxBytes = 2_400

	// inFlight is the default number of concurrent requests, as for every cloud backend.
	inFlight = 4
)

// Register adds the "google" backend record to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name: Name,
		Doc:  "Google Cloud Translation v2 (Basic) through cloud.google.com/go/translate",
		Env:  []string{EnvAPIKey, EnvAPIKey + "_FILE", EnvCredentials},
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
	for _, name := range []string{EnvAPIKey, EnvAPIKey + "_FILE", EnvCredentials} {
		if getenv(c, name) != "" {
			return true
		}
	}
	return false
}

func getenv(c translate.Config, name string) string {
	if c.Getenv != nil {
		return c.Getenv(name)
	}
	return os.Getenv(name)
}

// Translator is the Google v2 backend. It is safe for concurrent use.
type Translator struct {
	client *gt.Client
	model  string
	// key is kept only to measure the query it adds and to scrub it from error text.
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
// set, carries the requests, with the credentials added to it.
func New(ctx context.Context, c translate.Config) (*Translator, error) {
	key, err := c.Env(EnvAPIKey)
	if err != nil {
		return nil, fmt.Errorf("google: %w", err)
	}
	var auth []option.ClientOption
	switch {
	case key != "":
		auth = append(auth, option.WithAPIKey(key))
	case getenv(c, EnvCredentials) != "":
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
	if c.HTTPClient != nil {
		// WithHTTPClient makes the library skip every credential option, the API key included,
		// so wrap the given client's transport in the library's own authenticating one.
		base := c.HTTPClient.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		rt, err := htransport.NewTransport(ctx, base, append(auth, option.WithScopes(gt.Scope))...)
		if err != nil {
			return nil, fmt.Errorf("google: credentials: %s", scrub(err.Error(), key))
		}
		hc := *c.HTTPClient
		hc.Transport = rt
		opts = append(opts, option.WithHTTPClient(&hc))
	} else {
		// The library's own client. A plain http:// endpoint needs nothing special: the
		// transport it builds speaks HTTP and HTTPS alike, and an API key travels as the key
		// query parameter either way (see the tests).
		opts = append(opts, auth...)
	}
	client, err := gt.NewClient(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("google: new client: %s", scrub(err.Error(), key))
	}
	return &Translator{client: client, model: c.Model, key: key}, nil
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

// Close releases the client.
func (t *Translator) Close() error { return t.client.Close() }

// Translate implements translate.Translator. Every text shares req.Source (the client library
// sends one source per call); language.Und lets Google detect it, and each Translation then
// carries the detected language in BCP 47. Texts that would not fit one GET are sent in several
// calls, one after another, and the answers joined in order.
func (t *Translator) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	n := len(req.Texts)
	if n == 0 {
		return []translate.Translation{}, nil
	}
	if req.Target == language.Und {
		return nil, translate.Permanent(fmt.Errorf("google: translate %d texts: no target language", n))
	}
	opts := &gt.Options{Format: gt.Text, Model: req.Model}
	if req.Format == translate.HTML {
		opts.Format = gt.HTML
	}
	if opts.Model == "" {
		opts.Model = t.model
	}
	if req.Source != language.Und {
		opts.Source = googleTag(req.Source)
	}
	target := googleTag(req.Target)

	out := make([]translate.Translation, 0, n)
	fixed := t.fixedQueryLen(target, opts)
	for _, c := range chunks(req.Texts, fixed) {
		texts := req.Texts[c.lo:c.hi]
		res, err := t.client.Translate(ctx, texts, target, opts)
		if err != nil {
			return nil, t.classify(n, err)
		}
		// The library accepts any number of answers without complaint (0 for 128 inputs).
		if err := translate.CheckCount(Name, len(texts), len(res)); err != nil {
			return nil, err
		}
		for _, r := range res {
			src := req.Source
			if src == language.Und && r.Source != language.Und {
				// The library parsed Google's code already; map what x/text left as Google wrote it.
				if s, err := FromGoogle(r.Source.String()); err == nil {
					src = s
				}
			}
			model := r.Model
			if model == "" {
				model = opts.Model
			}
			out = append(out, translate.Translation{Text: r.Text, Source: src, Backend: Name, Model: model})
		}
	}
	return out, nil
}

// fixedQueryLen measures the query parameters other than q that the generated client sends,
// built with url.Values exactly as it builds them.
func (t *Translator) fixedQueryLen(target language.Tag, o *gt.Options) int {
	v := url.Values{}
	v.Set("target", target.String())
	if o.Source != language.Und {
		v.Set("source", o.Source.String())
	}
	v.Set("format", string(o.Format))
	if o.Model != "" {
		v.Set("model", o.Model)
	}
	v.Set("alt", "json")
	v.Set("prettyPrint", "false")
	if t.key != "" {
		v.Set("key", t.key)
	}
	// Room for parameters a future library version may add.
	const slack = 64
	return len(v.Encode()) + slack
}

type span struct{ lo, hi int }

// chunks splits texts into runs of at most MaxTexts whose query, fixed bytes plus "&q=" and the
// escaped text for each (url.Values.Encode escapes with url.QueryEscape), fits MaxQueryBytes.
// A text too long for the budget on its own goes alone.
func chunks(texts []string, fixed int) []span {
	var out []span
	lo, size := 0, fixed
	for i, s := range texts {
		q := len("&q=") + len(url.QueryEscape(s))
		if i > lo && (i-lo == MaxTexts || size+q > MaxQueryBytes) {
			out = append(out, span{lo, i})
			lo, size = i, fixed
		}
		size += q
	}
	return append(out, span{lo, len(texts)})
}

// Rate-limit reasons Google v2 answers with HTTP 403 (usageLimits domain). Other 403 reasons
// (keyInvalid, dailyLimitExceeded, forbidden, accessNotConfigured…) will not pass on a retry.
var rateLimitReasons = map[string]bool{
	"userRateLimitExceeded": true,
	"rateLimitExceeded":     true,
}

// classify turns the library's error into bitext's classes: 429 and 403 rate-limit reasons are
// *translate.RateLimitError; other 4xx but 408 are permanent; 5xx, 408 and transport errors are
// plain (retryable). The text is scrubbed of the API key and of request queries.
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
	switch {
	case rate:
		return &translate.RateLimitError{RetryAfter: retryAfter(gerr.Header), Err: e}
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
