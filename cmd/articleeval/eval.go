package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
)

// Case is one line of cases.jsonl: a page and what its extraction must and must not hold.
type Case struct {
	Page    string   `json:"page"`
	Source  string   `json:"source"`
	Lang    string   `json:"lang"`
	With    []string `json:"with"`
	Without []string `json:"without"`
}

// PageResult is what bitext made of one page.
type PageResult struct {
	Case
	Err           string
	Segments      int
	Got           string // the document's language
	WantLang      string // the language bitext should say: Lang, or und where it has no model
	Found, Kept   int
	Missing, Leak []string
	// LeakKind is the kind of the block each leaked snippet starts in.
	LeakKind []doc.Kind
}

// kindOf returns the kind of the first block of d whose text holds k (squashed).
func kindOf(d *doc.Document, k string) doc.Kind {
	r := []rune(k)
	k = string(r[:min(len(r), 12)])
	for _, b := range d.Blocks {
		if strings.Contains(squash(normalize(b.Text)), k) {
			return b.Kind
		}
	}
	return ""
}

// LangRight reports whether the page's language is the one bitext should say.
func (r PageResult) LangRight() bool { return r.Got == r.WantLang }

// ReadCases reads a cases.jsonl file.
func ReadCases(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	defer f.Close()
	var out []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

var (
	zeroWidth = regexp.MustCompile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
	spaces    = regexp.MustCompile(`\s+`)
)

// normalize is the scorer's text form: entities decoded, NFC, no zero-width characters,
// whitespace runs collapsed.
func normalize(s string) string {
	s = norm.NFC.String(stdhtml.UnescapeString(s))
	return strings.TrimSpace(spaces.ReplaceAllString(zeroWidth.ReplaceAllString(s, ""), " "))
}

func squash(s string) string { return spaces.ReplaceAllString(s, "") }

// key is what a snippet must match: its first 50 characters, whitespace removed, so that
// sentence splits, CJK text and wrapped <pre> lines are no miss (as the set's score.py does).
func key(snippet string) string {
	r := []rune(normalize(snippet))
	return squash(string(r[:min(len(r), 50)]))
}

// modelled reports whether bitext's detector has a model for the language tag.
func modelled(tag string) bool {
	for _, l := range detect.AllLanguages() {
		if primary(l.String()) == tag {
			return true
		}
	}
	return false
}

// primary is a tag's primary subtag, lower case, nb/nn as no.
func primary(tag string) string {
	t := strings.ToLower(strings.SplitN(strings.ReplaceAll(tag, "_", "-"), "-", 2)[0])
	if t == "nb" || t == "nn" {
		return "no"
	}
	return t
}

// Evaluate reads, segments and detects each page under dir (no translation), and scores it.
func Evaluate(ctx context.Context, dir string, cases []Case, det *detect.Detector) []PageResult {
	formats := pipeline.DefaultFormats()
	out := make([]PageResult, len(cases))
	for i, c := range cases {
		r := PageResult{Case: c, WantLang: primary(c.Lang)}
		if !modelled(r.WantLang) {
			r.WantLang = "und"
		}
		d, err := pipeline.ReadFile(formats, filepath.Join(dir, c.Page), "", nil)
		if err == nil {
			_, err = pipeline.Process(ctx, []*doc.Document{d}, pipeline.Options{Detector: det, Jobs: 1, Target: language.English})
		}
		if err != nil {
			r.Err = strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
			r.Got = "-"
			r.Missing = c.With
			out[i] = r
			continue
		}
		var texts []string
		for _, s := range d.Segments() {
			texts = append(texts, s.Text)
		}
		r.Segments = len(texts)
		r.Got = primary(d.Lang.String())
		hay := squash(normalize(strings.Join(texts, " ")))
		for _, w := range c.With {
			if k := key(w); k != "" {
				if strings.Contains(hay, k) {
					r.Found++
				} else {
					r.Missing = append(r.Missing, w)
				}
			}
		}
		for _, w := range c.Without {
			if k := key(w); k != "" && strings.Contains(hay, k) {
				r.Kept++
				r.Leak = append(r.Leak, w)
				r.LeakKind = append(r.LeakKind, kindOf(d, k))
			}
		}
		out[i] = r
	}
	return out
}

// Totals are the figures of a group of pages.
type Totals struct {
	Pages, With, Found, Without, Kept int
	Errors, ZeroSegments, LangWrong   int
	// PageMacro is the mean over pages with expected text of the share of it found.
	PageMacro float64
}

// WithShare is the share of expected snippets found.
func (t Totals) WithShare() float64 { return ratio(t.Found, t.With) }

// WithoutShare is the share of boilerplate snippets wrongly kept.
func (t Totals) WithoutShare() float64 { return ratio(t.Kept, t.Without) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Sum adds up results.
func Sum(rs []PageResult) Totals {
	var t Totals
	macro, n := 0.0, 0
	for _, r := range rs {
		t.Pages++
		t.With += len(r.With)
		t.Found += r.Found
		t.Without += len(r.Without)
		t.Kept += r.Kept
		if r.Err != "" {
			t.Errors++
		}
		if r.Segments == 0 && len(r.With) > 0 {
			t.ZeroSegments++
		}
		if !r.LangRight() {
			t.LangWrong++
		}
		if len(r.With) > 0 {
			macro += ratio(r.Found, len(r.With))
			n++
		}
	}
	if n > 0 {
		t.PageMacro = macro / float64(n)
	}
	return t
}

// BySource groups results by source, sorted by name.
func BySource(rs []PageResult) ([]string, map[string][]PageResult) {
	m := map[string][]PageResult{}
	for _, r := range rs {
		m[r.Source] = append(m[r.Source], r)
	}
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, m
}
