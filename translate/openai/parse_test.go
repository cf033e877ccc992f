package openai_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate/openai"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		bad      bool
	}{
		{name: "object", in: `{"translations": ["a", "b"]}`, want: []string{"a", "b"}},
		{name: "bare array", in: `["a", "b"]`, want: []string{"a", "b"}},
		{name: "fence", in: "```json\n{\"translations\": [\"a\"]}\n```", want: []string{"a"}},
		{name: "fence without info", in: "```\n[\"a\"]\n```", want: []string{"a"}},
		{name: "prose around", in: "Sure! Here:\n```json\n[\"a\"]\n```\nDone.", want: []string{"a"}},
		{name: "prose then JSON", in: `Translations: {"translations": ["a"]} enjoy`, want: []string{"a"}},
		{name: "id objects", in: `{"translations": [{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]}`, want: []string{"a", "b"}},
		{name: "text objects without id", in: `[{"text": "a"}]`, want: []string{"a"}},
		{name: "only array field", in: `{"output": ["a"], "note": "x"}`, want: []string{"a"}},
		{name: "empty", in: `{"translations": []}`, want: []string{}},
		{name: "JSON in strings survives", in: `{"translations": ["{\"x\": [1]}", "` + "```" + `"]}`, want: []string{`{"x": [1]}`, "```"}},
		{name: "no JSON", in: "OK", bad: true},
		{name: "truncated", in: `{"translations": ["a", "b`, bad: true},
		{name: "out of order", in: `[{"id": 2, "text": "b"}, {"id": 1, "text": "a"}]`, bad: true},
		{name: "numbers", in: `[1, 2]`, bad: true},
		{name: "no array", in: `{"translation": "a"}`, bad: true},
		{name: "several arrays", in: `{"a": ["x"], "b": ["y"]}`, bad: true},
		{name: "translations not array", in: `{"translations": "a"}`, bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := openai.Parse(tt.in)
			if tt.bad {
				assert.Error(t, err, "got %q", got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzParse: Parse never panics, and what it accepts from a clean object round-trips.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"translations": ["a", "b"]}`, `["a"]`, "```json\n[\"a\"]\n```", `[{"id": 1, "text": "a"}]`,
		`{"x": ["a"]}`, "OK", "", "```", "``` \n", `{"translations": [`, "prose\n```\n[\"a\"]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = openai.Parse(s)
	})
}
