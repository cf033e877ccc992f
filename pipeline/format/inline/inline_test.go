package inline

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnswer(t *testing.T) {
	sent := `שלום <g id="1">עולם</g><x id="2"/> ו<bx id="3"/>עוד &amp; עוד`
	tests := []struct {
		name, got, plain, markup, err string
	}{
		{name: "kept", got: `Hello <g id="1">world</g><x id="2"/> and <bx id="3"/>more &amp; more`,
			plain: "Hello world and more & more", markup: `Hello <g id="1">world</g><x id="2"/> and <bx id="3"/>more &amp; more`},
		{name: "moved pair and lenient syntax", got: `<x id=2></x><G ID='1'>World</G> hello <bx id="3" />more`,
			plain: "World hello more", markup: `<x id="2"/><g id="1">World</g> hello <bx id="3"/>more`},
		{name: "dropped", got: `Hello <g id="1">world</g> and more`, err: "placeholder 2 is missing"},
		{name: "invented", got: `Hello <g id="1">world</g><x id="2"/><x id="9"/><bx id="3"/>`, err: "placeholder 9 was not sent"},
		{name: "duplicated", got: `<g id="1">a</g><x id="2"/><x id="2"/><bx id="3"/>`, err: "came back twice"},
		{name: "unbalanced", got: `<g id="1">a<x id="2"/><bx id="3"/>`, err: "not closed"},
		{name: "edge moved inside a pair", got: `<g id="1">a<bx id="3"/></g><x id="2"/>`, err: "moved inside"},
		{name: "real tag", got: `<b>Hello</b> <g id="1">w</g><x id="2"/><bx id="3"/>`, err: "unexpected tag"},
		{name: "kind changed", got: `<g id="1">a</g><g id="2">b</g><bx id="3"/>`, err: "was not sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain, markup, err := Answer(sent, tt.got)
			if tt.err != "" {
				require.ErrorIs(t, err, ErrMarkup)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.plain, plain)
			assert.Equal(t, tt.markup, markup)
		})
	}
}

func TestEdgeOrder(t *testing.T) {
	sent, err := Parse(`a<ex id="1"/> b <bx id="2"/>c`)
	require.NoError(t, err)
	got, err := Parse(`<bx id="2"/>C b a<ex id="1"/>`)
	require.NoError(t, err)
	require.ErrorIs(t, Check(sent, got), ErrMarkup)
}

func TestParseText(t *testing.T) {
	parts, err := Parse(`1 < 2 &lt; 3 <g id="1">x</g>`)
	require.NoError(t, err)
	assert.Equal(t, []Part{{Kind: Text, Text: "1 < 2 < 3 "}, {Kind: Open, ID: 1}, {Kind: Text, Text: "x"}, {Kind: Close, ID: 1}}, parts)
	assert.Equal(t, `1 &lt; 2 &lt; 3 <g id="1">x</g>`, Encode(parts))
}

func TestLocate(t *testing.T) {
	assert.Equal(t, [][2]int{{0, 3}, {4, 7}, {-1, -1}, {8, 11}}, Locate("abc abc abc", []string{"abc", "abc", "zzz", "abc"}))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`a <g id="1">b</g><x id="2"/>`, `<bx id=1/><ex id=2>`, `</g>`, `<g id="1">`, `<b>x</b>`, `1 < 2`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, err := Parse(s)
		if err != nil {
			return
		}
		// What parses is re-encoded to something that parses to the same parts.
		again, err := Parse(Encode(parts))
		require.NoError(t, err)
		assert.Equal(t, Plain(parts), Plain(again))
	})
}

func ExampleAnswer() {
	plain, markup, err := Answer(`Read <g id="1">the report</g>.`, `Lisez <g id="1">le rapport</g>.`)
	if err != nil {
		panic(err)
	}
	fmt.Println(plain)
	fmt.Println(markup)
	// Output:
	// Lisez le rapport.
	// Lisez <g id="1">le rapport</g>.
}
