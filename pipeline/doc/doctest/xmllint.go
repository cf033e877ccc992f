package doctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Schema names a schema of testdata/schemas that XMLLint validates against.
type Schema string

// The schemas interchange outputs must meet (copies of the OASIS and LISA files; see
// testdata/schemas/SOURCES.md).
const (
	// XLIFF20 is the XLIFF 2.0 core schema with every module schema (all-modules.xsd), so
	// that module elements in extension points are checked too.
	XLIFF20 Schema = "xliff20/all-modules.xsd"
	// XLIFF12 is the OASIS XLIFF 1.2 strict schema.
	XLIFF12 Schema = "xliff12/xliff-core-1.2-strict.xsd"
	// TMX14 is the LISA TMX 1.4 DTD.
	TMX14 Schema = "tmx14/tmx14.dtd"
)

// schemaDir is testdata/schemas, found from this file.
func schemaDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "schemas")
}

// XMLLint validates data against schema with xmllint (libxml2-utils), offline, and fails t
// with xmllint's message when it is not valid. Without xmllint the test is skipped, loudly,
// except under CI=true, where a missing xmllint fails it: CI installs it.
func XMLLint(t testing.TB, schema Schema, data []byte) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		msg := "xmllint not found: the interchange validation tests need it (apt-get install -y --no-install-recommends libxml2-utils)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("SKIPPED (not passed): " + msg)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.xml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	schemaPath := filepath.Join(schemaDir(), filepath.FromSlash(string(schema)))
	args := []string{"--noout", "--nonet"}
	if strings.HasSuffix(string(schema), ".dtd") {
		// A TMX file names its DTD by a relative system identifier: put it beside the file.
		dtd, err := os.ReadFile(schemaPath)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(schemaPath)), dtd, 0o644))
		args = append(args, "--dtdvalid", schemaPath)
	} else {
		args = append(args, "--schema", schemaPath)
	}
	out, err := exec.Command(bin, append(args, path)...).CombinedOutput()
	require.NoError(t, err, "xmllint %s: %s\n%s", schema, out, data)
}
