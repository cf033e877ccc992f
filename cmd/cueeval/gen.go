package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// File is one generated subtitle file and the language of every line of every cue.
type File struct {
	Name string `json:"file"`
	// Langs holds, per cue, the language of each of its lines, in order.
	Langs [][]string `json:"langs"`
	// SRT is the file's text (not in gold.jsonl: the .srt file beside it holds it).
	SRT string `json:"-"`
}

// maxLine is the longest line generated: the 42 characters of Netflix's and TED's guidelines.
const maxLine = 42

// kinds are the language combinations of the generated files, one per file in turn:
// Latin-script pairs with English (most dual subtitles for learners), Latin-script pairs
// without it, pairs a script tells apart, and three languages per cue.
var kinds = [][]string{
	{"en", "fr"}, {"en", "es"}, {"en", "de"}, {"en", "it"}, {"en", "pt"}, {"en", "nl"},
	{"en", "sv"}, {"en", "da"}, {"en", "pl"}, {"en", "cs"}, {"en", "ro"}, {"en", "fi"},
	{"en", "hu"}, {"en", "hr"}, {"en", "sk"}, {"en", "ca"}, {"en", "id"}, {"en", "tr"},
	{"es", "fr"}, {"de", "fr"}, {"it", "es"}, {"pt", "es"}, {"nl", "de"},
	{"ru", "en"}, {"he", "en"}, {"el", "en"}, {"zh", "en"}, {"ar", "en"}, {"uk", "en"},
	{"en", "fr", "de"}, {"en", "es", "pt"}, {"en", "it", "fr"}, {"en", "de", "nl"}, {"fr", "es", "it"},
	{"en"}, {"fr"}, {"de"}, {"es"},
}

// strays are the languages of the odd foreign line in a one-language file.
var strays = []string{"en", "fr", "de", "es", "it", "ru"}

// pools holds candidate lines per language.
type pools map[string][]string

// subtitleLines are the lines of the peers' subtitle files whose language is known: English
// film and test subtitles, and the Swedish and Portuguese cues two of them carry.
var subtitleLines = map[string][]string{
	"en": {"subtitles/go-astisub/example-in.srt", "subtitles/go-astisub/example-in-html-entities.srt",
		"subtitles/go-astisub/example-in-styled.srt", "subtitles/okapi/srttest.srt",
		"subtitles/pysubs2/test_keep_unknown_html_tags_1_text.srt", "subtitles/pysubs2/test_simple_read_1_text.srt",
		"subtitles/pysubs2/test_empty_subtitles_1_text.srt", "subtitles/webvtt-py/cue_tags.vtt"},
	"sv": {"subtitles/webvtt-py/comments.vtt"},
	"pt": {"subtitles/pysubs2/test_read_complex_1_text.vtt"},
}

var tagRe = regexp.MustCompile(`<[^>]*>|\{[^}]*\}|&nbsp;`)

// loadPools reads the lines every language can draw from: lingua's sentences, cut into
// subtitle lines of at most maxLine characters as a subtitler breaks them, lingua's word
// pairs (short lines), and the peers' subtitle lines.
func loadPools(peers string) (pools, error) {
	p := pools{}
	langs := map[string]bool{}
	for _, k := range kinds {
		for _, l := range k {
			langs[l] = true
		}
	}
	for l := range langs {
		sents, err := readLines(filepath.Join(peers, "langid-lingua", "sentences", l+".txt"))
		if err != nil {
			return nil, err
		}
		for _, s := range sents {
			p[l] = append(p[l], breakLines(s)...)
		}
		pairs, err := readLines(filepath.Join(peers, "langid-lingua", "word-pairs", l+".txt"))
		if err != nil {
			return nil, err
		}
		p[l+"/short"] = pairs
		words, err := readLines(filepath.Join(peers, "langid-lingua", "single-words", l+".txt"))
		if err != nil {
			return nil, err
		}
		p[l+"/word"] = words
	}
	for l, files := range subtitleLines {
		for _, f := range files {
			ls, err := readLines(filepath.Join(peers, f))
			if err != nil {
				return nil, err
			}
			for _, s := range ls {
				s = strings.TrimSpace(tagRe.ReplaceAllString(s, " "))
				if s == "" || strings.Contains(s, "-->") || isNumber(s) || strings.HasPrefix(s, "WEBVTT") ||
					strings.HasPrefix(s, "NOTE") || strings.Contains(s, ":") && strings.Contains(s, "=") {
					continue
				}
				p[l+"/subtitle"] = append(p[l+"/subtitle"], strings.Join(strings.Fields(s), " "))
			}
		}
	}
	for k := range p {
		sort.Strings(p[k]) // map order must not change what a seed draws
	}
	return p, nil
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// breakLines cuts a sentence into lines of at most maxLine characters at word boundaries,
// into as few lines as that takes and of even length.
func breakLines(s string) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return nil
	}
	n := (utf8.RuneCountInString(s) + maxLine - 1) / maxLine
	var out []string
	var cur []string
	target := utf8.RuneCountInString(s) / n
	for _, w := range words {
		line := strings.Join(append(cur, w), " ")
		if len(cur) > 0 && (utf8.RuneCountInString(line) > maxLine || utf8.RuneCountInString(strings.Join(cur, " ")) >= target) {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
		cur = append(cur, w)
	}
	return append(out, strings.Join(cur, " "))
}

// draw picks a line of language l: mostly a line cut from a sentence; one in six a word pair
// and one in ten a single word, as short as subtitle lines get ("Komona?!", "Yes."); and for
// languages the peers' subtitles are in, sometimes one of those.
func (p pools) draw(r *rand.Rand, l string) string {
	x := r.Float64()
	switch {
	case x < 0.25 && len(p[l+"/subtitle"]) > 0:
		return p[l+"/subtitle"][r.IntN(len(p[l+"/subtitle"]))]
	case x > 0.9:
		return p[l+"/word"][r.IntN(len(p[l+"/word"]))]
	case x > 0.74:
		return p[l+"/short"][r.IntN(len(p[l+"/short"]))]
	}
	return p[l][r.IntN(len(p[l]))]
}

// Generate writes n files of cues cues each: every file mixes the languages of one of kinds,
// in an order fixed for the file (the first language on the first line of every cue), or,
// with shuffled, in a new order in every cue; one cue in seven holds one language only, on
// one or two lines.
func Generate(p pools, n, cues int, seed uint64, shuffled bool) []File {
	r := rand.New(rand.NewPCG(seed, 0x5ab5))
	order := r.Perm(len(kinds))
	var out []File
	for i := 0; i < n; i++ {
		k := append([]string(nil), kinds[order[i%len(kinds)]]...)
		one := len(k) == 1
		if r.IntN(3) == 0 {
			r.Shuffle(len(k), func(a, b int) { k[a], k[b] = k[b], k[a] })
		}
		f := File{Name: fmt.Sprintf("%02d-%s.srt", i+1, strings.Join(k, "-"))}
		var sb strings.Builder
		t := 1000
		for c := 0; c < cues; c++ {
			langs := k
			switch {
			case one:
				// A film in one language: one or two lines a cue, and one line in twelve in
				// another language (a phrase quoted, a sign read out).
				langs = []string{k[0]}
				if r.IntN(2) == 0 {
					langs = append(langs, k[0])
				}
				if r.IntN(12) == 0 {
					if l := strays[r.IntN(len(strays))]; l != k[0] {
						langs = append([]string(nil), langs...)
						langs[r.IntN(len(langs))] = l
					}
				}
			case r.IntN(7) == 0:
				l := k[r.IntN(len(k))]
				langs = []string{l}
				if r.IntN(2) == 0 {
					langs = []string{l, l}
				}
			}
			if shuffled {
				langs = append([]string(nil), langs...)
				r.Shuffle(len(langs), func(a, b int) { langs[a], langs[b] = langs[b], langs[a] })
			}
			var (
				lines []string
				ll    []string
			)
			for _, l := range langs {
				// One language's text in four runs over two lines (a sentence broken
				// as a subtitler breaks it), where the cue is not crowded already.
				if len(langs) <= 2 && r.IntN(4) == 0 {
					two := breakLines(p[l][r.IntN(len(p[l]))] + " " + p[l][r.IntN(len(p[l]))])
					if len(two) >= 2 {
						lines, ll = append(lines, two[0], two[1]), append(ll, l, l)
						continue
					}
				}
				lines, ll = append(lines, p.draw(r, l)), append(ll, l)
			}
			langs = ll
			fmt.Fprintf(&sb, "%d\n%s --> %s\n%s\n\n", c+1, timestamp(t), timestamp(t+2500), strings.Join(lines, "\n"))
			t += 3000
			f.Langs = append(f.Langs, langs)
		}
		f.SRT = sb.String()
		out = append(out, f)
	}
	return out
}

func timestamp(ms int) string {
	return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// writeSet writes files and their gold.jsonl into dir.
func writeSet(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var gold strings.Builder
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), []byte(f.SRT), 0o644); err != nil {
			return err
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		gold.Write(b)
		gold.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(dir, "gold.jsonl"), []byte(gold.String()), 0o644)
}

// readSet reads the files of dir listed in its gold.jsonl.
func readSet(dir string) ([]File, error) {
	g, err := os.Open(filepath.Join(dir, "gold.jsonl"))
	if err != nil {
		return nil, err
	}
	defer g.Close()
	var out []File
	sc := bufio.NewScanner(g)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var f File
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return nil, fmt.Errorf("%s: %w", g.Name(), err)
		}
		data, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			return nil, err
		}
		f.SRT = string(data)
		out = append(out, f)
	}
	return out, sc.Err()
}

func readLines(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		if l = strings.TrimSpace(strings.TrimSuffix(l, "\r")); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}
