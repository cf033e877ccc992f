package deepl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/glossary"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// GlossaryNamePrefix starts the name of every glossary bitext creates: "bitext <digest>
// <source>-<target>". Glossaries are immutable and named by the digest of their terms, so
// one with that name has those terms, and a later process reuses it instead of creating
// another (an account holds at most 1,000 glossaries).
const GlossaryNamePrefix = "bitext "

// glossaryPoll is how often, and how many times, a glossary that is not ready yet is asked
// for again: "If the created glossary is not yet ready, you have to wait and check the ready
// status of the glossary before using it in a translate request" (DeepL, Create a glossary).
const (
	glossaryPoll     = 250 * time.Millisecond
	glossaryAttempts = 40
)

// glossaryInfo is DeepL's description of a v2 glossary (POST /v2/glossaries, GET
// /v2/glossaries[/{id}]).
type glossaryInfo struct {
	GlossaryID string `json:"glossary_id"`
	Name       string `json:"name"`
	Ready      bool   `json:"ready"`
	SourceLang string `json:"source_lang"`
	TargetLang string `json:"target_lang"`
	EntryCount int    `json:"entry_count"`
}

// createGlossary is the JSON body of POST /v2/glossaries.
type createGlossary struct {
	Name          string `json:"name"`
	SourceLang    string `json:"source_lang"`
	TargetLang    string `json:"target_lang"`
	Entries       string `json:"entries"`
	EntriesFormat string `json:"entries_format"`
}

type glossaryKey struct{ digest, source, target string }

// pendingGlossary is a glossary being found or created; done is closed when id or err is set.
type pendingGlossary struct {
	done chan struct{}
	id   string
	err  error
}

// glossaries remembers, per process, the DeepL glossary made for each (digest, pair).
type glossaries struct {
	mu sync.Mutex
	m  map[glossaryKey]*pendingGlossary
}

// glossaryLang is a glossary's language code: the bare lowercase language ("en" serves
// EN-US and EN-GB, "pt" both Portuguese variants; DeepL, Manage glossaries).
func glossaryLang(t language.Tag) string {
	return strings.ToLower(Source(t))
}

// GlossaryName is the name of the glossary bitext creates for the terms of digest from
// source to target.
func GlossaryName(digest string, source, target language.Tag) string {
	return GlossaryNamePrefix + digest + " " + glossaryLang(source) + "-" + glossaryLang(target)
}

// glossaryFor returns the DeepL glossary ID for req's terms (req.Glossary, digest
// req.GlossaryID): found among the account's glossaries by name, else created, once per
// (digest, language pair) in this process; concurrent requests wait for the first.
func (t *Translator) glossaryFor(ctx context.Context, req *translate.Request) (string, error) {
	k := glossaryKey{req.GlossaryID, glossaryLang(req.Source), glossaryLang(req.Target)}
	t.glossaries.mu.Lock()
	if t.glossaries.m == nil {
		t.glossaries.m = map[glossaryKey]*pendingGlossary{}
	}
	p, ok := t.glossaries.m[k]
	if !ok {
		p = &pendingGlossary{done: make(chan struct{})}
		t.glossaries.m[k] = p
		go func() {
			// Not tied to the first caller's ctx alone: others may be waiting for it.
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
			defer cancel()
			p.id, p.err = t.ensureGlossary(cctx, req)
			if p.err != nil {
				// Forget a failure, so that a retried request tries again.
				t.glossaries.mu.Lock()
				delete(t.glossaries.m, k)
				t.glossaries.mu.Unlock()
			}
			close(p.done)
		}()
	}
	t.glossaries.mu.Unlock()
	select {
	case <-p.done:
		return p.id, p.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// ensureGlossary finds the glossary named GlossaryName among the account's, or creates it,
// and waits until it is ready.
func (t *Translator) ensureGlossary(ctx context.Context, req *translate.Request) (string, error) {
	name := GlossaryName(req.GlossaryID, req.Source, req.Target)
	var list struct {
		Glossaries []glossaryInfo `json:"glossaries"`
	}
	if err := t.glossaryCall(ctx, http.MethodGet, "/v2/glossaries", nil, http.StatusOK, &list); err != nil {
		return "", err
	}
	var g *glossaryInfo
	for i, c := range list.Glossaries {
		if c.Name == name && strings.EqualFold(c.SourceLang, glossaryLang(req.Source)) &&
			strings.EqualFold(c.TargetLang, glossaryLang(req.Target)) && c.EntryCount == len(req.Glossary) {
			g = &list.Glossaries[i]
			break
		}
	}
	if g == nil {
		body := createGlossary{Name: name, SourceLang: glossaryLang(req.Source), TargetLang: glossaryLang(req.Target),
			Entries: glossary.TSV(req.Glossary), EntriesFormat: "tsv"}
		var created glossaryInfo
		if err := t.glossaryCall(ctx, http.MethodPost, "/v2/glossaries", body, http.StatusCreated, &created); err != nil {
			return "", err
		}
		if created.GlossaryID == "" {
			return "", fmt.Errorf("deepl: create glossary %q: the answer has no glossary_id", name)
		}
		g = &created
	}
	for i := 0; !g.Ready; i++ {
		if i == glossaryAttempts {
			return "", fmt.Errorf("deepl: glossary %s (%q) is still not ready", g.GlossaryID, name)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(glossaryPoll):
		}
		var cur glossaryInfo
		if err := t.glossaryCall(ctx, http.MethodGet, "/v2/glossaries/"+url.PathEscape(g.GlossaryID), nil, http.StatusOK, &cur); err != nil {
			return "", err
		}
		cur.GlossaryID = g.GlossaryID
		g = &cur
	}
	return g.GlossaryID, nil
}

// glossaryCall sends one glossary request and decodes its answer into out.
func (t *Translator) glossaryCall(ctx context.Context, method, path string, in any, want int, out any) error {
	op := strings.ToLower(method) + " " + path
	var (
		b  []byte
		ct string
	)
	if in != nil {
		var err error
		if b, err = marshal(in); err != nil {
			return translate.Permanent(fmt.Errorf("deepl: %s: %w", op, err))
		}
		ct = "application/json"
	}
	h := http.Header{"Authorization": {"DeepL-Auth-Key " + t.key}, "Accept": {"application/json"}}
	resp, err := httpapi.Do(ctx, t.client, method, t.root+path, h, ct, b, t.key)
	if err != nil {
		return fmt.Errorf("deepl: %s: %w", op, err)
	}
	if resp.Status != want {
		return t.classify(op, resp)
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return fmt.Errorf("deepl: %s: malformed answer: %s", op, httpapi.Scrub(err.Error(), t.key))
	}
	return nil
}
