package pipeline

import (
	"context"
	"fmt"
	"sort"
	"unicode"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline/doc"
)

// hasCues reports whether d holds subtitle cues.
func hasCues(d *doc.Document) bool {
	for _, b := range d.Blocks {
		if b.Kind == doc.Cue {
			return true
		}
	}
	return false
}

// Thresholds of fileLanguages, chosen on the dual-language development set (cmd/cueeval, see
// BENCHMARKS.md): a language is one of the file's when lines the detector is sure of
// (minLineConfidence, at least minLineLetters letters) give it at least minShare of the
// file's letters and minLetters letters in all, so a few confident misreadings do not add a
// candidate.
const (
	minLineConfidence = 0.9
	minLineLetters    = 10
	minShare          = 0.05
	minLetters        = 20
)

// detectCues sets the language of every segment of a subtitle document. Short cue lines say
// little on their own ("Komona?!", "…presents."), and in a dual-language file (an English line
// over a French one, for learners) a cue holds two languages, so lines are detected first:
//
//  1. every line with the whole file as context, which gives the file's languages;
//  2. where the file has more than one, every line again among those languages only, with
//     the lines at the same place in the neighbouring cues as its context (the second line
//     of a two-line cue beside the second lines of the cues around it), since a file that
//     puts two languages in a cue puts them in the same order throughout; a column whose
//     lines come out mixed is detected again with almost no prior from it. In a file of one
//     language, a line another language is sure of keeps that language;
//  3. cues are segmented again, cut where their lines differ in language, so no sentence
//     crosses a change of language, inside a cue or between cues, and a sentence runs on into
//     the next cue's lines of its own language;
//  4. each segment is detected (among the file's languages, where it has several) with the
//     segments of its lines' language as its document.
//
// Everything goes through detect's public API: the detector's options choose the
// candidates, and the texts handed to DetectDocument together choose the context.
func detectCues(ctx context.Context, det *detect.Detector, d *doc.Document) error {
	type ref struct {
		b *doc.Block
		i int
	}
	var (
		refs  []ref
		texts []string
	)
	for _, b := range d.Blocks {
		if b.Kind != doc.Cue {
			continue
		}
		for i, l := range linesOf(b) {
			refs = append(refs, ref{b, i})
			texts = append(texts, l.line.Text)
		}
	}
	res, dom, err := det.DetectDocument(ctx, texts)
	if err != nil {
		return fmt.Errorf("detect %s: %w", d.Source, err)
	}
	sd := det
	var lineLangs map[*doc.Block][]language.Tag
	if langs := fileLanguages(texts, res); len(langs) > 1 {
		if sd, err = detect.New(detect.Options{Languages: langs}); err != nil {
			return fmt.Errorf("detect %s: %w", d.Source, err)
		}
		flat, err := detect.New(detect.Options{Languages: langs, DocumentWeight: flatWeight, NeighbourWeight: flatWeight})
		if err != nil {
			return fmt.Errorf("detect %s: %w", d.Source, err)
		}
		if lineLangs, err = detectColumns(ctx, sd, flat, d); err != nil {
			return fmt.Errorf("detect %s: %w", d.Source, err)
		}
	} else {
		// One language: a line another language is sure of still stands alone (a French
		// line under an English one in an English film), the rest go with the file.
		lineLangs = map[*doc.Block][]language.Tag{}
		for n, r := range refs {
			l := language.Und
			if r := res[n]; r.Confidence >= minLineConfidence && letters(texts[n]) >= minLineLetters {
				l = r.Lang
			}
			lineLangs[r.b] = append(lineLangs[r.b], l)
		}
	}
	unitLang := segmentCues(d, lineLangs)
	// Segments detected with the segments of their lines' language as their document: the
	// language of the lines is then the prior a short segment leans on. Lines of no language
	// (too short to tell) go with the file's.
	segs := d.Segments()
	streams := map[language.Tag][]int{}
	var order []language.Tag
	for i, s := range segs {
		l := unitLang[s]
		if l == language.Und {
			l = dom
		}
		if _, ok := streams[l]; !ok {
			order = append(order, l)
		}
		streams[l] = append(streams[l], i)
	}
	all := make([][]detect.Span, len(segs))
	for _, l := range order {
		idx := streams[l]
		ts := make([]string, len(idx))
		for k, i := range idx {
			ts[k] = segs[i].Text
		}
		spans, _, err := sd.DocumentSpans(ctx, ts)
		if err != nil {
			return fmt.Errorf("detect %s: %w", d.Source, err)
		}
		for k, i := range idx {
			all[i] = spans[k]
		}
	}
	applySpans(d, segs, all)
	d.AssignIDs()
	d.Lang = bodyLanguage(d, dom)
	return nil
}

// fileLanguages returns the languages of a file's lines, most letters first: those that lines
// the detector is sure of give a real share of the file.
func fileLanguages(texts []string, res []detect.Result) []language.Tag {
	weight := map[language.Tag]float64{}
	total := 0.0
	for i, r := range res {
		n := letters(texts[i])
		if r.Lang == language.Und {
			continue
		}
		total += float64(n)
		if r.Confidence >= minLineConfidence && n >= minLineLetters {
			weight[r.Lang] += float64(n)
		}
	}
	var out []language.Tag
	for l, w := range weight {
		if w >= minShare*total && w >= minLetters {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		wi, wj := weight[out[i]], weight[out[j]]
		return wi > wj || wi == wj && out[i].String() < out[j].String()
	})
	return out
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// minPurity is the share of a column's lines that must be in its most common language for the
// column to be context for its lines; flatWeight is the prior a line of a mixed column gets
// from its column instead (a file that puts its languages in any order in a cue).
const (
	minPurity  = 0.8
	flatWeight = 0.02
)

// detectColumns detects every cue line with sd, giving each line as its context the lines at
// the same place (the same line of a cue with as many lines) in the other cues, in order. A
// column whose lines turn out to be in mixed languages is detected again with flat, whose
// prior leans on the column hardly at all.
func detectColumns(ctx context.Context, sd, flat *detect.Detector, d *doc.Document) (map[*doc.Block][]language.Tag, error) {
	type key struct{ lines, line int }
	type ref struct {
		b *doc.Block
		i int
	}
	cols := map[key][]ref{}
	var keys []key
	out := map[*doc.Block][]language.Tag{}
	lines := map[*doc.Block][]cueLine{}
	for _, b := range d.Blocks {
		if b.Kind != doc.Cue {
			continue
		}
		ls := linesOf(b)
		lines[b] = ls
		out[b] = make([]language.Tag, len(ls))
		for i := range ls {
			k := key{len(ls), i}
			if _, ok := cols[k]; !ok {
				keys = append(keys, k)
			}
			cols[k] = append(cols[k], ref{b, i})
		}
	}
	for _, k := range keys {
		refs := cols[k]
		texts := make([]string, len(refs))
		for n, r := range refs {
			texts[n] = lines[r.b][r.i].line.Text
		}
		res, _, err := sd.DetectDocument(ctx, texts)
		if err != nil {
			return nil, err
		}
		if purity(res) < minPurity {
			if res, _, err = flat.DetectDocument(ctx, texts); err != nil {
				return nil, err
			}
		}
		for n, r := range refs {
			out[r.b][r.i] = res[n].Lang
		}
	}
	return out, nil
}

// purity is the share of results with a language that have the most common one.
func purity(res []detect.Result) float64 {
	count := map[language.Tag]int{}
	known, top := 0, 0
	for _, r := range res {
		if r.Lang == language.Und {
			continue
		}
		known++
		count[r.Lang]++
		top = max(top, count[r.Lang])
	}
	if known == 0 {
		return 1
	}
	return float64(top) / float64(known)
}
