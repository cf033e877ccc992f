package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/pipeline/subfit"
	"github.com/seed77ff/bitext/translate/backends"
)

// subtitleFlags are translate's flags for the subtitle fit check (package subfit).
func subtitleFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "subtitle-profile", Usage: "check translated subtitles against a `PROFILE`'s reading limits: " +
			"netflix (42 characters a line, 2 lines, 20 a second) | ted (42, 2, 21) | bbc (37, 2, 17); flags per cue in JSON"},
		&cli.StringFlag{Name: "subtitle-fit", Usage: "check translated subtitles against `LIMITS` cps=17,cpl=42,lines=2 " +
			"(any of them; with --subtitle-profile, these replace the profile's)"},
		&cli.BoolFlag{Name: "subtitle-condense", Usage: "ask the backend once more, within what the cue holds, for translations " +
			"that do not fit (backends that condense: openai)"},
	}
}

// parseSubtitleFit reads the subtitle flags into the check's options: nil when neither a
// profile nor limits are given. --subtitle-condense needs them and a backend that condenses.
func parseSubtitleFit(c *cli.Context, backend string) (*subfit.Options, error) {
	var o subfit.Options
	name, spec := c.String("subtitle-profile"), c.String("subtitle-fit")
	if name != "" {
		l, ok := subfit.Profile(name)
		if !ok {
			return nil, usageError("--subtitle-profile %q: want one of %s", name, strings.Join(subfit.ProfileNames(), ", "))
		}
		o.Limits = l
	}
	if spec != "" {
		l, err := subfit.Parse(spec)
		if err != nil {
			return nil, usageError("--subtitle-fit: %v", err)
		}
		if l.CPS > 0 {
			o.CPS = l.CPS
		}
		if l.CPL > 0 {
			o.CPL = l.CPL
		}
		if l.Lines > 0 {
			o.Lines = l.Lines
		}
	}
	o.Condense = c.Bool("subtitle-condense")
	if name == "" && spec == "" {
		if o.Condense {
			return nil, usageError("--subtitle-condense needs --subtitle-profile or --subtitle-fit")
		}
		return nil, nil
	}
	if o.Condense {
		b, ok := backends.Default().Lookup(backend)
		if !ok || !b.Condenses {
			return nil, usageError("--subtitle-condense needs a --backend that condenses (%s), not %s", strings.Join(condensers(), ", "), backend)
		}
	}
	return &o, nil
}

// condensers names the backends that condense.
func condensers() []string {
	var out []string
	reg := backends.Default()
	for _, n := range reg.Names() {
		if b, _ := reg.Lookup(n); b.Condenses {
			out = append(out, n)
		}
	}
	return out
}
