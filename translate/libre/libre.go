package libre

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// Name is the backend's registered name, what --backend takes.
const Name = "libre"

// The environment variables the backend reads.
const (
	// EnvURL names the server's root.
	EnvURL = "LIBRETRANSLATE_URL"
	// EnvAPIKey holds an API key, for servers started with --api-keys; EnvAPIKey+"_FILE" may
	// name a file holding it instead.
	EnvAPIKey = "LIBRETRANSLATE_API_KEY"
)

// PublicURL is the server used when only an API key is set.
const PublicURL = "https://libretranslate.com"

const (
	// MaxTexts is the registered Limits.Texts. LibreTranslate's --batch-limit is off by default
	// (https://github.com/LibreTranslate/LibreTranslate#settings--flags), and Argos translates
	// the texts of a request one after another, so a modest batch keeps one request's time
	// well under proxies' timeouts while still saving round trips.
	MaxTexts = 32
	// MaxCodePoints is the registered Limits.CodePoints: the server counts its --char-limit in
	// Python characters (code points) summed over the batch. 5,000 is what public deployments
	// commonly set; New lowers it to the server's own charLimit.
	MaxCodePoints = 5000
	// inFlight matches LibreTranslate's default of 4 worker threads.
	inFlight = 4
	// probeTimeout bounds the settings and languages look-ups New makes.
	probeTimeout = 5 * time.Second
)

// Register adds the "libre" backend record to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name:     Name,
		AutoRank: 4,
		Doc:      "LibreTranslate (self-hosted or libretranslate.com), POST /translate",
		Env:      []string{EnvURL, EnvAPIKey, EnvAPIKey + "_FILE"},
		Limits: translate.Limits{
			Texts:      MaxTexts,
			CodePoints: MaxCodePoints,
			InFlight:   inFlight,
		},
		// Self-hosted: no price. (libretranslate.com sells monthly plans, not characters.)
		BillingUnit: "characters",
		Price: translate.Price{
			PerMillion: 0,
			Currency:   "USD",
			PricedOn:   "2026-11-26",
			Source:     "self-hosted (https://github.com/LibreTranslate/LibreTranslate)",
		},
		Cacheable:  true,
		Configured: Configured,
		New: func(ctx context.Context, c translate.Config) (translate.Translator, error) {
			t, err := New(ctx, c)
			if err != nil {
				return nil, err
			}
			return t, nil
		},
	})
}

// Configured reports whether c's environment names a server or an API key.
func Configured(c translate.Config) bool {
	return c.AnySet(EnvURL, EnvAPIKey, EnvAPIKey+"_FILE")
}

// Translator is the LibreTranslate backend. It is safe for concurrent use.
type Translator struct {
	client    *http.Client
	root      string
	key       string
	supported map[string]bool // codes from /languages; nil if unknown
	languages []Language      // /languages as read by New

	mu     sync.Mutex
	limits translate.Limits
}

// New returns a Translator for c. The server is c.Endpoint, else LIBRETRANSLATE_URL, else
// PublicURL when LIBRETRANSLATE_API_KEY (or its _FILE) is set; with neither it returns an error
// wrapping translate.ErrNotConfigured. The endpoint is the server's root; a pasted
// "…/translate" is accepted too.
//
// New asks the server, within a few seconds, for /frontend/settings and /languages, to lower
// the limits to the server's and to learn its language codes. A server that does not answer
// them is not an error here: the registered limits and codes stay, and a real request reports
// what is wrong.
func New(ctx context.Context, c translate.Config) (*Translator, error) {
	key, err := c.Secret(EnvAPIKey)
	if err != nil {
		return nil, fmt.Errorf("libre: %w", err)
	}
	endpoint := c.Endpoint
	if endpoint == "" {
		if endpoint, err = c.Env(EnvURL); err != nil {
			return nil, fmt.Errorf("libre: %w", err)
		}
	}
	if endpoint == "" && key != "" {
		endpoint = PublicURL
	}
	if endpoint == "" {
		return nil, fmt.Errorf("libre: set %s (and %s if the server needs a key): %w", EnvURL, EnvAPIKey, translate.ErrNotConfigured)
	}
	root, err := httpapi.Root(Name, endpoint, "/translate")
	if err != nil {
		return nil, err
	}
	t := &Translator{
		client: httpapi.Client(c.HTTPClient),
		root:   root,
		key:    key,
		limits: translate.Limits{Texts: MaxTexts, CodePoints: MaxCodePoints, InFlight: inFlight},
	}
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	if s, err := t.Settings(pctx); err == nil {
		t.lower(s.BatchLimit, s.CharLimit)
	}
	if langs, err := t.Languages(pctx); err == nil {
		t.supported = map[string]bool{}
		for _, l := range langs {
			t.supported[l.Code] = true
		}
		t.languages = langs
	}
	return t, nil
}

// Pairs returns the server's language pairs as BCP 47 tags, source then target, as its
// /languages listed them at construction; nil if it did not answer.
func (t *Translator) Pairs() [][2]language.Tag {
	var out [][2]language.Tag
	for _, l := range t.languages {
		src, err := FromLibre(l.Code)
		if err != nil {
			continue
		}
		for _, code := range l.Targets {
			if tgt, err := FromLibre(code); err == nil && code != l.Code {
				out = append(out, [2]language.Tag{src, tgt})
			}
		}
	}
	return out
}

// Check reports whether the server answers (GET /languages), for `bitext backends`.
func (t *Translator) Check(ctx context.Context) error {
	_, err := t.Languages(ctx)
	return err
}

// Root returns the server root requests go to.
func (t *Translator) Root() string { return t.root }

// Limits returns the limits in force: the registered ones, lowered to what the server reported
// at construction or refused since. The batching middleware should fill requests to these.
func (t *Translator) Limits() translate.Limits {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.limits
}

// lower lowers the limits to positive texts and chars values; others leave them alone.
func (t *Translator) lower(texts, chars int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if texts > 0 && texts < t.limits.Texts {
		t.limits.Texts = texts
	}
	if chars > 0 && chars < t.limits.CodePoints {
		t.limits.CodePoints = chars
	}
}

// Settings is the part of a server's /frontend/settings the backend uses.
type Settings struct {
	// CharLimit is the server's --char-limit, -1 for none.
	CharLimit int `json:"charLimit"`
	// BatchLimit is the server's --batch-limit where the server reports it (0 when it does not).
	BatchLimit int `json:"batchLimit"`
	// APIKeys says whether the server keeps an API key database; KeyRequired whether a key is needed.
	APIKeys     bool `json:"apiKeys"`
	KeyRequired bool `json:"keyRequired"`
}

// Settings fetches the server's /frontend/settings.
func (t *Translator) Settings(ctx context.Context) (Settings, error) {
	var s Settings
	err := t.get(ctx, "/frontend/settings", &s)
	return s, err
}

// Language is one entry of a server's /languages.
type Language struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Targets []string `json:"targets"`
}

// Languages fetches the server's /languages.
func (t *Translator) Languages(ctx context.Context) ([]Language, error) {
	var ls []Language
	err := t.get(ctx, "/languages", &ls)
	return ls, err
}

func (t *Translator) get(ctx context.Context, path string, v any) error {
	resp, err := httpapi.Do(ctx, t.client, http.MethodGet, t.root+path, http.Header{"Accept": {"application/json"}}, "", nil, t.key)
	if err != nil {
		return fmt.Errorf("libre: GET %s: %w", path, err)
	}
	if resp.Status != http.StatusOK {
		return fmt.Errorf("libre: GET %s: HTTP %d", path, resp.Status)
	}
	if err := json.Unmarshal(resp.Body, v); err != nil {
		return fmt.Errorf("libre: GET %s: malformed answer: %v", path, err)
	}
	return nil
}

// request is the JSON body of POST /translate.
type request struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	APIKey string   `json:"api_key,omitempty"`
}

// answer is the reply to POST /translate with an array q. detectedLanguage is there only
// when source was "auto".
type answer struct {
	TranslatedText   []string `json:"translatedText"`
	DetectedLanguage []struct {
		Confidence float64 `json:"confidence"`
		Language   string  `json:"language"`
	} `json:"detectedLanguage"`
}

// limitError is a 400 for a request over a server limit: "Invalid request: request (N)
// exceeds text limit (L)" (the same words for --batch-limit and --char-limit).
type limitError struct {
	size, limit int
	err         error
}

func (e *limitError) Error() string { return e.err.Error() }
func (e *limitError) Unwrap() error { return e.err }

var limitRE = regexp.MustCompile(`request \((\d+)\) exceeds text limit \((\d+)\)`)

// maxRelearn bounds how often one call re-splits after learning a limit.
const maxRelearn = 4

// Translate implements translate.Translator. Texts beyond the limits in force are sent in
// several requests, one after another, and the answers joined in order.
func (t *Translator) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	n := len(req.Texts)
	if n == 0 {
		return []translate.Translation{}, nil
	}
	if req.Target == language.Und {
		return nil, translate.Permanent(fmt.Errorf("libre: translate %d texts: no target language", n))
	}
	body := request{
		Source: Code(req.Source, t.supported),
		Target: Code(req.Target, t.supported),
		Format: "text",
		APIKey: t.key,
	}
	if req.Format == translate.HTML {
		body.Format = "html"
	}
	out := make([]translate.Translation, 0, n)
	for relearn := 0; len(out) < n; {
		lim := t.Limits()
		rest := req.Texts[len(out):]
		hi, err := fit(rest, lim)
		if err != nil {
			return nil, err
		}
		body.Q = rest[:hi]
		ts, err := t.call(ctx, body, req.Source)
		var le *limitError
		if errors.As(err, &le) && relearn < maxRelearn {
			// The server's limits are lower than we knew: learn them and split again.
			// The same words report both limits; the size says which one was passed.
			relearn++
			chars := 0
			for _, s := range body.Q {
				chars += utf8.RuneCountInString(s)
			}
			switch le.size {
			case len(body.Q):
				if le.size == chars {
					t.lower(le.limit, le.limit) // either; lowering both is safe
				} else {
					t.lower(le.limit, 0)
				}
			case chars:
				t.lower(0, le.limit)
			}
			if t.Limits() != lim {
				continue
			}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}

// fit returns how many leading texts fit one request under lim; a single text over the
// code-point limit is a permanent error, since the server refuses it every time.
func fit(texts []string, lim translate.Limits) (int, error) {
	chars := 0
	for i, s := range texts {
		c := utf8.RuneCountInString(s)
		if lim.CodePoints > 0 && c > lim.CodePoints {
			if i > 0 {
				return i, nil
			}
			return 0, translate.Permanent(fmt.Errorf("libre: a text of %d characters is over the server's limit of %d", c, lim.CodePoints))
		}
		if i > 0 && ((lim.Texts > 0 && i == lim.Texts) || (lim.CodePoints > 0 && chars+c > lim.CodePoints)) {
			return i, nil
		}
		chars += c
	}
	return len(texts), nil
}

func (t *Translator) call(ctx context.Context, body request, source language.Tag) ([]translate.Translation, error) {
	n := len(body.Q)
	b, err := json.Marshal(body)
	if err != nil {
		return nil, translate.Permanent(fmt.Errorf("libre: translate %d texts: %w", n, err))
	}
	resp, err := httpapi.Do(ctx, t.client, http.MethodPost, t.root+"/translate",
		http.Header{"Accept": {"application/json"}}, "application/json", b, t.key)
	if err != nil {
		return nil, fmt.Errorf("libre: translate %d texts: %w", n, err)
	}
	if resp.Status != http.StatusOK {
		return nil, t.classify(n, resp)
	}
	var a answer
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		return nil, fmt.Errorf("libre: translate %d texts: malformed answer: %s", n, httpapi.Scrub(err.Error(), t.key))
	}
	if err := translate.CheckCount(Name, n, len(a.TranslatedText)); err != nil {
		return nil, err
	}
	out := make([]translate.Translation, n)
	for i, text := range a.TranslatedText {
		src := source
		if src == language.Und && i < len(a.DetectedLanguage) {
			if d, err := FromLibre(a.DetectedLanguage[i].Language); err == nil {
				src = d
			}
		}
		out[i] = translate.Translation{Text: text, Source: src, Backend: Name}
	}
	return out, nil
}

// classify turns a non-200 answer into bitext's error classes.
func (t *Translator) classify(n int, resp *httpapi.Response) error {
	msg := httpapi.Snippet(resp.Body)
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(resp.Body, &e) == nil && e.Error != "" {
		msg = e.Error
	}
	err := fmt.Errorf("libre: translate %d texts: HTTP %d: %s", n, resp.Status, httpapi.Scrub(msg, t.key))
	// 403 is a bad key or a client banned for too many limit violations; a 400 asking for a
	// key means the server needs one. Every later request would meet the same answer.
	if resp.Status == http.StatusForbidden || (resp.Status == http.StatusBadRequest && strings.Contains(msg, "API key")) {
		return translate.Fatal(err)
	}
	if resp.Status == http.StatusBadRequest {
		if m := limitRE.FindStringSubmatch(msg); m != nil {
			size, _ := strconv.Atoi(m[1])
			limit, _ := strconv.Atoi(m[2])
			return &limitError{size: size, limit: limit, err: translate.Permanent(err)}
		}
	}
	return httpapi.Classify(resp.Status, resp.Header, err)
}
