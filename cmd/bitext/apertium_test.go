package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestApertiumForReal translates a Spanish quote inside an English article with the real
// Apertium engine: the one foreign sentence is translated, the rest left alone.
func TestApertiumForReal(t *testing.T) {
	if out, err := exec.Command("apertium", "-l").Output(); err != nil || !strings.Contains(string(out), "spa-eng") {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must have apertium with spa-eng: %v", err)
		}
		t.Skipf("SKIPPED, not counted as passing: apertium with spa-eng is not installed")
	}
	in := "The minister spoke to reporters in Madrid on Tuesday about the new agreement.\n" +
		"El gato come pescado en la casa de mi abuela todos los días.\n" +
		"Officials said the talks would resume next week.\n"
	r := bitext(t, nil, in, "translate", "--backend", "apertium", "--format", "md", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "cat")
	assert.Contains(t, r.stdout, "*(mt, apertium)*")
	assert.Contains(t, r.stderr, "apertium: 1 request(s)")
}
