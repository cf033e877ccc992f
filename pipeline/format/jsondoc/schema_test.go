package jsondoc

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/pipeline/doc"
	"github.com/seed77ff/bitext/pipeline/doc/doctest"
)

// TestJSONSchema: the JSON and JSONL forms of every case — the renderers' fixture, a
// reviewer's translation with who and when, a context, subtitle parts, an encoding and
// warnings — validate against schema/bitext-v1.json (draft 2020-12); and the schema can
// fail: a document with an unknown origin, a translation without its digest, a line with a
// run-dependent field, or a bad ID does not.
func TestJSONSchema(t *testing.T) {
	reviewed := sample()
	reviewed.Encoding = doc.Encoding{Name: "windows-1252", From: "declared"}
	reviewed.Warnings = []string{"U+FFFD at byte 3"}
	reviewed.Blocks[0].Segments[0].Translation = &doc.Translation{Text: "Hello there", Origin: doc.Human, Reviewer: "dana",
		Reviewed: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC), Context: "0123456789abcdef"}
	reviewed.Blocks[1].Segments[0].Parts = []doc.Part{{Block: 1, Start: 0, End: 2}}
	for name, d := range map[string]*doc.Document{"fixture": doctest.Fixture(), "sample": sample(), "reviewed": reviewed} {
		t.Run(name, func(t *testing.T) {
			var js, jl bytes.Buffer
			require.NoError(t, Write(&js, d))
			require.NoError(t, Write(&js, d))
			require.NoError(t, WriteLines(&jl, d))
			doctest.JSONSchema(t, js.Bytes(), false)
			doctest.JSONSchema(t, jl.Bytes(), true)
		})
	}

	var js, jl bytes.Buffer
	require.NoError(t, Write(&js, sample()))
	require.NoError(t, WriteLines(&jl, sample()))
	for name, tc := range map[string]struct {
		data  string
		lines bool
	}{
		"origin":      {strings.Replace(js.String(), `"origin": "mt"`, `"origin": "robot"`, 1), false},
		"digest":      {strings.Replace(js.String(), `"digest": "185f8db32271fe25"`, `"digest": "x"`, 1), false},
		"cached line": {strings.Replace(jl.String(), `"qa":[]`, `"qa":[],"cached":true`, 1), true},
		"id":          {strings.Replace(jl.String(), `"id":"1111111111111111"`, `"id":"1"`, 1), true},
		"extra key":   {strings.Replace(js.String(), `"schema": "bitext/v1",`, `"schema": "bitext/v1", "extra": 1,`, 1), false},
	} {
		t.Run("invalid "+name, func(t *testing.T) {
			ft := &failed{TB: t}
			func() {
				defer func() { _ = recover() }()
				doctest.JSONSchema(ft, []byte(tc.data), tc.lines)
			}()
			require.True(t, ft.failed, "the schema must refuse it")
		})
	}
}

// failed is a testing.TB that records a failure instead of reporting it, so that a test can
// check that a validation fails.
type failed struct {
	testing.TB
	failed bool
}

func (f *failed) Errorf(string, ...any) { f.failed = true }
func (f *failed) FailNow()              { f.failed = true; panic("FailNow") }
func (f *failed) Helper()               {}
