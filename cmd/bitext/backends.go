package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/backends"
)

// checker is the optional method of a constructed backend that asks its server something
// cheap (DeepL's /v2/usage, LibreTranslate's /languages, an OpenAI-compatible /models), to
// tell "configured" from "reachable" without translating anything.
type checker interface {
	Check(ctx context.Context) error
}

// pairLister is the optional method of a constructed backend that knows its language pairs
// (Apertium's installed pairs, a LibreTranslate server's /languages).
type pairLister interface {
	Pairs() [][2]language.Tag
}

// backendStatus is one backend as `bitext backends` reports it (and its JSON form).
type backendStatus struct {
	Name       string `json:"name"`
	Doc        string `json:"doc"`
	Configured bool   `json:"configured"`
	// Reachable is nil when not checked (not configured, or the backend has no cheap check).
	Reachable   *bool            `json:"reachable"`
	Note        string           `json:"note,omitempty"`
	Limits      translate.Limits `json:"limits"`
	BillingUnit string           `json:"billing_unit,omitempty"`
	Price       translate.Price  `json:"price"`
	Env         []string         `json:"env"`
	Pairs       []string         `json:"pairs,omitempty"`
}

func backendsCommand(e env) *cli.Command {
	return &cli.Command{
		Name:  "backends",
		Usage: "list the translation backends: configured?, reachable?, limits, price, pairs, environment",
		Description: "A backend is configured when its environment variables are set (see the env column). " +
			"Configured backends are constructed and asked something cheap that translates nothing " +
			"(DeepL /v2/usage, LibreTranslate /languages, OpenAI-compatible /models) within --timeout.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "`F`: text | json"},
			&cli.DurationFlag{Name: "timeout", Value: 5 * time.Second, Usage: "how long each reachability check may take"},
			&cli.StringFlag{Name: "model", Usage: "backend model `NAME` to construct backends that need one (openai)"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageError("backends takes no arguments; usage: bitext backends [--format text|json] [--timeout D] [--model NAME]")
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usageError("backends: --format %q: want text or json", format)
			}
			cfg := translate.Config{Model: c.String("model"), Getenv: e.getenv}
			sts := backendStatuses(c.Context, backends.Default(), cfg, c.Duration("timeout"))
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(sts)
			}
			return writeBackends(e.stdout, sts)
		},
	}
}

// backendStatuses describes every registered backend, in registration order. Configured
// backends are constructed (with timeout) and checked when they can be.
func backendStatuses(ctx context.Context, reg *translate.Registry, cfg translate.Config, timeout time.Duration) []backendStatus {
	if ctx == nil {
		ctx = context.Background()
	}
	var out []backendStatus
	for _, name := range reg.Names() {
		b, _ := reg.Lookup(name)
		st := backendStatus{
			Name: b.Name, Doc: b.Doc, Limits: b.Limits, BillingUnit: b.BillingUnit, Price: b.Price,
			Env: append([]string{}, b.Env...),
		}
		st.Configured = b.Configured != nil && b.Configured(cfg)
		if st.Configured {
			check(ctx, b, cfg, timeout, &st)
		}
		out = append(out, st)
	}
	return out
}

func check(ctx context.Context, b *translate.Backend, cfg translate.Config, timeout time.Duration, st *backendStatus) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	t, err := b.New(ctx, cfg)
	if err != nil {
		if errors.Is(err, translate.ErrNotConfigured) {
			st.Note = "not checked: " + err.Error()
			return
		}
		no := false
		st.Reachable, st.Note = &no, err.Error()
		return
	}
	if c, ok := t.(io.Closer); ok {
		defer c.Close()
	}
	st.Limits = backends.Limits(b, t) // what the server reported, where it reports something
	if pl, ok := t.(pairLister); ok {
		for _, p := range pl.Pairs() {
			st.Pairs = append(st.Pairs, p[0].String()+"→"+p[1].String())
		}
		sort.Strings(st.Pairs)
	}
	ch, ok := t.(checker)
	switch {
	case !ok && len(st.Pairs) > 0:
		// Listing its pairs at construction (APY's /listPairs, apertium -l) was the check.
		yes := true
		st.Reachable = &yes
		return
	case !ok:
		st.Note = "no cheap check: reachability shows on the first request"
		return
	}
	err = ch.Check(ctx)
	reachable := err == nil
	st.Reachable = &reachable
	if err != nil {
		st.Note = err.Error()
	}
}

func writeBackends(w io.Writer, sts []backendStatus) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BACKEND\tCONFIGURED\tREACHABLE\tLIMITS PER REQUEST\tPRICE\tENVIRONMENT")
	for _, st := range sts {
		reach := "-"
		switch {
		case st.Reachable != nil && *st.Reachable:
			reach = "yes"
		case st.Reachable != nil:
			reach = "no"
		case st.Configured:
			reach = "not checked"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", st.Name, yesNo(st.Configured), reach,
			formatLimits(st.Limits), formatPrice(st.BillingUnit, st.Price), strings.Join(st.Env, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, st := range sts {
		if st.Price.PerMillion == 0 && st.Price.Source != "" {
			fmt.Fprintf(w, "%s price: %s\n", st.Name, st.Price.Source)
		}
		if st.Note != "" {
			fmt.Fprintf(w, "%s: %s\n", st.Name, oneLine(st.Note))
		}
		if len(st.Pairs) > 0 {
			fmt.Fprintf(w, "%s pairs: %s\n", st.Name, strings.Join(st.Pairs, " "))
		}
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func formatLimits(l translate.Limits) string {
	var parts []string
	if l.Texts > 0 {
		parts = append(parts, fmt.Sprintf("%d texts", l.Texts))
	}
	if l.Bytes > 0 {
		parts = append(parts, fmt.Sprintf("%d bytes", l.Bytes))
	}
	if l.CodePoints > 0 {
		parts = append(parts, fmt.Sprintf("%d chars", l.CodePoints))
	}
	if l.InFlight > 0 {
		parts = append(parts, fmt.Sprintf("%d in flight", l.InFlight))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func formatPrice(unit string, p translate.Price) string {
	switch {
	case unit == "" && p.PerMillion == 0:
		return "free"
	case p.PerMillion == 0:
		return "0 (see below)"
	}
	return fmt.Sprintf("%g %s per million %s (%s)", p.PerMillion, p.Currency, unit, p.PricedOn)
}
