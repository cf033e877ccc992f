package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/seed77ff/bitext/translate/google/googletest"
)

// memoryArticle is one generated news article: English paragraphs every document shares, a
// gallery marker and two Hebrew captions of its own (distinct texts to send), and an English
// caption under them.
func memoryArticle(i int) string {
	return fmt.Sprintf(`Talks resume in Cairo as mediators press for a deal, article %d
The negotiators met again on Tuesday, officials said, after a week without progress on the main points.
Families of the hostages gathered outside the prime minister's office in Jerusalem to demand an agreement.
2 View gallery
תמונה מספר %d מהכתבה על המשא ומתן בקהיר
ההפגנה מספר %d מול משרד ראש הממשלה בירושלים
Protesters outside the prime minister's office
The army said its operations in the south would go on while the talks continue.
`, i, i, i)
}

// BenchmarkJobMemory measures the peak RSS of `bitext translate --out-dir` (the built binary,
// a child process) over 500 and 8,000 generated articles against a fake Google v2 server,
// and reports the growth per added document (goal: at most 2 KB). With
// BITEXT_BENCH_BASELINE naming another bitext binary (one built from an earlier commit), it
// measures that binary in the same run.
//
//	go test ./cmd/bitext -run '^$' -bench JobMemory -benchtime 1x
func BenchmarkJobMemory(b *testing.B) {
	bins := map[string]string{"this": binary(b)}
	if base := os.Getenv("BITEXT_BENCH_BASELINE"); base != "" {
		bins["baseline"] = base
	}
	sizes := []int{500, 8000}
	dirs := map[int]string{}
	for _, n := range sizes {
		dir := b.TempDir()
		for i := range n {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.txt", i)), []byte(memoryArticle(i)), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		dirs[n] = dir
	}
	srv := googletest.NewServer(b, func(text, _, _ string) string { return "EN[" + text + "]" })
	peak := func(bin string, n int) int64 {
		cmd := exec.Command(bin, "translate", "--backend", "google", "--endpoint", srv.URL, "--no-cache",
			"--progress", "none", "--out-dir", b.TempDir(), dirs[n])
		cmd.Env = append(os.Environ(), "GOOGLE_API_KEY="+googletest.Key)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s over %d documents: %v: %s", bin, n, err, stderr.String())
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
	}
	for b.Loop() {
		for _, name := range []string{"baseline", "this"} {
			bin, ok := bins[name]
			if !ok {
				continue
			}
			small, large := peak(bin, sizes[0]), peak(bin, sizes[1])
			perDoc := float64(large-small) / float64(sizes[1]-sizes[0])
			b.ReportMetric(float64(small)/1024, name+"-MiB@500")
			b.ReportMetric(float64(large)/1024, name+"-MiB@8000")
			b.ReportMetric(perDoc, name+"-KiB/doc")
		}
	}
}
