package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// build is what the binary knows of its own build (runtime/debug.ReadBuildInfo).
type build struct {
	// Version is the module version ("v1.2.0", a pseudo-version), "devel" for a build from a
	// checkout.
	Version string
	// Revision, Time and Modified are the VCS stamp go build records in a git checkout:
	// empty when the build has none (go build -buildvcs=false, go run, a build outside one).
	Revision, Time string
	Modified       bool
}

func readBuild() build {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return build{Version: "devel"}
	}
	return buildOf(bi)
}

func buildOf(bi *debug.BuildInfo) build {
	b := build{Version: "devel"}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		b.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the version line: "v1.2.0 (revision 0f32173a…, 2026-11-27T10:00:00Z, modified)".
func (b build) String() string {
	if b.Revision == "" {
		return b.Version + " (no VCS revision recorded)"
	}
	s := b.Version + " (revision " + b.Revision
	if b.Time != "" {
		s += ", " + b.Time
	}
	if b.Modified {
		s += ", modified"
	}
	return s + ")"
}

// version is the module version, for the TMX header of cache exports.
func version() string { return readBuild().Version }

func versionCommand(e env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version: module version, VCS revision, Go version and platform",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usageError("version takes no arguments")
			}
			fmt.Fprintf(e.stdout, "bitext %s %s %s/%s\n", readBuild(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
