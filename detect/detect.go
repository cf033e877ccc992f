// Package detect finds the language of short and long texts, alone or with the
// document around them as context. It takes strings and returns language.Tag values, so
// any Go program can use it without the rest of bitext.
//
// Detection works in three steps. The Unicode script decides or narrows first: Hebrew
// letters are Hebrew, Hangul is Korean, Cyrillic is one of a few languages. lingua-go then
// chooses among the candidates of that script only, so its models load for those
// languages alone. Last, a prior weighs the answer: the document's dominant language and
// the segment's neighbours, or, for a text on its own, how common each language is. A
// short English line ("live", "Comments") in an English article stays English instead of
// becoming Danish or French; when the evidence is too weak the answer is und.
package detect

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	lingua "github.com/pemistahl/lingua-go"
	"golang.org/x/text/language"
)

// Result is the language of one text. Lang is language.Und when the text has no letters
// or the evidence is too weak; Confidence is then 0.
type Result struct {
	Lang       language.Tag
	Confidence float64
}

// Options configure a Detector. The zero value is ready to use.
type Options struct {
	// Languages are the candidates. Empty means DefaultLanguages. Languages lingua-go does not
	// know are an error from New.
	Languages []language.Tag
	// MinConfidence is the posterior below which the answer is und. Zero means 0.5.
	MinConfidence float64
}

// DefaultLanguages are the candidates when Options.Languages is empty: the languages of
// most news on the web, by script. Each Latin-script language costs memory once a model for
// it is loaded, so the Latin list is kept to common languages plus the ones a detector
// confuses English with on short text (la, az), which the prior then overrules.
var DefaultLanguages = tags(
	"en", "es", "fr", "de", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "ro", "cs", "hu",
	"tr", "id", "vi", "ca", "hr", "az", "la",
	"he", "ar", "fa", "ur", "ru", "uk", "bg", "sr", "el", "zh", "ja", "ko", "th", "hi", "mr",
	"bn", "gu", "pa", "ta", "te", "hy", "ka",
)

func tags(codes ...string) []language.Tag {
	out := make([]language.Tag, len(codes))
	for i, c := range codes {
		out[i] = language.MustParse(c)
	}
	return out
}

// baseFrequency is a rough share of web text by language: the prior for a text on its own.
// Unlisted candidates get baseFloor. Numbers are orders of magnitude, not measurements.
var baseFrequency = map[string]float64{
	"en": 0.40, "es": 0.06, "de": 0.05, "fr": 0.05, "ru": 0.05, "ja": 0.04, "pt": 0.04,
	"zh": 0.04, "it": 0.03, "pl": 0.02, "nl": 0.02, "tr": 0.02, "fa": 0.02, "ar": 0.02,
	"vi": 0.015, "id": 0.015, "ko": 0.01, "uk": 0.01, "cs": 0.01, "sv": 0.01, "he": 0.01,
}

const baseFloor = 0.003

// Detector detects languages. It is safe for concurrent use; models load lazily, per
// script, the first time a text of that script needs them.
type Detector struct {
	minConf float64
	groups  map[Script]*group
}

// group is the candidates of one script and the lingua detector over them.
type group struct {
	tags   []language.Tag
	langs  []lingua.Language
	once   sync.Once
	lingua lingua.LanguageDetector
}

// scriptLanguages lists which languages each script can mean.
var scriptLanguages = map[Script][]string{
	Hebrew:     {"he"},
	Arabic:     {"ar", "fa", "ur"},
	Cyrillic:   {"ru", "uk", "bg", "sr", "mk", "be", "kk", "mn"},
	Greek:      {"el"},
	Han:        {"zh"},
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

var linguaByCode = func() map[string]lingua.Language {
	m := map[string]lingua.Language{}
	for _, l := range lingua.AllLanguages() {
		m[strings.ToLower(l.IsoCode639_1().String())] = l
	}
	return m
}()

func code(t language.Tag) string {
	b, _ := t.Base()
	return b.String()
}

// New returns a Detector over opts.Languages. It loads no model.
func New(opts Options) (*Detector, error) {
	cands := opts.Languages
	if len(cands) == 0 {
		cands = DefaultLanguages
	}
	d := &Detector{minConf: opts.MinConfidence, groups: map[Script]*group{}}
	if d.minConf == 0 {
		d.minConf = 0.5
	}
	scriptOfLang := map[string]Script{}
	for s, codes := range scriptLanguages {
		for _, c := range codes {
			scriptOfLang[c] = s
		}
	}
	for _, t := range cands {
		c := code(t)
		l, ok := linguaByCode[c]
		if !ok {
			return nil, fmt.Errorf("detect: language %q is not supported", t)
		}
		s, ok := scriptOfLang[c]
		if !ok {
			s = Latin
		}
		g := d.groups[s]
		if g == nil {
			g = &group{}
			d.groups[s] = g
		}
		g.tags = append(g.tags, language.Make(c))
		g.langs = append(g.langs, l)
	}
	return d, nil
}

// scores returns the probability of each candidate of g for text, without any prior.
func (g *group) scores(text string) map[string]float64 {
	out := make(map[string]float64, len(g.tags))
	if len(g.tags) == 1 {
		out[code(g.tags[0])] = 1
		return out
	}
	g.once.Do(func() {
		g.lingua = lingua.NewLanguageDetectorBuilder().FromLanguages(g.langs...).Build()
	})
	for _, cv := range g.lingua.ComputeLanguageConfidenceValues(text) {
		out[strings.ToLower(cv.Language().IsoCode639_1().String())] = cv.Value()
	}
	return out
}

// observation is what one text tells before any prior.
type observation struct {
	script  Script
	letters int
	scores  map[string]float64
}

func (d *Detector) observe(text string) observation {
	c := countScripts(text)
	o := observation{script: c.main(), letters: c.letters()}
	if o.script == NoScript {
		return o
	}
	g := d.groups[o.script]
	if g == nil {
		return o // a script none of the candidates is written in
	}
	o.scores = g.scores(text)
	return o
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
	o := d.observe(text)
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
		obs[i] = d.observe(t)
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
		prior := map[string]float64{}
		if dominant != "" {
			prior[dominant] += 0.6
		}
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(obs) && obs[j].letters >= 12 {
				if c, p := obs[j].top(); c != "" && p >= 0.8 {
					prior[c] += 0.1
				}
			}
		}
		out[i] = d.decide(obs[i], prior)
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
	rest := 1.0
	for _, w := range context {
		rest -= w
	}
	base := 0.0
	for c := range o.scores {
		base += baseWeight(c)
	}
	// lingua answers 0 for languages its rules exclude; a floor keeps one odd letter
	// from vetoing the document's language outright.
	const floor = 1e-4
	post := map[string]float64{}
	sum := 0.0
	for c, s := range o.scores {
		p := (math.Max(s, floor)) * (context[c] + rest*baseWeight(c)/base)
		post[c] = p
		sum += p
	}
	best, bp := "", -1.0
	for c, p := range post {
		if p > bp || p == bp && c < best {
			best, bp = c, p
		}
	}
	return d.result(best, bp/sum)
}

func baseWeight(c string) float64 {
	if f, ok := baseFrequency[c]; ok {
		return f
	}
	return baseFloor
}

func (d *Detector) result(c string, conf float64) Result {
	if conf < d.minConf {
		return Result{Lang: language.Und}
	}
	return Result{Lang: language.Make(c), Confidence: math.Round(conf*1000) / 1000}
}
