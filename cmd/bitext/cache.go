package main

import (
	"bytes"
	"errors"

	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/cache"
	"github.com/seed77ff/bitext/translate/middleware"
)

// cacheDir is where the cache lives: the flag, $BITEXT_CACHE_DIR, else the user cache dir.
func cacheDir(flag string, e env) (string, error) {
	return cache.Dir(flag, e.getenv)
}

func cacheCommand(e env) *cli.Command {
	dirFlag := &cli.StringFlag{Name: "cache-dir", Usage: "cache `DIR` (default $BITEXT_CACHE_DIR, else the user cache dir)"}
	withStore := func(fn func(c *cli.Context, s *cache.Store) error) cli.ActionFunc {
		return func(c *cli.Context) error {
			if c.Args().Len() > 0 && c.Command.Name != "import" {
				return usageError("cache %s takes no arguments (flags come before paths)", c.Command.Name)
			}
			dir, err := cacheDir(c.String("cache-dir"), e)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			s, err := cache.Open(dir)
			if err != nil {
				return &exitError{exitUsage, fmt.Errorf("%w (a damaged cache can be deleted: rm -r %s)", err, dir)}
			}
			if rec := s.Recovered(); rec != nil {
				fmt.Fprintf(e.stderr, "bitext: warning: cache: %s\n", oneLine(rec.String()))
			}
			err = fn(c, s)
			if cerr := s.Close(); err == nil && cerr != nil {
				err = cerr
			}
			return err
		}
	}
	return &cli.Command{
		Name:  "cache",
		Usage: "inspect, prune, export, import or clear the translation cache",
		UsageText: "bitext cache stats | check | prune --older-than DURATION | export --format tmx [-o FILE] | import FILE.tmx | clear\n\n" +
			"The cache is shared by every backend and process. Exported, it is a TMX translation memory;\n" +
			"an imported TMX holds approved translations that are used before any backend.",
		OnUsageError: onUsageError,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return unknownCommand(c.Args().First(), c.Command.Subcommands, "bitext cache")
			}
			return cli.ShowSubcommandHelp(c)
		},
		Subcommands: []*cli.Command{
			{
				Name: "stats", Usage: "entries, size, by backend and language pair, hit rate of the last runs",
				Flags: []cli.Flag{dirFlag}, OnUsageError: onUsageError,
				Action: withStore(func(c *cli.Context, s *cache.Store) error { return cacheStats(c, s, e.stdout) }),
			},
			{
				Name: "prune", Usage: "delete entries not used for DURATION (e.g. 720h, 30d, 8w)",
				Flags:        []cli.Flag{dirFlag, &cli.StringFlag{Name: "older-than", Required: true, Usage: "`DURATION`: 90m, 720h, 30d, 8w"}},
				OnUsageError: onUsageError,
				Action: withStore(func(c *cli.Context, s *cache.Store) error {
					d, err := parseAge(c.String("older-than"))
					if err != nil {
						return usageError("--older-than: %v", err)
					}
					n, err := s.Prune(c.Context, time.Now().Add(-d))
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "pruned %d entries not used for %s\n", n, c.String("older-than"))
					return nil
				}),
			},
			{
				Name: "export", Usage: "write the cache as a TMX 1.4b translation memory",
				Flags: []cli.Flag{dirFlag,
					&cli.StringFlag{Name: "format", Value: "tmx", Usage: "tmx"},
					&cli.StringFlag{Name: "o", Usage: "output `FILE` (default stdout)"}},
				OnUsageError: onUsageError,
				Action: withStore(func(c *cli.Context, s *cache.Store) error {
					if f := c.String("format"); f != "tmx" {
						return usageError("--format %q: only tmx", f)
					}
					var buf bytes.Buffer
					n, err := middleware.ExportTMX(c.Context, s, &buf, middleware.ExportOptions{Version: version()})
					if err != nil {
						return err
					}
					if out := c.String("o"); out != "" && out != "-" {
						if err := writeFileAtomic(out, buf.Bytes()); err != nil {
							return err
						}
					} else if _, err := e.stdout.Write(buf.Bytes()); err != nil {
						return err
					}
					fmt.Fprintf(e.stderr, "bitext: exported %d translation units\n", n)
					return nil
				}),
			},
			{
				Name: "import", Usage: "store a TMX memory's translations as approved (used before any backend)",
				ArgsUsage: "FILE.tmx", Flags: []cli.Flag{dirFlag}, OnUsageError: onUsageError,
				Action: withStore(func(c *cli.Context, s *cache.Store) error {
					if c.Args().Len() != 1 {
						return usageError("cache import takes one FILE.tmx")
					}
					path := c.Args().First()
					f, err := os.Open(path)
					if err != nil {
						return &exitError{exitUsage, fmt.Errorf("read %s: %w", path, err)}
					}
					defer f.Close()
					n, err := middleware.ImportTMX(c.Context, s, f, time.Now())
					if err != nil {
						return &exitError{exitUsage, fmt.Errorf("%s: %w", path, err)}
					}
					fmt.Fprintf(e.stdout, "imported %d translations from %s\n", n, path)
					return nil
				}),
			},
			{
				Name: "check", Usage: "check the cache file and its entries; move a damaged file aside",
				Flags: []cli.Flag{dirFlag}, OnUsageError: onUsageError,
				Action: withStore(func(c *cli.Context, s *cache.Store) error { return cacheCheck(c, s, e) }),
			},
			{
				Name: "clear", Usage: "delete every entry", Flags: []cli.Flag{dirFlag}, OnUsageError: onUsageError,
				Action: withStore(func(c *cli.Context, s *cache.Store) error {
					if err := s.Clear(c.Context); err != nil {
						return err
					}
					fmt.Fprintln(e.stdout, "cache cleared")
					return nil
				}),
			},
		},
	}
}

// cacheCheck runs SQLite's integrity check and reads every entry. A damaged file is moved
// aside (by Close) and replaced by an empty cache, and said so; entries that can never be
// served are counted. Exit 1 when anything was wrong.
func cacheCheck(c *cli.Context, s *cache.Store, e env) error {
	problems := 0
	if rec := s.Recovered(); rec != nil {
		problems++ // Open found it damaged and said so
	}
	if err := s.Check(c.Context); err != nil {
		fmt.Fprintf(e.stdout, "%s: damaged: %s\n", s.Path(), oneLine(err.Error()))
		var re *cache.RecoveryError
		if cerr := s.Close(); errors.As(cerr, &re) {
			fmt.Fprintf(e.stdout, "moved the damaged cache to %s; the next run starts an empty cache\n", re.MovedTo)
		} else if cerr != nil {
			return &exitError{exitPartial, cerr}
		}
		return &exitError{exitPartial, errors.New("")}
	}
	r, err := middleware.CheckEntries(c.Context, s)
	if err != nil {
		return &exitError{exitPartial, err}
	}
	fmt.Fprintf(e.stdout, "%s: file ok; %d entries", s.Path(), r.Entries)
	if r.Bad() > 0 {
		problems++
		fmt.Fprintf(e.stdout, ", %d never served (%d undecodable, %d holding another entry's value, %d without their source text: each is a miss, and is replaced when its text is translated again)",
			r.Bad(), r.Undecodable, r.Misplaced, r.NoSource)
	}
	fmt.Fprintln(e.stdout)
	if problems > 0 {
		return &exitError{exitPartial, errors.New("")}
	}
	return nil
}

func cacheStats(c *cli.Context, s *cache.Store, w io.Writer) error {
	st, err := s.Stats(c.Context)
	if err != nil {
		return err
	}
	size := int64(0)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(s.Path() + suffix); err == nil {
			size += fi.Size()
		}
	}
	fmt.Fprintf(w, "cache:    %s\nentries:  %d (%s of translations, %s on disk)\n", s.Path(), st.Entries, bytesize(st.Bytes), bytesize(size))
	if len(st.Pairs) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "backend\tsource\ttarget\tentries\tsize")
		for _, p := range st.Pairs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", p.Backend, p.Source, p.Target, p.Entries, bytesize(p.Bytes))
		}
		tw.Flush()
	}
	runs, err := s.Runs(c.Context, 10)
	if err != nil {
		return err
	}
	if len(runs) > 0 {
		lookups, hits := 0, 0
		for _, r := range runs {
			lookups += r.Lookups
			hits += r.Hits
		}
		fmt.Fprintf(w, "\nlast %d runs: %d lookups, %d hits (%.0f%% hit rate); latest %s\n", len(runs), lookups, hits,
			100*float64(hits)/float64(max(lookups, 1)), runs[0].Time.Format(time.RFC3339))
	}
	return nil
}

func bytesize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// parseAge reads a duration as Go does, plus days (d) and weeks (w), which are what
// people prune caches by.
func parseAge(s string) (time.Duration, error) {
	for unit, d := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, unit); ok {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("%q is not a duration", s)
			}
			return time.Duration(v * float64(d)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration (use 90m, 720h, 30d or 8w)", s)
	}
	return d, nil
}
