package detect

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect/internal/ngram"
)

// Result is the language of one text. Lang is language.Und when the text has no letters
// or the evidence is too weak; Confidence is then 0.
type Result struct {
	Lang       language.Tag
	Confidence float64
}

// Options configure a Detector. The zero value is ready to use; every zero field means its
// documented default.
type Options struct {
	// Languages are the candidates. Empty means every language lingua-go knows (75). The
	// models are read in place from the binary, so a long list costs only the pages of
	// the models a text reaches. Languages lingua-go does not know are an error from New.
	Languages []language.Tag
	// MinConfidence is the posterior below which the answer is und. Confidence is
	// calibrated, so this is the lowest chance of being right worth an answer. Zero means
	// DefaultMinConfidence.
	MinConfidence float64
	// DocumentWeight is the prior mass DetectDocument gives the document's dominant
	// language; the rest goes to neighbours and to how common languages are. Zero means
	// DefaultDocumentWeight.
	DocumentWeight float64
	// NeighbourWeight is the prior mass for the language of each confidently detected
	// neighbouring segment. Zero means DefaultNeighbourWeight.
	NeighbourWeight float64
	// Shortlist is how many candidates of a script survive the cheap first pass (unigram
	// and bigram models of every candidate) to be scored with the larger trigram to
	// five-gram models. Zero means DefaultShortlist.
	Shortlist int
	// Temperature scales the n-gram evidence before it becomes probabilities: lingua-go's
	// scores are mean log probabilities per letter, so they are multiplied by the square
	// root of the letter count (evidence grows with length) and divided by Temperature.
	// The default makes confidence calibrated on testdata/langid. Zero means
	// DefaultTemperature.
	Temperature float64
	// FrequencyWeight is the exponent on how common a language is (baseFrequency) in the
	// prior of a text without context: 1 trusts the web's language shares fully, 0 ignores
	// them. Balanced test sets reward 0, English articles more. Negative means 0; zero
	// means DefaultFrequencyWeight.
	FrequencyWeight float64
	// InlineMinWords is the fewest words a same-script phrase (Spanish inside English)
	// needs before Spans splits it out; capitalised words (names) do not count. Zero
	// means DefaultInlineMinWords.
	InlineMinWords int
	// InlineMinConfidence is the confidence such a phrase needs, with the sentence's
	// language as its prior. Zero means DefaultInlineMinConfidence.
	InlineMinConfidence float64
}

// Defaults of Options, chosen with cmd/detecteval on testdata/langid (see BENCHMARKS.md).
const (
	DefaultMinConfidence       = 0.3
	DefaultDocumentWeight      = 0.6
	DefaultNeighbourWeight     = 0.1
	DefaultShortlist           = 8
	DefaultTemperature         = 1.0
	DefaultFrequencyWeight     = 0.25
	DefaultInlineMinWords      = 3
	DefaultInlineMinConfidence = 0.7
)

// AllLanguages are the languages lingua-go has models for: the default candidates.
func AllLanguages() []language.Tag {
	out := make([]language.Tag, len(linguaLanguages))
	for i, l := range linguaLanguages {
		out[i] = language.Make(code(language.Make(l.iso)))
	}
	return out
}

// baseFrequency is a rough share of web text by language: the prior for a text on its own.
// Unlisted candidates get baseFloor. Numbers are orders of magnitude, not measurements.
var baseFrequency = map[string]float64{
	"en": 0.40, "es": 0.06, "de": 0.05, "fr": 0.05, "ru": 0.05, "ja": 0.04, "pt": 0.04,
	"zh": 0.04, "it": 0.03, "pl": 0.02, "nl": 0.02, "tr": 0.02, "fa": 0.02, "ar": 0.02,
	"vi": 0.015, "id": 0.015, "ko": 0.01, "uk": 0.01, "cs": 0.01, "sv": 0.01, "he": 0.01,
	"hi": 0.01,
}

const baseFloor = 0.003

// escalateBelow is the trigram-level confidence under which a text below 120 letters is
// scored again with the four- and five-gram models.
const escalateBelow = 0.97

// docShortlist caps the shortlist of a document's first pass.
const docShortlist = 3

// docEscalateBelow is the same threshold for a segment of a document, after the prior.
const docEscalateBelow = 0.8

// Detector detects languages. It is safe for concurrent use. Its models are read in place
// from the binary's embedded files, so every Detector shares them and opening one costs
// only a check of each candidate's header.
type Detector struct {
	opts   Options
	groups map[Script][]string
	models map[string]*ngram.Model
}

// scriptLanguages lists which languages each script can mean; every other language lingua-go
// knows is written in Latin script.
var scriptLanguages = map[Script][]string{
	Hebrew:     {"he"},
	Arabic:     {"ar", "fa", "ur"},
	Cyrillic:   {"ru", "uk", "bg", "sr", "mk", "be", "kk", "mn"},
	Greek:      {"el"},
	Han:        {"zh"}, // without kana, as lingua-go's rules have it
	Kana:       {"ja"},
	Hangul:     {"ko"},
	Thai:       {"th"},
	Devanagari: {"hi", "mr"},
	Bengali:    {"bn"},
	Gujarati:   {"gu"},
	Gurmukhi:   {"pa"},
	Tamil:      {"ta"},
	Telugu:     {"te"},
	Armenian:   {"hy"},
	Georgian:   {"ka"},
}

// code is t's base language; und stays und (x/text would guess "en" for it).
func code(t language.Tag) string {
	b, conf := t.Base()
	if conf == language.No || conf == language.Low && t == language.Und {
		return "und"
	}
	return b.String()
}

// New returns a Detector over opts.Languages. It checks each candidate's embedded model
// (its header, the length of every array, its letter table) and fails if one is missing
// or corrupt.
func New(opts Options) (*Detector, error) {
	return newDetector(opts, embeddedModel)
}

// newDetector is New with the models from src.
func newDetector(opts Options, src modelSource) (*Detector, error) {
	cands := opts.Languages
	if len(cands) == 0 {
		cands = AllLanguages()
	}
	setDefault(&opts.MinConfidence, DefaultMinConfidence)
	setDefault(&opts.DocumentWeight, DefaultDocumentWeight)
	setDefault(&opts.NeighbourWeight, DefaultNeighbourWeight)
	setDefault(&opts.Temperature, DefaultTemperature)
	setDefault(&opts.InlineMinConfidence, DefaultInlineMinConfidence)
	setDefault(&opts.FrequencyWeight, DefaultFrequencyWeight)
	opts.FrequencyWeight = max(opts.FrequencyWeight, 0)
	if opts.Shortlist == 0 {
		opts.Shortlist = DefaultShortlist
	}
	if opts.InlineMinWords == 0 {
		opts.InlineMinWords = DefaultInlineMinWords
	}
	if opts.DocumentWeight+2*opts.NeighbourWeight >= 1 || opts.DocumentWeight < 0 || opts.NeighbourWeight < 0 {
		return nil, fmt.Errorf("detect: DocumentWeight + 2*NeighbourWeight must be in [0,1), got %g and %g", opts.DocumentWeight, opts.NeighbourWeight)
	}
	if opts.MinConfidence < 0 || opts.MinConfidence > 1 || opts.Temperature < 0 || opts.Shortlist < 0 {
		return nil, fmt.Errorf("detect: invalid options %+v", opts)
	}
	d := &Detector{opts: opts, groups: map[Script][]string{}, models: map[string]*ngram.Model{}}
	scriptOfLang := map[string][]Script{}
	for s, codes := range scriptLanguages {
		for _, c := range codes {
			scriptOfLang[c] = append(scriptOfLang[c], s)
		}
	}
	seen := map[string]bool{}
	for _, t := range cands {
		c := code(t)
		if _, ok := linguaByCode[c]; !ok {
			return nil, fmt.Errorf("detect: language %q is not supported", t)
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		m, err := openModel(c, src)
		if err != nil {
			return nil, err
		}
		d.models[c] = m
		ss, ok := scriptOfLang[c]
		if !ok {
			ss = []Script{Latin}
		}
		for _, s := range ss {
			d.groups[s] = append(d.groups[s], c)
		}
	}
	return d, nil
}

func setDefault(f *float64, v float64) {
	if *f == 0 {
		*f = v
	}
}

// scores returns the probability of each candidate of a script for text, without any
// prior. A cheap pass over every candidate's unigram and bigram models shortlists the
// plausible ones (and the extra languages the caller's prior favours); only those are
// scored with the larger models, the way lingua-go scores: trigrams alone for texts of
// 120 letters or more, all orders from one to five below that.
func (d *Detector) scores(ws []string, cands []string, full bool, extra []string) map[string]float64 {
	out := make(map[string]float64, len(cands))
	if len(cands) == 1 {
		out[cands[0]] = 1
		return out
	}
	letters := 0
	for _, w := range ws {
		letters += utf8.RuneCountInString(w)
	}
	cands = filterByLetters(ws, cands)
	// The text's n-grams are collected once for every pass; each reads only the orders
	// the earlier ones did not.
	sc := d.newScorer(ws, len(cands)+len(extra))
	cheap := sc.score(cands, []int{1, 2})
	type ranked struct {
		c string
		v float64
	}
	var rs []ranked
	for i, c := range cands {
		if cheap.ok[i] {
			rs = append(rs, ranked{c, cheap.logit[i]})
		}
	}
	// Without the larger models (a document's first pass) a short shortlist will do: the
	// prior settles most segments, and each language on it costs a trigram table.
	limit := d.opts.Shortlist
	if !full {
		limit = min(limit, docShortlist)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || rs[i].v == rs[j].v && rs[i].c < rs[j].c })
	var short []string
	inShort := map[string]bool{}
	for _, r := range rs {
		if len(short) == limit {
			break
		}
		short = append(short, r.c)
		inShort[r.c] = true
	}
	for _, c := range extra {
		if !inShort[c] && slices.Contains(cands, c) {
			short = append(short, c)
			inShort[c] = true
		}
	}
	if len(short) == 0 {
		return out
	}
	if len(short) == 1 {
		out[short[0]] = 1
		return out
	}
	// Trigrams first: they are a tenth of the size of the four- and five-gram models and
	// settle most texts. Only a text they leave in doubt pays for the larger models, the
	// way lingua-go's high-accuracy mode scores every text below 120 letters.
	//
	// lingua-go's scores are mean log probabilities per letter; evidence grows with length,
	// so the temperature shrinks with the square root of the letter count.
	t := d.opts.Temperature / math.Sqrt(float64(max(letters, 1)))
	ps := sc.score(short, []int{1, 2, 3}).softmax(t, nil)
	if letters >= 120 {
		ps = sc.score(short, []int{3}).softmax(t, nil)
	} else if full && slices.Max(ps) < escalateBelow {
		ps = sc.score(short, []int{1, 2, 3, 4, 5}).softmax(t, nil)
	}
	for i, p := range ps {
		out[short[i]] = p
	}
	return out
}

// filterByLetters keeps the candidates that use the rarer letters at least half of the
// words contain, as lingua-go's rules do; without such letters it keeps every candidate.
// A word counts once for each rarer letter it contains, for each language of its rule.
func filterByLetters(ws []string, cands []string) []string {
	var counts map[string]int
	for _, w := range ws {
		for i, r := range w {
			codes, ok := rareLetters[r]
			if !ok || strings.ContainsRune(w[:i], r) {
				continue
			}
			if counts == nil {
				counts = map[string]int{}
			}
			for _, c := range codes {
				counts[c]++
			}
		}
	}
	if counts == nil {
		return cands
	}
	var out []string
	for _, c := range cands {
		if 2*counts[c] >= len(ws) && counts[c] > 0 {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return cands
	}
	return out
}

// observation is what one text tells before any prior.
type observation struct {
	script  Script
	letters int
	scores  map[string]float64
}

func (d *Detector) observe(text string, full bool, extra ...string) observation {
	c := countScripts(text)
	o := observation{script: c.main(), letters: c.letters()}
	if o.script == NoScript {
		return o
	}
	cands := d.groups[o.script]
	if len(cands) == 0 {
		return o // a script none of the candidates is written in
	}
	// Only words of the main script speak: a quoted Hebrew phrase says nothing about which
	// Latin-script language an English sentence is in.
	var ws []string
	for _, w := range words(text) {
		r, _ := utf8.DecodeRuneInString(w)
		if sameScript(scriptOf(r), o.script) {
			ws = append(ws, w)
		}
	}
	o.scores = d.scores(ws, cands, full, extra)
	return o
}

// flatten raises o's scores to the power 1/k and renormalises: the same as a temperature
// k times higher. Used where the letters say little about the language.
func (o observation) flatten(k float64) observation {
	if len(o.scores) < 2 {
		return o
	}
	out := make(map[string]float64, len(o.scores))
	sum := 0.0
	for c, p := range o.scores {
		out[c] = math.Pow(p, 1/k)
		sum += out[c]
	}
	for c := range out {
		out[c] /= sum
	}
	o.scores = out
	return o
}

// nameLike reports a short Latin-script segment of capitalised words only ("Moran
// Azulay", "Comments"): a byline, a name or a page label, whose letters say little about
// the language it sits in, so in a document the prior should weigh more.
func nameLike(text string) bool {
	ws := strings.Fields(text)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "\"'(«“‘"))
		if !unicode.IsUpper(r) || scriptOf(r) != Latin {
			return false
		}
	}
	return true
}

// top returns the best-scoring language of o and its score.
func (o observation) top() (string, float64) {
	best, p := "", -1.0
	for c, v := range o.scores {
		if v > p || v == p && c < best {
			best, p = c, v
		}
	}
	return best, p
}

// Detect returns the language of text on its own, with how common languages are as the prior.
func (d *Detector) Detect(text string) Result {
	o := d.observe(text, true)
	return d.decide(o, nil)
}

// DetectDocument returns the language of each text, taking the texts as the segments of
// one document in reading order, and the document's dominant language. Every text is
// scored once; the prior then uses the dominant language and each text's neighbours.
func (d *Detector) DetectDocument(ctx context.Context, texts []string) ([]Result, language.Tag, error) {
	obs := make([]observation, len(texts))
	weight := map[string]float64{}
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, language.Und, err
		}
		obs[i] = d.observe(t, false)
		if c, p := obs[i].top(); c != "" && obs[i].letters >= 12 {
			// Long texts speak louder; uncertain ones softer.
			weight[c] += float64(obs[i].letters) * p
		}
	}
	dominant, best := "", 0.0
	for c, w := range weight {
		if w > best || w == best && c < dominant {
			dominant, best = c, w
		}
	}
	out := make([]Result, len(texts))
	for i := range obs {
		if err := ctx.Err(); err != nil {
			return nil, language.Und, err
		}
		// The prior can only favour languages that were scored: bring the document's and
		// the neighbours' languages onto a segment's shortlist where the cheap pass left them off.
		var extra []string
		if dominant != "" && obs[i].scores[dominant] == 0 {
			extra = append(extra, dominant)
		}
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(obs) && obs[j].letters >= 12 {
				if c, _ := obs[j].top(); c != "" && obs[i].scores != nil && obs[i].scores[c] == 0 {
					extra = append(extra, c)
				}
			}
		}
		if len(extra) > 0 && len(obs[i].scores) > 1 {
			obs[i] = d.observe(texts[i], false, extra...)
		}
		if nameLike(texts[i]) {
			obs[i] = obs[i].flatten(3)
		}
		prior := map[string]float64{}
		if dominant != "" {
			prior[dominant] += d.opts.DocumentWeight
		}
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(obs) && obs[j].letters >= 12 {
				if c, p := obs[j].top(); c != "" && p >= 0.8 {
					prior[c] += d.opts.NeighbourWeight
				}
			}
		}
		out[i] = d.decide(obs[i], prior)
		// Trigrams and the prior settle nearly every segment of a document; the larger
		// models are read only for a short segment still in doubt.
		if out[i].Confidence < docEscalateBelow && len(obs[i].scores) > 1 && obs[i].letters < 120 {
			obs[i] = d.observe(texts[i], true, extra...)
			if nameLike(texts[i]) {
				obs[i] = obs[i].flatten(3)
			}
			out[i] = d.decide(obs[i], prior)
		}
	}
	dom := language.Und
	if dominant != "" {
		dom = language.Make(dominant)
	}
	return out, dom, nil
}

// decide combines an observation with a prior (context weights; the rest of the mass goes
// to how common each language is) and abstains when the posterior is weak.
func (d *Detector) decide(o observation, context map[string]float64) Result {
	if o.letters == 0 || len(o.scores) == 0 {
		return Result{Lang: language.Und}
	}
	if len(o.scores) == 1 {
		for c := range o.scores {
			// The script alone decides; a couple of letters is thin evidence all the same.
			conf := 0.99
			if o.letters < 3 {
				conf = 0.6
			}
			return d.result(c, conf)
		}
	}
	best, bp := "", -1.0
	for c, p := range d.posterior(o, context) {
		if p > bp || p == bp && c < best {
			best, bp = c, p
		}
	}
	return d.result(best, bp)
}

// posterior is o's scores weighed by the prior decide uses, normalised to sum to 1.
func (d *Detector) posterior(o observation, context map[string]float64) map[string]float64 {
	rest := 1.0
	for _, w := range context {
		rest -= w
	}
	base := 0.0
	for c := range o.scores {
		base += d.baseWeight(c)
	}
	// lingua answers 0 for languages its rules exclude; a floor keeps one odd letter
	// from vetoing the document's language outright.
	const floor = 1e-4
	post := map[string]float64{}
	sum := 0.0
	for c, s := range o.scores {
		p := (math.Max(s, floor)) * (context[c] + rest*d.baseWeight(c)/base)
		post[c] = p
		sum += p
	}
	for c := range post {
		post[c] /= sum
	}
	return post
}

func (d *Detector) baseWeight(c string) float64 {
	f, ok := baseFrequency[c]
	if !ok {
		f = baseFloor
	}
	return math.Pow(f, d.opts.FrequencyWeight)
}

func (d *Detector) result(c string, conf float64) Result {
	if conf < d.opts.MinConfidence {
		return Result{Lang: language.Und}
	}
	return Result{Lang: language.Make(c), Confidence: math.Round(conf*1000) / 1000}
}
