package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/detect"
)

// TestDualLanguageLines: on the committed subset of the dual-language development set
// (Latin-script pairs with and without English, three languages per cue, pairs of two
// scripts), at least 95% of lines get the right language, and English lines are never left
// und. It loads the models of every Latin-script language, so -short skips it.
func TestDualLanguageLines(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every Latin-script model; run without -short")
	}
	files, err := readSet("../../testdata/subtitles/dual")
	require.NoError(t, err)
	require.Len(t, files, subsetFiles)
	det, err := detect.New(detect.Options{})
	require.NoError(t, err)
	s, err := Score(context.Background(), det, files, false, io.Discard)
	require.NoError(t, err)
	acc := float64(s.Right["all"]) / float64(s.Total["all"])
	t.Logf("%d of %d lines right (%.3f)", s.Right["all"], s.Total["all"], acc)
	assert.GreaterOrEqual(t, acc, 0.95, "wrong lines:\n%s", strings.Join(s.WrongExamples, "\n"))
	for _, g := range []string{"Latin, with English", "Latin, without English", "three languages"} {
		require.Positive(t, s.Total[g], g)
		assert.GreaterOrEqual(t, float64(s.Right[g])/float64(s.Total[g]), 0.95, g)
	}
	assert.Zero(t, s.EnglishUnd, "English lines left und")
	assert.LessOrEqual(t, s.EnglishWrong, s.EnglishLines/50, "English lines given another language")
}

// TestBreakLines: sentences are cut at word boundaries into lines of at most 42 characters.
func TestBreakLines(t *testing.T) {
	s := "In this context The Welsh letter w is pronounced similarly to the Yorkshire English pronunciation of the letter u."
	lines := breakLines(s)
	assert.Len(t, lines, 3)
	assert.Equal(t, s, strings.Join(lines, " "))
	for _, l := range lines {
		assert.LessOrEqual(t, len(l), maxLine, l)
	}
	assert.Equal(t, []string{"Yes."}, breakLines("Yes."))
}
