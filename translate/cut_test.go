package translate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/seed77ff/bitext/translate"
)

func TestCut(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		l     translate.Limits
		want  []translate.Span
	}{
		{"no texts", nil, translate.Limits{Texts: 2}, nil},
		{"no limits", []string{"a", "b", "c"}, translate.Limits{}, []translate.Span{{0, 3}}},
		{"texts", []string{"a", "b", "c", "d", "e"}, translate.Limits{Texts: 2}, []translate.Span{{0, 2}, {2, 4}, {4, 5}}},
		{"bytes", []string{"aa", "bb", "cc"}, translate.Limits{Bytes: 4}, []translate.Span{{0, 2}, {2, 3}}},
		{"bytes of Hebrew", []string{"אב", "גד", "הו"}, translate.Limits{Bytes: 8}, []translate.Span{{0, 2}, {2, 3}}},
		{"code points of Hebrew", []string{"אב", "גד", "הו"}, translate.Limits{CodePoints: 4}, []translate.Span{{0, 2}, {2, 3}}},
		{"one text over the limit goes alone", []string{"a", "bbbbbb", "c"}, translate.Limits{Bytes: 3}, []translate.Span{{0, 1}, {1, 2}, {2, 3}}},
		{"exactly at the limit", []string{"ab", "cd"}, translate.Limits{Bytes: 4, Texts: 2}, []translate.Span{{0, 2}}},
		{"in-flight is not a request limit", []string{"a", "b"}, translate.Limits{InFlight: 1}, []translate.Span{{0, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := translate.Cut(tt.texts, tt.l)
			assert.Equal(t, tt.want, got)
			for _, sp := range got {
				if sp.Hi-sp.Lo > 1 {
					assert.True(t, tt.l.Fits(translate.LoadOf(tt.texts[sp.Lo:sp.Hi]...)), "run %v fits", sp)
				}
			}
		})
	}
}

func TestLimitsFull(t *testing.T) {
	l := translate.Limits{Texts: 2, Bytes: 10}
	assert.False(t, l.Full(translate.LoadOf("a")))
	assert.True(t, l.Full(translate.LoadOf("a", "b")), "texts reached")
	assert.True(t, l.Full(translate.LoadOf("0123456789")), "bytes reached")
	assert.True(t, translate.Limits{}.Full(translate.LoadOf("a")), "no limits: nothing to fill")
	assert.True(t, translate.Limits{InFlight: 4}.Full(translate.Load{}), "in-flight alone bounds nothing")
	assert.False(t, l.Fits(translate.LoadOf("a", "b", "c")))
}
