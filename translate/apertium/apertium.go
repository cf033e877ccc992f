// Package apertium is the Apertium backend: rule-based, open-source machine translation
// from Debian's packages, run either as the local `apertium` command (one process per
// batch) or through an Apertium-APY server (APERTIUM_APY_URL or --endpoint).
//
// Apertium names languages with ISO 639-3 codes ("spa-eng"); the backend maps them to and
// from BCP 47. It has no language detection, so every request needs a source language, and
// it covers few pairs: Supports tells which.
package apertium

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// Name is the backend's registered name.
const Name = "apertium"

// EnvAPY names an Apertium-APY server's root URL.
const EnvAPY = "APERTIUM_APY_URL"

// maxAPYBytes keeps APY requests small: APY 0.11.7 was measured here to drop lines
// silently (HTTP 200 with fewer lines) from requests over about 8 KB.
const maxAPYBytes = 4 << 10

// Register adds the Apertium backend to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name: Name,
		Doc:  "Apertium rule-based MT: the local apertium command, or an APY server",
		Env:  []string{EnvAPY},
		// The local command starts in about 0.1 s and then runs about 1,500 sentences/s
		// here, so batches are large; APY requests stay under its line-dropping size.
		Limits:    translate.Limits{Texts: 2000, Bytes: 256 << 10, InFlight: 2},
		Cacheable: true,
		Configured: func(c translate.Config) bool {
			if c.Lookup(EnvAPY) != "" {
				return true
			}
			_, err := exec.LookPath("apertium")
			return err == nil
		},
		New: func(ctx context.Context, c translate.Config) (translate.Translator, error) {
			return New(ctx, c)
		},
	})
}

type pair struct{ src, tgt string }

// Translator translates with Apertium. It is safe for concurrent use.
type Translator struct {
	apy    string // APY root URL; empty means the local command
	bin    string
	client *http.Client
	pairs  map[pair]bool
}

// New connects to the APY server named by c.Endpoint or APERTIUM_APY_URL, or else finds
// the local apertium command, and learns which pairs it has.
func New(ctx context.Context, c translate.Config) (*Translator, error) {
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	// The policy of every HTTP backend: no redirect to another host, bounded answers.
	t := &Translator{client: httpapi.Client(hc), pairs: map[pair]bool{}}
	t.apy = c.Endpoint
	if t.apy == "" {
		t.apy = c.Lookup(EnvAPY)
	}
	if t.apy != "" {
		t.apy = strings.TrimRight(t.apy, "/")
		if err := t.listAPYPairs(ctx); err != nil {
			return nil, err
		}
		return t, nil
	}
	bin, err := exec.LookPath("apertium")
	if err != nil {
		return nil, fmt.Errorf("apertium: %w: install Debian's apertium and a pair (apertium-eng-spa), or set %s", translate.ErrNotConfigured, EnvAPY)
	}
	t.bin = bin
	out, err := exec.CommandContext(ctx, bin, "-l").Output()
	if err != nil {
		return nil, fmt.Errorf("apertium -l: %w", err)
	}
	for _, l := range strings.Fields(string(out)) {
		if s, g, ok := strings.Cut(l, "-"); ok {
			t.pairs[pair{s, g}] = true
		}
	}
	return t, nil
}

func (t *Translator) listAPYPairs(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.apy+"/listPairs", nil)
	if err != nil {
		return fmt.Errorf("apertium: endpoint %q: %w", t.apy, err)
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return fmt.Errorf("apertium: list pairs: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		ResponseData []struct {
			SourceLanguage string `json:"sourceLanguage"`
			TargetLanguage string `json:"targetLanguage"`
		} `json:"responseData"`
		ResponseStatus int `json:"responseStatus"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
		return fmt.Errorf("apertium: list pairs: HTTP %d: %w", resp.StatusCode, err)
	}
	for _, p := range body.ResponseData {
		t.pairs[pair{p.SourceLanguage, p.TargetLanguage}] = true
	}
	return nil
}

// Code returns Apertium's code for a language: ISO 639-3, as its pair names use.
func Code(t language.Tag) string {
	b, _ := t.Base()
	return b.ISO3()
}

// Pairs returns the installed pairs as BCP 47 tags, source then target.
func (t *Translator) Pairs() [][2]language.Tag {
	var out [][2]language.Tag
	for p := range t.pairs {
		s, err1 := language.Parse(p.src)
		g, err2 := language.Parse(p.tgt)
		if err1 == nil && err2 == nil && !strings.Contains(p.tgt, "_") {
			out = append(out, [2]language.Tag{s, g})
		}
	}
	return out
}

// Supports reports whether a pair from src to tgt is installed.
func (t *Translator) Supports(src, tgt language.Tag) bool {
	return t.pairs[pair{Code(src), Code(tgt)}]
}

// Translate translates req.Texts, one line each: a text's own line breaks are sent as
// spaces, since Apertium keeps lines and the answer is matched to the texts by line.
func (t *Translator) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	if req.Source == language.Und {
		return nil, translate.Permanent(errors.New("apertium: a source language is required (Apertium does not detect languages)"))
	}
	if !t.Supports(req.Source, req.Target) {
		return nil, translate.Permanent(fmt.Errorf("apertium: %w: no %s→%s pair installed", translate.ErrUnsupportedPair, req.Source, req.Target))
	}
	if req.Format == translate.HTML {
		return nil, translate.Permanent(errors.New("apertium: HTML requests are not supported"))
	}
	lines := make([]string, len(req.Texts))
	for i, s := range req.Texts {
		lines[i] = strings.Join(strings.Fields(s), " ")
	}
	var (
		out []string
		err error
	)
	if t.apy != "" {
		out, err = t.viaAPY(ctx, req, lines)
	} else {
		out, err = t.viaCommand(ctx, req, lines)
	}
	if err != nil {
		return nil, err
	}
	if err := translate.CheckCount(Name, len(lines), len(out)); err != nil {
		return nil, err
	}
	res := make([]translate.Translation, len(out))
	for i, s := range out {
		res[i] = translate.Translation{Text: s, Source: req.Source, Backend: Name}
	}
	return res, nil
}

func (t *Translator) viaCommand(ctx context.Context, req *translate.Request, lines []string) ([]string, error) {
	cmd := exec.CommandContext(ctx, t.bin, "-u", Code(req.Source)+"-"+Code(req.Target))
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("apertium %s-%s: %w: %s", Code(req.Source), Code(req.Target), err, strings.TrimSpace(stderr.String()))
	}
	return splitLines(b, len(lines)), nil
}

// splitLines splits command output into lines; Apertium may add or drop a final newline.
func splitLines(b []byte, want int) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		out = append(out, strings.TrimRight(sc.Text(), "\r"))
	}
	// A trailing empty line from an extra newline is not a translation.
	for len(out) > want && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func (t *Translator) viaAPY(ctx context.Context, req *translate.Request, lines []string) ([]string, error) {
	var out []string
	for start := 0; start < len(lines); {
		end, size := start, 0
		for end < len(lines) && (end == start || size+len(lines[end])+1 <= maxAPYBytes) {
			size += len(lines[end]) + 1
			end++
		}
		got, err := t.apyRequest(ctx, req, lines[start:end])
		if err != nil {
			return nil, err
		}
		// APY drops lines from large requests and still answers 200: never pair a short answer.
		if err := translate.CheckCount(Name+" APY", end-start, len(got)); err != nil {
			return nil, err
		}
		out = append(out, got...)
		start = end
	}
	return out, nil
}

func (t *Translator) apyRequest(ctx context.Context, req *translate.Request, lines []string) ([]string, error) {
	form := url.Values{
		"langpair":    {Code(req.Source) + "|" + Code(req.Target)},
		"q":           {strings.Join(lines, "\n")},
		"markUnknown": {"no"},
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, t.apy+"/translate", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := t.client.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("apertium APY: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		ResponseData struct {
			TranslatedText string `json:"translatedText"`
		} `json:"responseData"`
		ResponseDetails any `json:"responseDetails"`
		ResponseStatus  int `json:"responseStatus"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&body); err != nil {
		return nil, fmt.Errorf("apertium APY: HTTP %d: %w", resp.StatusCode, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		return nil, &translate.RateLimitError{Err: fmt.Errorf("apertium APY: HTTP %d", resp.StatusCode)}
	case resp.StatusCode >= 500:
		return nil, fmt.Errorf("apertium APY: HTTP %d: %v", resp.StatusCode, body.ResponseDetails)
	case resp.StatusCode != http.StatusOK || body.ResponseStatus != http.StatusOK:
		return nil, translate.Permanent(fmt.Errorf("apertium APY: HTTP %d, status %d: %v", resp.StatusCode, body.ResponseStatus, body.ResponseDetails))
	}
	return strings.Split(strings.TrimSuffix(body.ResponseData.TranslatedText, "\n"), "\n"), nil
}
