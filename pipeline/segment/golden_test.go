package segment

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

var sbdDir = filepath.Join("..", "..", "testdata", "sbd")

type goldenRule struct {
	Lang      string   `json:"lang"`
	Rule      int      `json:"rule"`
	Name      string   `json:"name"`
	Text      string   `json:"text"`
	Sentences []string `json:"sentences"`
}

type pysbdCase struct {
	List    string `json:"list"`
	Options *struct {
		Language string `json:"language"`
		Clean    bool   `json:"clean"`
		DocType  string `json:"doc_type"`
	} `json:"segmenter_options"`
	Text      string   `json:"text"`
	Sentences []string `json:"sentences"`
	Issue     string   `json:"issue"`
	XFail     bool     `json:"xfail"`
}

func readJSONL[T any](t testing.TB, name string) []T {
	t.Helper()
	f, err := os.Open(filepath.Join(sbdDir, name))
	require.NoError(t, err)
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var v T
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v), "%s: %s", name, sc.Text())
		out = append(out, v)
	}
	require.NoError(t, sc.Err())
	return out
}

// verdict says how a splitter's output compares with the expected sentences.
type verdict int

const (
	fail verdict = iota
	// exact: the trimmed spans equal the expected sentences.
	exact
	// collapsed: equal once runs of whitespace are collapsed to one space on both sides
	// ("a cold \nnight" is expected as "a cold night"): the spans are right, the expected text
	// was rewritten.
	collapsed
	// rewritten: equal only once all whitespace and backslashes are removed on both sides:
	// the boundaries are right, but the expected text differs from the input by a rewrite a
	// span-based splitter cannot do (a line break removed between Japanese characters, the
	// README's \" escape).
	rewritten
)

func (v verdict) String() string {
	return [...]string{"FAIL", "exact", "whitespace-collapsed", "rewritten"}[v]
}

func compare(got, want []string) verdict {
	norm := func(ss []string, f func(string) string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = f(strings.TrimSpace(s))
		}
		return out
	}
	equal := func(f func(string) string) bool {
		a, b := norm(got, f), norm(want, f)
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	switch {
	case equal(func(s string) string { return s }):
		return exact
	case equal(func(s string) string { return strings.Join(strings.Fields(s), " ") }):
		return collapsed
	case equal(func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '\\' {
				return -1
			}
			return r
		}, s)
	}):
		return rewritten
	}
	return fail
}

func split(text string, opt Options) []string {
	var out []string
	for _, sp := range Split(text, opt) {
		out = append(out, text[sp.Start:sp.End])
	}
	return out
}

// tally counts passes per language.
type tally map[string]*[2]int // lang → {passed, total}

func (t tally) add(lang string, pass bool) {
	if t[lang] == nil {
		t[lang] = new([2]int)
	}
	t[lang][1]++
	if pass {
		t[lang][0]++
	}
}

// total returns the cases passed and run over every language.
func (t tally) total() (passed, total int) {
	for _, c := range t {
		passed += c[0]
		total += c[1]
	}
	return passed, total
}

func (t tally) String() string {
	langs := make([]string, 0, len(t))
	var p, n int
	for l, c := range t {
		langs = append(langs, l)
		p += c[0]
		n += c[1]
	}
	sort.Strings(langs)
	var b strings.Builder
	for _, l := range langs {
		fmt.Fprintf(&b, "  %-3s %3d/%-3d %5.1f%%\n", l, t[l][0], t[l][1], 100*float64(t[l][0])/float64(t[l][1]))
	}
	fmt.Fprintf(&b, "  all %3d/%-3d %5.1f%%", p, n, 100*float64(p)/float64(n))
	return b.String()
}

// goldenOptions runs each rule as the Golden Rules define it: plain text, where a line
// break is a boundary unless it is errant, except the rule marked "(PDF)", whose text was
// wrapped at a fixed width.
func goldenOptions(r goldenRule) Options {
	opt := Options{Lang: language.Make(r.Lang), LineBreaks: LineBreaksSplit}
	if strings.Contains(r.Name, "(PDF)") {
		opt.LineBreaks = LineBreaksJoin
	}
	return opt
}

// TestGoldenRules runs pragmatic_segmenter's Golden Rules with each rule's language and
// gates the pass rates: English at least 50 of 52, at most one failure in every other
// language. Run with -v to see the rates.
func TestGoldenRules(t *testing.T) {
	rules := readJSONL[goldenRule](t, "pragmatic_segmenter_golden_rules.jsonl")
	require.Len(t, rules, 88)
	withLang, undetermined, zero := tally{}, tally{}, tally{}
	var notes []string
	for _, r := range rules {
		opt := goldenOptions(r)
		got := split(r.Text, opt)
		v := compare(got, r.Sentences)
		withLang.add(r.Lang, v != fail)
		switch v {
		case fail:
			notes = append(notes, fmt.Sprintf("FAIL %s %d %q\n    got  %q\n    want %q", r.Lang, r.Rule, r.Name, got, r.Sentences))
		case collapsed, rewritten:
			notes = append(notes, fmt.Sprintf("pass (%s) %s %d %q", v, r.Lang, r.Rule, r.Name))
		}
		opt.Lang = language.Und
		undetermined.add(r.Lang, compare(split(r.Text, opt), r.Sentences) != fail)
		zero.add(r.Lang, compare(split(r.Text, Options{}), r.Sentences) != fail)
	}
	t.Logf("Golden Rules, pass rate per language (Options.Lang = the rule's language):\n%s", withLang)
	t.Logf("Golden Rules, pass rate per language with Options.Lang = und (not gated):\n%s", undetermined)
	t.Logf("Golden Rules, pass rate per language with zero Options, as Sentences(text) runs (not gated):\n%s", zero)
	t.Logf("Rules not passed exactly:\n%s", strings.Join(notes, "\n"))

	for lang, c := range withLang {
		if lang == "en" {
			require.GreaterOrEqual(t, c[0], 50, "English Golden Rules passed")
			continue
		}
		require.LessOrEqual(t, c[1]-c[0], 1, "Golden Rules failed in %s", lang)
	}
}

// TestPySBDCases: pySBD's own cases per language (its Golden Rules for 23 languages, its
// extra per-language cases and its regression cases) pass at least minPySBD of the time
// (300 of 316, 94.9%, when the floor was set: three cases below, as a regression guard).
// Cases with clean=true are left out: they expect pySBD's text cleaning, not segmentation.
func TestPySBDCases(t *testing.T) {
	cases := readJSONL[pysbdCase](t, "pysbd_tests.jsonl")
	res := tally{}
	var fails []string
	for _, c := range cases {
		if c.Options == nil || c.Options.Clean {
			continue
		}
		opt := Options{Lang: language.Make(c.Options.Language), LineBreaks: LineBreaksSplit}
		if c.Options.DocType == "pdf" {
			opt.LineBreaks = LineBreaksJoin
		}
		got := split(c.Text, opt)
		v := compare(got, c.Sentences)
		res.add(c.Options.Language, v != fail)
		if v == fail {
			fails = append(fails, fmt.Sprintf("%s %s issue=%s xfail=%v\n    got  %q\n    want %q", c.Options.Language, c.List, c.Issue, c.XFail, got, c.Sentences))
		}
	}
	t.Logf("pySBD cases without clean, pass rate per language:\n%s", res)
	if testing.Verbose() {
		t.Logf("failed:\n%s", strings.Join(fails, "\n"))
	}
	passed, total := res.total()
	assert.GreaterOrEqual(t, float64(passed)/float64(total), minPySBD, "pySBD cases passed; failed:\n%s", strings.Join(fails, "\n"))
}

// minPySBD is TestPySBDCases's floor.
const minPySBD = 0.94
