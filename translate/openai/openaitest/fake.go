// Package openaitest provides a fake OpenAI-compatible chat-completions server for tests. It
// speaks the documented protocol (POST /v1/chat/completions, GET /v1/models;
// https://platform.openai.com/docs/api-reference/chat) on a local httptest server and plays a
// well-behaved translation model: it reads the segments from the user message's JSON data,
// translates each with a function, and answers {"translations": […]}. Tests bend its answers
// with SetContentFn and SetReplyFn, and read every request it received.
package openaitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/seed77ff/bitext/translate"
)

// Key is the API key Config hands out, shaped like an OpenAI project key.
const Key = "sk-proj-bitextFAKE0123456789abcdefghijklmnopqrstuv"

// Model is the model the fake serves.
const Model = "fake-translator-1"

// Segment is one item of the data a request carries.
type Segment struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
}

// Data is the user message's JSON, as the backend sends it.
type Data struct {
	SourceLanguage string `json:"source_language"`
	TargetLanguage string `json:"target_language"`
	Context        string `json:"context"`
	// Glossary is the glossary terms sent with the segments (nil when none).
	Glossary []Term    `json:"glossary"`
	Segments []Segment `json:"segments"`
}

// Term is a glossary entry of the data.
type Term struct {
	Source string `json:"source"`
	Target string `json:"target"`
}

// Request is one chat request the fake received, decoded.
type Request struct {
	Method, Path, Authorization, ContentType string
	Model                                    string
	// Temperature is nil when absent.
	Temperature *float64
	// ResponseFormat is response_format.type ("" when absent).
	ResponseFormat string
	// System and User are the contents of the system and user messages (joined when several).
	System, User string
	// Roles lists the messages' roles in order.
	Roles []string
	// Data is User decoded, when it is the backend's JSON data.
	Data *Data
}

// Reply is a whole HTTP answer a test makes the fake give.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// ErrorReply returns OpenAI's error body with the given status, type and code.
func ErrorReply(status int, typ, code, message string) *Reply {
	e := map[string]any{"message": message, "type": typ, "param": nil, "code": nil}
	if code != "" {
		e["code"] = code
	}
	b, _ := json.Marshal(map[string]any{"error": e})
	return &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

// ChatReply returns a successful chat answer whose message content is content, with the
// given finish_reason ("stop" when empty).
func ChatReply(content, finishReason string) *Reply {
	if finishReason == "" {
		finishReason = "stop"
	}
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion", "created": 1764150000, "model": Model,
		"choices": []map[string]any{{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": content, "refusal": nil},
			"finish_reason": finishReason,
		}},
		"usage": map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	})
	return &Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

// Options change how the fake behaves as a server.
type Options struct {
	// NoAuth accepts requests without a key, like a local llama.cpp or Ollama server.
	NoAuth bool
	// NoJSONMode refuses response_format with 400, as some compatible servers do.
	NoJSONMode bool
}

// Server is a fake chat-completions server. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	opts        Options
	translateFn func(text, source, target string) string

	mu        sync.Mutex
	requests  []Request
	replyFn   func(Request) *Reply
	contentFn func(Request, []string) string
}

// NewServer starts a fake server. translateFn gives the translation of one segment (source is
// "" when the data names none); nil answers "[target] text". The server is closed when t's test
// ends; t may be nil (in an Example), and then the caller must Close it.
func NewServer(t testing.TB, opts Options, translateFn func(text, source, target string) string) *Server {
	if translateFn == nil {
		translateFn = func(text, _, target string) string { return "[" + target + "] " + text }
	}
	s := &Server{opts: opts, translateFn: translateFn}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	if t != nil {
		t.Helper()
		t.Cleanup(s.Close)
	}
	return s
}

// BaseURL is the API base, including /v1, as OPENAI_BASE_URL names it.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Config returns a backend configuration for the fake: BaseURL as Endpoint, Model as the
// model, and Key as OPENAI_API_KEY.
func (s *Server) Config() translate.Config {
	return translate.Config{
		Endpoint: s.BaseURL(),
		Model:    Model,
		Getenv: func(name string) string {
			if name == "OPENAI_API_KEY" {
				return Key
			}
			return ""
		},
	}
}

// SetReplyFn makes the fake call fn for every chat request it has decoded and recorded; a
// non-nil Reply is given instead of the normal answer. nil restores normal answers.
func (s *Server) SetReplyFn(fn func(Request) *Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replyFn = fn
}

// SetContentFn makes the fake answer fn(request, translations) as the message content instead
// of {"translations": translations}, to play a model that formats its answer badly.
func (s *Server) SetContentFn(fn func(Request, []string) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contentFn = fn
}

// Requests returns the chat requests received so far, in arrival order.
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

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if !s.opts.NoAuth && auth != "Bearer "+Key {
		write(w, ErrorReply(http.StatusUnauthorized, "invalid_request_error", "invalid_api_key",
			"Incorrect API key provided: "+strings.TrimPrefix(auth, "Bearer ")+". You can find your API key at https://platform.openai.com/account/api-keys."))
		return
	}
	switch {
	case r.URL.Path == "/v1/models" && r.Method == http.MethodGet:
		b, _ := json.Marshal(map[string]any{"object": "list", "data": []map[string]any{{"id": Model, "object": "model", "owned_by": "bitext"}}})
		write(w, &Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)})
		return
	case r.URL.Path != "/v1/chat/completions":
		write(w, ErrorReply(http.StatusNotFound, "invalid_request_error", "unknown_url", "Unknown request URL: "+r.Method+" "+r.URL.Path))
		return
	case r.Method != http.MethodPost:
		write(w, ErrorReply(http.StatusMethodNotAllowed, "invalid_request_error", "", "Method not allowed"))
		return
	}
	req, err := decode(r)
	req.Authorization = auth
	s.mu.Lock()
	s.requests = append(s.requests, req)
	fn, cfn := s.replyFn, s.contentFn
	s.mu.Unlock()
	if fn != nil {
		if rep := fn(req); rep != nil {
			write(w, rep)
			return
		}
	}
	switch {
	case err != nil:
		write(w, ErrorReply(http.StatusBadRequest, "invalid_request_error", "", "We could not parse the JSON body of your request: "+err.Error()))
		return
	case req.Model != Model:
		write(w, ErrorReply(http.StatusNotFound, "invalid_request_error", "model_not_found", fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", req.Model)))
		return
	case s.opts.NoJSONMode && req.ResponseFormat != "":
		write(w, ErrorReply(http.StatusBadRequest, "invalid_request_error", "", "Unrecognized request argument supplied: response_format"))
		return
	case req.ResponseFormat == "json_object" && !strings.Contains(strings.ToLower(req.System+req.User), "json"):
		// OpenAI's rule for JSON mode.
		write(w, ErrorReply(http.StatusBadRequest, "invalid_request_error", "", "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."))
		return
	}
	// The model: translate every segment of the data; anything else in the user message is
	// not its business.
	var out []string
	if req.Data != nil {
		for _, seg := range req.Data.Segments {
			out = append(out, s.translateFn(seg.Text, req.Data.SourceLanguage, req.Data.TargetLanguage))
		}
	}
	var content string
	if cfn != nil {
		content = cfn(req, out)
	} else {
		if out == nil {
			out = []string{}
		}
		b, _ := json.Marshal(map[string]any{"translations": out})
		content = string(b)
	}
	write(w, ChatReply(content, "stop"))
}

func decode(r *http.Request) (Request, error) {
	req := Request{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type")}
	body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return req, err
	}
	var b struct {
		Model          string   `json:"model"`
		Temperature    *float64 `json:"temperature"`
		ResponseFormat *struct {
			Type string `json:"type"`
		} `json:"response_format"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return req, err
	}
	req.Model, req.Temperature = b.Model, b.Temperature
	if b.ResponseFormat != nil {
		req.ResponseFormat = b.ResponseFormat.Type
	}
	var sys, user []string
	for _, m := range b.Messages {
		req.Roles = append(req.Roles, m.Role)
		switch m.Role {
		case "system", "developer":
			sys = append(sys, m.Content)
		case "user":
			user = append(user, m.Content)
		}
	}
	req.System, req.User = strings.Join(sys, "\n"), strings.Join(user, "\n")
	var d Data
	if json.Unmarshal([]byte(req.User), &d) == nil && d.Segments != nil {
		req.Data = &d
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
