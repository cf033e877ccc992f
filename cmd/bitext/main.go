// Command bitext turns mixed-language documents into aligned bilingual documents.
//
//	bitext translate [flags] PATH...
//	bitext detect [--format text|jsonl] [--lines] PATH...
//	bitext backends [--format text|json]
//	bitext version | bitext --version
//
// See README.md for the full command-line contract. This package holds flags, the
// environment, exit codes and output files only; everything else is the library.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// Exit codes (every command): 0 success; 1 some inputs or segments failed but the rest was
// written; 2 usage error, an unconfigured backend named explicitly, or nothing could be done.
const (
	exitOK      = 0
	exitPartial = 1
	exitUsage   = 2
)

// exitError carries an exit code to main; its message is printed as one line.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, a ...any) error {
	return &exitError{exitUsage, fmt.Errorf(format, a...)}
}

// env is the process environment, injected so tests never touch the real one.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func main() {
	os.Exit(run(os.Args, env{os.Stdin, os.Stdout, os.Stderr, os.Getenv}))
}

func run(args []string, e env) int {
	app := newApp(e)
	err := app.Run(args)
	if err == nil {
		return exitOK
	}
	code := exitUsage
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if msg := err.Error(); msg != "" {
		fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(msg))
	}
	return code
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func newApp(e env) *cli.App {
	return &cli.App{
		Name:  "bitext",
		Usage: "turn mixed-language articles into aligned bilingual documents",
		Description: "bitext reads text, finds the language of every sentence with the document as context, " +
			"translates only what is not already in the target language, pairs each foreign caption with the " +
			"translation the document already carries, and writes aligned bilingual output.",
		Writer:          e.stdout,
		ErrWriter:       e.stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // exit codes are decided in run, in one place
		OnUsageError:    onUsageError,
		Commands: []*cli.Command{
			translateCommand(e),
			detectCommand(e),
			cacheCommand(e),
			diffCommand(e),
			backendsCommand(e),
			versionCommand(e),
			completionCommand(e),
		},
		EnableBashCompletion: true,
		// An unknown command is a usage error (exit 2), not urfave/cli's help and exit 0.
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return unknownCommand(c.Args().First(), c.App.Commands, "bitext")
			}
			return cli.ShowAppHelp(c)
		},
		Version: readBuild().String(), // --version
	}
}

// unknownCommand is the usage error for a command name that names none of cmds, with the
// closest one as a hint when there is one.
func unknownCommand(name string, cmds []*cli.Command, parent string) error {
	best, dist := "", 3 // a hint only within two edits
	for _, c := range cmds {
		for _, n := range c.Names() {
			if d := editDistance(name, n); d < dist {
				best, dist = n, d
			}
		}
	}
	hint := ""
	if best != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", best)
	}
	return usageError("unknown command %q%s; run '%s --help'", name, hint, parent)
}

// editDistance is the Damerau–Levenshtein distance (adjacent transpositions count one) of a
// and b, by bytes: command names are ASCII.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// onUsageError reports a flag parsing error as one line on stderr with exit code 2,
// instead of urfave/cli's help dump on stdout.
func onUsageError(c *cli.Context, err error, _ bool) error {
	name := "bitext"
	if c.Command != nil && c.Command.Name != "" {
		name += " " + c.Command.Name
	}
	return usageError("%v; run '%s --help'", err, name)
}

// checkArgs rejects flags written after a path: urfave/cli stops parsing flags at the
// first argument, so they would otherwise be read as file names.
func checkArgs(c *cli.Context, usage string) ([]string, error) {
	args := c.Args().Slice()
	if len(args) == 0 {
		return nil, usageError("%s: no input; usage: %s", c.Command.Name, usage)
	}
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			return nil, usageError("%s: flag %q comes after a path; put flags before paths: %s", c.Command.Name, a, usage)
		}
	}
	return args, nil
}
