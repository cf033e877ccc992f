// Command articleeval measures the HTML reader's article extraction and page language on a
// development set of real pages with expected text (a cases.jsonl of page, source, lang,
// "with" snippets that must be extracted and "without" snippets that must not): the share of
// "with" found and of "without" kept, per source, pages that failed or gave no segment, and
// pages whose language is wrong. The right language is the page's own where bitext's detector
// has a model for it, und elsewhere. Pages are read, segmented and detected in process, with no
// translation; a snippet is found when its first 50 characters, whitespace removed, occur in
// the segments' joined text.
//
//	go run ./cmd/articleeval                          # ../shared/peers/article-eval
//	go run ./cmd/articleeval -set testdata/article-eval -v
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/seed77ff/bitext/detect"
)

// all makes -v list every miss and leak.
var listAll bool

func main() {
	peers := flag.String("peers", "../shared/peers", "the peers' test material")
	set := flag.String("set", "", "the evaluation set directory (default: article-eval under -peers)")
	only := flag.String("only", "", "evaluate only pages whose path contains this")
	verbose := flag.Bool("v", false, "list every page with its figures and first miss")
	flag.BoolVar(&listAll, "all", false, "with -v: list every miss and leak, not the first")
	flag.Parse()
	dir := *set
	if dir == "" {
		dir = filepath.Join(*peers, "article-eval")
	}
	if err := run(dir, *only, *verbose, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "articleeval:", err)
		os.Exit(1)
	}
}

func run(dir, only string, verbose bool, w io.Writer) error {
	cases, err := ReadCases(filepath.Join(dir, "cases.jsonl"))
	if err != nil {
		return err
	}
	if only != "" {
		var keep []Case
		for _, c := range cases {
			if strings.Contains(c.Page, only) {
				keep = append(keep, c)
			}
		}
		cases = keep
	}
	det, err := detect.New(detect.Options{})
	if err != nil {
		return err
	}
	rs := Evaluate(context.Background(), dir, cases, det)
	Report(w, rs, verbose)
	return nil
}

// Report prints the figures per source and overall, then the pages that failed, gave no
// segment or got the wrong language.
func Report(w io.Writer, rs []PageResult, verbose bool) {
	names, by := BySource(rs)
	fmt.Fprintf(w, "%-12s %5s %22s %22s %6s %6s %6s %6s\n", "source", "pages", "with found", "without kept", "macro", "errors", "zero", "lang✗")
	line := func(name string, t Totals) {
		fmt.Fprintf(w, "%-12s %5d %6.3f (%5d/%5d) %6.3f (%5d/%5d) %6.3f %6d %6d %6d\n", name, t.Pages,
			t.WithShare(), t.Found, t.With, t.WithoutShare(), t.Kept, t.Without, t.PageMacro, t.Errors, t.ZeroSegments, t.LangWrong)
	}
	for _, n := range names {
		line(n, Sum(by[n]))
	}
	all := Sum(rs)
	line("ALL", all)
	for _, r := range rs {
		switch {
		case r.Err != "":
			fmt.Fprintf(w, "error     %s: %s\n", r.Page, r.Err)
		case r.Segments == 0 && len(r.With) > 0:
			fmt.Fprintf(w, "0 segments %s\n", r.Page)
		}
		if !r.LangRight() && r.Err == "" {
			fmt.Fprintf(w, "language  %s: want %s, got %s\n", r.Page, r.WantLang, r.Got)
		}
	}
	if verbose {
		for _, r := range rs {
			miss, leak := "", ""
			if len(r.Missing) > 0 {
				miss = "  miss: " + clip(r.Missing[0])
			}
			if len(r.Leak) > 0 {
				leak = "  leak: " + clip(r.Leak[0])
			}
			fmt.Fprintf(w, "page %-60.60s %d/%d %d/%d seg=%d %s%s%s\n", r.Page, r.Found, len(r.With), r.Kept, len(r.Without), r.Segments, r.Got, miss, leak)
			if listAll {
				for _, m := range r.Missing {
					fmt.Fprintf(w, "    miss %s\n", clip(m))
				}
				for i, l := range r.Leak {
					fmt.Fprintf(w, "    leak %-10s %s\n", r.LeakKind[i], clip(l))
				}
			}
		}
	}
	fmt.Fprintf(w, "SUMMARY pages=%d with=%.3f without=%.3f page_macro_with=%.3f errors=%d zero_segments=%d lang_wrong=%d\n",
		all.Pages, all.WithShare(), all.WithoutShare(), all.PageMacro, all.Errors, all.ZeroSegments, all.LangWrong)
}

func clip(s string) string {
	r := []rune(normalize(s))
	return string(r[:min(len(r), 50)])
}
