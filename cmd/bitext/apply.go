package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/apply"
	"github.com/seed77ff/bitext/translate/backends"
	"github.com/seed77ff/bitext/translate/engine"
)

const applyUsage = "bitext apply [--cache-dir DIR] [--reviewer NAME] [--dry-run] FILE..."

func applyCommand(e env) *cli.Command {
	return &cli.Command{
		Name:         "apply",
		Usage:        "take reviewed outputs back: edited translations become approved, used by every later run",
		OnUsageError: onUsageError,
		UsageText: applyUsage + "\n\nFILE is a reviewed output of translate: JSON or JSONL (translation.text edited), XLIFF 2.0 or 1.2\n" +
			"(<target> edited, or state set to final), TMX, or the review page's export. Each changed translation is\n" +
			"stored as approved (origin human) in the cache the next run uses, keyed by its source text, languages and\n" +
			"context, so every later run uses it before any memory or backend, whatever the backend.\n" +
			"Exit status: 0 everything applied (or unchanged), 1 some entries skipped (the source changed since) or\n" +
			"refused (not from bitext, unknown segment), 2 usage error, unreadable input or no cache.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "cache-dir", Usage: "cache `DIR` (default $BITEXT_CACHE_DIR, else the user cache dir): the one translate uses"},
			&cli.StringFlag{Name: "reviewer", Usage: "who approved the translations, for files that do not say (`NAME`)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "check and report, store nothing"},
			maxInputSizeFlag(),
		},
		Action: func(c *cli.Context) error {
			paths, err := checkArgs(c, applyUsage)
			if err != nil {
				return err
			}
			limit, err := parseMaxInputSize(c)
			if err != nil {
				return err
			}
			return runApply(c, paths, limit, e)
		},
	}
}

func runApply(c *cli.Context, paths []string, limit int64, e env) error {
	var (
		entries    []apply.Entry
		unreadable int
	)
	for _, p := range paths {
		data, err := pipeline.ReadInput(p, e.stdin, limit)
		if err == nil {
			var es []apply.Entry
			if es, err = apply.Read(p, data); err == nil {
				entries = append(entries, es...)
				continue
			}
		}
		unreadable++
		fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(err.Error()))
	}
	apply.Check(entries, apply.Options{Source: apply.SourceText(nil, limit), By: c.String("reviewer")})
	now := time.Now()
	approvals := apply.Approvals(entries, now)
	if len(approvals) > 0 && !c.Bool("dry-run") {
		spec := engine.Spec{Backend: backends.None, CacheDir: c.String("cache-dir"), Getenv: e.getenv,
			OnWarning: func(err error) { fmt.Fprintf(e.stderr, "bitext: warning: %s\n", oneLine(err.Error())) }}
		eng, err := engine.Open(c.Context, backends.Default(), spec)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		err = eng.Approve(c.Context, approvals, now)
		if cerr := eng.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &exitError{exitUsage, fmt.Errorf("apply: %w", err)}
		}
	}
	for _, en := range entries {
		switch en.Status {
		case apply.Applied:
			fmt.Fprintf(e.stdout, "applied   %s\n", en.Where())
		case apply.Skipped, apply.Refused:
			fmt.Fprintf(e.stdout, "%-9s %s: %s\n", en.Status, en.Where(), en.Reason)
		}
	}
	n := apply.Counts(entries)
	verb := "applied"
	if c.Bool("dry-run") {
		verb = "would apply"
	}
	fmt.Fprintf(e.stdout, "%d %s, %d unchanged, %d skipped (the source changed since), %d refused\n",
		n[apply.Applied], verb, n[apply.Unchanged], n[apply.Skipped], n[apply.Refused])
	switch {
	case unreadable > 0:
		return &exitError{exitUsage, errors.New("")}
	case n[apply.Skipped]+n[apply.Refused] > 0:
		return &exitError{exitPartial, errors.New("")}
	}
	return nil
}
