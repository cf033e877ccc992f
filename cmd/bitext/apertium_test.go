package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/deepl/deepltest"
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

// TestAutoFallsBackToApertium: with auto, a configured service whose quota is gone (DeepL
// 456) stops the job for that service, and the Spanish sentence goes on to the installed
// Apertium instead of staying untranslated.
func TestAutoFallsBackToApertium(t *testing.T) {
	if out, err := exec.Command("apertium", "-l").Output(); err != nil || !strings.Contains(string(out), "spa-eng") {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must have apertium with spa-eng: %v", err)
		}
		t.Skipf("SKIPPED, not counted as passing: apertium with spa-eng is not installed")
	}
	dl := deepltest.NewServer(t, fakeTarget)
	dl.SetReplyFn(func(deepltest.Request) *deepltest.Reply {
		return deepltest.ErrorReply(456, "Quota exceeded")
	})
	in := "The minister spoke to reporters in Madrid on Tuesday about the new agreement.\n" +
		"El gato come pescado en la casa de mi abuela todos los días.\n"
	r := bitext(t, map[string]string{"DEEPL_AUTH_KEY": deepltest.Key, "DEEPL_URL": dl.URL}, in, "translate", "--format", "md", "-")
	assert.Contains(t, r.stdout, "*(mt, apertium)*", r.stderr)
	assert.Contains(t, r.stdout, "cat")
	assert.NotEmpty(t, dl.Requests(), "DeepL was asked first")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stderr, "falling back to apertium", "the service's failure is not hidden")
}
