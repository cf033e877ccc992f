package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/detect"
)

// TestSubsetFigures gates regressions of article extraction and page language on the pages of
// testdata/article-eval (see its README): every page read, none without segments, every page's
// language right (und where bitext has no model), and the share of expected text found and of
// boilerplate kept no worse than measured when the subset was made.
func TestSubsetFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("loads detection models for many languages")
	}
	const dir = "../../testdata/article-eval"
	cases, err := ReadCases(dir + "/cases.jsonl")
	require.NoError(t, err)
	require.Len(t, cases, 11)
	det, err := detect.New(detect.Options{})
	require.NoError(t, err)
	rs := Evaluate(context.Background(), dir, cases, det)
	for _, r := range rs {
		assert.Empty(t, r.Err, r.Page)
		assert.NotZero(t, r.Segments, r.Page)
		assert.True(t, r.LangRight(), "%s: want %s, got %s", r.Page, r.WantLang, r.Got)
	}
	all := Sum(rs)
	assert.GreaterOrEqual(t, all.WithShare(), 0.82, "with found")
	assert.LessOrEqual(t, all.WithoutShare(), 0.17, "without kept")
	_, by := BySource(rs)
	assert.Equal(t, 1.0, Sum(by["trafilatura"]).WithShare())

	var buf bytes.Buffer
	Report(&buf, rs, false)
	assert.Contains(t, buf.String(), "SUMMARY pages=11 ")
}

func TestKey(t *testing.T) {
	// Entities, NFC, zero-width characters and whitespace do not count; 50 characters do.
	assert.Equal(t, key("caf&eacute; \u200bau  lait"), key("cafe\u0301 au lait"))
	assert.Equal(t, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", key(string(bytes.Repeat([]byte("a"), 80))))
	assert.Equal(t, "und", map[bool]string{true: "x", false: "und"}[modelled("pap")])
	assert.True(t, modelled("no"), "Norwegian (nb/nn) has a model")
}
