package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/detect"
	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/format"
)

const detectUsage = "bitext detect [--format text|jsonl] [--lines] PATH..."

func detectCommand(e env) *cli.Command {
	return &cli.Command{
		Name:         "detect",
		Usage:        "print the language of every segment",
		OnUsageError: onUsageError,
		UsageText:    detectUsage,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text | jsonl"},
			&cli.BoolFlag{Name: "lines", Usage: "detect every input line on its own, without document context"},
			inputFormatFlag(),
			maxInputSizeFlag(),
		},
		Action: func(c *cli.Context) error {
			paths, err := checkArgs(c, detectUsage)
			if err != nil {
				return err
			}
			f := c.String("format")
			if f != "text" && f != "jsonl" {
				return usageError("--format %q: want text or jsonl", f)
			}
			limit, err := parseMaxInputSize(c)
			if err != nil {
				return err
			}
			det, err := detect.New(detect.Options{})
			if err != nil {
				return err
			}
			return runDetect(c, det, paths, f, c.Bool("lines"), limit, e)
		},
	}
}

// segmentRecord and lineRecord are the jsonl shapes of the CLI contract.
type segmentRecord struct {
	File       string  `json:"file"`
	Block      int     `json:"block"`
	Start      *int    `json:"start,omitempty"`
	End        *int    `json:"end,omitempty"`
	Lang       string  `json:"lang"`
	Confidence float64 `json:"confidence"`
	Text       string  `json:"text"`
}

type lineRecord struct {
	File       string  `json:"file"`
	Line       int     `json:"line"`
	Lang       string  `json:"lang"`
	Confidence float64 `json:"confidence"`
}

func runDetect(c *cli.Context, det *detect.Detector, paths []string, f string, lines bool, limit int64, e env) error {
	formats := pipeline.DefaultFormats()
	inputs, failed := expand(paths, formats)
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	ok := 0
	for _, in := range inputs {
		var err error
		if lines {
			err = detectLines(det, in.path, f, enc, w, e.stdin, limit)
		} else {
			err = detectSegments(c, det, formats, in.path, c.String("input-format"), f, enc, w, e.stdin, limit)
		}
		if err != nil {
			failed = append(failed, err)
			continue
		}
		ok++
	}
	for _, err := range failed {
		fmt.Fprintf(e.stderr, "bitext: %s\n", oneLine(err.Error()))
	}
	switch {
	case len(failed) > 0 && ok == 0:
		return &exitError{exitUsage, errors.New("")}
	case len(failed) > 0:
		return &exitError{exitPartial, errors.New("")}
	}
	return nil
}

func detectSegments(c *cli.Context, det *detect.Detector, g *format.Registry, path, inputFormat, f string, enc *json.Encoder, w io.Writer, stdin io.Reader, limit int64) error {
	d, err := pipeline.ReadFileLimit(g, path, inputFormat, stdin, limit)
	if err != nil {
		return err
	}
	// The stages translate runs, so detect's segments are translate's.
	if err := pipeline.Prepare(c.Context, det, d); err != nil {
		return err
	}
	for _, s := range d.Segments() {
		if f == "text" {
			fmt.Fprintf(w, "%s\t%d\t%s\t%.2f\t%s\n", path, s.Block, s.Lang, s.Confidence, s.Text)
			continue
		}
		r := segmentRecord{File: path, Block: s.Block, Lang: s.Lang.String(), Confidence: s.Confidence, Text: s.Text}
		if d.HasOffsets {
			start, end := s.Start, s.End
			r.Start, r.End = &start, &end
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// detectLines detects each line alone: lines split on \n, a trailing \r dropped, counted
// from 1; a final newline adds no line; an empty line is und with confidence 0.
func detectLines(det *detect.Detector, path, f string, enc *json.Encoder, w io.Writer, stdin io.Reader, limit int64) error {
	// The size limit holds here too: a file is refused by its size before it is read, and
	// stdin after limit+1 bytes (it used to be cut silently at the limit).
	raw, err := pipeline.ReadInput(path, stdin, limit)
	if err != nil {
		return err
	}
	in, err := format.Decode(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	text := strings.TrimSuffix(in.Text, "\n")
	if in.Text == "" {
		return nil
	}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		r := det.Detect(line)
		if f == "text" {
			fmt.Fprintf(w, "%s\t%d\t%s\t%.2f\n", path, i+1, r.Lang, r.Confidence)
			continue
		}
		if err := enc.Encode(lineRecord{File: path, Line: i + 1, Lang: r.Lang.String(), Confidence: r.Confidence}); err != nil {
			return err
		}
	}
	return nil
}
