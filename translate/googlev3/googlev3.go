package googlev3

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	translatev3 "cloud.google.com/go/translate/apiv3"
	"cloud.google.com/go/translate/apiv3/translatepb"
	"golang.org/x/text/language"
	"google.golang.org/api/option"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/google"
)

// Name is the backend's registered name, what --backend takes.
const Name = "google-v3"

// The environment variables the backend reads.
const (
	// EnvProject names the Google Cloud project requests are made for.
	EnvProject = "GOOGLE_CLOUD_PROJECT"
	// EnvLocation names the location ("global" when unset).
	EnvLocation = "GOOGLE_CLOUD_LOCATION"
	// EnvCredentials names a credentials file for Application Default Credentials; the client
	// library reads it itself.
	EnvCredentials = "GOOGLE_APPLICATION_CREDENTIALS"
)

const (
	// MaxTexts is the most strings one TranslateText request carries: "the maximum number of
	// strings is 1024" (https://cloud.google.com/translate/docs/advanced/translating-text-v3).
	MaxTexts = 1024
	// MaxCodePoints is the most code points of text in one request: "The total content size
	// should be less than 30k codepoints" (same page; the quotas page says the same).
	MaxCodePoints = 30_000
	// DefaultLocation is used when GOOGLE_CLOUD_LOCATION is unset.
	DefaultLocation = "global"
	inFlight        = 4
)

// Register adds the "google-v3" backend record to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name:     Name,
		AutoRank: 2,
		Doc:      "Google Cloud Translation Advanced (v3) through cloud.google.com/go/translate/apiv3 (gRPC)",
		Env:      []string{EnvProject, EnvLocation, EnvCredentials},
		Limits: translate.Limits{
			Texts:      MaxTexts,
			CodePoints: MaxCodePoints,
			InFlight:   inFlight,
		},
		BillingUnit: "characters",
		// Cloud Translation - Advanced, NMT text translation: 20 USD per million characters from
		// 500,000 to one billion characters a month (the first 500,000 are covered by a monthly
		// credit); the Translation LLM and custom models cost more.
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
				return nil, err
			}
			return t, nil
		},
	})
}

// Configured reports whether c's environment names a project.
func Configured(c translate.Config) bool { return c.AnySet(EnvProject) }

// Translator is the v3 backend. It is safe for concurrent use.
type Translator struct {
	client *translatev3.TranslationClient
	parent string // projects/P/locations/L
	model  string
}

// New returns a Translator for c. It needs GOOGLE_CLOUD_PROJECT (else an error wrapping
// translate.ErrNotConfigured). c.Endpoint, if set, is the service (see the package comment);
// c.Model is the default model (see ModelPath). c.HTTPClient is not used: v3 speaks gRPC.
func New(ctx context.Context, c translate.Config) (*Translator, error) {
	project := c.Lookup(EnvProject)
	if project == "" {
		return nil, fmt.Errorf("google-v3: set %s (and Application Default Credentials, %s): %w",
			EnvProject, EnvCredentials, translate.ErrNotConfigured)
	}
	location := c.Lookup(EnvLocation)
	if location == "" {
		location = DefaultLocation
	}
	if strings.ContainsAny(project+location, "/ ") {
		return nil, fmt.Errorf("google-v3: project %q or location %q is not a name", project, location)
	}
	var opts []option.ClientOption
	if c.Endpoint != "" {
		eo, err := endpointOptions(c.Endpoint)
		if err != nil {
			return nil, err
		}
		opts = append(opts, eo...)
	}
	client, err := translatev3.NewTranslationClient(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("google-v3: new client: %w", err)
	}
	return &Translator{
		client: client,
		parent: "projects/" + project + "/locations/" + location,
		model:  c.Model,
	}, nil
}

// endpointOptions turns --endpoint into client options: "host:port" and "https://host[:port]/"
// are TLS with credentials; "http://host:port/" is plaintext without credentials.
func endpointOptions(endpoint string) ([]option.ClientOption, error) {
	if !strings.Contains(endpoint, "://") {
		return []option.ClientOption{option.WithEndpoint(endpoint)}, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("google-v3: endpoint %q: want host:port, https://host[:port]/ or http://host:port/", endpoint)
	}
	switch u.Scheme {
	case "https":
		host := u.Host
		if u.Port() == "" {
			host += ":443"
		}
		return []option.ClientOption{option.WithEndpoint(host)}, nil
	case "http":
		return []option.ClientOption{
			option.WithEndpoint(u.Host),
			option.WithoutAuthentication(),
			option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())),
		}, nil
	}
	return nil, fmt.Errorf("google-v3: endpoint %q: scheme must be http or https", endpoint)
}

// Parent returns the resource requests are made for: projects/PROJECT/locations/LOCATION.
func (t *Translator) Parent() string { return t.parent }

// Close releases the client's connection.
func (t *Translator) Close() error { return t.client.Close() }

// ModelPath returns the model resource for a --model value under parent
// (projects/P/locations/L): "" stays "" (Google's default, NMT); "nmt" and "translation-llm"
// are general models; a "projects/…" path is kept; anything else is a custom model ID.
func ModelPath(parent, model string) string {
	switch {
	case model == "":
		return ""
	case strings.HasPrefix(model, "projects/"):
		return model
	case model == "nmt" || model == "translation-llm":
		return parent + "/models/general/" + model
	case strings.HasPrefix(model, "general/"):
		return parent + "/models/" + model
	}
	return parent + "/models/" + model
}

// GlossaryPath returns the glossary resource a Request.GlossaryID names: "googlev3:<id>"
// gives parent/glossaries/<id>, a "projects/…/glossaries/…" path is kept, anything else (a
// bitext glossary digest) gives "".
func GlossaryPath(parent, id string) string {
	if g, ok := strings.CutPrefix(id, "googlev3:"); ok && g != "" {
		if strings.HasPrefix(g, "projects/") {
			return g
		}
		return parent + "/glossaries/" + g
	}
	if strings.HasPrefix(id, "projects/") && strings.Contains(id, "/glossaries/") {
		return id
	}
	return ""
}

// Translate implements translate.Translator. Texts beyond one request's limits are sent in
// several requests, one after another, and the answers joined in order.
func (t *Translator) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	n := len(req.Texts)
	if n == 0 {
		return []translate.Translation{}, nil
	}
	if req.Target == language.Und {
		return nil, translate.Permanent(fmt.Errorf("google-v3: translate %d texts: no target language", n))
	}
	model := req.Model
	if model == "" {
		model = t.model
	}
	base := &translatepb.TranslateTextRequest{
		MimeType:           "text/plain",
		SourceLanguageCode: google.ToGoogle(req.Source),
		TargetLanguageCode: google.ToGoogle(req.Target),
		Parent:             t.parent,
		Model:              ModelPath(t.parent, model),
	}
	if req.Format == translate.HTML {
		base.MimeType = "text/html"
	}
	glossary := GlossaryPath(t.parent, req.GlossaryID)
	if glossary != "" {
		if base.SourceLanguageCode == "" {
			return nil, translate.Permanent(fmt.Errorf("google-v3: translate %d texts: a glossary needs a source language", n))
		}
		base.GlossaryConfig = &translatepb.TranslateTextGlossaryConfig{Glossary: glossary}
	}
	out := make([]translate.Translation, 0, n)
	for _, s := range spans(req.Texts) {
		r := &translatepb.TranslateTextRequest{
			Contents: req.Texts[s.lo:s.hi], MimeType: base.MimeType, SourceLanguageCode: base.SourceLanguageCode,
			TargetLanguageCode: base.TargetLanguageCode, Parent: base.Parent, Model: base.Model, GlossaryConfig: base.GlossaryConfig,
		}
		resp, err := t.client.TranslateText(ctx, r)
		if err != nil {
			return nil, classify(ctx, s.hi-s.lo, err)
		}
		ts := resp.GetTranslations()
		if glossary != "" && len(resp.GetGlossaryTranslations()) > 0 {
			ts = resp.GetGlossaryTranslations()
		}
		if err := translate.CheckCount(Name, s.hi-s.lo, len(ts)); err != nil {
			return nil, err
		}
		for _, tr := range ts {
			src := req.Source
			if src == language.Und {
				if d, err := google.FromGoogle(tr.GetDetectedLanguageCode()); err == nil {
					src = d
				}
			}
			m := model
			if tr.GetModel() != "" {
				m = tr.GetModel()
			}
			out = append(out, translate.Translation{Text: tr.GetTranslatedText(), Source: src, Backend: Name, Model: m})
		}
	}
	return out, nil
}

type span struct{ lo, hi int }

// spans cuts texts into runs within MaxTexts and MaxCodePoints; a text over MaxCodePoints on
// its own goes alone (Google then refuses it, and the error says why).
func spans(texts []string) []span {
	var out []span
	lo, size := 0, 0
	for i, s := range texts {
		c := utf8.RuneCountInString(s)
		if i > lo && (i-lo == MaxTexts || size+c > MaxCodePoints) {
			out = append(out, span{lo, i})
			lo, size = i, 0
		}
		size += c
	}
	return append(out, span{lo, len(texts)})
}

// classify puts a gRPC error into bitext's classes.
func classify(ctx context.Context, n int, err error) error {
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("google-v3: translate %d texts: %w", n, err)
	}
	e := fmt.Errorf("google-v3: translate %d texts: %s: %s", n, st.Code(), st.Message())
	if cerr := ctx.Err(); cerr != nil {
		// gRPC reports our own cancellation as a status; keep errors.Is(err, context.Canceled).
		return fmt.Errorf("%w (%w)", e, cerr)
	}
	switch st.Code() {
	case codes.ResourceExhausted:
		var wait time.Duration
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay() != nil {
				wait = ri.GetRetryDelay().AsDuration()
			}
		}
		return &translate.RateLimitError{RetryAfter: wait, Err: e}
	case codes.Unauthenticated, codes.PermissionDenied:
		return translate.Fatal(e)
	case codes.InvalidArgument, codes.NotFound, codes.FailedPrecondition, codes.OutOfRange,
		codes.Unimplemented, codes.AlreadyExists:
		return translate.Permanent(e)
	}
	return e // Unavailable, Internal, Aborted, Unknown: a retry may pass
}

// Check asks the service for its supported languages, which translates and bills nothing: it
// tells whether the endpoint answers and the credentials and project are accepted. For
// `bitext backends`.
func (t *Translator) Check(ctx context.Context) error {
	_, err := t.client.GetSupportedLanguages(ctx, &translatepb.GetSupportedLanguagesRequest{Parent: t.parent})
	if err != nil {
		return fmt.Errorf("google-v3: supported languages: %v", status.Convert(err).Message())
	}
	return nil
}
