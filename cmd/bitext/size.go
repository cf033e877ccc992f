package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/seed77ff/bitext/pipeline"
)

// maxInputSizeFlag is --max-input-size, shared by translate and detect.
func maxInputSizeFlag() cli.Flag {
	return &cli.StringFlag{Name: "max-input-size", Value: "64MiB",
		Usage: "refuse inputs larger than `SIZE` (bytes, or with a unit: 10MB, 64MiB, 1GiB), before reading them"}
}

// parseMaxInputSize reads --max-input-size as a usage error when malformed.
func parseMaxInputSize(c *cli.Context) (int64, error) {
	s := c.String("max-input-size")
	n, err := parseSize(s)
	if err != nil || n <= 0 {
		return 0, usageError("--max-input-size %q: want a positive size such as 67108864, 64MiB or 100MB", s)
	}
	return n, nil
}

// sizeUnits are the suffixes parseSize knows, longest first so that "MiB" wins over "B".
var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30},
	{"b", 1},
}

// parseSize parses a byte count with an optional unit: decimal (kB, MB, GB) or binary (KiB,
// MiB, GiB; a bare K, M or G is binary, as in most Unix tools). Case does not matter.
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q: %w", s, err)
	}
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("size %q: too large", s)
	}
	return n * mult, nil
}

// The flag's default, 64MiB, is pipeline.MaxInputSize: this fails to compile if they part.
var _ = [1]struct{}{}[pipeline.MaxInputSize-64<<20]
