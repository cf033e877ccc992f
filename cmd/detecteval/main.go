// Command detecteval measures language detection on testdata/langid: accuracy per length
// bucket, calibration, mixed-document byte accuracy and foreign-span F1, peak memory and time
// to the first answer, for bitext's detector beside lingua-go in high- and low-accuracy mode
// with every language. Each detector runs in a child process of its own, so its peak RSS is
// its own (read from the child's rusage).
//
//	go run ./cmd/detecteval                      # evaluate, print the table
//	go run ./cmd/detecteval -generate            # rebuild testdata/langid from ../shared/peers
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	lingua "github.com/pemistahl/lingua-go"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/detect"
)

// show makes a child print its mistakes.
var show bool

func main() {
	data := flag.String("data", "testdata/langid", "evaluation set directory")
	gen := flag.Bool("generate", false, "rebuild the evaluation set from -peers and exit")
	peers := flag.String("peers", "../shared/peers", "the peers' test material, for -generate")
	seed := flag.Uint64("seed", 77, "sampling seed, for -generate")
	child := flag.String("child", "", "internal: run one detector and print its result as JSON")
	runs := flag.Int("runs", 3, "cold runs of each detector; times are their median")
	only := flag.String("detectors", "bitext,lingua-high,lingua-low", "detectors to compare")
	flag.BoolVar(&show, "show", false, "with -child: print missed and wrong foreign spans and wrong items to stderr")
	flag.Parse()
	var err error
	switch {
	case *gen:
		err = generate(*peers, *data, *seed)
	case *child != "":
		err = runChild(*child, *data, os.Stdout)
	default:
		err = compare(*data, strings.Split(*only, ","), *runs, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "detecteval:", err)
		os.Exit(1)
	}
}

// Result is what one detector run reports.
type Result struct {
	Name    string          `json:"name"`
	Correct map[string]int  `json:"correct"`
	Total   map[string]int  `json:"total"`
	ECE     float64         `json:"ece"`
	Bytes   float64         `json:"bytes_right"`
	SpanF1  float64         `json:"span_f1"`
	PerLang map[string]int  `json:"wrong_per_lang"`
	Extra   json.RawMessage `json:"extra,omitempty"`
	// Filled in by the parent.
	RSSKB   int64         `json:"-"`
	FirstMS time.Duration `json:"-"`
}

// detector is one system under test.
type detector interface {
	one(text string) (string, float64)
	doc(lines []string) [][]labelled
}

type labelled struct {
	start, end int
	lang       string
}

func newDetector(name string) (detector, error) {
	switch name {
	case "bitext":
		d, err := detect.New(detect.Options{})
		return bitextDet{d}, err
	case "lingua-high":
		return linguaDet{lingua.NewLanguageDetectorBuilder().FromAllLanguages().Build()}, nil
	case "lingua-low":
		return linguaDet{lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithLowAccuracyMode().Build()}, nil
	}
	return nil, fmt.Errorf("unknown detector %q", name)
}

type bitextDet struct{ d *detect.Detector }

func (b bitextDet) one(text string) (string, float64) {
	r := b.d.Detect(text)
	return r.Lang.String(), r.Confidence
}

func (b bitextDet) doc(lines []string) [][]labelled {
	spans, _, err := b.d.DocumentSpans(context.Background(), lines)
	if err != nil {
		panic(err) // only a cancelled context fails, and this one is never cancelled
	}
	out := make([][]labelled, len(lines))
	for i := range lines {
		for _, sp := range spans[i] {
			out[i] = append(out[i], labelled{sp.Start, sp.End, sp.Lang.String()})
		}
	}
	return out
}

type linguaDet struct{ d lingua.LanguageDetector }

func (l linguaDet) one(text string) (string, float64) {
	lang, ok := l.d.DetectLanguageOf(text)
	if !ok {
		return "und", 0
	}
	return language.Make(strings.ToLower(lang.IsoCode639_1().String())).String(), 1
}

// doc is lingua-go used line by line, the better of its two ways on these documents.
func (l linguaDet) doc(lines []string) [][]labelled {
	out := make([][]labelled, len(lines))
	for i, t := range lines {
		c, _ := l.one(t)
		out[i] = []labelled{{0, len(t), c}}
	}
	return out
}

// canon is c's base language; und stays und, never x/text's guess "en".
func canon(c string) string {
	t := language.Make(c)
	if t == language.Und {
		return "und"
	}
	b, _ := t.Base()
	return b.String()
}

func runChild(name, data string, w io.Writer) error {
	items, err := readJSONL[Item](data + "/items.jsonl")
	if err != nil {
		return err
	}
	docs, err := readJSONL[Doc](data + "/docs.jsonl")
	if err != nil {
		return err
	}
	det, err := newDetector(name)
	if err != nil {
		return err
	}
	r := Result{Name: name, Correct: map[string]int{}, Total: map[string]int{}, PerLang: map[string]int{}}
	type pred struct {
		conf    float64
		correct bool
	}
	var preds []pred
	for i, it := range items {
		got, conf := det.one(it.Text)
		if i == 0 {
			fmt.Fprintln(w, "first")
		}
		ok := canon(got) == canon(it.Lang)
		r.Total[it.Bucket]++
		if ok {
			r.Correct[it.Bucket]++
		} else {
			r.PerLang[it.Lang]++
			if show {
				fmt.Fprintf(os.Stderr, "item %s/%s got %s (%.2f): %q\n", it.Lang, it.Bucket, got, conf, it.Text)
			}
		}
		if got != "und" {
			preds = append(preds, pred{conf, ok})
		}
	}
	// Expected calibration error over the answered items, ten equal-width bins.
	var bins [10]struct {
		n, right int
		conf     float64
	}
	for _, p := range preds {
		k := min(int(p.conf*10), 9)
		bins[k].n++
		bins[k].conf += p.conf
		if p.correct {
			bins[k].right++
		}
	}
	for _, b := range bins {
		if b.n > 0 {
			r.ECE += float64(b.n) / float64(len(preds)) * math.Abs(float64(b.right)/float64(b.n)-b.conf/float64(b.n))
		}
	}
	r.Bytes, r.SpanF1 = scoreDocs(det, docs)
	enc := json.NewEncoder(w)
	return enc.Encode(r)
}

// scoreDocs returns the share of non-whitespace bytes labelled with their gold language and
// the F1 of foreign (non-English) spans: a predicted span matches a gold span of the same
// language when they overlap by at least half of the longer one.
func scoreDocs(det detector, docs []Doc) (float64, float64) {
	right, all := 0, 0
	tp, npred, ngold := 0, 0, 0
	for _, d := range docs {
		gold := make([]string, len(d.Text))
		for i := range gold {
			gold[i] = "en"
		}
		var goldForeign []GoldSpan
		for _, s := range d.Spans {
			for i := s.Start; i < s.End; i++ {
				gold[i] = s.Lang
			}
			if s.Lang != "en" {
				goldForeign = append(goldForeign, s)
			}
		}
		pred := make([]string, len(d.Text))
		for i := range pred {
			pred[i] = "und"
		}
		var lines []string
		var offs []int
		off := 0
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if t := strings.TrimRight(l, "\n"); strings.TrimSpace(t) != "" {
				lines = append(lines, t)
				offs = append(offs, off)
			}
			off += len(l)
		}
		var predForeign []GoldSpan
		for i, ls := range det.doc(lines) {
			for _, s := range ls {
				c := canon(s.lang)
				for k := s.start; k < s.end; k++ {
					pred[offs[i]+k] = c
				}
				if c != "en" && c != "und" {
					predForeign = append(predForeign, GoldSpan{offs[i] + s.start, offs[i] + s.end, c})
				}
			}
		}
		for i := 0; i < len(d.Text); {
			r, n := utf8.DecodeRuneInString(d.Text[i:])
			if !unicode.IsSpace(r) {
				all += n
				if pred[i] == gold[i] {
					right += n
				}
			}
			i += n
		}
		npred += len(predForeign)
		ngold += len(goldForeign)
		used := make([]bool, len(predForeign))
		for _, g := range goldForeign {
			found := false
			for j, p := range predForeign {
				if used[j] || p.Lang != g.Lang {
					continue
				}
				ov := min(p.End, g.End) - max(p.Start, g.Start)
				if 2*ov >= max(p.End-p.Start, g.End-g.Start) {
					used[j] = true
					tp++
					found = true
					break
				}
			}
			if show && !found {
				fmt.Fprintf(os.Stderr, "doc %d missed %s %q\n", d.ID, g.Lang, d.Text[g.Start:g.End])
			}
		}
		for j, p := range predForeign {
			if show && !used[j] {
				fmt.Fprintf(os.Stderr, "doc %d wrong %s %q\n", d.ID, p.Lang, d.Text[p.Start:p.End])
			}
		}
	}
	prec := float64(tp) / math.Max(1, float64(npred))
	rec := float64(tp) / math.Max(1, float64(ngold))
	f1 := 0.0
	if prec+rec > 0 {
		f1 = 2 * prec * rec / (prec + rec)
	}
	return float64(right) / float64(all), f1
}

// compare runs every detector runs times in a child process and prints one table.
func compare(data string, names []string, runs int, w io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	var results []Result
	for _, name := range names {
		var firsts []time.Duration
		var rss []int64
		var res Result
		for k := 0; k < runs; k++ {
			cmd := exec.Command(self, "-child", name, "-data", data)
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				return err
			}
			start := time.Now()
			if err := cmd.Start(); err != nil {
				return fmt.Errorf("start %s: %w", name, err)
			}
			br := bufio.NewReader(out)
			line, err := br.ReadString('\n')
			if err != nil || line != "first\n" {
				cmd.Wait()
				return fmt.Errorf("%s: no first answer (%q): %v", name, line, err)
			}
			firsts = append(firsts, time.Since(start))
			rest, _ := io.ReadAll(br)
			if err := cmd.Wait(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if err := json.Unmarshal(rest, &res); err != nil {
				return fmt.Errorf("%s: parse result: %w", name, err)
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			rss = append(rss, ru.Maxrss) // kilobytes on Linux
		}
		slices.Sort(firsts)
		slices.Sort(rss)
		res.FirstMS, res.RSSKB = firsts[len(firsts)/2], rss[len(rss)/2]
		results = append(results, res)
	}
	fmt.Fprintf(w, "%-12s %8s %8s %8s %8s %7s %8s %10s %10s\n", "detector", "short", "medium", "long", "docbytes", "spanF1", "ECE", "peakRSS", "first")
	for _, r := range results {
		acc := func(b string) string {
			return fmt.Sprintf("%.1f%%", 100*float64(r.Correct[b])/math.Max(1, float64(r.Total[b])))
		}
		fmt.Fprintf(w, "%-12s %8s %8s %8s %7.1f%% %7.2f %8.3f %7d MB %7d ms\n", r.Name, acc("short"), acc("medium"), acc("long"),
			100*r.Bytes, r.SpanF1, r.ECE, r.RSSKB/1024, r.FirstMS.Milliseconds())
	}
	if len(results) > 0 {
		fmt.Fprintf(w, "items per bucket: short %d, medium %d, long %d; runs %d (medians)\n",
			results[0].Total["short"], results[0].Total["medium"], results[0].Total["long"], runs)
		for _, r := range results {
			type kv struct {
				k string
				v int
			}
			var ws []kv
			for k, v := range r.PerLang {
				ws = append(ws, kv{k, v})
			}
			sort.Slice(ws, func(i, j int) bool { return ws[i].v > ws[j].v || ws[i].v == ws[j].v && ws[i].k < ws[j].k })
			var parts []string
			for _, x := range ws[:min(8, len(ws))] {
				parts = append(parts, fmt.Sprintf("%s %d", x.k, x.v))
			}
			fmt.Fprintf(w, "%s most wrong: %s\n", r.Name, strings.Join(parts, ", "))
		}
	}
	return nil
}
