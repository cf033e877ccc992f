package jsondoc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteLinesOneSegmentPerLineWithoutRunFields(t *testing.T) {
	d := sample()
	d.Blocks[0].Segments[0].Translation.Cached = true
	d.Stats.Requests, d.Stats.Characters = 3, 99
	var buf bytes.Buffer
	require.NoError(t, WriteLines(&buf, d))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, `{"file":"a.txt","block":0,"kind":"caption","id":"1111111111111111","start":0,"end":8,"text":"שלום <b>","lang":"he","target":"en","confidence":0.99,`+
		`"translation":{"text":"Hello","origin":"mt","backend":"google","model":"nmt","reason":null,"qa":[],"digest":"185f8db32271fe25"},`+
		`"counterpart":{"block":1,"id":"2222222222222222","text":"Hi"}}`, lines[0], "fixed key order, no cached, no HTML escaping")
	assert.NotContains(t, buf.String(), "cached")
	assert.NotContains(t, buf.String(), "requests")
	assert.Contains(t, lines[1], `"translation":null,"counterpart":null`)
}

func TestLinesRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteLines(&buf, sample()))
	other := sample()
	other.Source = "b.txt"
	require.NoError(t, WriteLines(&buf, other))
	files, err := ReadLines(&buf)
	require.NoError(t, err)
	require.Len(t, files, 2)
	want := FromDocument(sample())
	want.Format, want.Lang = "", "" // the lines carry the target, not these
	want.Stats = files[0].Stats
	want.Blocks[2].Reason = "" // a block's reason is not part of the lines
	assert.Equal(t, want, files[0])
	assert.Equal(t, "b.txt", files[1].Source)
}

func TestReadAny(t *testing.T) {
	var js, jl bytes.Buffer
	require.NoError(t, Write(&js, sample()))
	require.NoError(t, Write(&js, sample()))
	require.NoError(t, WriteLines(&jl, sample()))
	for name, tc := range map[string]struct {
		in   string
		docs int
		err  string
	}{
		"json stream": {in: js.String(), docs: 2},
		"jsonl":       {in: jl.String(), docs: 1},
		"empty":       {in: " \n", docs: 0},
		"garbage":     {in: "hello", err: "not JSON"},
		"bad line":    {in: jl.String() + "{\"id\":\n", err: "line 4"},
		"no id":       {in: `{"file":"x"}`, err: "no segment id"},
		"schema":      {in: `{"schema":"other/v2"}`, err: "schema"},
	} {
		t.Run(name, func(t *testing.T) {
			files, err := ReadAny(strings.NewReader(tc.in))
			if tc.err != "" {
				assert.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Len(t, files, tc.docs)
		})
	}
}

func FuzzReadAny(f *testing.F) {
	var js, jl bytes.Buffer
	_ = Write(&js, sample())
	_ = WriteLines(&jl, sample())
	f.Add(js.String())
	f.Add(jl.String())
	f.Add("")
	f.Add(`{"file":"a","id":"x","block":3}` + "\n" + `{"file":"b","id":"y"}`)
	f.Fuzz(func(t *testing.T, in string) {
		files, err := ReadAny(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, f := range files {
			require.Equal(t, Schema, f.Schema)
		}
	})
}
