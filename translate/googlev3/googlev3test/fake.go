// Package googlev3test provides a fake Google Cloud Translation v3 gRPC server for tests: the
// TranslationService's TranslateText method on a loopback listener, enforcing v3's limits
// (1,024 strings, 30,000 code points) and its checks on parent, model and glossary, with
// glossaries a test defines, and recording every request it receives.
package googlev3test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"cloud.google.com/go/translate/apiv3/translatepb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/seed77ff/bitext/translate"
)

// Project is the project Config names.
const Project = "bitext-test"

// Limits v3 enforces, and the fake with it.
const (
	MaxTexts      = 1024
	MaxCodePoints = 30_000
)

// Request is one TranslateText request the fake received, with the routing header the client
// sent (x-goog-request-params).
type Request struct {
	*translatepb.TranslateTextRequest
	RoutingHeader string
}

// Server is a fake v3 server. Its methods are safe for concurrent use.
type Server struct {
	translatepb.UnimplementedTranslationServiceServer

	// URL is the plaintext endpoint for --endpoint: http://127.0.0.1:PORT.
	URL string

	translateFn func(text, source, target string) string
	grpc        *grpc.Server

	mu         sync.Mutex
	requests   []Request
	replyFn    func(Request) (*translatepb.TranslateTextResponse, error)
	glossaries map[string]map[string]string
}

// NewServer starts a fake server on a loopback port. translateFn gives the translation of one
// text (source is the detected "iw" or "en" when the request names none); nil answers
// "[target] text". The server stops when t's test ends; t may be nil (in an Example), and then
// the caller must call Close.
func NewServer(t testing.TB, translateFn func(text, source, target string) string) *Server {
	if translateFn == nil {
		translateFn = func(text, _, target string) string { return "[" + target + "] " + text }
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("googlev3test: listen: %v", err))
	}
	s := &Server{translateFn: translateFn, grpc: grpc.NewServer(), glossaries: map[string]map[string]string{},
		URL: "http://" + lis.Addr().String()}
	translatepb.RegisterTranslationServiceServer(s.grpc, s)
	go func() { _ = s.grpc.Serve(lis) }()
	if t != nil {
		t.Helper()
		t.Cleanup(s.Close)
	}
	return s
}

// Close stops the server.
func (s *Server) Close() { s.grpc.Stop() }

// Config returns a backend configuration for the fake: URL as Endpoint and Project as
// GOOGLE_CLOUD_PROJECT, with nothing else in the environment.
func (s *Server) Config() translate.Config {
	return translate.Config{
		Endpoint: s.URL,
		Getenv: func(name string) string {
			if name == "GOOGLE_CLOUD_PROJECT" {
				return Project
			}
			return ""
		},
	}
}

// AddGlossary defines a glossary by its full resource name: each entry's source term is
// replaced by its target term in the glossary translations.
func (s *Server) AddGlossary(name string, entries map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.glossaries[name] = entries
}

// SetReplyFn makes the fake call fn for every request it has recorded; a non-nil answer or
// error (a status.Error) is given instead of translating. nil restores normal answers.
func (s *Server) SetReplyFn(fn func(Request) (*translatepb.TranslateTextResponse, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replyFn = fn
}

// Requests returns the requests received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Reset forgets the requests received so far.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// TranslateText implements the v3 method.
func (s *Server) TranslateText(ctx context.Context, in *translatepb.TranslateTextRequest) (*translatepb.TranslateTextResponse, error) {
	req := Request{TranslateTextRequest: in}
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		req.RoutingHeader = strings.Join(md.Get("x-goog-request-params"), ",")
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	fn := s.replyFn
	var gl map[string]string
	if g := in.GetGlossaryConfig().GetGlossary(); g != "" {
		gl = s.glossaries[g]
	}
	s.mu.Unlock()
	if fn != nil {
		if resp, err := fn(req); resp != nil || err != nil {
			return resp, err
		}
	}
	parent := in.GetParent()
	chars := 0
	for _, c := range in.GetContents() {
		chars += utf8.RuneCountInString(c)
	}
	switch {
	case !strings.HasPrefix(parent, "projects/"+Project):
		return nil, status.Errorf(codes.PermissionDenied, "Permission 'cloudtranslate.generalModels.predict' denied on resource '%s' (or it may not exist).", parent)
	case in.GetTargetLanguageCode() == "":
		return nil, status.Error(codes.InvalidArgument, "Target language code is required.")
	case len(in.GetContents()) == 0:
		return nil, status.Error(codes.InvalidArgument, "Empty contents.")
	case len(in.GetContents()) > MaxTexts:
		return nil, status.Errorf(codes.InvalidArgument, "Number of text segments (%d) exceeds the limit (%d).", len(in.GetContents()), MaxTexts)
	case chars > MaxCodePoints:
		return nil, status.Errorf(codes.InvalidArgument, "Text is too long: %d code points (limit %d).", chars, MaxCodePoints)
	case in.GetMimeType() != "" && in.GetMimeType() != "text/plain" && in.GetMimeType() != "text/html":
		return nil, status.Errorf(codes.InvalidArgument, "Unsupported mime type: %s", in.GetMimeType())
	case in.GetModel() != "" && !strings.HasPrefix(in.GetModel(), parent+"/models/"):
		return nil, status.Error(codes.InvalidArgument, "Model and parent must be in the same project and location.")
	case in.GetGlossaryConfig() != nil && gl == nil:
		return nil, status.Errorf(codes.NotFound, "Glossary not found: %s", in.GetGlossaryConfig().GetGlossary())
	case in.GetGlossaryConfig() != nil && in.GetSourceLanguageCode() == "":
		return nil, status.Error(codes.InvalidArgument, "Source language is required when a glossary is used.")
	}
	resp := &translatepb.TranslateTextResponse{}
	for _, text := range in.GetContents() {
		src := in.GetSourceLanguageCode()
		tr := &translatepb.Translation{Model: in.GetModel()}
		if src == "" {
			src = detect(text)
			tr.DetectedLanguageCode = src
		}
		tr.TranslatedText = s.translateFn(text, src, in.GetTargetLanguageCode())
		resp.Translations = append(resp.Translations, tr)
		if gl != nil {
			g := text
			for k, v := range gl {
				g = strings.ReplaceAll(g, k, v)
			}
			resp.GlossaryTranslations = append(resp.GlossaryTranslations, &translatepb.Translation{
				TranslatedText: s.translateFn(g, src, in.GetTargetLanguageCode()), Model: in.GetModel(),
				GlossaryConfig: in.GetGlossaryConfig(),
			})
		}
	}
	return resp, nil
}

func detect(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Hebrew, r) && unicode.IsLetter(r) {
			return "iw"
		}
	}
	return "en"
}

// GetSupportedLanguages implements the v3 method with a few languages, in v3's codes.
func (s *Server) GetSupportedLanguages(_ context.Context, in *translatepb.GetSupportedLanguagesRequest) (*translatepb.SupportedLanguages, error) {
	if !strings.HasPrefix(in.GetParent(), "projects/"+Project) {
		return nil, status.Errorf(codes.PermissionDenied, "Permission denied on resource '%s' (or it may not exist).", in.GetParent())
	}
	out := &translatepb.SupportedLanguages{}
	for _, c := range []string{"en", "iw", "de", "fr"} {
		out.Languages = append(out.Languages, &translatepb.SupportedLanguage{LanguageCode: c, SupportSource: true, SupportTarget: true})
	}
	return out, nil
}
