package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/pipeline"
	"github.com/seed77ff/bitext/pipeline/diff"
	"github.com/seed77ff/bitext/pipeline/format/jsondoc"
	"github.com/seed77ff/bitext/pipeline/score"
)

const scoreUsage = "bitext score --ref FILE [--format text|json] OUTPUT..."

func scoreCommand(e env) *cli.Command {
	return &cli.Command{
		Name:         "score",
		Usage:        "score translations against reference translations: chrF and chrF++ per backend, model and language pair",
		OnUsageError: onUsageError,
		UsageText: scoreUsage + "\n\nFILE holds the references: a TMX memory, bitext's JSON or JSONL (a reviewed output), or JSON Lines\n" +
			"{\"source\", \"reference\", \"source_lang\", \"target_lang\"}. OUTPUT is a translate output (JSON or JSONL). Every translated\n" +
			"segment whose source text has a reference is scored, each occurrence once; the documents' own counterparts are\n" +
			"reported apart, as a loose reference. chrF is sacreBLEU's (chrF2: character 6-grams, beta 2; chrF2++ adds word\n" +
			"unigrams and bigrams). Exit status: 0 scored, 1 no segment had a reference, 2 usage error or unreadable input.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "ref", Required: true, Usage: "reference translations `FILE` (TMX, JSON or JSONL)"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text | json"},
			maxInputSizeFlag(),
		},
		Action: func(c *cli.Context) error {
			paths, err := checkArgs(c, scoreUsage)
			if err != nil {
				return err
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usageError("score: --format %q: want text or json", format)
			}
			limit, err := parseMaxInputSize(c)
			if err != nil {
				return err
			}
			data, err := pipeline.ReadInput(c.String("ref"), e.stdin, limit)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			refs, err := score.ReadReferences(c.String("ref"), data)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			var outputs []*jsondoc.File
			for _, p := range paths {
				files, err := diff.ReadFile(p)
				if err != nil {
					return &exitError{exitUsage, err}
				}
				outputs = append(outputs, files...)
			}
			rep := score.Score(refs, outputs)
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
				writeScores(e, rep)
			}
			if len(rep.Groups) == 0 {
				return &exitError{exitPartial, errors.New("score: no translated segment has a reference")}
			}
			return nil
		},
	}
}

// writeScores writes the report as a table of the translations, then a table of the
// counterparts apart.
func writeScores(e env, rep score.Report) {
	var translations, counterparts []*score.Group
	for _, g := range rep.Groups {
		if g.Counterparts {
			counterparts = append(counterparts, g)
		} else {
			translations = append(translations, g)
		}
	}
	table := func(groups []*score.Group) {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "backend\tmodel\tpair\tsegments\tchrF2\tchrF2++")
		for _, g := range groups {
			model := g.Model
			if model == "" {
				model = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%d\t%.2f\t%.2f\n", g.Backend, model, g.Source, g.Target, g.Segments, g.ChrF, g.ChrFPlusPlus)
		}
		tw.Flush()
	}
	if len(translations) > 0 {
		table(translations)
	}
	if len(counterparts) > 0 {
		if len(translations) > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintln(e.stdout, "The documents' own counterparts, a loose reference (editors' equivalents, not translations):")
		table(counterparts)
	}
	if rep.Unmatched > 0 {
		fmt.Fprintf(e.stdout, "%d translated segment(s) without a reference\n", rep.Unmatched)
	}
}
