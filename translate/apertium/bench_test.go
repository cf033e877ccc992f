package apertium

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// cpuTime is the CPU time (user+sys) of this process and of every child it has waited
// for, which covers each Apertium program of a pipeline.
func cpuTime(b *testing.B) time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			b.Fatal(err)
		}
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}

// BenchmarkCommand measures texts per CPU-second of the local command on the caption
// sentences: the whole set in one batch (one run of each program), the same batch sent the
// way the backend did before issue 11 (lines of one `apertium -u` input: cheaper, but texts
// run into each other), and one batch per text (one run of every program per text).
//
//	go test -run XXX -bench Command -benchtime 3x ./translate/apertium/
func BenchmarkCommand(b *testing.B) {
	if err := haveCommand(); err != nil {
		b.Skipf("SKIPPED: %v", err)
	}
	tr, err := New(context.Background(), translate.Config{Getenv: func(string) string { return "" }})
	require.NoError(b, err)
	texts := readLines(b, "testdata/captions-es.txt")
	req := func(texts ...string) *translate.Request {
		return &translate.Request{Texts: texts, Source: language.Spanish, Target: language.English}
	}
	measure := func(b *testing.B, perOp int, op func()) {
		start := cpuTime(b)
		for b.Loop() {
			op()
		}
		cpu := cpuTime(b) - start
		b.ReportMetric(float64(perOp*b.N)/cpu.Seconds(), "texts/CPU-s")
	}
	b.Run("batch", func(b *testing.B) {
		measure(b, len(texts), func() {
			_, err := tr.Translate(context.Background(), req(texts...))
			require.NoError(b, err)
		})
	})
	b.Run("lines-before", func(b *testing.B) {
		measure(b, len(texts), func() {
			cmd := exec.Command("apertium", "-u", "spa-eng")
			cmd.Stdin = strings.NewReader(strings.Join(texts, "\n") + "\n")
			_, err := cmd.Output()
			require.NoError(b, err)
		})
	})
	b.Run("one-per-text", func(b *testing.B) {
		few := texts[:20]
		measure(b, len(few), func() {
			for _, s := range few {
				_, err := tr.Translate(context.Background(), req(s))
				require.NoError(b, err)
			}
		})
	})
}
