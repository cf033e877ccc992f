package segment

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Span is a half-open byte range [Start, End) of the text given to Sentences or Split.
type Span struct{ Start, End int }

// LineBreaks says what a single line break inside a text means. An empty line always ends a
// sentence.
type LineBreaks uint8

const (
	// LineBreaksJoin treats a line break as a space, so text wrapped at a fixed width
	// (Markdown paragraphs, PDF extracts, subtitle cue lines) keeps its sentences whole.
	LineBreaksJoin LineBreaks = iota
	// LineBreaksSplit ends a sentence at every line break, as in lists and headings, except
	// an errant break inside a sentence: one with whitespace before it and a lower-case letter
	// or '(' after it, or one between two characters of a script written without spaces
	// (Chinese, Japanese). This is pragmatic_segmenter's rule for plain text.
	LineBreaksSplit
)

// Options tunes Split. The zero value is what Sentences uses.
type Options struct {
	// Lang selects the language's abbreviations and punctuation rules. language.Und (the
	// zero value) lets the script around each candidate boundary pick the punctuation rules
	// and uses a multilingual abbreviation list.
	Lang language.Tag
	// LineBreaks says whether a single line break ends a sentence.
	LineBreaks LineBreaks
}

// maxRegion bounds a bracket pair whose inner full stops do not end the outer sentence: a
// longer one is more likely an unbalanced bracket than one aside, and must not swallow a
// whole paragraph into one segment.
const maxRegion = 600

// maxWord bounds how far the splitter looks back and ahead for the words around a
// terminal, which keeps it linear on text without spaces ("a.a.a.a…"); no abbreviation,
// e-mail or URL test needs more.
const maxWord = 128

// Sentences returns the sentences of text with the zero Options: undetermined language,
// line breaks as spaces. See Split.
func Sentences(text string) []Span { return Split(text, Options{}) }

// SentencesLang returns the sentences of text written in lang. See Split.
func SentencesLang(text string, lang language.Tag) []Span {
	return Split(text, Options{Lang: lang})
}

// Split returns the sentences of text as byte spans, trimmed of surrounding whitespace, in
// order and without overlap. Together they cover every non-space byte of text; text itself
// is never changed, so text[s.Start:s.End] is the sentence.
func Split(text string, opt Options) []Span {
	s := scanner{text: text, opt: opt, p: profileFor(opt.Lang)}
	s.findRegions()
	s.findLists()

	var spans []Span
	start := skipSpace(text, 0)
	ri, bi, protectedUntil := 0, 0, 0
	prev := rune(-1) // the rune before i; -1 at the start
	for i := start; i < len(text); {
		for bi < len(s.breaks) && s.breaks[bi] <= i {
			if s.breaks[bi] == i && i > start {
				spans = appendSpan(spans, text, start, i)
				start = i
			}
			bi++
		}
		for ri < len(s.regions) && s.regions[ri].open < i {
			protectedUntil = max(protectedUntil, s.regions[ri].close)
			ri++
		}
		if c := text[i]; c < utf8.RuneSelf && !asciiSpecial[c] {
			prev = rune(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if isNewline(r) {
			next, blank := skipLines(text, i)
			if blank || (opt.LineBreaks == LineBreaksSplit && !s.errantBreak(i, next)) {
				spans = appendSpan(spans, text, start, i)
				start = next
			}
			prev, i = ' ', next
			continue
		}
		if !s.terminal(r, i, prev) {
			prev = r
			i += n
			continue
		}
		end, info := s.run(i, prev)
		if cut, ok := s.boundary(start, i, end, prev, info); ok && !(i < protectedUntil && cut < protectedUntil) {
			spans = appendSpan(spans, text, start, cut)
			start = skipSpace(text, cut)
		}
		prev, _ = utf8.DecodeLastRuneInString(text[:end])
		i = end
	}
	return appendSpan(spans, text, start, len(text))
}

// asciiSpecial marks the ASCII bytes the main loop must look at; the rest are skipped
// without decoding.
var asciiSpecial = [utf8.RuneSelf]bool{'.': true, '!': true, '?': true, ':': true, ';': true, '\n': true, '\r': true}

type region struct{ open, close int }

type scanner struct {
	text string
	opt  Options
	p    *profile
	// regions are short bracket pairs, sorted by their opening bracket.
	regions []region
	// breaks are positions where a list item starts: a sentence ends before each.
	breaks []int
	// markerDots are the positions of the dots of list markers ("1." "a."), sorted.
	markerDots []int
}

func appendSpan(spans []Span, text string, start, end int) []Span {
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	if end > start {
		spans = append(spans, Span{start, end})
	}
	return spans
}

func skipSpace(text string, i int) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

func isNewline(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085'
}

// skipLines skips the whitespace at i (which starts with a line break) and reports whether
// it holds an empty line.
func skipLines(text string, i int) (next int, blank bool) {
	lines := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		if isNewline(r) && !(r == '\n' && i > 0 && text[i-1] == '\r') {
			lines++
		}
		i += n
	}
	return i, lines >= 2
}

// errantBreak reports whether the line break at i, followed by text at next, sits inside a
// sentence under LineBreaksSplit.
func (s *scanner) errantBreak(i, next int) bool {
	if next >= len(s.text) {
		return true
	}
	after, _ := utf8.DecodeRuneInString(s.text[next:])
	if i > 0 && (s.text[i-1] == ' ' || s.text[i-1] == '\t') && (unicode.IsLower(after) || after == '(') {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(s.text[:i], unicode.IsSpace))
	return noSpaceScript(before) && noSpaceScript(after)
}

func noSpaceScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// strongTerminal reports whether r ends a sentence whatever follows it: the full stops and
// question marks of scripts that need no space after them, and ones that no abbreviation uses.
func strongTerminal(r rune) bool {
	switch r {
	case '。', '！', '？', '｡', '؟', '۔', '।', '॥', '։', '።', '፧', '။':
		return true
	}
	return false
}

// terminal reports whether r at i, after prev, may end a sentence.
func (s *scanner) terminal(r rune, i int, prev rune) bool {
	switch r {
	case '.':
		// Armenian uses '.' inside sentences; its full stop is '։' or ':'.
		return !s.p.noPeriod && !unicode.Is(unicode.Armenian, prev)
	case '!', '?', '…', '‼', '⁇', '⁈', '⁉':
		return true
	case '．': // full-width full stop, also a decimal point between full-width digits
		next, _ := utf8.DecodeRuneInString(s.text[i+len("．"):])
		return !(unicode.IsDigit(prev) && unicode.IsDigit(next))
	case ':':
		return (s.p.colon || unicode.Is(unicode.Armenian, prev)) && s.spaceAfter(i+1)
	case ';':
		return (s.p.semicolon || unicode.Is(unicode.Greek, prev)) && s.spaceAfter(i+1)
	case '\u037e': // GREEK QUESTION MARK
		return true
	case '،':
		return s.p.arabicComma && s.spaceAfter(i+len("،"))
	}
	return strongTerminal(r)
}

func (s *scanner) spaceAfter(i int) bool {
	if i >= len(s.text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s.text[i:])
	return unicode.IsSpace(r)
}

// closer reports whether r, right after a terminal, still belongs to the sentence: closing
// quotes and brackets (German closes with “ and ‘, Danish with «), and invisible format
// characters such as the bidi marks around an Arabic full stop.
func closer(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '“', '‘', '»', '«', '›', '‹', ')', ']', '}', '」', '』', '）', '》', '】', '〉', '〕', '］':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// opener reports whether r opens a quotation or bracket, or marks a Spanish question or
// exclamation: skipped when looking at the first letter of what follows a terminal.
func opener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '„', '‚', '«', '»', '‹', '(', '[', '{', '¿', '¡', '「', '『', '（', '《', '【', '〈':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// runInfo describes a run of terminals and closers.
type runInfo struct {
	dots     int  // full stops, spaced or not
	spaced   bool // ". . ." with spaces between the dots
	ellipsis bool // '…'
	bang     bool // '!' or '?' or their variants
	strong   bool // a strongTerminal
	other    bool // ':' ';' '،' acting as terminals
}

// run extends the terminal at i over the terminals, closers and spaced dots that follow, and
// returns where the run ends.
func (s *scanner) run(i int, prev rune) (int, runInfo) {
	text := s.text
	var info runInfo
	j := i
	ctx := prev
loop:
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		switch {
		case r == '.' || r == '．':
			info.dots++
		case r == '…':
			info.ellipsis = true
		case r == '!' || r == '?' || r == '‼' || r == '⁇' || r == '⁈' || r == '⁉' || r == '\u037e':
			info.bang = true
		case strongTerminal(r):
			info.strong = true
		case (r == ':' || r == ';' || r == '،') && s.terminal(r, j, ctx):
			info.other = true
		case r == '\\' && j+1 < len(text) && (text[j+1] == '"' || text[j+1] == '\''):
			n = 2 // an escaped quote, as the Golden Rules' README writes \"
		case closer(r):
		case (r == ' ' || r == '\u00a0' || r == '\u202f') && strings.HasPrefix(text[j+n:], "»"):
			n += len("»") // French sets its closing guillemet off with a space: « LL.AA. »
		case r == ' ' && info.dots > 0 && !info.bang && s.spacedDot(j):
			info.spaced = true
		default:
			break loop
		}
		j += n
	}
	return j, info
}

// spacedDot reports whether text[j:] is " ." continuing a spaced ellipsis: the dot stands
// alone, followed by a space, a closer or the end.
func (s *scanner) spacedDot(j int) bool {
	text := s.text
	if j == 0 || text[j-1] != '.' || j+1 >= len(text) || text[j+1] != '.' {
		return false
	}
	if j+2 == len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j+2:])
	return unicode.IsSpace(r) || (closer(r) && r != '\'')
}

// boundary decides whether the run text[term:end], in the sentence begun at start, ends the
// sentence, and where: usually at end, but "compounds. . . . The" ends after the first dot.
func (s *scanner) boundary(start, term, end int, prev rune, info runInfo) (int, bool) {
	text := s.text
	after := skipSpace(text, end)
	if after >= len(text) {
		return end, true
	}
	if info.strong {
		return end, true
	}
	ws := after > end
	if info.other && !info.bang && info.dots == 0 && !info.ellipsis {
		first, _ := utf8.DecodeRuneInString(text[term:])
		if first == '،' && s.listComma(after) {
			return 0, false
		}
		return end, ws
	}
	if !ws {
		return s.glued(start, term, end, info)
	}
	lower := unicode.IsLower(firstLetter(text, after))
	if info.bang {
		return end, !lower
	}
	if info.ellipsis || info.dots >= 2 {
		// "[...]" marks an omission inside a quotation.
		if term > 0 && (text[term-1] == '[' || text[term-1] == '(') {
			if c := text[end-1]; c == ']' || c == ')' || strings.ContainsAny(text[term:end], "])") {
				return 0, false
			}
		}
		glued := prev >= 0 && !unicode.IsSpace(prev)
		if info.spaced {
			switch {
			case glued && info.dots == 4:
				// "compounds. . . . The practice": a full stop, then an ellipsis that
				// opens the next sentence (Golden Rule 51).
				if lower {
					return 0, false
				}
				return term + 1, true
			case !glued && info.dots == 3:
				// " . . . " stands for omitted words inside a sentence (Golden Rule 50);
				// four dots are an ellipsis and a full stop (Golden Rule 48).
				return 0, false
			}
		}
		return end, !lower
	}
	return s.fullStop(start, term, end, after, lower)
}

// listComma reports whether the Arabic comma before after separates a one-word list item
// ("الدم، والقلب،"), which does not end a sentence.
func (s *scanner) listComma(after int) bool {
	tok := token(s.text, after)
	return strings.HasSuffix(tok, "،")
}

// glued decides a terminal with no space after it: only "world.Today" style full stops
// end a sentence (Golden Rule 52), never "3.5", "example.com", "Jane.Doe@x.org", "U.S.A" or
// "Sig.ra".
func (s *scanner) glued(start, term, end int, info runInfo) (int, bool) {
	text := s.text
	if info.dots != 1 || info.bang || info.ellipsis || info.spaced || end != term+1 {
		return 0, false
	}
	next, _ := utf8.DecodeRuneInString(text[end:])
	if !unicode.IsUpper(next) {
		return 0, false
	}
	if w := nextWord(text, end); utf8.RuneCountInString(w) < 2 {
		return 0, false // "Ph.D.", "U.S"
	}
	// The word right before the dot: at least two letters or digits, ending in a lower-case
	// letter or a digit, and not a title ("Mr.Smith"). These cheap tests come first.
	last, _ := utf8.DecodeLastRuneInString(text[:term])
	if !unicode.IsLower(last) && !unicode.IsDigit(last) {
		return 0, false
	}
	k, count := term, 0
	for k > start && term-k < maxWord {
		r, n := utf8.DecodeLastRuneInString(text[:k])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ',' {
			break
		}
		k -= n
		count++
	}
	if count < 2 || s.p.abbr[strings.ToLower(text[k:term])] == abbrTitle {
		return 0, false
	}
	// Not inside an e-mail address, a URL or a domain name.
	before := text[max(start, term-maxWord):term]
	prevTok := before[strings.LastIndexFunc(before, unicode.IsSpace)+1:]
	nextTok := token(text, end)
	if strings.ContainsAny(prevTok, "@/:\\") || strings.ContainsAny(nextTok, "@/:\\") {
		return 0, false
	}
	if k := strings.IndexByte(nextTok, '.'); k >= 0 && k < len(nextTok)-1 && strings.Trim(nextTok[k:], ".!?") != "" {
		return 0, false // "example.Com.au", "V.Cte."
	}
	return end, true
}

// fullStop decides a single full stop followed by whitespace and then text at after.
func (s *scanner) fullStop(start, term, end, after int, lower bool) (int, bool) {
	text := s.text
	if s.markerDot(term) {
		return 0, false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:term])
	// Greek starts sentences in lower case too; with an undetermined language the script says so.
	lowerSplits := s.p.lowerSplits || s.p == profileMulti && unicode.Is(unicode.Greek, prev)
	if lower && !lowerSplits {
		return 0, false
	}
	tokStart, word := wordBefore(text, start, term)
	if word == "" {
		return end, true
	}
	lw := strings.ToLower(word)
	class := s.p.abbr[lw]
	if lower {
		// Only profiles where a lower-case word may start a sentence get here.
		return end, class == abbrNone
	}
	next := nextWord(text, after)
	nextRune, _ := utf8.DecodeRuneInString(text[after:])
	switch class {
	case abbrTitle:
		return 0, false
	case abbrNumber:
		if unicode.IsDigit(nextRune) {
			return 0, false
		}
		return end, s.starter(text, after, next)
	case abbrWord:
		// An abbreviation in capitals before a title ends the sentence, as the Pragmatic
		// Segmenter's upper-case AM/PM rule has it: "at 6 P.M. Mr. Smith then went", but
		// "at 5 a.m. Mr. Smith went".
		upper := strings.ToUpper(word) == word
		return end, s.starter(text, after, next) || upper && s.p.abbr[strings.ToLower(next)] == abbrTitle
	}
	letters := utf8.RuneCountInString(word)
	digits := isDigits(word)
	// A number or a letter alone at the start of a sentence enumerates: "1. The first item".
	if (digits && len(word) <= 3 || letters == 1 && unicode.IsLetter(firstRune(word))) && onlyBullets(text[start:tokStart]) {
		return 0, false
	}
	if digits && len(word) <= 2 {
		// "vom 12. Juni", "der 3. Platz": German-style ordinals.
		if monthNames[strings.ToLower(next)] || s.p.ordinals[strings.ToLower(prevWord(text, start, tokStart))] {
			return 0, false
		}
		return end, true
	}
	if letters == 1 && unicode.IsLetter(firstRune(word)) || isInitialism(word) {
		// "Jonas E. Smith", "the U.S. Government" go on; "you and I. Did", "the E.U. How" end.
		return end, s.starter(text, after, next)
	}
	return end, true
}

// starter reports whether next, the word at after, usually starts a sentence, and is not
// itself an initial ("J. A. Smith").
func (s *scanner) starter(text string, after int, next string) bool {
	if next == "" {
		r, _ := utf8.DecodeRuneInString(text[after:])
		// Not a word: a quotation, a bracket, a number or a symbol starts something new.
		return !unicode.IsLetter(r)
	}
	if !s.p.starters[strings.ToLower(next)] {
		return false
	}
	i := after + strings.Index(text[after:], next) + len(next)
	return utf8.RuneCountInString(next) > 1 || i >= len(text) || text[i] != '.'
}

func (s *scanner) markerDot(i int) bool {
	k := sort.SearchInts(s.markerDots, i)
	return k < len(s.markerDots) && s.markerDots[k] == i
}

// wordBefore returns the word that the full stop at term ends, and where its token starts:
// leading quotes and brackets and an elided article ("l'Ing") are dropped, and trailing
// format characters too.
func wordBefore(text string, start, term int) (int, string) {
	from := max(start, term-maxWord)
	before := text[from:term]
	ws := strings.LastIndexFunc(before, unicode.IsSpace) + 1
	tokStart := from + ws
	w := strings.TrimLeftFunc(before[ws:], func(r rune) bool { return opener(r) || r == '—' || r == '–' })
	w = strings.TrimRightFunc(w, func(r rune) bool { return unicode.Is(unicode.Cf, r) })
	if k := strings.IndexAny(w, "'’"); k > 0 && k <= 4 {
		rest := w[k:]
		_, n := utf8.DecodeRuneInString(rest)
		if r, _ := utf8.DecodeRuneInString(rest[n:]); unicode.IsLetter(r) && allLetters(w[:k]) {
			w = rest[n:]
		}
	}
	return tokStart, w
}

// prevWord returns the word before the token starting at tokStart.
func prevWord(text string, start, tokStart int) string {
	before := strings.TrimRightFunc(text[max(start, tokStart-maxWord):tokStart], unicode.IsSpace)
	return before[strings.LastIndexFunc(before, unicode.IsSpace)+1:]
}

// nextWord returns the letters, digits, hyphens and apostrophes at after, past any opening
// marks.
func nextWord(text string, after int) string {
	i := after
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !opener(r) {
			break
		}
		i += n
	}
	j := i
	for j < len(text) && j-i < maxWord {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && (r != '\'' && r != '’' && r != '-' || j == i) {
			break
		}
		j += n
	}
	return text[i:j]
}

// token returns the run of non-space text at i, at most maxWord bytes of it.
func token(text string, i int) string {
	rest := text[i:min(len(text), i+maxWord)]
	if j := strings.IndexFunc(rest, unicode.IsSpace); j >= 0 {
		return rest[:j]
	}
	return rest
}

// firstLetter returns the first rune at i past any opening marks, and past a dash that
// introduces the rest of a quoted sentence ("voila! -- you", "бар? — деді").
func firstLetter(text string, i int) rune {
	dash := false
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case opener(r):
		case r == '-' || r == '—' || r == '–':
			dash = true
		case dash && unicode.IsSpace(r):
		default:
			if dash && !unicode.IsLower(r) {
				// "What do you see? - Posted like…": a dash before a capital opens a new sentence.
				return '-'
			}
			return r
		}
		i += n
	}
	return 0
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func allLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

func onlyBullets(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !bullet(r) {
			return false
		}
	}
	return true
}

// isInitialism reports whether w is letters separated by dots, one or two per part:
// "U.S", "e.g", "Ph.D", "Л.Н".
func isInitialism(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	for part := range strings.SplitSeq(w, ".") {
		n := utf8.RuneCountInString(part)
		if n == 0 || n > 2 || !allLetters(part) {
			return false
		}
	}
	return true
}
