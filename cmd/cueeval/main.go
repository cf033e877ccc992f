// Command cueeval measures how well bitext finds the language of every line of
// multi-language subtitles: dual-language cues (an English line over a French one, for
// learners) and three languages per cue, built from the peers' material, scored line by line
// beside lingua-go detecting each line on its own.
//
//	go run ./cmd/cueeval                           # the full development set, built from ../shared/peers
//	go run ./cmd/cueeval -data testdata/subtitles/dual   # the committed subset the test uses
//	go run ./cmd/cueeval -generate                 # rewrite that subset from ../shared/peers
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	lingua "github.com/pemistahl/lingua-go"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/format/subtitle"
)

// The two sets: the full development set is generated from the peers each run; the subset
// committed under testdata is what the test reads.
const (
	fullFiles, fullCues, fullSeed = 68, 40, 15
	subsetFiles, subsetCues       = 17, 24
	subsetSeed                    = 7
	subsetDir                     = "testdata/subtitles/dual"
)

func main() {
	peers := flag.String("peers", "../shared/peers", "the peers' test material the sets are built from")
	data := flag.String("data", "", "evaluate the set in this directory instead of the full set built from -peers")
	gen := flag.Bool("generate", false, "write the committed subset to "+subsetDir+" from -peers and exit")
	withLingua := flag.Bool("lingua", true, "also score lingua-go (every language, high accuracy) line by line")
	show := flag.Bool("show", false, "print bitext's wrong lines to stderr")
	shuffled := flag.Bool("shuffled", false, "a stress variant of the full set: the languages of each cue in a new order")
	flag.Parse()
	if err := run(*peers, *data, *gen, *shuffled, *withLingua, *show, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "cueeval:", err)
		os.Exit(1)
	}
}

func run(peers, data string, gen, shuffled, withLingua, show bool, stdout, stderr io.Writer) error {
	var files []File
	switch {
	case gen:
		p, err := loadPools(peers)
		if err != nil {
			return err
		}
		return writeSet(subsetDir, Generate(p, subsetFiles, subsetCues, subsetSeed, false))
	case data != "":
		var err error
		if files, err = readSet(data); err != nil {
			return err
		}
	default:
		p, err := loadPools(peers)
		if err != nil {
			return err
		}
		files = Generate(p, fullFiles, fullCues, fullSeed, shuffled)
	}
	det, err := detect.New(detect.Options{})
	if err != nil {
		return err
	}
	b, err := Score(context.Background(), det, files, show, stderr)
	if err != nil {
		return err
	}
	rows := []*Scores{b}
	if withLingua {
		rows = append(rows, scoreLingua(files))
	}
	report(stdout, files, rows)
	return nil
}

// Scores counts right lines per group of files.
type Scores struct {
	Name          string
	Right, Total  map[string]int
	EnglishWrong  int // English lines given another language
	EnglishUnd    int // English lines given none
	EnglishLines  int
	WrongExamples []string
}

func newScores(name string) *Scores {
	return &Scores{Name: name, Right: map[string]int{}, Total: map[string]int{}}
}

// group names the kind of a file: Latin-script pairs with English, Latin-script pairs without
// it, pairs of different scripts, three languages.
func group(f File) string {
	langs := map[string]bool{}
	for _, c := range f.Langs {
		for _, l := range c {
			langs[l] = true
		}
	}
	latin := true
	for l := range langs {
		switch l {
		case "ru", "he", "el", "zh", "ar", "uk":
			latin = false
		}
	}
	if oneLanguage(f) {
		return "one language, stray lines"
	}
	switch {
	case len(langs) >= 3:
		return "three languages"
	case !latin:
		return "two scripts"
	case langs["en"]:
		return "Latin, with English"
	}
	return "Latin, without English"
}

// oneLanguage reports a file named for one language ("07-en.srt").
func oneLanguage(f File) bool { return strings.Count(f.Name, "-") == 1 }

func (s *Scores) add(f File, gold, got string, line string) {
	g := group(f)
	s.Total[g]++
	s.Total["all"]++
	ok := doc.SameLanguage(language.Make(gold), language.Make(got)) && got != "und"
	if ok {
		s.Right[g]++
		s.Right["all"]++
	}
	if gold == "en" {
		s.EnglishLines++
		switch {
		case got == "und":
			s.EnglishUnd++
		case !ok:
			s.EnglishWrong++
		}
	}
	if !ok {
		s.WrongExamples = append(s.WrongExamples, fmt.Sprintf("%s: %s as %s: %q", f.Name, gold, got, line))
	}
}

// Score runs bitext's pipeline stages (read, segment, detect) over every file and scores each
// line by the language of the segments covering most of it.
func Score(ctx context.Context, det *detect.Detector, files []File, show bool, stderr io.Writer) (*Scores, error) {
	s := newScores("bitext")
	formats := pipeline.DefaultFormats()
	for _, f := range files {
		d, err := pipeline.Read(formats, f.Name, []byte(f.SRT), "")
		if err != nil {
			return nil, err
		}
		pipeline.Segment(d)
		if err := pipeline.Detect(ctx, det, d); err != nil {
			return nil, err
		}
		if len(d.Blocks) != len(f.Langs) {
			return nil, fmt.Errorf("%s: %d cues read, %d in the gold file", f.Name, len(d.Blocks), len(f.Langs))
		}
		got, err := LineLanguages(d)
		if err != nil {
			return nil, err
		}
		for i, b := range d.Blocks {
			lines := strings.Split(b.Text, "\n")
			if len(lines) != len(f.Langs[i]) {
				return nil, fmt.Errorf("%s: cue %d has %d lines, the gold file %d", f.Name, i+1, len(lines), len(f.Langs[i]))
			}
			for k, gold := range f.Langs[i] {
				s.add(f, gold, got[i][k], lines[k])
			}
		}
	}
	if show {
		for _, w := range s.WrongExamples {
			fmt.Fprintln(stderr, w)
		}
	}
	return s, nil
}

// LineLanguages returns, for each block of d and each line of its text, the language of the
// segments covering most of the line ("und" where none has one).
func LineLanguages(d *doc.Document) ([][]string, error) {
	ranges, err := subtitle.Ranges(d)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(d.Blocks))
	for i, b := range d.Blocks {
		pos := 0
		for _, line := range strings.Split(b.Text, "\n") {
			votes := map[language.Tag]int{}
			for _, r := range ranges[i] {
				if ov := min(r.End, pos+len(line)) - max(r.Start, pos); ov > 0 && r.Segment.Lang != language.Und {
					votes[r.Segment.Lang] += ov
				}
			}
			best, n := "und", 0
			for l, v := range votes {
				if v > n || v == n && l.String() < best {
					best, n = l.String(), v
				}
			}
			out[i] = append(out[i], best)
			pos += len(line) + 1
		}
	}
	return out, nil
}

// scoreLingua scores lingua-go detecting every line alone among all its languages.
func scoreLingua(files []File) *Scores {
	s := newScores("lingua-go, line by line")
	det := lingua.NewLanguageDetectorBuilder().FromAllLanguages().Build()
	for _, f := range files {
		cues := 0
		for _, block := range strings.Split(strings.TrimSpace(f.SRT), "\n\n") {
			lines := strings.Split(block, "\n")[2:]
			for k, line := range lines {
				got := "und"
				if l, ok := det.DetectLanguageOf(line); ok {
					got = strings.ToLower(l.IsoCode639_1().String())
				}
				s.add(f, f.Langs[cues][k], got, line)
			}
			cues++
		}
	}
	return s
}

func report(w io.Writer, files []File, rows []*Scores) {
	groups := map[string]int{}
	for _, f := range files {
		groups[group(f)]++
	}
	var names []string
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-26s %6s", "files (lines)", "")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-24s", r.Name)
	}
	fmt.Fprintln(w)
	for _, g := range append(names, "all") {
		n := len(files)
		if g != "all" {
			n = groups[g]
		}
		fmt.Fprintf(w, "%-26s %6s", fmt.Sprintf("%s: %d", g, n), fmt.Sprintf("(%d)", rows[0].Total[g]))
		for _, r := range rows {
			fmt.Fprintf(w, "  %-24s", fmt.Sprintf("%.3f", float64(r.Right[g])/float64(max(r.Total[g], 1))))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-33s", "English lines wrong / und")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-24s", fmt.Sprintf("%d / %d of %d", r.EnglishWrong, r.EnglishUnd, r.EnglishLines))
	}
	fmt.Fprintln(w)
}
