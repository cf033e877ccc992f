// Package googletest provides a fake Google Cloud Translation v2 server for tests: it speaks
// the documented REST protocol (https://cloud.google.com/translate/docs/reference/rest/v2/translate)
// on a local httptest server and records every request it receives.
package googletest

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/seed77ff/bitext/translate"
)

// Path is where v2 translates.
const Path = "/language/translate/v2"

// Key is the API key Config hands out. It has the shape of a real key (39 characters), so that
// tests checking that a key never shows in error text test something.
const Key = "AIzaSyFAKE-bitext-test-key-0123456789ab"

// MaxTexts is the most q values the fake accepts in one request, as Google v2 does.
const MaxTexts = 128

// MaxBytes is the most UTF-8 bytes of text (all q values together) the fake accepts in one
// request; more get 400 "Text too long". Google documents no exact figure; this is the
// "about 100K bytes" bitext's design records, which the google backend's limits stay within.
const MaxBytes = 100_000

// MaxURILength is the longest request URI the fake accepts; longer ones get 413 with a page
// that echoes the URI, as front ends do. It is the fake's own limit, not a documented Google one.
const MaxURILength = 16 << 10

// Request is one request the fake received, decoded.
type Request struct {
	// Method is GET or POST.
	Method string
	// Path is the URL path.
	Path string
	// QueryLen is the length of the raw URL query.
	QueryLen int
	// URI is the request URI as received, query (and key) included, for tests that make the
	// fake echo it the way some front ends do.
	URI string
	// BodyLen is the length of the request body in bytes.
	BodyLen int
	// Texts are the q values, in order.
	Texts []string
	// Target, Source, Format and Model are the parameters as sent ("" when absent).
	Target, Source, Format, Model string
	// Key is the key parameter, or the X-Goog-Api-Key header.
	Key string
	// Authorization is the Authorization header.
	Authorization string
}

// Reply is an answer a test makes the fake give instead of translating.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// ErrorReply returns the JSON error v2 answers, for example
// ErrorReply(403, "userRateLimitExceeded", "User Rate Limit Exceeded").
func ErrorReply(code int, reason, message string) *Reply {
	domain := "global"
	switch reason {
	case "userRateLimitExceeded", "rateLimitExceeded", "dailyLimitExceeded", "keyInvalid":
		domain = "usageLimits"
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"code":    code,
		"message": message,
		"errors":  []map[string]string{{"reason": reason, "domain": domain, "message": message}},
	}})
	return &Reply{Status: code, Header: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}, Body: string(b)}
}

// Translation is one entry of a v2 answer.
type Translation struct {
	TranslatedText         string `json:"translatedText"`
	DetectedSourceLanguage string `json:"detectedSourceLanguage,omitempty"`
	Model                  string `json:"model,omitempty"`
}

// TranslationsReply returns a successful v2 answer carrying ts, for tests that need an answer the
// fake would not give (too few translations, odd language codes).
func TranslationsReply(ts ...Translation) *Reply {
	if ts == nil {
		ts = []Translation{}
	}
	b, _ := json.Marshal(map[string]any{"data": map[string]any{"translations": ts}})
	return &Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}, Body: string(b)}
}

// Server is a fake v2 server. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	translateFn func(text, source, target string) string

	mu       sync.Mutex
	requests []Request
	replyFn  func(Request) *Reply
}

// NewServer starts a fake v2 server. translateFn gives the translation of one text; source is
// the request's source, or, when the request has none, the language the fake "detects": "iw"
// if the text contains a Hebrew letter, else "en" (it answers that as detectedSourceLanguage).
// A nil translateFn answers "[target] text". Unless the request says format=text, the answer
// is escaped the way v2 treats HTML input, crudely: apostrophes become &#39;.
//
// The server is closed when t's test ends; t may be nil (in an Example), and then the caller
// must Close it.
func NewServer(t testing.TB, translateFn func(text, source, target string) string) *Server {
	if translateFn == nil {
		translateFn = func(text, _, target string) string { return "[" + target + "] " + text }
	}
	s := &Server{translateFn: translateFn}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	if t != nil {
		t.Helper()
		t.Cleanup(s.Close)
	}
	return s
}

// Config returns a backend configuration for the fake: its root as Endpoint and Key as
// GOOGLE_API_KEY, with nothing else in the environment.
func (s *Server) Config() translate.Config {
	return translate.Config{
		Endpoint: s.URL,
		Getenv: func(name string) string {
			if name == "GOOGLE_API_KEY" {
				return Key
			}
			return ""
		},
	}
}

// SetReplyFn makes the fake call fn for every request it has decoded and recorded; a non-nil
// Reply is given instead of the normal answer. nil restores normal answers.
func (s *Server) SetReplyFn(fn func(Request) *Reply) {
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

// RequestCount returns the number of requests received so far.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// TextsPerRequest returns the q values of each request received so far.
func (s *Server) TextsPerRequest() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]string, len(s.requests))
	for i, r := range s.requests {
		out[i] = append([]string(nil), r.Texts...)
	}
	return out
}

// Reset forgets the requests received so far.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if len(r.RequestURI) > MaxURILength {
		s.record(Request{Method: r.Method, Path: r.URL.Path, QueryLen: len(r.URL.RawQuery)})
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		fmt.Fprintf(w, "<!DOCTYPE html><title>Error 413 (Request Entity Too Large)!!1</title>"+
			"<p><b>413.</b> That’s an error.<p>The requested URL <code>%s</code> is too large to process.",
			html.EscapeString(r.RequestURI))
		return
	}
	req, err := decode(r)
	if err != nil {
		write(w, ErrorReply(http.StatusBadRequest, "parseError", err.Error()))
		return
	}
	s.record(req)
	s.mu.Lock()
	fn := s.replyFn
	s.mu.Unlock()
	if fn != nil {
		if rep := fn(req); rep != nil {
			write(w, rep)
			return
		}
	}
	switch {
	case r.URL.Path != Path:
		write(w, ErrorReply(http.StatusNotFound, "notFound", "Not Found"))
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		write(w, ErrorReply(http.StatusMethodNotAllowed, "methodNotAllowed", "Method Not Allowed"))
	case req.Key == "" && req.Authorization == "":
		write(w, ErrorReply(http.StatusForbidden, "forbidden",
			"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."))
	case req.Target == "":
		write(w, ErrorReply(http.StatusBadRequest, "required", "Required Text"))
	case len(req.Texts) == 0:
		write(w, ErrorReply(http.StatusBadRequest, "required", "Required Text"))
	case len(req.Texts) > MaxTexts:
		write(w, ErrorReply(http.StatusBadRequest, "invalid", "Too many text segments"))
	case textBytes(req.Texts) > MaxBytes:
		write(w, ErrorReply(http.StatusBadRequest, "invalid", "Text too long"))
	default:
		write(w, s.translate(req))
	}
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
}

func (s *Server) translate(req Request) *Reply {
	ts := make([]Translation, len(req.Texts))
	for i, text := range req.Texts {
		src := req.Source
		if src == "" {
			src = detect(text)
			ts[i].DetectedSourceLanguage = src
		}
		out := s.translateFn(text, src, req.Target)
		if req.Format != "text" {
			out = strings.ReplaceAll(out, "'", "&#39;")
		}
		ts[i].TranslatedText = out
		ts[i].Model = req.Model
	}
	return TranslationsReply(ts...)
}

func textBytes(texts []string) int {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return n
}

// detect says "iw" for text with a Hebrew letter, as v2 does for Hebrew, else "en".
func detect(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Hebrew, r) && unicode.IsLetter(r) {
			return "iw"
		}
	}
	return "en"
}

// decode reads the parameters from the query (GET), a form body or a JSON body (POST), the
// three ways the v2 reference allows. A JSON body may wrap them in {"data": {…}}, as the
// generated client google.golang.org/api/translate/v2 sends them (its discovery document
// lists the dataWrapper feature), or carry them at the top level, as the REST reference shows.
func decode(r *http.Request) (Request, error) {
	req := Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		QueryLen:      len(r.URL.RawQuery),
		URI:           r.RequestURI,
		Key:           r.Header.Get("X-Goog-Api-Key"),
		Authorization: r.Header.Get("Authorization"),
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method == http.MethodPost && ct == "application/json" {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return req, fmt.Errorf("read body: %v", err)
		}
		req.BodyLen = len(raw)
		type params struct {
			Q                             json.RawMessage `json:"q"`
			Target, Source, Format, Model string
		}
		var body struct {
			params
			Data *params `json:"data"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			return req, fmt.Errorf("bad JSON body: %v", err)
		}
		p := body.params
		if body.Data != nil {
			p = *body.Data
		}
		if len(p.Q) > 0 {
			if err := json.Unmarshal(p.Q, &req.Texts); err != nil {
				var one string
				if err := json.Unmarshal(p.Q, &one); err != nil {
					return req, fmt.Errorf("bad q: %v", err)
				}
				req.Texts = []string{one}
			}
		}
		req.Target, req.Source, req.Format, req.Model = p.Target, p.Source, p.Format, p.Model
		q := r.URL.Query()
		if k := q.Get("key"); k != "" {
			req.Key = k
		}
		return req, nil
	}
	if err := r.ParseForm(); err != nil {
		return req, err
	}
	f := r.Form // query and form body together
	req.Texts = f["q"]
	req.Target, req.Source, req.Format, req.Model = f.Get("target"), f.Get("source"), f.Get("format"), f.Get("model")
	if k := f.Get("key"); k != "" {
		req.Key = k
	}
	return req, nil
}

func write(w http.ResponseWriter, rep *Reply) {
	for k, vs := range rep.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	status := rep.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(rep.Body))
}
