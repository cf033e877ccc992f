package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// BenchmarkGlossaryJob runs one job on the built binary, as child processes, three ways side
// by side: without a glossary, with a 1,000-entry and with a 100,000-entry glossary. The job:
// 323 sentences in 18 Latin-script languages (testdata/langid, medium and long items) in 17
// files, detected into English and translated by the fake Google v2 server (which applies no
// glossary, so GlossaryQA checks every answer against the terms), no cache. The glossary
// holds words of those sentences first (so terms are found and flagged), then made-up words. It reports each run's CPU time (user+sys of the child, from its
// rusage) and the ratio to the run without a glossary; the goal is at most 1.5× at 100,000
// entries (it was 76 CPU-s against 4.2 s, 18×, when every term normalized every text again).
//
//	go test ./cmd/bitext -run '^$' -bench GlossaryJob -benchtime 3x
func BenchmarkGlossaryJob(b *testing.B) {
	bin := binary(b)
	dir := b.TempDir()
	terms, in := glossaryJob(b, dir, 100_000)
	srv := googletest.NewServer(b, func(text, _, _ string) string { return "EN[" + text + "]" })
	files := map[string]string{"none": ""}
	for _, n := range []int{1_000, 100_000} {
		name := fmt.Sprintf("%d", n)
		var g strings.Builder // no language header: the glossary applies to every pair
		for _, t := range terms[:n] {
			fmt.Fprintf(&g, "%s\t%s\n", t[0], t[1])
		}
		p := filepath.Join(dir, "glossary-"+name+".tsv")
		if err := os.WriteFile(p, []byte(g.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		files[name] = p
	}
	cpu := func(glossary string) time.Duration {
		args := []string{"translate", "--backend", "google", "--endpoint", srv.URL, "--no-cache",
			"--progress", "none", "--out-dir", b.TempDir()}
		if glossary != "" {
			args = append(args, "--glossary", glossary)
		}
		cmd := exec.Command(bin, append(args, in)...)
		cmd.Env = []string{"HOME=" + b.TempDir(), "PATH=" + os.Getenv("PATH"), "GOOGLE_API_KEY=" + googletest.Key}
		// Exit 1 is fine: a text or two the fake "translates" may fail QA (its echo of a text
		// in a script English is not written in); the job is the same with and without.
		if out, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() != 1 {
			b.Fatalf("%v: %s", err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	sum := map[string]time.Duration{}
	runs := 0
	for b.Loop() {
		runs++
		for _, name := range []string{"none", "1000", "100000"} {
			sum[name] += cpu(files[name])
		}
	}
	for _, name := range []string{"none", "1000", "100000"} {
		b.ReportMetric(sum[name].Seconds()/float64(runs), "cpu-s/"+name)
	}
	b.ReportMetric(float64(sum["100000"])/float64(sum["none"]), "ratio-100000/none")
	b.ReportMetric(float64(sum["1000"])/float64(sum["none"]), "ratio-1000/none")
}

// glossaryJob writes 323 sentences of testdata/langid in 17 files under dir/in and returns n
// distinct terms with their targets: words of those sentences first, then made-up words.
func glossaryJob(b *testing.B, dir string, n int) ([][2]string, string) {
	latin := map[string]bool{"ca": true, "cs": true, "da": true, "de": true, "es": true, "fi": true, "fr": true,
		"hr": true, "hu": true, "id": true, "it": true, "nl": true, "pl": true, "pt": true, "ro": true, "sk": true, "sv": true, "tr": true}
	raw, err := os.ReadFile("testdata/langid/items.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var sentences []string
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var it struct{ Lang, Bucket, Text string }
		if err := json.Unmarshal([]byte(l), &it); err != nil {
			b.Fatal(err)
		}
		if latin[it.Lang] && it.Bucket != "short" && !strings.Contains(it.Text, "\n") {
			sentences = append(sentences, it.Text)
		}
	}
	r := rand.New(rand.NewPCG(3, 23))
	r.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })
	sentences = sentences[:323]

	seen := map[string]bool{}
	terms := make([][2]string, 0, n)
	add := func(s string) {
		if k := strings.ToLower(s); !seen[k] && len(terms) < n {
			seen[k] = true
			terms = append(terms, [2]string{s, fmt.Sprintf("term%d", len(terms))})
		}
	}
	for _, s := range sentences {
		for _, w := range strings.Fields(s) {
			if w = strings.Trim(w, ".,;:!?()\"'«»„“”"); len(w) > 5 && r.IntN(3) == 0 {
				add(w)
			}
		}
	}
	const letters = "abcdefghijklmnopqrstuvwxyzäöüéèàçñ"
	alphabet := []rune(letters)
	for len(terms) < n {
		w := make([]rune, 4+r.IntN(6))
		for i := range w {
			w[i] = alphabet[r.IntN(len(alphabet))]
		}
		if r.IntN(3) == 0 {
			add(string(w[:2]) + " " + string(w[2:]))
		} else {
			add(string(w))
		}
	}
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		b.Fatal(err)
	}
	for f := range 17 {
		text := strings.Join(sentences[f*19:(f+1)*19], "\n") + "\n"
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("f%02d.txt", f)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return terms, in
}
