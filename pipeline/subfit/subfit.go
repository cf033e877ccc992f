package subfit

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
	"github.com/seed77ff/bitext/translate"
)

// Limits are what a viewer can read of one subtitle cue. A zero field is not checked.
type Limits struct {
	// CPS is the most characters a second of the time the cue is on screen. Characters are
	// letters, digits, spaces and punctuation, as the guidelines count them; line breaks
	// are not characters.
	CPS float64
	// CPL is the most characters on one line.
	CPL int
	// Lines is the most lines in one cue.
	Lines int
}

// The published limits of the profiles --subtitle-profile names.
var profiles = map[string]Limits{
	// Netflix, Timed Text Style Guide: General Requirements, "Line Treatment: 2 lines
	// maximum"; English (USA) Timed Text Style Guide, "Character Limitation: 42 characters
	// per line" and "Reading Speed: Adult programs: up to 20 characters per second"
	// (partnerhelp.netflixstudios.com).
	"netflix": {CPS: 20, CPL: 42, Lines: 2},
	// TED Translators, subtitling cheat sheet (OTPedia, translations.ted.com): "Max reading
	// speed 21 characters/s, Max number of lines 2, Max line length 42 characters".
	"ted": {CPS: 21, CPL: 42, Lines: 2},
	// BBC Subtitle Guidelines (bbc.github.io/subtitle-guidelines): "3.1 Line length": 37
	// characters, the teletext line that 68% of a 16:9 picture's width holds; "3.3 Avoid 3
	// lines or more"; "160-180 words per minute" as the subtitle speed, which the BBC's
	// rate of 0.33 seconds a word puts at about 17 characters a second.
	"bbc": {CPS: 17, CPL: 37, Lines: 2},
}

// Profile returns the limits of the named profile (netflix, ted, bbc).
func Profile(name string) (Limits, bool) {
	l, ok := profiles[strings.ToLower(name)]
	return l, ok
}

// ProfileNames lists the profiles, sorted.
func ProfileNames() []string {
	var out []string
	for n := range profiles {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Parse reads limits written as --subtitle-fit takes them: "cps=17,cpl=42,lines=2", any of
// the three, in any order.
func Parse(spec string) (Limits, error) {
	var l Limits
	seen := map[string]bool{}
	for _, kv := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || v == "" {
			return l, fmt.Errorf("%q: want key=value, keys cps, cpl, lines", kv)
		}
		if seen[k] {
			return l, fmt.Errorf("%s given twice", k)
		}
		seen[k] = true
		switch k {
		case "cps":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f <= 0 || math.IsInf(f, 0) {
				return l, fmt.Errorf("cps=%s: want a positive number of characters a second", v)
			}
			l.CPS = f
		case "cpl", "lines":
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return l, fmt.Errorf("%s=%s: want a positive whole number", k, v)
			}
			if k == "cpl" {
				l.CPL = n
			} else {
				l.Lines = n
			}
		default:
			return l, fmt.Errorf("unknown key %q: want cps, cpl or lines", k)
		}
	}
	return l, nil
}

// Options configure Check.
type Options struct {
	Limits
	// Condense asks Translator again, once, for the translations in a cue that still does
	// not fit once its lines are wrapped again: with translate.Request.MaxChars set to what
	// the cue can hold, for backends that condense (an LLM; translate.Backend.Condenses).
	Condense bool
	// Translator answers the condensing requests (the job's backend, behind its cache).
	Translator translate.Translator
	// Source, if not und, is the source language of every segment (--from).
	Source language.Tag
}

// QACondensed is the flag on a translation that a condensing request replaced.
const QACondensed = "condensed"

// Stats is what Check did.
type Stats struct {
	// Cues counts the translated cues checked; Flagged those left with a flag.
	Cues, Flagged int
	// Rewrapped counts cues whose lines were wrapped again; Condensed, translations replaced
	// by a condensed one.
	Rewrapped, Condensed int
	// Requests and Characters are what condensing sent to the backend (cache hits aside);
	// Failed counts condensing requests that failed (their translations stay as they were).
	Requests, Characters, Failed int
}

// Check measures every translated subtitle cue of docs as merged output (replace) lays it
// out — characters a second of the time it is shown, characters on its longest line, lines
// — against o's limits. A cue with a line too long is wrapped again over its own number of
// lines (never more), its lines as even as they can be, where that makes its longest line
// shorter; with o.Condense, a cue that still does not fit has its machine translations asked
// for once more, within what it can hold. What still does not fit is flagged on the block
// ("cps:24.1>17", "line:51>42", "lines:3>2"). Timing is never changed. A document whose cues
// cannot be laid out is left unchecked (its merged output would fail the same way); the
// error is for ctx only.
func Check(ctx context.Context, docs []*doc.Document, o Options) (Stats, error) {
	var st Stats
	var failing []cueRef
	for _, d := range docs {
		lo, err := subtitle.NewLayouter(d)
		if err != nil {
			continue
		}
		for i := range d.Blocks {
			d.Blocks[i].QA = nil
			l, ok := lo.Layout(i)
			if !ok {
				continue
			}
			st.Cues++
			if fit(d, lo, l, o.Limits, &st) != nil {
				failing = append(failing, cueRef{d, lo, i})
			}
		}
	}
	if o.Condense && o.Translator != nil && len(failing) > 0 {
		changed, err := condense(ctx, failing, o, &st)
		if err != nil {
			return st, err
		}
		for _, d := range changed {
			lo, err := subtitle.NewLayouter(d)
			if err != nil {
				continue
			}
			for i := range d.Blocks {
				if l, ok := lo.Layout(i); ok {
					fit(d, lo, l, o.Limits, &st)
				}
			}
		}
	}
	for _, d := range docs {
		for _, b := range d.Blocks {
			if len(b.QA) > 0 {
				st.Flagged++
			}
		}
	}
	return st, nil
}

// measure returns the flags of a laid-out cue and the longest line's length.
func measure(l subtitle.Layout, lim Limits) ([]string, int) {
	var flags []string
	chars, longest := 0, 0
	for _, s := range l.Lines {
		n := utf8.RuneCountInString(s)
		chars += n
		longest = max(longest, n)
	}
	if sec := (l.Cue.End - l.Cue.Start).Seconds(); lim.CPS > 0 && sec > 0 {
		// Rounded as shown, so the flag never reads "cps:17.0>17".
		if cps := math.Round(float64(chars)/sec*10) / 10; cps > lim.CPS {
			flags = append(flags, fmt.Sprintf("cps:%.1f>%s", cps, strconv.FormatFloat(lim.CPS, 'f', -1, 64)))
		}
	}
	if lim.CPL > 0 && longest > lim.CPL {
		flags = append(flags, fmt.Sprintf("line:%d>%d", longest, lim.CPL))
	}
	if lim.Lines > 0 && len(l.Lines) > lim.Lines {
		flags = append(flags, fmt.Sprintf("lines:%d>%d", len(l.Lines), lim.Lines))
	}
	return flags, longest
}

// fit measures cue l of d, wraps its lines again where that shortens its longest line, and
// sets the block's flags, which it returns.
func fit(d *doc.Document, lo *subtitle.Layouter, l subtitle.Layout, lim Limits, st *Stats) []string {
	flags, longest := measure(l, lim)
	c := l.Cue
	n := c.TextLines()
	if lim.Lines > 0 {
		n = min(n, lim.Lines)
	}
	if lim.CPL > 0 && longest > lim.CPL && l.Groups == 1 && n >= 2 && c.Wrap != n {
		old := c.Wrap
		c.Wrap = n
		if w, ok := lo.Layout(l.Block); ok {
			if wf, wl := measure(w, lim); wl < longest {
				flags = wf
				st.Rewrapped++
			} else {
				c.Wrap = old
			}
		}
	}
	d.Blocks[l.Block].QA = flags
	return flags
}

// cueRef is one cue of a document being checked.
type cueRef struct {
	d     *doc.Document
	lo    *subtitle.Layouter
	block int
}

// room is how many characters cue l can hold: what CPS allows in the time it is shown and
// CPL allows on its lines (never more lines than it has); -1 when nothing bounds it.
func room(l subtitle.Layout, lim Limits) int {
	r := math.Inf(1)
	if sec := (l.Cue.End - l.Cue.Start).Seconds(); lim.CPS > 0 && sec > 0 {
		r = math.Floor(lim.CPS * sec)
	}
	if lim.CPL > 0 {
		n := l.Cue.TextLines()
		if lim.Lines > 0 {
			n = min(n, lim.Lines)
		}
		r = min(r, float64(lim.CPL*max(n, 1)))
	}
	if math.IsInf(r, 1) {
		return -1
	}
	return int(r)
}

// bucket rounds a character budget down to a multiple of 5 from 20 on, so that translations
// of about the same budget share a request.
func bucket(n int) int {
	if n >= 20 {
		return n - n%5
	}
	return n
}

// condense asks once more, with MaxChars, for the machine translations in failing cues, each
// within its share of what its cues can hold: its length times the share of the cue's
// characters the cue has room for (the smallest share over the cues it spans). A shorter
// answer that passes QA replaces the translation, flagged QACondensed. It returns the
// documents whose translations it replaced.
func condense(ctx context.Context, failing []cueRef, o Options, st *Stats) ([]*doc.Document, error) {
	limit := map[*doc.Segment]int{}
	docOf := map[*doc.Segment]*doc.Document{}
	var order []*doc.Segment
	for _, f := range failing {
		l, ok := f.lo.Layout(f.block)
		if !ok {
			continue
		}
		chars := 0
		for _, s := range l.Lines {
			chars += utf8.RuneCountInString(s)
		}
		r := room(l, o.Limits)
		if r <= 0 || chars <= r {
			continue
		}
		ratio := float64(r) / float64(chars)
		for _, s := range f.lo.Segments(f.block) {
			t := s.Translation
			if t == nil || t.Origin != doc.MT {
				continue // memories and reviewers' edits are not reworded
			}
			m := int(float64(utf8.RuneCountInString(t.Text)) * ratio)
			if m < 1 {
				continue
			}
			if old, seen := limit[s]; !seen || m < old {
				if !seen {
					order = append(order, s)
					docOf[s] = f.d
				}
				limit[s] = m
			}
		}
	}
	type key struct {
		source, target language.Tag
		max            int
	}
	groups := map[key][]*doc.Segment{}
	var keys []key
	for _, s := range order {
		src := s.Lang
		if o.Source != language.Und {
			src = o.Source
		}
		k := key{src, docOf[s].Target, bucket(limit[s])}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], s)
	}
	var changed []*doc.Document
	for _, k := range keys {
		segs := groups[k]
		var texts []string
		at := map[string]int{}
		for _, s := range segs {
			t := doc.NormalizeText(s.Text)
			if _, ok := at[t]; !ok {
				at[t] = len(texts)
				texts = append(texts, t)
			}
		}
		res, err := o.Translator.Translate(ctx, &translate.Request{Texts: texts, Source: k.source, Target: k.target,
			Format: translate.Text, MaxChars: k.max})
		if err == nil {
			err = translate.CheckCount("condense", len(texts), len(res))
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			st.Failed++ // the translations stay as they were, flagged
			continue
		}
		sent := false
		for i, r := range res {
			if !r.Cached {
				sent = true
				st.Characters += utf8.RuneCountInString(texts[i])
			}
		}
		if sent {
			st.Requests++
		}
		for _, s := range segs {
			r := res[at[doc.NormalizeText(s.Text)]]
			if _, bad := translate.QAFailed(r.QA); bad || strings.TrimSpace(r.Text) == "" ||
				utf8.RuneCountInString(r.Text) >= utf8.RuneCountInString(s.Translation.Text) {
				continue
			}
			s.Translation = &doc.Translation{Text: r.Text, Origin: doc.MT, Backend: r.Backend, Model: r.Model,
				Cached: r.Cached, QA: append(append([]string(nil), r.QA...), QACondensed)}
			st.Condensed++
			if d := docOf[s]; !slices.Contains(changed, d) {
				changed = append(changed, d)
			}
		}
	}
	return changed, nil
}
