// Package deepltest provides a fake DeepL API server for tests: it speaks the documented
// protocol of POST /v2/translate and GET /v2/usage (https://developers.deepl.com/docs/api-reference)
// on a local httptest server, with the v2 glossary endpoints (list, create, details), enforces DeepL's limits (50 texts, 128 KiB body, a character
// quota answered with 456) and records every request it receives.
package deepltest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/seed77ff/bitext/translate"
)

// Key is the key Config hands out. It has the shape of a DeepL Free key (a UUID and ":fx"), so
// that tests checking that a key never shows in error text test something.
const Key = "3f9a1c2e-5b7d-4e8f-9a0b-c1d2e3f4a5b6:fx"

// Limits DeepL enforces, and the fake with it.
const (
	MaxTexts     = 50
	MaxBodyBytes = 128 << 10
)

// Request is one request the fake received, decoded.
type Request struct {
	Method, Path, ContentType, Authorization string
	// BodyLen is the length of the body in bytes.
	BodyLen int
	// Texts are the text values, in order.
	Texts []string
	// The parameters as sent ("" when absent).
	SourceLang, TargetLang, Context, SplitSentences, TagHandling, GlossaryID, ModelType string
}

// Reply is an answer a test makes the fake give instead of translating.
type Reply struct {
	Status int
	Header http.Header
	Body   string
}

// ErrorReply returns DeepL's JSON error body, {"message": …}, with the given status.
func ErrorReply(status int, message string) *Reply {
	b, _ := json.Marshal(map[string]string{"message": message})
	return &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

// Translation is one entry of an answer.
type Translation struct {
	DetectedSourceLanguage string `json:"detected_source_language"`
	Text                   string `json:"text"`
	ModelTypeUsed          string `json:"model_type_used,omitempty"`
}

// TranslationsReply returns a successful answer carrying ts, for tests that need an answer the
// fake would not give (too few translations, odd codes).
func TranslationsReply(ts ...Translation) *Reply {
	if ts == nil {
		ts = []Translation{}
	}
	b, _ := json.Marshal(map[string]any{"translations": ts})
	return &Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

// Server is a fake DeepL server. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	translateFn func(text, source, target string) string

	mu         sync.Mutex
	requests   []Request
	replyFn    func(Request) *Reply
	quota      int
	used       int
	glossaries map[string]glossary
	created    int // glossaries created through POST /v2/glossaries
	notReady   int // GET /v2/glossaries/{id} answers ready=false this many times per glossary
}

type glossary struct {
	source, target string
	entries        map[string]string
	name           string
	polls          int // GET /v2/glossaries/{id} answered so far
}

// NewServer starts a fake DeepL server. translateFn gives the translation of one text from
// source to target (DeepL's codes, as sent; source is the detected "HE" or "EN" when the
// request has none); nil answers "[TARGET] text". The server is closed when t's test ends; t
// may be nil (in an Example), and then the caller must Close it.
func NewServer(t testing.TB, translateFn func(text, source, target string) string) *Server {
	if translateFn == nil {
		translateFn = func(text, _, target string) string { return "[" + target + "] " + text }
	}
	s := &Server{translateFn: translateFn, glossaries: map[string]glossary{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	if t != nil {
		t.Helper()
		t.Cleanup(s.Close)
	}
	return s
}

// Config returns a backend configuration for the fake: its root as Endpoint and Key as
// DEEPL_AUTH_KEY, with nothing else in the environment.
func (s *Server) Config() translate.Config {
	return translate.Config{
		Endpoint: s.URL,
		Getenv: func(name string) string {
			if name == "DEEPL_AUTH_KEY" {
				return Key
			}
			return ""
		},
	}
}

// SetQuota sets the account's character limit (code points of source text); 0 means none.
// Once a request would pass it, the fake answers 456 as DeepL does.
func (s *Server) SetQuota(chars int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota = chars
}

// AddGlossary makes id a glossary from source to target (DeepL codes, such as "HE" and "EN"):
// each entry's source term is replaced by its target term before translating.
func (s *Server) AddGlossary(id, source, target string, entries map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.glossaries[id] = glossary{source: source, target: target, entries: entries}
}

// Glossary is what the fake holds for one glossary, for tests.
type Glossary struct {
	ID, Name, SourceLang, TargetLang string
	Entries                          map[string]string
}

// Glossaries returns the glossaries created through POST /v2/glossaries, in creation order
// (those added with AddGlossary are not listed).
func (s *Server) Glossaries() []Glossary {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Glossary, 0, s.created)
	for i := 1; i <= s.created; i++ {
		id := glossaryID(i)
		g := s.glossaries[id]
		out = append(out, Glossary{ID: id, Name: g.name, SourceLang: g.source, TargetLang: g.target, Entries: g.entries})
	}
	return out
}

// SetGlossaryNotReady makes every glossary created from now on answer "ready": false to its
// first n GET /v2/glossaries/{id}, as a glossary DeepL is still preparing.
func (s *Server) SetGlossaryNotReady(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notReady = n
}

// glossaryID is the ID of the i-th glossary created: a UUID, as DeepL's are.
func glossaryID(i int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
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

// Reset forgets the requests received so far.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// targets DeepL accepts; "EN" and "PT" are deprecated as targets and the fake refuses them,
// so that a backend sending them is caught.
var targets = map[string]bool{
	"AR": true, "BG": true, "CS": true, "DA": true, "DE": true, "EL": true, "EN-GB": true,
	"EN-US": true, "ES": true, "ET": true, "FI": true, "FR": true, "HE": true, "HU": true,
	"ID": true, "IT": true, "JA": true, "KO": true, "LT": true, "LV": true, "NB": true,
	"NL": true, "PL": true, "PT-BR": true, "PT-PT": true, "RO": true, "RU": true, "SK": true,
	"SL": true, "SV": true, "TR": true, "UK": true, "ZH-HANS": true, "ZH-HANT": true,
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		write(w, ErrorReply(http.StatusBadRequest, "Bad request"))
		return
	}
	req := Request{
		Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
		Authorization: r.Header.Get("Authorization"), BodyLen: len(body),
	}
	if len(body) > MaxBodyBytes {
		s.record(req)
		write(w, ErrorReply(http.StatusRequestEntityTooLarge, "Request Entity Too Large"))
		return
	}
	decodeErr := decode(&req, body)
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
	if req.Authorization != "DeepL-Auth-Key "+Key {
		write(w, ErrorReply(http.StatusForbidden, "Authorization failure, check auth_key"))
		return
	}
	switch {
	case r.URL.Path == "/v2/usage" && r.Method == http.MethodGet:
		s.mu.Lock()
		rep := map[string]int{"character_count": s.used, "character_limit": s.quota}
		s.mu.Unlock()
		b, _ := json.Marshal(rep)
		write(w, &Reply{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)})
	case strings.HasPrefix(r.URL.Path, "/v2/glossaries"):
		write(w, s.glossaryEndpoint(r.Method, strings.TrimPrefix(r.URL.Path, "/v2/glossaries"), body))
	case r.URL.Path != "/v2/translate":
		write(w, ErrorReply(http.StatusNotFound, "Not found"))
	case r.Method != http.MethodPost:
		write(w, ErrorReply(http.StatusMethodNotAllowed, "Method not allowed"))
	case decodeErr != nil:
		write(w, ErrorReply(http.StatusBadRequest, "Bad request. Reason: "+decodeErr.Error()))
	case len(req.Texts) == 0:
		write(w, ErrorReply(http.StatusBadRequest, "Parameter 'text' not specified."))
	case len(req.Texts) > MaxTexts:
		write(w, ErrorReply(http.StatusRequestEntityTooLarge, fmt.Sprintf("Too many texts: %d (at most %d per request)", len(req.Texts), MaxTexts)))
	case !targets[req.TargetLang]:
		write(w, ErrorReply(http.StatusBadRequest, "Value for 'target_lang' not supported."))
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
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *glossary
	if req.GlossaryID != "" {
		gl, ok := s.glossaries[req.GlossaryID]
		switch {
		case !ok:
			return ErrorReply(http.StatusNotFound, "Glossary not found")
		case req.SourceLang == "":
			return ErrorReply(http.StatusBadRequest, "Use of a glossary requires the source_lang parameter to be set.")
		case gl.polls < s.notReady && gl.name != "":
			return ErrorReply(http.StatusBadRequest, "Glossary is not ready yet.")
		case gl.source != req.SourceLang || !strings.HasPrefix(req.TargetLang, gl.target):
			return ErrorReply(http.StatusBadRequest, "Glossary language pair does not match the request.")
		}
		g = &gl
	}
	chars := 0
	for _, t := range req.Texts {
		chars += utf8.RuneCountInString(t)
	}
	if s.quota > 0 && s.used+chars > s.quota {
		return ErrorReply(456, "Quota Exceeded")
	}
	s.used += chars
	ts := make([]Translation, len(req.Texts))
	for i, text := range req.Texts {
		src := req.SourceLang
		if src == "" {
			src = detect(text)
		}
		if g != nil {
			for k, v := range g.entries {
				text = strings.ReplaceAll(text, k, v)
			}
		}
		ts[i] = Translation{DetectedSourceLanguage: src, Text: s.translateFn(text, src, req.TargetLang), ModelTypeUsed: req.ModelType}
	}
	return TranslationsReply(ts...)
}

// detect says "HE" for text with a Hebrew letter, else "EN".
func detect(text string) string {
	for _, r := range text {
		if unicode.Is(unicode.Hebrew, r) && unicode.IsLetter(r) {
			return "HE"
		}
	}
	return "EN"
}

// decode reads a JSON body or a form body (text repeated), the two ways DeepL accepts.
func decode(req *Request, body []byte) error {
	ct, _, _ := mime.ParseMediaType(req.ContentType)
	switch ct {
	case "application/json":
		var b struct {
			Text                                                                                []string
			SourceLang, TargetLang, Context, SplitSentences, TagHandling, GlossaryID, ModelType string
		}
		// DeepL's names are snake_case; map them explicitly.
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(body, &raw); err != nil {
			return fmt.Errorf("invalid JSON: %v", err)
		}
		fields := map[string]*string{
			"source_lang": &b.SourceLang, "target_lang": &b.TargetLang, "context": &b.Context,
			"split_sentences": &b.SplitSentences, "tag_handling": &b.TagHandling,
			"glossary_id": &b.GlossaryID, "model_type": &b.ModelType,
		}
		for name, dst := range fields {
			if v, ok := raw[name]; ok {
				if err := json.Unmarshal(v, dst); err != nil {
					return fmt.Errorf("%s must be a string", name)
				}
			}
		}
		if v, ok := raw["text"]; ok {
			if err := json.Unmarshal(v, &b.Text); err != nil {
				return fmt.Errorf("text must be an array of strings")
			}
		}
		req.Texts = b.Text
		req.SourceLang, req.TargetLang, req.Context = b.SourceLang, b.TargetLang, b.Context
		req.SplitSentences, req.TagHandling, req.GlossaryID, req.ModelType = b.SplitSentences, b.TagHandling, b.GlossaryID, b.ModelType
	case "application/x-www-form-urlencoded":
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return err
		}
		req.Texts = v["text"]
		req.SourceLang, req.TargetLang, req.Context = v.Get("source_lang"), v.Get("target_lang"), v.Get("context")
		req.SplitSentences, req.TagHandling, req.GlossaryID, req.ModelType = v.Get("split_sentences"), v.Get("tag_handling"), v.Get("glossary_id"), v.Get("model_type")
	case "":
		// GET /v2/usage has no body.
	default:
		return fmt.Errorf("unsupported content type %q", ct)
	}
	return nil
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

// glossaryLangs are the languages DeepL glossaries take (Create a glossary, source_lang and
// target_lang: bare codes, no variants).
var glossaryLangs = map[string]bool{
	"ar": true, "bg": true, "cs": true, "da": true, "de": true, "el": true, "en": true, "es": true,
	"et": true, "fi": true, "fr": true, "he": true, "hu": true, "id": true, "it": true, "ja": true,
	"ko": true, "lt": true, "lv": true, "nb": true, "nl": true, "pl": true, "pt": true, "ro": true,
	"ru": true, "sk": true, "sl": true, "sv": true, "th": true, "tr": true, "uk": true, "vi": true, "zh": true,
}

// glossaryInfo is the JSON description of a glossary.
type glossaryInfo struct {
	GlossaryID   string `json:"glossary_id"`
	Name         string `json:"name"`
	Ready        bool   `json:"ready"`
	SourceLang   string `json:"source_lang"`
	TargetLang   string `json:"target_lang"`
	CreationTime string `json:"creation_time"`
	EntryCount   int    `json:"entry_count"`
}

func jsonReply(status int, v any) *Reply {
	b, _ := json.Marshal(v)
	return &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: string(b)}
}

// glossaryEndpoint serves the v2 glossary endpoints the backend uses: GET /v2/glossaries
// (list), POST /v2/glossaries (create, JSON body, entries as TSV or CSV without quoting) and
// GET /v2/glossaries/{id} (details). rest is the path after /v2/glossaries.
func (s *Server) glossaryEndpoint(method, rest string, body []byte) *Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := func(id string, g glossary) glossaryInfo {
		return glossaryInfo{GlossaryID: id, Name: g.name, Ready: g.polls >= s.notReady, SourceLang: g.source,
			TargetLang: g.target, CreationTime: "2026-11-26T12:00:00.000Z", EntryCount: len(g.entries)}
	}
	switch {
	case rest == "" && method == http.MethodGet:
		list := []glossaryInfo{}
		for i := 1; i <= s.created; i++ {
			id := glossaryID(i)
			list = append(list, info(id, s.glossaries[id]))
		}
		return jsonReply(http.StatusOK, map[string]any{"glossaries": list})
	case rest == "" && method == http.MethodPost:
		var in struct {
			Name          string `json:"name"`
			SourceLang    string `json:"source_lang"`
			TargetLang    string `json:"target_lang"`
			Entries       string `json:"entries"`
			EntriesFormat string `json:"entries_format"`
		}
		if err := json.Unmarshal(body, &in); err != nil {
			return ErrorReply(http.StatusBadRequest, "Bad request. Reason: invalid JSON")
		}
		src, tgt := strings.ToLower(in.SourceLang), strings.ToLower(in.TargetLang)
		switch {
		case in.Name == "":
			return ErrorReply(http.StatusBadRequest, "Missing or invalid argument: name")
		case !glossaryLangs[src] || !glossaryLangs[tgt] || src == tgt:
			return ErrorReply(http.StatusBadRequest, "Unsupported glossary source and target language pair")
		}
		sep := "\t"
		switch in.EntriesFormat {
		case "", "tsv":
		case "csv":
			sep = ","
		default:
			return ErrorReply(http.StatusBadRequest, "Unsupported entries format")
		}
		entries := map[string]string{}
		for i, line := range strings.Split(strings.TrimRight(in.Entries, "\n"), "\n") {
			k, v, ok := strings.Cut(strings.TrimSuffix(line, "\r"), sep)
			if !ok || k == "" || v == "" || strings.Contains(v, sep) {
				return ErrorReply(http.StatusBadRequest, fmt.Sprintf("Invalid glossary entries provided: line %d", i+1))
			}
			if _, dup := entries[k]; dup {
				return ErrorReply(http.StatusBadRequest, fmt.Sprintf("Invalid glossary entries provided: duplicate source %q", k))
			}
			entries[k] = v
		}
		s.created++
		id := glossaryID(s.created)
		g := glossary{source: strings.ToUpper(src), target: strings.ToUpper(tgt), entries: entries, name: in.Name}
		s.glossaries[id] = g
		return jsonReply(http.StatusCreated, info(id, g))
	case strings.HasPrefix(rest, "/") && method == http.MethodGet:
		id := strings.TrimPrefix(rest, "/")
		g, ok := s.glossaries[id]
		if !ok {
			return ErrorReply(http.StatusNotFound, "Glossary not found")
		}
		g.polls++
		s.glossaries[id] = g
		return jsonReply(http.StatusOK, info(id, g))
	}
	return ErrorReply(http.StatusMethodNotAllowed, "Method not allowed")
}
