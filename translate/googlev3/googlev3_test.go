package googlev3_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/translate/apiv3/translatepb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/googlev3"
	"github.com/seed77ff/bitext/translate/googlev3/googlev3test"
	"github.com/seed77ff/bitext/translate/translatetest"
)

func newBackend(t *testing.T, c translate.Config) translate.Translator {
	t.Helper()
	var reg translate.Registry
	googlev3.Register(&reg)
	b, ok := reg.Lookup(googlev3.Name)
	require.True(t, ok)
	tr, err := b.New(context.Background(), c)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tr.(*googlev3.Translator).Close() })
	return tr
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func upper(text, source, target string) string {
	return fmt.Sprintf("%s>%s:%s", source, target, strings.ToUpper(text))
}

func TestRegister(t *testing.T) {
	var reg translate.Registry
	googlev3.Register(&reg)
	b, ok := reg.Lookup("google-v3")
	require.True(t, ok)
	assert.Equal(t, []string{"GOOGLE_CLOUD_PROJECT", "GOOGLE_CLOUD_LOCATION", "GOOGLE_APPLICATION_CREDENTIALS"}, b.Env)
	assert.Equal(t, translate.Limits{Texts: 1024, CodePoints: 30_000, InFlight: 4}, b.Limits)
	assert.Equal(t, "characters", b.BillingUnit)
	assert.Equal(t, 20.0, b.Price.PerMillion)
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, b.Price.PricedOn)
	assert.True(t, b.Cacheable)
	assert.Panics(t, func() { googlev3.Register(&reg) })
	assert.True(t, googlev3.Configured(translate.Config{Getenv: env(map[string]string{"GOOGLE_CLOUD_PROJECT": "p"})}))
	assert.False(t, googlev3.Configured(translate.Config{Getenv: env(map[string]string{"GOOGLE_API_KEY": "k"})}))
}

func TestNotConfigured(t *testing.T) {
	_, err := googlev3.New(context.Background(), translate.Config{Getenv: env(nil)})
	require.Error(t, err)
	assert.ErrorIs(t, err, translate.ErrNotConfigured)
	assert.Contains(t, err.Error(), "GOOGLE_CLOUD_PROJECT")
	for _, ep := range []string{"ftp://h:1/", "http://h:1/path", "http://u:p@h:1/", "http://h:1/?q=1"} {
		_, err := googlev3.New(context.Background(), translate.Config{Endpoint: ep, Getenv: env(map[string]string{"GOOGLE_CLOUD_PROJECT": "p"})})
		assert.Error(t, err, ep)
	}
}

// TestRequest drives the real generated client against the fake and checks the request.
func TestRequest(t *testing.T) {
	srv := googlev3test.NewServer(t, upper)
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"שלום", "עולם"}, Source: language.Hebrew, Target: language.English, Model: "nmt",
	})
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	parent := "projects/" + googlev3test.Project + "/locations/global"
	assert.Equal(t, []string{"שלום", "עולם"}, r.GetContents())
	assert.Equal(t, "text/plain", r.GetMimeType())
	assert.Equal(t, "iw", r.GetSourceLanguageCode(), "Google's code for Hebrew")
	assert.Equal(t, "en", r.GetTargetLanguageCode())
	assert.Equal(t, parent, r.GetParent())
	assert.Equal(t, parent+"/models/general/nmt", r.GetModel())
	assert.Nil(t, r.GetGlossaryConfig())
	assert.Contains(t, r.RoutingHeader, "parent=projects%2F"+googlev3test.Project, "the client's routing header")
	assert.Equal(t, []translate.Translation{
		{Text: "iw>en:שלום", Source: language.Hebrew, Backend: "google-v3", Model: parent + "/models/general/nmt"},
		{Text: "iw>en:עולם", Source: language.Hebrew, Backend: "google-v3", Model: parent + "/models/general/nmt"},
	}, got)
}

func TestLocationDetectAndHTML(t *testing.T) {
	srv := googlev3test.NewServer(t, upper)
	c := srv.Config()
	c.Getenv = env(map[string]string{"GOOGLE_CLOUD_PROJECT": googlev3test.Project, "GOOGLE_CLOUD_LOCATION": "us-central1"})
	tr := newBackend(t, c)
	assert.Equal(t, "projects/bitext-test/locations/us-central1", tr.(*googlev3.Translator).Parent())
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"<b>שלום</b>", "hi"}, Target: language.French, Format: translate.HTML})
	require.NoError(t, err)
	r := srv.Requests()[0]
	assert.Equal(t, "text/html", r.GetMimeType())
	assert.Empty(t, r.GetSourceLanguageCode())
	assert.Empty(t, r.GetModel(), "no model asked: Google's default")
	assert.Equal(t, "he", got[0].Source.String(), "v3 answers iw; bitext says he")
	assert.Equal(t, "en", got[1].Source.String())
}

func TestPaths(t *testing.T) {
	p := "projects/p/locations/us-central1"
	models := map[string]string{
		"": "", "nmt": p + "/models/general/nmt", "translation-llm": p + "/models/general/translation-llm",
		"general/nmt": p + "/models/general/nmt", "NM1234": p + "/models/NM1234",
		"projects/x/locations/y/models/z": "projects/x/locations/y/models/z",
	}
	for in, want := range models {
		assert.Equal(t, want, googlev3.ModelPath(p, in), in)
	}
	glossaries := map[string]string{
		"": "", "9f86d081884c7d65": "", "googlev3:terms": p + "/glossaries/terms",
		"projects/x/locations/y/glossaries/g":          "projects/x/locations/y/glossaries/g",
		"googlev3:projects/x/locations/y/glossaries/g": "projects/x/locations/y/glossaries/g",
	}
	for in, want := range glossaries {
		assert.Equal(t, want, googlev3.GlossaryPath(p, in), in)
	}
}

func TestGlossary(t *testing.T) {
	srv := googlev3test.NewServer(t, func(text, _, _ string) string { return text })
	name := "projects/" + googlev3test.Project + "/locations/global/glossaries/gaza"
	srv.AddGlossary(name, map[string]string{"עזה": "Gaza"})
	tr := newBackend(t, srv.Config())
	got, err := tr.Translate(context.Background(), &translate.Request{
		Texts: []string{"מזרחית לעיר עזה"}, Source: language.Hebrew, Target: language.English, GlossaryID: "googlev3:gaza",
	})
	require.NoError(t, err)
	assert.Equal(t, name, srv.Requests()[0].GetGlossaryConfig().GetGlossary())
	assert.Equal(t, "מזרחית לעיר Gaza", got[0].Text, "the glossary translations are used")

	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{"x"}, Target: language.English, GlossaryID: "googlev3:gaza"})
	assert.ErrorIs(t, err, translate.ErrPermanent, "a glossary needs a source language")
}

func TestSplit(t *testing.T) {
	srv := googlev3test.NewServer(t, func(text, _, _ string) string { return text })
	tr := newBackend(t, srv.Config())
	texts := make([]string, 1100)
	for i := range texts {
		texts[i] = fmt.Sprint(i)
	}
	got, err := tr.Translate(context.Background(), &translate.Request{Texts: texts, Source: language.German, Target: language.English})
	require.NoError(t, err)
	for i := range texts {
		require.Equal(t, texts[i], got[i].Text)
	}
	big := strings.Repeat("ש", 12_000)
	_, err = tr.Translate(context.Background(), &translate.Request{Texts: []string{big, big, big}, Source: language.Hebrew, Target: language.English})
	require.NoError(t, err)
	var sizes []int
	for _, r := range srv.Requests() {
		sizes = append(sizes, len(r.GetContents()))
	}
	assert.Equal(t, []int{1024, 76, 2, 1}, sizes, "within 1,024 strings and 30,000 code points; the fake refuses more")
}

func TestErrors(t *testing.T) {
	srv := googlev3test.NewServer(t, nil)
	tr := newBackend(t, srv.Config())
	withRetry, _ := status.New(codes.ResourceExhausted, "Quota exceeded for quota metric 'Requests per minute'").
		WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(3 * time.Second)})
	tests := []struct {
		name             string
		err              error
		resp             *translatepb.TranslateTextResponse
		rate             time.Duration
		limited          bool
		permanent, fatal bool
		contains         string
	}{
		{name: "resource exhausted with RetryInfo", err: withRetry.Err(), limited: true, rate: 3 * time.Second, contains: "Requests per minute"},
		{name: "resource exhausted", err: status.Error(codes.ResourceExhausted, "slow down"), limited: true},
		{name: "unauthenticated", err: status.Error(codes.Unauthenticated, "Request had invalid authentication credentials."), permanent: true, fatal: true},
		{name: "permission denied", err: status.Error(codes.PermissionDenied, "Cloud Translation API has not been used in project"), permanent: true, fatal: true},
		{name: "invalid argument", err: status.Error(codes.InvalidArgument, "Target language is invalid."), permanent: true, contains: "Target language is invalid"},
		{name: "not found", err: status.Error(codes.NotFound, "Glossary not found"), permanent: true},
		{name: "unavailable", err: status.Error(codes.Unavailable, "The service is currently unavailable.")},
		{name: "internal", err: status.Error(codes.Internal, "Internal error encountered.")},
		{name: "deadline", err: status.Error(codes.DeadlineExceeded, "Deadline exceeded")},
		{name: "wrong count", resp: &translatepb.TranslateTextResponse{Translations: []*translatepb.Translation{{TranslatedText: "a"}}}, contains: "asked for 2 translations, got 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.SetReplyFn(func(googlev3test.Request) (*translatepb.TranslateTextResponse, error) { return tt.resp, tt.err })
			got, err := tr.Translate(context.Background(), &translate.Request{Texts: []string{"a", "b"}, Source: language.German, Target: language.English})
			require.Error(t, err)
			assert.Nil(t, got)
			var rl *translate.RateLimitError
			assert.Equal(t, tt.limited, errors.As(err, &rl), "rate limit: %v", err)
			if tt.limited {
				assert.Equal(t, tt.rate, rl.RetryAfter)
			}
			assert.Equal(t, tt.permanent, errors.Is(err, translate.ErrPermanent), "permanent: %v", err)
			assert.Equal(t, tt.fatal, errors.Is(err, translate.ErrFatal), "fatal: %v", err)
			assert.False(t, errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled), "the caller's context is fine: %v", err)
			assert.Contains(t, err.Error(), tt.contains)
		})
	}
	t.Run("wrong project", func(t *testing.T) {
		srv.SetReplyFn(nil)
		c := srv.Config()
		c.Getenv = env(map[string]string{"GOOGLE_CLOUD_PROJECT": "someone-else"})
		_, err := newBackend(t, c).Translate(context.Background(), &translate.Request{Texts: []string{"a"}, Target: language.English})
		assert.ErrorIs(t, err, translate.ErrFatal)
	})
}

func TestConformance(t *testing.T) {
	translatetest.Run(t, func(t *testing.T) translate.Translator {
		return newBackend(t, googlev3test.NewServer(t, nil).Config())
	}, translatetest.Options{})
}

func TestCheck(t *testing.T) {
	srv := googlev3test.NewServer(t, nil)
	tr := newBackend(t, srv.Config()).(*googlev3.Translator)
	require.NoError(t, tr.Check(context.Background()))
	assert.Empty(t, srv.Requests(), "nothing translated")

	c := srv.Config()
	c.Getenv = env(map[string]string{"GOOGLE_CLOUD_PROJECT": "someone-else"})
	err := newBackend(t, c).(*googlev3.Translator).Check(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Permission denied")
}
