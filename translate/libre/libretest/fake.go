// Package libretest provides a fake LibreTranslate server for tests. It speaks the protocol of
// LibreTranslate's app.py (POST /translate with q as a string or an array, GET /languages,
// GET /frontend/settings; errors as {"error": "…"}) on a local httptest server, enforces a
// server's --char-limit and --batch-limit with LibreTranslate's own 400 answers, checks API
// keys like a server started with --api-keys, and records every request it receives.
package libretest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/translate"
)

// Key is the API key Config hands out, shaped like LibreTranslate's keys (a UUID).
const Key = "9c1e7f3a-2b4d-4c6e-8f0a-1b2c3d4e5f60"

// Options are the server's flags.
type Options struct {
	// CharLimit is --char-limit: the most code points in one request, summed over q; 0 or -1 for none.
	CharLimit int
	// BatchLimit is --batch-limit: the most texts in one request; 0 or -1 for none. Like
	// LibreTranslate, the fake does not report it in /frontend/settings unless ReportBatchLimit.
	BatchLimit int
	// ReportBatchLimit adds batchLimit to /frontend/settings, as some deployments do.
	ReportBatchLimit bool
	// RequireKey makes the server check api_key, like --api-keys with a required key.
	RequireKey bool
	// NoSettings makes /frontend/settings and /languages answer 404, like a proxy that only
	// passes /translate.
	NoSettings bool
	// Languages are the codes the server has; nil means en, he, de, fr, es, zh, zt, pt, pb.
	Languages []string
	// AnyLanguage accepts every source and target code, as if the server had every model
	// (for tests whose input languages are not known in advance); /languages still lists
	// Languages.
	AnyLanguage bool
}

// Request is one request the fake received, decoded.
type Request struct {
	Method, Path, ContentType string
	// Texts are the q values; Batch is true when q was an array.
	Texts []string
	Batch bool
	// The parameters as sent ("" when absent).
	Source, Target, Format, APIKey string
}

// Reply is an answer a test makes the fake give instead of translating.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// ErrorReply returns LibreTranslate's error body, {"error": message}, with the given status.
func ErrorReply(status int, message string) *Reply {
	b, _ := json.Marshal(map[string]string{"error": message})
	return &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

// Server is a fake LibreTranslate server. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	opts        Options
	translateFn func(text, source, target string) string

	mu       sync.Mutex
	requests []Request
	replyFn  func(Request) *Reply
}

// NewServer starts a fake server with opts. translateFn gives the translation of one text
// (codes as sent; source is the detected "he" or "en" when the request says "auto"); nil
// answers "[target] text". The server is closed when t's test ends; t may be nil (in an
// Example), and then the caller must Close it.
func NewServer(t testing.TB, opts Options, translateFn func(text, source, target string) string) *Server {
	if translateFn == nil {
		translateFn = func(text, _, target string) string { return "[" + target + "] " + text }
	}
	if opts.Languages == nil {
		opts.Languages = []string{"en", "he", "de", "fr", "es", "zh", "zt", "pt", "pb"}
	}
	s := &Server{opts: opts, translateFn: translateFn}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	if t != nil {
		t.Helper()
		t.Cleanup(s.Close)
	}
	return s
}

// Config returns a backend configuration for the fake: its root as Endpoint, and Key as
// LIBRETRANSLATE_API_KEY when the server requires a key.
func (s *Server) Config() translate.Config {
	return translate.Config{
		Endpoint: s.URL,
		Getenv: func(name string) string {
			if name == "LIBRETRANSLATE_API_KEY" && s.opts.RequireKey {
				return Key
			}
			return ""
		},
	}
}

// SetReplyFn makes the fake call fn for every /translate request it has decoded and recorded;
// a non-nil Reply is given instead of the normal answer. nil restores normal answers.
func (s *Server) SetReplyFn(fn func(Request) *Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replyFn = fn
}

// Requests returns the requests received so far (settings and languages look-ups included),
// in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Translations returns the /translate requests received so far.
func (s *Server) Translations() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Path == "/translate" {
			out = append(out, r)
		}
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
	req := Request{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type")}
	switch {
	case r.URL.Path == "/frontend/settings" && r.Method == http.MethodGet && !s.opts.NoSettings:
		s.record(req)
		settings := map[string]any{
			"charLimit": limitOrNone(s.opts.CharLimit), "frontendTimeout": 500,
			"apiKeys": s.opts.RequireKey, "keyRequired": s.opts.RequireKey, "suggestions": false,
			"filesTranslation": true, "supportedFilesFormat": []string{".txt"},
			"language": map[string]any{"source": map[string]string{"code": "auto", "name": "Auto Detect"},
				"target": map[string]string{"code": "en", "name": "English"}},
		}
		if s.opts.ReportBatchLimit {
			settings["batchLimit"] = limitOrNone(s.opts.BatchLimit)
		}
		writeJSON(w, http.StatusOK, settings)
		return
	case r.URL.Path == "/languages" && r.Method == http.MethodGet && !s.opts.NoSettings:
		s.record(req)
		var ls []map[string]any
		for _, c := range s.opts.Languages {
			ls = append(ls, map[string]any{"code": c, "name": c, "targets": s.opts.Languages})
		}
		writeJSON(w, http.StatusOK, ls)
		return
	case r.URL.Path != "/translate":
		s.record(req)
		write(w, ErrorReply(http.StatusNotFound, "Not Found"))
		return
	case r.Method != http.MethodPost:
		s.record(req)
		write(w, ErrorReply(http.StatusMethodNotAllowed, "Method Not Allowed"))
		return
	}
	err := decode(r, &req)
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
	if err != nil {
		write(w, ErrorReply(http.StatusBadRequest, err.Error()))
		return
	}
	write(w, s.translate(req))
}

func limitOrNone(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// translate follows app.py's order of checks.
func (s *Server) translate(req Request) *Reply {
	if s.opts.RequireKey && req.APIKey != Key {
		if req.APIKey != "" {
			return ErrorReply(http.StatusForbidden, "Invalid API key")
		}
		return ErrorReply(http.StatusBadRequest, "Please contact the server operator to get an API key")
	}
	switch {
	case len(req.Texts) == 0:
		return ErrorReply(http.StatusBadRequest, "Invalid request: missing q parameter")
	case req.Source == "":
		return ErrorReply(http.StatusBadRequest, "Invalid request: missing source parameter")
	case req.Target == "":
		return ErrorReply(http.StatusBadRequest, "Invalid request: missing target parameter")
	}
	if req.Batch && s.opts.BatchLimit > 0 && len(req.Texts) > s.opts.BatchLimit {
		return ErrorReply(http.StatusBadRequest, fmt.Sprintf("Invalid request: request (%d) exceeds text limit (%d)", len(req.Texts), s.opts.BatchLimit))
	}
	chars := 0
	for _, t := range req.Texts {
		chars += utf8.RuneCountInString(t)
	}
	if s.opts.CharLimit > 0 && chars > s.opts.CharLimit {
		return ErrorReply(http.StatusBadRequest, fmt.Sprintf("Invalid request: request (%d) exceeds text limit (%d)", chars, s.opts.CharLimit))
	}
	known := map[string]bool{}
	for _, c := range s.opts.Languages {
		known[c] = true
	}
	if req.Source != "auto" && !known[req.Source] && !s.opts.AnyLanguage {
		return ErrorReply(http.StatusBadRequest, req.Source+" is not supported")
	}
	if !known[req.Target] && !s.opts.AnyLanguage {
		return ErrorReply(http.StatusBadRequest, req.Target+" is not supported")
	}
	if req.Format == "" {
		req.Format = "text"
	}
	if req.Format != "text" && req.Format != "html" {
		return ErrorReply(http.StatusBadRequest, req.Format+" format is not supported")
	}
	out := make([]string, len(req.Texts))
	type detected struct {
		Confidence float64 `json:"confidence"`
		Language   string  `json:"language"`
	}
	dets := make([]detected, len(req.Texts))
	for i, text := range req.Texts {
		src := req.Source
		if src == "auto" {
			src = detect(text)
			dets[i] = detected{90, src}
		}
		out[i] = s.translateFn(text, src, req.Target)
	}
	ans := map[string]any{}
	if req.Batch {
		ans["translatedText"] = out
		if req.Source == "auto" {
			ans["detectedLanguage"] = dets
		}
	} else {
		ans["translatedText"] = out[0]
		if req.Source == "auto" {
			ans["detectedLanguage"] = dets[0]
		}
	}
	b, _ := json.Marshal(ans)
	return &Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

func detect(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Hebrew, r) && unicode.IsLetter(r) {
			return "he"
		}
	}
	return "en"
}

func (s *Server) record(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, req)
}

// decode reads a JSON body (q a string or an array) or a form body (q a string), as app.py does.
func decode(r *http.Request, req *Request) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return err
	}
	ct, _, _ := mime.ParseMediaType(req.ContentType)
	if ct == "application/json" {
		var b struct {
			Q      json.RawMessage `json:"q"`
			Source string          `json:"source"`
			Target string          `json:"target"`
			Format string          `json:"format"`
			APIKey string          `json:"api_key"`
		}
		if err := json.Unmarshal(body, &b); err != nil {
			return fmt.Errorf("Invalid JSON format")
		}
		req.Source, req.Target, req.Format, req.APIKey = b.Source, b.Target, b.Format, b.APIKey
		if len(b.Q) > 0 && b.Q[0] == '[' {
			req.Batch = true
			if err := json.Unmarshal(b.Q, &req.Texts); err != nil {
				return fmt.Errorf("Invalid request: q must be a string or an array of strings")
			}
		} else if len(b.Q) > 0 {
			var one string
			if err := json.Unmarshal(b.Q, &one); err != nil {
				return fmt.Errorf("Invalid request: q must be a string or an array of strings")
			}
			if one != "" {
				req.Texts = []string{one}
			}
		}
		return nil
	}
	v, err := url.ParseQuery(string(body))
	if err != nil {
		return err
	}
	if q := v.Get("q"); q != "" {
		req.Texts = []string{q}
	}
	req.Source, req.Target, req.Format, req.APIKey = v.Get("source"), v.Get("target"), v.Get("format"), v.Get("api_key")
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	write(w, &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)})
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
