package detect

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect/internal/ngram"
)

// Span is a run of one language inside a text: text[Start:End], byte offsets, half-open.
type Span struct {
	Start, End int
	Lang       language.Tag
	Confidence float64
}

// token is one word of a text with its byte offsets and script.
type token struct {
	start, end int
	script     Script
	lower      bool // starts with a lowercase letter
}

func tokens(text string) []token {
	var out []token
	cur := token{start: -1}
	flush := func(end int) {
		if cur.start >= 0 {
			cur.end = end
			out = append(out, cur)
		}
		cur = token{start: -1}
	}
	for i, r := range text {
		s := scriptOf(r)
		if s == NoScript {
			// Apostrophes and hyphens inside a word keep it whole ("ג'ודי", "al-Qanua").
			if (r == '\'' || r == '-' || r == '’' || r == '"' && cur.script == Hebrew) && cur.start >= 0 {
				continue
			}
			flush(i)
			continue
		}
		if cur.start >= 0 && cur.script != s && !(cur.script == Han && s == Kana || cur.script == Kana && s == Han) {
			flush(i)
		}
		if cur.start < 0 {
			cur = token{start: i, script: s, lower: unicode.IsLower(r)}
		}
	}
	flush(len(text))
	// A word may end in an apostrophe or hyphen it swallowed: give it back.
	for i := range out {
		for out[i].end > out[i].start {
			r, n := utf8.DecodeLastRuneInString(text[out[i].start:out[i].end])
			if scriptOf(r) != NoScript {
				break
			}
			out[i].end -= n
		}
	}
	return out
}

// Spans splits text into runs of one language: an English sentence quoting a Hebrew or
// Spanish phrase gives three spans (English, Hebrew, English). The spans do not overlap and
// cover every non-whitespace byte of text; a text in one language is one span. Spans
// detects the text's own language first, with no context; see SpansOf.
func (d *Detector) Spans(text string) []Span {
	return d.SpansOf(text, d.Detect(text))
}

// SpansOf is Spans for a text whose language as a whole is already known (from
// DetectDocument, say). Runs of another script become spans of their own, except that a
// Latin-script run inside a sentence of another script (an acronym, a name) needs
// InlineMinWords words and InlineMinConfidence to count. A same-script phrase (Spanish
// inside English) is split only when it has InlineMinWords words, most of them not
// capitalised (names are not phrases), and the models give it InlineMinConfidence, so an
// ordinary sentence is never split. Between quotation marks ("…", “…”, «…», „…“) two words
// with one of them lowercase suffice, and a majority with the sentence's language as the
// prior: the quotes are evidence of their own.
func (d *Detector) SpansOf(text string, whole Result) []Span {
	toks := tokens(text)
	lang := make([]language.Tag, len(toks))
	conf := make([]float64, len(toks))
	for i := range toks {
		lang[i], conf[i] = whole.Lang, whole.Confidence
	}
	var counts scriptCounts
	for _, t := range toks {
		counts[t.script] += utf8.RuneCountInString(text[t.start:t.end])
	}
	mainScript := counts.main()
	// Runs of words in another script than the sentence's.
	for i := 0; i < len(toks); {
		s := toks[i].script
		j := i + 1
		for j < len(toks) && sameScript(toks[j].script, s) {
			j++
		}
		if !sameScript(s, mainScript) && s != Other {
			run := text[toks[i].start:toks[j-1].end]
			r := d.Detect(run)
			ok := r.Lang != language.Und && !same(r.Lang, whole.Lang)
			if s == Latin && (j-i < d.opts.InlineMinWords || r.Confidence < d.opts.InlineMinConfidence) {
				ok = false
			}
			if ok {
				for k := i; k < j; k++ {
					lang[k], conf[k] = r.Lang, r.Confidence
				}
			}
		}
		i = j
	}
	// A foreign run broken by a letter or an acronym of the sentence's script ("דגמי A ו-B
	// המוקדמים") is one run.
	for i := 0; i < len(toks); i++ {
		if same(lang[i], whole.Lang) || lang[i] == whole.Lang {
			continue
		}
		j := i + 1
		for j < len(toks) && lang[j] == whole.Lang && isShortOrAcronym(text[toks[j].start:toks[j].end]) && j-i <= 3 {
			j++
		}
		if j < len(toks) && j > i+1 && lang[j] == lang[i] {
			for k := i + 1; k < j; k++ {
				lang[k], conf[k] = lang[i], conf[i]
			}
		}
	}
	if mainScript == Latin && whole.Lang != language.Und {
		d.quotedPhrases(text, toks, lang, conf, whole)
		d.latinPhrases(text, toks, lang, conf, whole)
	}
	return buildSpans(text, toks, lang, conf, whole)
}

// isShortOrAcronym is a word of at most two letters or in capitals only.
func isShortOrAcronym(w string) bool {
	if utf8.RuneCountInString(w) <= 2 {
		return true
	}
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func sameScript(a, b Script) bool {
	return a == b || (a == Han || a == Kana) && (b == Han || b == Kana)
}

func same(a, b language.Tag) bool { return code(a) == code(b) }

// latinPhrases finds phrases of another Latin-script language inside a Latin-script
// sentence: per word, how much better each language explains it than the sentence's
// language (unigram to trigram log likelihoods); the best window of at least
// InlineMinWords words must then convince the full models on its own.
func (d *Detector) latinPhrases(text string, toks []token, lang []language.Tag, conf []float64, whole Result) {
	mainCode := code(whole.Lang)
	// Phrases are looked for in the common languages only (those of baseFrequency): per-word
	// scores for every Latin-script language would read all their trigram models for any
	// English article.
	var cands []string
	for _, c := range d.groups[Latin] {
		if _, ok := baseFrequency[c]; ok || c == mainCode {
			cands = append(cands, c)
		}
	}
	if !containsStr(cands, mainCode) {
		return
	}
	var idx []int // indexes of Latin tokens still in the sentence's language
	for i, t := range toks {
		if t.script == Latin && same(lang[i], whole.Lang) {
			idx = append(idx, i)
		}
	}
	minW := d.opts.InlineMinWords
	if len(idx) < minW+1 {
		return // nothing would remain of the sentence's language
	}
	// Per-word scores, lw[k][c]: first with the unigram and bigram models every candidate
	// reads first, to pick the two languages with the best run of words; only
	// those and the sentence's language are scored with trigrams, so an English article
	// does not read a dozen trigram models to learn it quotes nothing.
	ws := make([]string, len(idx))
	for k, i := range idx {
		ws[k] = strings.ToLower(text[toks[i].start:toks[i].end])
	}
	score := func(cands []string, maxOrder int) [][]float64 {
		lw := make([][]float64, len(ws))
		for k, w := range ws {
			lw[k] = d.wordScores(w, cands, maxOrder)
		}
		return lw
	}
	lw := score(cands, 2)
	mi := indexOf(cands, mainCode)
	type best struct {
		c   string
		sum float64
	}
	var bests []best
	for c := range cands {
		if c == mi {
			continue
		}
		top, sum := 0.0, 0.0
		for k := range ws {
			sum = max(0, sum+lw[k][c]-lw[k][mi])
			top = max(top, sum)
		}
		if top > 0 {
			bests = append(bests, best{cands[c], top})
		}
	}
	sort.Slice(bests, func(i, j int) bool { return bests[i].sum > bests[j].sum })
	cands = []string{mainCode}
	for _, b := range bests[:min(2, len(bests))] {
		cands = append(cands, b.c)
	}
	if len(cands) == 1 {
		return
	}
	lw = score(cands, 3)
	mi = 0
	for round := 0; round < 3; round++ {
		bestSum, bestC, bs, be := 0.0, -1, 0, 0
		for c := range cands {
			if c == mi {
				continue
			}
			for a := 0; a < len(idx); a++ {
				sum, lower := 0.0, 0
				for b := a; b < len(idx) && b < a+12; b++ {
					if !same(lang[idx[b]], whole.Lang) || b > a && idx[b] != idx[b-1]+1 {
						break
					}
					// Every word of a phrase must lean to its language on its own: a word
					// of two letters at least a little, a longer one by a nat. One English
					// word ("of") breaks a run of Spanish-looking English words.
					m := lw[b][c] - lw[b][mi]
					if m < 0 || m < 1 && toks[idx[b]].end-toks[idx[b]].start > 2 {
						break
					}
					sum += m
					if toks[idx[b]].lower {
						lower++
					}
					// Capitalised words (names) ride along but do not count as words of the phrase.
					if lower >= minW && sum > bestSum {
						bestSum, bestC, bs, be = sum, c, a, b+1
					}
				}
			}
		}
		// At least 3 nats a word before the full models are asked.
		if bestC < 0 || bestSum < 3*float64(be-bs) {
			return
		}
		// Grow the phrase by neighbours that lean its way at all ("con todos" after a
		// clearly Spanish run), but not across punctuation.
		for be < len(idx) && idx[be] == idx[be-1]+1 && same(lang[idx[be]], whole.Lang) &&
			lw[be][bestC] >= lw[be][mi] && onlySpace(text[toks[idx[be-1]].end:toks[idx[be]].start]) {
			be++
		}
		for bs > 0 && idx[bs-1] == idx[bs]-1 && same(lang[idx[bs-1]], whole.Lang) &&
			lw[bs-1][bestC] >= lw[bs-1][mi] && onlySpace(text[toks[idx[bs-1]].end:toks[idx[bs]].start]) {
			bs--
		}
		lower := 0
		for k := bs; k < be; k++ {
			if toks[idx[k]].lower {
				lower++
			}
		}
		if 2*lower < be-bs || be-bs == len(idx) {
			return
		}
		// The phrase sits in a sentence of the main language: that is its prior, as a
		// document's language is a segment's.
		phrase := text[toks[idx[bs]].start:toks[idx[be-1]].end]
		r := d.decide(d.observe(phrase, true, mainCode), map[string]float64{mainCode: d.opts.DocumentWeight + 2*d.opts.NeighbourWeight})
		if r.Lang == language.Und || same(r.Lang, whole.Lang) || r.Confidence < d.opts.InlineMinConfidence {
			return
		}
		for k := bs; k < be; k++ {
			lang[idx[k]], conf[idx[k]] = r.Lang, r.Confidence
		}
	}
}

// isQuote reports the quotation marks that may open or close a quoted phrase.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '«', '»', '„':
		return true
	}
	return false
}

// quotedPhrases finds phrases of another Latin-script language set off by quotation marks
// inside a Latin-script sentence ("the cause of death is "du matin, moment" a gunshot"):
// the quotes bound the phrase, so a shorter one than latinPhrases would accept is tried,
// but it must still convince the full models with the sentence's language as its prior.
// Straight quotes do not say which of them open and which close, so the words between
// every two neighbouring quotation marks are tried.
func (d *Detector) quotedPhrases(text string, toks []token, lang []language.Tag, conf []float64, whole Result) {
	mainCode := code(whole.Lang)
	var qs []int
	for i, r := range text {
		if isQuote(r) {
			qs = append(qs, i)
		}
	}
	latin := 0
	for _, t := range toks {
		if t.script == Latin {
			latin++
		}
	}
	for k := 0; k+1 < len(qs); k++ {
		// The Latin-script words between the marks; a word in another script there has
		// its own span already.
		var in []int
		ok := true
		for i, t := range toks {
			if t.start > qs[k] && t.end <= qs[k+1] && t.script == Latin {
				in = append(in, i)
				ok = ok && lang[i] == whole.Lang
			}
		}
		// A quoted name ("Don Goyo") is not a phrase: at least one word must be lowercase.
		lower := 0
		for _, i := range in {
			if toks[i].lower {
				lower++
			}
		}
		if !ok || lower == 0 || len(in) < quotedMinWords || len(in) > quotedMaxWords || len(in) == latin {
			continue
		}
		phrase := text[toks[in[0]].start:toks[in[len(in)-1]].end]
		r := d.decide(d.observe(phrase, true, mainCode), map[string]float64{mainCode: d.opts.DocumentWeight + 2*d.opts.NeighbourWeight})
		if r.Lang == language.Und || same(r.Lang, whole.Lang) || r.Confidence < quotedMinConfidence {
			continue
		}
		for _, i := range in {
			lang[i], conf[i] = r.Lang, r.Confidence
		}
	}
}

// quotedMinWords and quotedMaxWords bound the quoted phrases quotedPhrases tries: one word
// is too little evidence, and a long quotation is a sentence of its own. The quotes are
// evidence too, so a quoted phrase needs only quotedMinConfidence (a majority, with the
// sentence's language as the prior) where an unquoted one needs InlineMinConfidence:
// "os damos la" is Spanish at 0.64, "no comment" French at only 0.34.
const (
	quotedMinWords      = 2
	quotedMaxWords      = 12
	quotedMinConfidence = 0.5
)

// wordScores is, for each candidate, the log likelihood of one word under its unigram to
// maxOrder-gram models, with lingua-go's back-off and a floor for letters a language lacks.
func (d *Detector) wordScores(w string, cands []string, maxOrder int) []float64 {
	const unknown = -14 // about log(1e-6): a letter the language has never seen
	out := make([]float64, len(cands))
	tg := newTextGrams([]string{w}, maxOrder)
	var ids []int32
	for ci, c := range cands {
		m := d.models[c]
		ids = tg.ids(m, ids)
		var sums [ngram.MaxOrder + 1]float64
		tg.addSums(&sums, m, ids, 0, maxOrder, unknown)
		sum := 0.0
		for n := 1; n <= maxOrder; n++ {
			sum += sums[n]
		}
		out[ci] = math.Max(sum, 3*unknown*float64(utf8.RuneCountInString(w)))
	}
	return out
}

func containsStr(s []string, v string) bool { return indexOf(s, v) >= 0 }

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// buildSpans turns per-word languages into spans. Cuts fall at the edges of words in
// another language than the text's; what lies between (spaces, quotes, punctuation) goes
// to the text's language, or to the span before when it holds no letter.
func buildSpans(text string, toks []token, lang []language.Tag, conf []float64, whole Result) []Span {
	type piece struct {
		start, end int
		lang       language.Tag
		conf       float64
		letters    bool
	}
	var ps []piece
	pos := 0
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && lang[j] == lang[i] {
			j++
		}
		if !same(lang[i], whole.Lang) || lang[i] != whole.Lang {
			if toks[i].start > pos {
				ps = append(ps, piece{pos, toks[i].start, whole.Lang, whole.Confidence, false})
			}
			ps = append(ps, piece{toks[i].start, toks[j-1].end, lang[i], conf[i], true})
			pos = toks[j-1].end
		} else {
			end := len(text)
			if j < len(toks) {
				end = toks[j].start
			}
			ps = append(ps, piece{pos, end, whole.Lang, whole.Confidence, true})
			pos = end
		}
		i = j
	}
	if pos < len(text) || len(ps) == 0 {
		ps = append(ps, piece{pos, len(text), whole.Lang, whole.Confidence, false})
	}
	// Merge neighbouring pieces of the text's language, and letterless pieces into a neighbour.
	var out []Span
	for _, p := range ps {
		s, e := trimSpace(text, p.start, p.end)
		if s == e {
			continue
		}
		if n := len(out); n > 0 && (!p.letters || out[n-1].Lang == p.lang && p.lang == whole.Lang) {
			out[n-1].End = e
			continue
		}
		out = append(out, Span{Start: s, End: e, Lang: p.lang, Confidence: p.conf})
	}
	// A leading letterless piece was kept as a span of the text's language: fold it into the next.
	if len(out) > 1 && !hasLetter(text[out[0].Start:out[0].End]) {
		out[1].Start = out[0].Start
		out = out[1:]
	}
	return out
}

func onlySpace(s string) bool { return strings.TrimSpace(s) == "" }

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func trimSpace(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

// DocumentSpans detects the language of each
// text with the document as context (see DetectDocument) and then splits each into
// spans (see SpansOf). A Latin-script text that came out in another language than the
// document's is tried once more as a sentence of the document's language quoting a phrase
// in the language it came out in: when the rest of the text then reads as the document's
// language, it is split that way ("Officials said "es una propuesta que queremos discutir"
// on Friday").
func (d *Detector) DocumentSpans(ctx context.Context, texts []string) ([][]Span, language.Tag, error) {
	res, dom, err := d.DetectDocument(ctx, texts)
	if err != nil {
		return nil, dom, err
	}
	out := make([][]Span, len(texts))
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, dom, err
		}
		out[i] = d.SpansOf(t, res[i])
		if dom == language.Und || same(res[i].Lang, dom) || res[i].Lang == language.Und || countScripts(t).main() != Latin {
			continue
		}
		if alt, ok := d.quoting(t, dom, res[i].Lang); ok {
			out[i] = alt
		}
	}
	return out, dom, nil
}

// quoting splits text as a sentence in dom quoting a phrase in lang, if it reads so.
func (d *Detector) quoting(text string, dom, lang language.Tag) ([]Span, bool) {
	spans := d.SpansOf(text, Result{Lang: dom, Confidence: 1})
	quoted := false
	var rest []string
	for _, sp := range spans {
		switch {
		case same(sp.Lang, lang):
			quoted = true
		case same(sp.Lang, dom):
			rest = append(rest, text[sp.Start:sp.End])
		}
	}
	// The rest must be a real part of the sentence, not a word or two the phrase search
	// left over from a caption wholly in lang.
	if !quoted || len(rest) == 0 || 4*countScripts(strings.Join(rest, " ")).letters() < countScripts(text).letters() {
		return nil, false
	}
	dc := code(dom)
	r := d.decide(d.observe(strings.Join(rest, " "), true, dc), map[string]float64{dc: d.opts.DocumentWeight})
	if !same(r.Lang, dom) {
		return nil, false
	}
	for k := range spans {
		if same(spans[k].Lang, dom) {
			spans[k].Confidence = r.Confidence
		}
	}
	return spans, true
}
