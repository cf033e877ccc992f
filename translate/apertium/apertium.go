// Package apertium is the Apertium backend: rule-based, open-source machine translation
// from Debian's packages, run either as the local `apertium` command (one run per batch)
// or through an Apertium-APY server (APERTIUM_APY_URL or --endpoint). Either way a batch
// translates each text as Apertium translates it alone (see viaCommand and viaAPY for how).
//
// Apertium names languages with ISO 639-3 codes ("spa-eng"); the backend maps them to and
// from BCP 47. It has no language detection, so every request needs a source language, and
// it covers few pairs: Supports tells which.
package apertium

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/internal/httpapi"
)

// Name is the backend's registered name.
const Name = "apertium"

// EnvAPY names an Apertium-APY server's root URL.
const EnvAPY = "APERTIUM_APY_URL"

// Register adds the Apertium backend to r.
func Register(r *translate.Registry) {
	r.Register(translate.Backend{
		Name:     Name,
		AutoRank: 6,
		Local:    true,
		Doc:      "Apertium rule-based MT: the local apertium command, or an APY server",
		Env:      []string{EnvAPY},
		// A run of the local command costs about 0.17 CPU-s to start and then translates
		// about 600 captions per CPU-second here, so batches are large; viaAPY cuts them
		// into the requests APY does not cut itself.
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
	bin    string // the apertium command
	destxt string // its txt deformatter and reformatter, from the same package
	retxt  string
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
	for _, f := range []struct {
		name string
		path *string
	}{{"apertium-destxt", &t.destxt}, {"apertium-retxt", &t.retxt}} {
		if *f.path, err = exec.LookPath(f.name); err != nil {
			return nil, fmt.Errorf("apertium: %w: %s is missing (it comes with Debian's apertium)", translate.ErrNotConfigured, f.name)
		}
	}
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

// Translate translates req.Texts, each as Apertium translates that text alone: a text's
// own line breaks are sent as spaces (a text is one paragraph), and empty texts are
// answered empty without asking Apertium.
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		lines []string // the non-empty texts, one line each
		of    []int    // of[i] is the index in req.Texts of lines[i]
	)
	for i, s := range req.Texts {
		// isBlank also drops NUL, which would end a text early in null-flush mode.
		if line := strings.Join(strings.FieldsFunc(s, isBlank), " "); line != "" {
			lines = append(lines, line)
			of = append(of, i)
		}
	}
	var (
		out []string
		err error
	)
	switch {
	case len(lines) == 0:
	case t.apy != "":
		out, err = t.viaAPY(ctx, req, lines)
	default:
		out, err = t.viaCommand(ctx, req, lines)
	}
	if err != nil {
		return nil, err
	}
	if err := translate.CheckCount(Name, len(lines), len(out)); err != nil {
		return nil, err
	}
	res := make([]translate.Translation, len(req.Texts))
	for i := range res {
		res[i] = translate.Translation{Source: req.Source, Backend: Name}
	}
	for j, s := range out {
		res[of[j]].Text = s
	}
	return res, nil
}

// isBlank is what separates the words of a line sent to Apertium: white space, and NUL,
// which null-flush mode reads as the end of a text.
func isBlank(r rune) bool { return r == 0 || unicode.IsSpace(r) }

// The local command translates a batch in one run of each Apertium program, and yet each
// text as if alone. Sent as lines of one input, texts are not independent: Apertium's txt
// deformatter reads a single line break as a blank inside a sentence, so a text without a
// final full stop runs into the next ("Una foto del puerto" + "Encontró al menos uno." →
// "… of the port" + "Found at least one."), and the tagger and transfer carry state from one
// text to the next. So each text is deformatted as a paragraph of its own and the deformatted
// texts go through the pair's pipeline in null-flush mode (apertium -z), NUL after each: at
// a NUL every program finishes what it holds and starts afresh, as at the end of input.
//
// deformat: apertium-destxt over the texts joined by blank lines gives each text what it
// gives the text alone (a paragraph end gets the same inserted full stop, ".[]", as the end
// of input), followed by the superblank [\n\n] of the blank line; the texts have no line
// breaks, so that superblank is found only between them. Each text then ends with the
// superblank [\n] that destxt gives the final line break of a text alone.
//
// translate: apertium -f none -z -u PAIR takes the deformatted stream and answers one
// NUL-terminated raw translation per text (and, after the last, a few empty NULs from the
// programs' own end of input).
//
// reformat: apertium-retxt over the raw translations, concatenated, turns each final [\n]
// back into a line break; a raw translation has no other, since the only line break a text
// brought was in that superblank.
const (
	sepRaw   = "\n\n"   // between texts sent to apertium-destxt
	sepBlank = "[\n\n]" // that separator, deformatted
	endBlank = "[\n]"   // a text's final line break, deformatted
)

func (t *Translator) viaCommand(ctx context.Context, req *translate.Request, lines []string) ([]string, error) {
	pair := Code(req.Source) + "-" + Code(req.Target)
	fail := func(step string, err error) ([]string, error) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("apertium %s: %d texts: %s: %w", pair, len(lines), step, err)
	}
	des, err := t.run(ctx, strings.Join(lines, sepRaw)+"\n", t.destxt)
	if err != nil {
		return fail("deformat", err)
	}
	parts := strings.Split(des, sepBlank)
	if len(parts) != len(lines) {
		return fail("deformat", fmt.Errorf("%d deformatted texts", len(parts)))
	}
	var in strings.Builder
	for _, p := range parts {
		in.WriteString(strings.TrimSuffix(p, endBlank))
		in.WriteString(endBlank + "\x00")
	}
	raw, err := t.run(ctx, in.String(), t.bin, "-f", "none", "-z", "-u", pair)
	if err != nil {
		return fail("translate", err)
	}
	outs := strings.Split(raw, "\x00")
	if len(outs) < len(lines) || strings.TrimSpace(strings.Join(outs[len(lines):], "")) != "" {
		return fail("translate", fmt.Errorf("%d NUL-terminated answers", len(outs)-1))
	}
	outs = outs[:len(lines)]
	for i, o := range outs {
		if !strings.HasSuffix(o, endBlank) || strings.Count(o, "\n") != 1 {
			return fail("translate", fmt.Errorf("answer %d does not end its text once: %q", i, o))
		}
	}
	txt, err := t.run(ctx, strings.Join(outs, ""), t.retxt)
	if err != nil {
		return fail("reformat", err)
	}
	got := strings.Split(strings.TrimSuffix(txt, "\n"), "\n")
	if len(got) != len(lines) {
		return fail("reformat", fmt.Errorf("%d lines", len(got)))
	}
	return got, nil
}

// run runs bin with args on stdin and returns its output.
func (t *Translator) run(ctx context.Context, stdin, bin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// APY cannot take a NUL: Tornado turns control characters in a request's arguments into
// spaces. So a request joins its texts by blank lines, in APY's txt format (the default,
// html, would read "a < b" as markup, and a line break as a space): the txt deformatter ends
// each text as a sentence, as the end of the text alone would. What remains shared between
// the texts of one request is the tagger's and the transfer's view across that sentence end.
//
// APY also cuts a request of more than 1,000 code points (4 KB when at most two requests share
// its pipeline) into parts at a full stop or a space of its choosing, and translates the
// parts apart: a text cut in two is not translated as it is alone. So a request stays within
// 1,000 code points, and a longer text goes alone, to be cut as it would be anyway.
// (apertium_apy/utils/translation.py: split_for_translation, hardbreak_fn.)
const maxAPYRunes = 1000

func (t *Translator) viaAPY(ctx context.Context, req *translate.Request, lines []string) ([]string, error) {
	var out []string
	for start := 0; start < len(lines); {
		end, size := start, 0
		for end < len(lines) {
			n := utf8.RuneCountInString(lines[end])
			if end > start {
				n += len(sepRaw)
			}
			if end > start && size+n > maxAPYRunes {
				break
			}
			size += n
			end++
		}
		got, err := t.apyRequest(ctx, req, lines[start:end])
		if err != nil {
			return nil, err
		}
		// Never pair a short answer: APY 0.11.7 answers 200 with text missing when it
		// drops the rest of a long request.
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
		"q":           {strings.Join(lines, sepRaw)},
		"format":      {"txt"},
		"markUnknown": {"no"},
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, t.apy+"/translate", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := t.client.Do(hr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
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
	return strings.Split(strings.TrimSuffix(body.ResponseData.TranslatedText, "\n"), sepRaw), nil
}
