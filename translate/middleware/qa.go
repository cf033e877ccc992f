package middleware

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// QAOption configures QA and Screen.
type QAOption func(*qaOptions)

type qaOptions struct{ secrets *translate.Secrets }

// QASecrets makes QA and Screen refuse any answer containing one of secrets, the credentials
// the backends hold (translate.Config.Secrets): flag translate.QASecret.
func QASecrets(secrets *translate.Secrets) QAOption {
	return func(o *qaOptions) { o.secrets = secrets }
}

// QA returns a middleware that checks every answer against its source and records what
// fails on Translation.QA (see Check; with QASecrets, also translate.QASecret). It returns an
// error, and no translations, only when the answer has the wrong number of translations: then
// no answer can be paired with its source. Other failures concern one text: the request
// succeeds and the flags travel with the text, so the pipeline can refuse it
// (translate.QAFailed: empty, identical to the source, a refusal, a credential, a control
// character — recorded as origin none with the flag as reason) or mark it for review (a
// placeholder, number or URL lost). A flag already on a translation is not added twice.
//
// Open puts QA outermost, above the cache, on purpose: the cache stores what the backend
// answered and not the flags, so a check below it would flag an answer once and let the same
// answer through unflagged on every later cache hit. The checks are cheap, pure functions of
// source and answer, so running them on hits costs nothing and flags them exactly as the
// first time. Answers that must not even be stored are flagged below the cache by Screen.
func QA(opts ...QAOption) translate.Middleware {
	var o qaOptions
	for _, opt := range opts {
		opt(&o)
	}
	return flagger("qa", func(source, answer string, src, target language.Tag) []string {
		flags := Check(source, answer, src, target)
		if o.secrets.In(answer) {
			flags = append(flags, translate.QASecret)
		}
		return flags
	})
}

// Screen returns a middleware that flags only the answers unsafe to keep at all
// (translate.QAUnsafe: a credential, with QASecrets; a control character; a bidi control the
// source lacks). Open puts it just below the cache, which stores no answer so flagged: such
// an answer reaches neither an output (QA above flags it again, and the pipeline refuses it)
// nor the cache.
func Screen(opts ...QAOption) translate.Middleware {
	var o qaOptions
	for _, opt := range opts {
		opt(&o)
	}
	return flagger("screen", func(source, answer string, _, _ language.Tag) []string {
		flags := unsafeText(source, answer)
		if o.secrets.In(answer) {
			flags = append(flags, translate.QASecret)
		}
		return flags
	})
}

// flagger is a middleware adding check's flags to every translation, each flag once.
func flagger(name string, check func(source, answer string, src, target language.Tag) []string) translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		return translate.Wrap(next, func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			res, err := next.Translate(ctx, req)
			if err != nil {
				return nil, err
			}
			if err := translate.CheckCount(name, len(req.Texts), len(res)); err != nil {
				return nil, err
			}
			out := make([]translate.Translation, len(res))
			for i, tr := range res {
				src := req.Source
				if src == language.Und {
					src = tr.Source
				}
				qa := append([]string(nil), tr.QA...)
				for _, f := range check(req.Texts[i], tr.Text, src, req.Target) {
					if !slices.Contains(qa, f) {
						qa = append(qa, f)
					}
				}
				if len(qa) == 0 {
					qa = nil
				}
				tr.QA = qa
				out[i] = tr
			}
			return out, nil
		})
	}
}

// unsafeText returns translate.QAControl when answer holds a C0 or C1 control character other
// than tab and newline (a carriage return passes when the source has one too), and
// translate.QABidi when it holds a bidi embedding, override or isolate control its source
// does not.
func unsafeText(source, answer string) []string {
	var flags []string
	control, bidi := false, false
	for _, r := range answer {
		switch {
		case !control && unicode.IsControl(r) && r != '\t' && r != '\n' && (r != '\r' || !strings.ContainsRune(source, '\r')):
			control = true
			flags = append(flags, translate.QAControl)
		case !bidi && isBidiControl(r) && !strings.ContainsRune(source, r):
			bidi = true
			flags = append(flags, translate.QABidi)
		}
	}
	return flags
}

// isBidiControl reports whether r is an explicit bidi embedding, override or isolate (LRE,
// RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI). The marks LRM, RLM and ALM are not: translations
// into right-to-left languages use them legitimately, and they reorder nothing on their own.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// Check returns the quality checks answer fails as a translation of source from src into
// target (src may be language.Und), in a fixed order; nil when it passes them all.
//
// Hard failures (translate.QAFailed) mean answer is not a translation:
//   - translate.QAEmpty: blank answer to a non-blank source.
//   - translate.QAIdentical: answer equal to the source (whitespace aside) while the source has
//     letters in a script the target language is not written in (a Hebrew caption sent back
//     in Hebrew to an English reader). Same-script answers pass: names and cognates stay as
//     they are between French and English. Text without letters (a number, a date) passes.
//   - translate.QARefusal: answer reading like a model's refusal or an error message ("I'm
//     sorry, but I can't…", "Error: …") where the source does not say so itself.
//   - translate.QAControl: a C0 or C1 control character other than tab and newline (an
//     escape sequence, a NUL; a carriage return only when the source has none) — a backend's
//     answer is untrusted input, and such bytes rewrite terminals and break output formats.
//   - translate.QABidi: a bidi embedding, override or isolate control that the source lacks.
//
// Soft failures mark the text for review; the translation is kept:
//   - "placeholder missing: X" for a markup tag (<x id="1"/>, <b>), {{name}}, {0} or a printf
//     verb (%s, %1$d) of the source that the answer lacks (counted: two in, one out fails);
//   - "number missing: N" for a number of the source whose digits the answer lacks (digits are
//     compared without separators and in any script: 1,000 matches 1.000 and ١٠٠٠);
//   - "url missing: U" for a URL, e-mail address or www. host the answer lacks.
func Check(source, answer string, src, target language.Tag) []string {
	var flags []string
	if strings.TrimSpace(source) == "" {
		return nil
	}
	if strings.TrimSpace(answer) == "" {
		return []string{translate.QAEmpty}
	}
	if collapse(answer) == collapse(source) && foreignScript(source, target) {
		flags = append(flags, translate.QAIdentical)
	}
	if refusal(answer) && !refusal(source) {
		flags = append(flags, translate.QARefusal)
	}
	flags = append(flags, unsafeText(source, answer)...)
	for _, p := range missing(placeholderRE.FindAllString(source, -1), placeholderRE.FindAllString(answer, -1), nil) {
		flags = append(flags, "placeholder missing: "+p)
	}
	// Numbers inside placeholders and URLs are checked with them, not again on their own.
	srcRest, ansRest := stripMarkup(source), stripMarkup(answer)
	for _, n := range missing(numberRE.FindAllString(srcRest, -1), numberRE.FindAllString(ansRest, -1), digits) {
		flags = append(flags, "number missing: "+n)
	}
	for _, u := range missing(urlRE.FindAllString(source, -1), urlRE.FindAllString(answer, -1), trimURL) {
		flags = append(flags, "url missing: "+trimURL(u))
	}
	return flags
}

var (
	// placeholderRE: markup tags, {{…}}, {name}/{0}, and printf verbs.
	placeholderRE = regexp.MustCompile(`</?[A-Za-z][^<>]*>|\{\{[^{}]*\}\}|\{[A-Za-z0-9_]+\}|%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdfvqxXeEgGc]`)
	// numberRE: a run of digits (any script) with inner separators.
	numberRE = regexp.MustCompile(`\p{Nd}+(?:[.,\x{00A0}\x{202F}']\p{Nd}+)*`)
	// urlRE: absolute URLs, www. hosts and e-mail addresses.
	urlRE = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"']+|\bwww\.[^\s<>"']+|\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
)

// stripMarkup blanks out placeholders and URLs.
func stripMarkup(s string) string {
	s = placeholderRE.ReplaceAllString(s, " ")
	return urlRE.ReplaceAllString(s, " ")
}

// missing returns the items of want that got lacks, counting repeats, compared after norm.
func missing(want, got []string, norm func(string) string) []string {
	if norm == nil {
		norm = func(s string) string { return s }
	}
	have := map[string]int{}
	for _, g := range got {
		have[norm(g)]++
	}
	var out []string
	for _, w := range want {
		k := norm(w)
		if have[k] > 0 {
			have[k]--
			continue
		}
		out = append(out, w)
	}
	return out
}

// digits keeps the digits of a number, as ASCII.
func digits(n string) string {
	var b strings.Builder
	for _, r := range n {
		if unicode.IsDigit(r) {
			b.WriteRune('0' + digitValue(r))
		}
	}
	return b.String()
}

// digitValue is the value of a decimal digit in any script: Unicode lays out every Nd
// block as runs of ten consecutive code points from zero to nine (the mathematical digits
// are five such runs back to back), so the distance from the start of the run tells it.
func digitValue(r rune) rune {
	z := r
	for z > 0 && unicode.IsDigit(z-1) {
		z--
	}
	return (r - z) % 10
}

// trimURL drops sentence punctuation a URL picked up at its end.
func trimURL(u string) string { return strings.TrimRight(u, ".,;:!?)]}»”’") }

// collapse trims and collapses whitespace, so that spacing alone does not hide an echo.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// refusalRE matches the openings of refusals and error texts that LLM and proxy backends
// send back in place of a translation.
var refusalRE = regexp.MustCompile(`(?i)^\s*(?:i(?:'|’| a)m sorry|sorry, (?:but )?i|i (?:cannot|can(?:'|’)t|am unable|won(?:'|’)t)|as an ai\b|i(?:'|’)m unable|error:|internal server error|<!doctype html|<html)`)

func refusal(s string) bool { return refusalRE.MatchString(s) }

// foreignScript reports whether text has a letter in a script target is not written in.
func foreignScript(text string, target language.Tag) bool {
	sc, _ := target.Script()
	ok := scriptTables[sc.String()]
	for _, r := range text {
		if !unicode.IsLetter(r) || unicode.In(r, unicode.Common, unicode.Inherited) {
			continue
		}
		if ok == nil {
			return true // a target script bitext has no table for: any letter may be foreign
		}
		if !unicode.In(r, ok...) {
			return true
		}
	}
	return false
}

// scriptTables maps ISO 15924 codes, as x/text's Tag.Script guesses them, to the Unicode
// scripts a language written in that script uses.
var scriptTables = map[string][]*unicode.RangeTable{
	"Latn": {unicode.Latin},
	"Cyrl": {unicode.Cyrillic},
	"Grek": {unicode.Greek},
	"Hebr": {unicode.Hebrew},
	"Arab": {unicode.Arabic},
	"Hans": {unicode.Han},
	"Hant": {unicode.Han},
	"Jpan": {unicode.Han, unicode.Hiragana, unicode.Katakana},
	"Kore": {unicode.Hangul, unicode.Han},
	"Deva": {unicode.Devanagari},
	"Beng": {unicode.Bengali},
	"Guru": {unicode.Gurmukhi},
	"Gujr": {unicode.Gujarati},
	"Taml": {unicode.Tamil},
	"Telu": {unicode.Telugu},
	"Knda": {unicode.Kannada},
	"Mlym": {unicode.Malayalam},
	"Thai": {unicode.Thai},
	"Armn": {unicode.Armenian},
	"Geor": {unicode.Georgian},
	"Ethi": {unicode.Ethiopic},
	"Khmr": {unicode.Khmer},
	"Laoo": {unicode.Lao},
	"Mymr": {unicode.Myanmar},
	"Sinh": {unicode.Sinhala},
}
