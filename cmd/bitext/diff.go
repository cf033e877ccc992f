package main

import (
	"errors"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/pipeline/diff"
)

const diffUsage = "bitext diff [--format text|json] OLD NEW"

func diffCommand(e env) *cli.Command {
	return &cli.Command{
		Name:         "diff",
		Usage:        "compare two outputs of translate (json or jsonl) segment by segment",
		OnUsageError: onUsageError,
		UsageText: diffUsage + "\n\nExit status: 0 no changes, 1 segments changed, were added or removed, 2 usage error or unreadable input.\n" +
			"As a git diff driver (git config diff.bitext.command 'bitext diff'), it takes git's seven arguments\n" +
			"(path old-file old-hex old-mode new-file new-hex new-mode) and exits 0 on changes, since git stops at a non-zero status.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text | json (one object per change)"},
		},
		Action: func(c *cli.Context) error {
			args, err := checkArgs(c, diffUsage)
			if err != nil {
				return err
			}
			gitDriver := len(args) == 7
			switch {
			case gitDriver:
				args = []string{args[1], args[4]}
			case len(args) != 2:
				return usageError("diff: want two files, got %d; usage: %s", len(args), diffUsage)
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usageError("diff: --format %q: want text or json", format)
			}
			old, err := diff.ReadFile(args[0])
			if err != nil {
				return &exitError{exitUsage, err}
			}
			newDocs, err := diff.ReadFile(args[1])
			if err != nil {
				return &exitError{exitUsage, err}
			}
			changes := diff.Compare(old, newDocs)
			if format == "json" {
				err = diff.WriteJSON(e.stdout, changes)
			} else {
				err = diff.WriteText(e.stdout, changes, diff.TextOptions{Color: colorOK(e)})
			}
			if err != nil {
				return &exitError{exitPartial, err}
			}
			if len(changes) > 0 && !gitDriver {
				return &exitError{exitPartial, errors.New("")}
			}
			return nil
		},
	}
}

// colorOK reports whether stdout is a terminal and NO_COLOR (https://no-color.org) is unset.
func colorOK(e env) bool {
	if e.getenv("NO_COLOR") != "" || e.getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(e.stdout)
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
