package deepl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// Name is the backend's registered name, what --backend takes.
const Name = "deepl"

// The environment variables the backend reads.
const (
	// EnvAuthKey holds the DeepL API key; EnvAuthKey+"_FILE" may name a file holding it instead.
	EnvAuthKey = "DEEPL_AUTH_KEY"
	// EnvURL names the service root, overriding the one chosen by the key's kind.
	EnvURL = "DEEPL_URL"
)

// Service roots. "The examples below use our API Pro endpoint https://api.deepl.com. If you're
// an API Free user, remember to update your requests to use https://api-free.deepl.com instead"
// (https://developers.deepl.com/docs/api-reference/translate); free keys end in ":fx".
const (
	ProURL  = "https://api.deepl.com"
	FreeURL = "https://api-free.deepl.com"
)

const (
	// MaxTexts is the most texts one request carries: "The /v2/translate endpoint accepts up
	// to 50 texts per request" (https://developers.deepl.com/docs/translate/translating-large-volumes).
	MaxTexts = 50

	// MaxBodyBytes is DeepL's limit on a request body: "The total request body size for text
	// translation requests must not exceed 128 KiB (128 · 1024 bytes)"
	// (https://developers.deepl.com/docs/api-reference/translate).
	MaxBodyBytes = 128 << 10

	// MaxBytes is the Limits.Bytes the backend registers: UTF-8 bytes of text per request. It
	// leaves 8 KiB of the body for the JSON around the texts (quotes and commas for 50 texts,
	// the parameters, a context of a title and a lead). A request that still does not fit (text
	// full of characters JSON escapes, a long context) is split here by measured body size.
	MaxBytes = MaxBodyBytes - 8<<10

	inFlight = 4
)

var (
	// ErrQuotaExceeded is the cause of the permanent error for DeepL's 456: "Quota exceeded.
	// The character limit has been reached." Retrying cannot help until the quota renews.
	ErrQuotaExceeded = errors.New("deepl: quota exceeded (HTTP 456): the account's character limit is used up")
	// ErrAuth is the cause of the permanent error for DeepL's 403: the key is wrong, or a free
	// key was sent to the Pro server or the other way round.
	ErrAuth = errors.New("deepl: authorization failed (HTTP 403): check " + EnvAuthKey + " and that the endpoint matches the key (keys ending in :fx use " + FreeURL + ")")
)

// Register adds the "deepl" backend record to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name:     Name,
		AutoRank: 3,
		Doc:      "DeepL API (v2/translate), Free or Pro",
		Env:      []string{EnvAuthKey, EnvAuthKey + "_FILE", EnvURL},
		Limits: translate.Limits{
			Texts:    MaxTexts,
			Bytes:    MaxBytes,
			InFlight: inFlight,
		},
		// DeepL counts code points of the source text, whitespace included; with tag_handling
		// the markup is not billed (https://support.deepl.com/hc/en-us/articles/360020685720).
		BillingUnit: "characters",
		// DeepL API Pro: 0.00002 EUR per character (20 EUR per million) on top of a monthly base
		// price of 4.99 EUR; API Free covers 500,000 characters a month at no cost.
		Price: translate.Price{
			PerMillion: 20,
			Currency:   "EUR",
			PricedOn:   "2026-11-26",
			Source:     "https://support.deepl.com/hc/en-us/articles/360020685720-Character-count-and-billing-in-DeepL-API",
		},
		Cacheable: true,
		// "context": free text that influences the translation but is not translated and
		// not billed (https://developers.deepl.com/docs/api-reference/translate).
		UsesContext: true,
		// Request.Glossary becomes a DeepL glossary (POST /v2/glossaries), applied by DeepL.
		AppliesGlossary: true,
		Configured:      Configured,
		New: func(ctx context.Context, c translate.Config) (translate.Translator, error) {
			t, err := New(ctx, c)
			if err != nil {
				return nil, err
			}
			return t, nil
		},
	})
}

// Configured reports whether c's environment names a DeepL key or key file.
func Configured(c translate.Config) bool {
	return c.AnySet(EnvAuthKey, EnvAuthKey+"_FILE")
}

// Translator is the DeepL backend. It is safe for concurrent use.
type Translator struct {
	client *http.Client
	root   string
	key    string
	model  string

	glossaries glossaries // created from Request.Glossary, per (digest, pair)
}

// New returns a Translator for c. The key is DEEPL_AUTH_KEY (or DEEPL_AUTH_KEY_FILE's
// contents); without one it returns an error wrapping translate.ErrNotConfigured. The server
// is c.Endpoint, else DEEPL_URL, else FreeURL for a key ending in ":fx" and ProURL otherwise;
// it is the service root, and a pasted "…/v2/translate" or "…/v2" is accepted too. c.Model, if
// set, is DeepL's model_type ("quality_optimized", "prefer_quality_optimized",
// "latency_optimized").
func New(_ context.Context, c translate.Config) (*Translator, error) {
	key, err := c.Secret(EnvAuthKey)
	if err != nil {
		return nil, fmt.Errorf("deepl: %w", err)
	}
	if key == "" {
		return nil, fmt.Errorf("deepl: set %s (or %s_FILE): %w", EnvAuthKey, EnvAuthKey, translate.ErrNotConfigured)
	}
	endpoint := c.Endpoint
	if endpoint == "" {
		if endpoint, err = c.Env(EnvURL); err != nil {
			return nil, fmt.Errorf("deepl: %w", err)
		}
	}
	if endpoint == "" {
		endpoint = ProURL
		if strings.HasSuffix(key, ":fx") {
			endpoint = FreeURL
		}
	}
	root, err := httpapi.Root(Name, endpoint, "/v2/translate", "/v2")
	if err != nil {
		return nil, err
	}
	return &Translator{client: httpapi.Client(c.HTTPClient), root: root, key: key, model: c.Model}, nil
}

// Root returns the service root requests go to (…/v2/translate is appended).
func (t *Translator) Root() string { return t.root }

// request is the JSON body of POST /v2/translate.
type request struct {
	Text           []string `json:"text"`
	SourceLang     string   `json:"source_lang,omitempty"`
	TargetLang     string   `json:"target_lang"`
	Context        string   `json:"context,omitempty"`
	SplitSentences string   `json:"split_sentences,omitempty"`
	TagHandling    string   `json:"tag_handling,omitempty"`
	GlossaryID     string   `json:"glossary_id,omitempty"`
	ModelType      string   `json:"model_type,omitempty"`
}

// answer is DeepL's reply to POST /v2/translate.
type answer struct {
	Translations []struct {
		DetectedSourceLanguage string `json:"detected_source_language"`
		Text                   string `json:"text"`
		ModelTypeUsed          string `json:"model_type_used"`
	} `json:"translations"`
}

// uuidRE matches a DeepL glossary ID, which is a UUID.
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// GlossaryID returns the DeepL glossary ID named by a Request.GlossaryID: the part after
// "deepl:", or the value itself when it is a UUID; "" when it names no DeepL glossary.
func GlossaryID(id string) string {
	if g, ok := strings.CutPrefix(id, "deepl:"); ok {
		return g
	}
	if uuidRE.MatchString(id) {
		return id
	}
	return ""
}

// Translate implements translate.Translator. Texts that do not fit one request are sent in
// several, one after another, and the answers joined in order.
func (t *Translator) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	n := len(req.Texts)
	if n == 0 {
		return []translate.Translation{}, nil
	}
	if req.Target == language.Und {
		return nil, translate.Permanent(fmt.Errorf("deepl: translate %d texts: no target language", n))
	}
	body := request{
		SourceLang:     Source(req.Source),
		TargetLang:     Target(req.Target),
		Context:        req.Context,
		SplitSentences: "0",
		GlossaryID:     GlossaryID(req.GlossaryID),
		ModelType:      req.Model,
	}
	if body.ModelType == "" {
		body.ModelType = t.model
	}
	if req.Format == translate.HTML {
		body.TagHandling, body.SplitSentences = "html", "nonewlines"
	}
	if body.GlossaryID == "" && len(req.Glossary) > 0 && req.GlossaryID != "" {
		// bitext's own glossary: made into a DeepL glossary once per pair and process.
		if body.SourceLang == "" {
			return nil, translate.Permanent(fmt.Errorf("deepl: translate %d texts: a glossary needs a source language", n))
		}
		id, err := t.glossaryFor(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("deepl: translate %d texts with glossary %s: %w", n, req.GlossaryID, err)
		}
		body.GlossaryID = id
	}
	if body.GlossaryID != "" && body.SourceLang == "" {
		return nil, translate.Permanent(fmt.Errorf("deepl: translate %d texts: a glossary needs a source language", n))
	}
	spans, err := chunks(req.Texts, body)
	if err != nil {
		return nil, err
	}
	out := make([]translate.Translation, 0, n)
	for _, s := range spans {
		body.Text = req.Texts[s.lo:s.hi]
		ts, err := t.call(ctx, body, req.Source)
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}

func (t *Translator) call(ctx context.Context, body request, source language.Tag) ([]translate.Translation, error) {
	n := len(body.Text)
	b, err := marshal(body)
	if err != nil {
		return nil, translate.Permanent(fmt.Errorf("deepl: translate %d texts: %w", n, err))
	}
	h := http.Header{"Authorization": {"DeepL-Auth-Key " + t.key}, "Accept": {"application/json"}}
	resp, err := httpapi.Do(ctx, t.client, http.MethodPost, t.root+"/v2/translate", h, "application/json", b, t.key)
	if err != nil {
		return nil, fmt.Errorf("deepl: translate %d texts: %w", n, err)
	}
	if resp.Status != http.StatusOK {
		return nil, t.classify(fmt.Sprintf("translate %d texts", n), resp)
	}
	var a answer
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		// A proxy's page or a truncated answer: the next attempt may get the real thing.
		return nil, fmt.Errorf("deepl: translate %d texts: malformed answer: %s", n, httpapi.Scrub(err.Error(), t.key))
	}
	if err := translate.CheckCount(Name, n, len(a.Translations)); err != nil {
		return nil, err
	}
	out := make([]translate.Translation, n)
	for i, tr := range a.Translations {
		src := source
		if src == language.Und {
			if d, err := FromDeepL(tr.DetectedSourceLanguage); err == nil {
				src = d
			}
		}
		model := tr.ModelTypeUsed
		if model == "" {
			model = body.ModelType
		}
		out[i] = translate.Translation{Text: tr.Text, Source: src, Backend: Name, Model: model}
	}
	return out, nil
}

// classify turns a non-200 answer into bitext's error classes.
func (t *Translator) classify(op string, resp *httpapi.Response) error {
	msg := message(resp.Body)
	detail := fmt.Sprintf("deepl: %s: HTTP %d", op, resp.Status)
	if msg != "" {
		detail += ": " + httpapi.Scrub(msg, t.key)
	}
	switch resp.Status {
	case 456:
		return translate.Fatal(fmt.Errorf("%w; %s", ErrQuotaExceeded, detail))
	case http.StatusForbidden, http.StatusUnauthorized:
		return translate.Fatal(fmt.Errorf("%w; %s", ErrAuth, detail))
	case 529: // "Too many requests": DeepL under high load asks to come back later.
		return &translate.RateLimitError{RetryAfter: httpapi.RetryAfter(resp.Header, time.Now()), Err: errors.New(detail)}
	}
	return httpapi.Classify(resp.Status, resp.Header, errors.New(detail))
}

// message reads DeepL's error body, {"message": "…", "detail": "…"}, or an excerpt of whatever
// else came back.
func message(body []byte) string {
	var e struct {
		Message string `json:"message"`
		Detail  string `json:"detail"`
	}
	if json.Unmarshal(body, &e) == nil && e.Message != "" {
		if e.Detail != "" {
			return e.Message + " (" + e.Detail + ")"
		}
		return e.Message
	}
	return httpapi.Snippet(body)
}

// marshal encodes without HTML escaping: "<" as \u003c would cost 6 bytes of the 128 KiB.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

type span struct{ lo, hi int }

// chunks splits texts into runs of at most MaxTexts whose encoded body fits MaxBodyBytes. A
// text too long for a body on its own is a permanent error: DeepL would answer 413 every time.
func chunks(texts []string, fixed request) ([]span, error) {
	fixed.Text = []string{}
	head, err := marshal(fixed)
	if err != nil {
		return nil, translate.Permanent(fmt.Errorf("deepl: %w", err))
	}
	base := len(head)
	var out []span
	lo, size := 0, base
	for i, s := range texts {
		q, err := marshal(s)
		if err != nil {
			return nil, translate.Permanent(fmt.Errorf("deepl: %w", err))
		}
		add := len(q) + 1 // the comma
		if base+add > MaxBodyBytes {
			return nil, translate.Permanent(fmt.Errorf("deepl: text %d: %d bytes do not fit one request (%d bytes at most)", i, len(s), MaxBodyBytes))
		}
		if i > lo && (i-lo == MaxTexts || size+add > MaxBodyBytes) {
			out = append(out, span{lo, i})
			lo, size = i, base
		}
		size += add
	}
	return append(out, span{lo, len(texts)}), nil
}

// Usage is the answer of GET /v2/usage: characters translated in the current billing period
// and the account's limit.
type Usage struct {
	CharacterCount int64 `json:"character_count"`
	CharacterLimit int64 `json:"character_limit"`
}

// Usage asks the server for the account's usage. It checks the key and the server at the cost
// of no characters.
func (t *Translator) Usage(ctx context.Context) (Usage, error) {
	var u Usage
	h := http.Header{"Authorization": {"DeepL-Auth-Key " + t.key}, "Accept": {"application/json"}}
	resp, err := httpapi.Do(ctx, t.client, http.MethodGet, t.root+"/v2/usage", h, "", nil, t.key)
	if err != nil {
		return u, fmt.Errorf("deepl: usage: %w", err)
	}
	if resp.Status != http.StatusOK {
		return u, t.classify("usage", resp)
	}
	if err := json.Unmarshal(resp.Body, &u); err != nil {
		return u, fmt.Errorf("deepl: usage: malformed answer: %v", err)
	}
	return u, nil
}

// Check reports whether the server answers and accepts the key (GET /v2/usage), for
// `bitext backends`.
func (t *Translator) Check(ctx context.Context) error {
	_, err := t.Usage(ctx)
	return err
}
